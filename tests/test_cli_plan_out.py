"""``cantine-supply plan --out`` and ``cantine-supply report``: exit codes, messages, files."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from cantine_supply.cli.main import main
from cantine_supply.report import MACANTINE_COLUMNS
from conftest import MINIMAL_FILES, MakeData

REPO_DATA = Path(__file__).resolve().parents[1] / "data"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small(make_data: MakeData) -> Path:
    """A folder with one week (w1) that can be planned: rice for 30 covers."""
    return make_data(base=MINIMAL_FILES)


def test_plan_out_writes_the_folder(small: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["plan", str(small), "--out", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert "Week w1" in stdout and f"wrote 8 files into {out}" in stdout
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert names == ["ma-cantine-achats.csv", "manifest.json", "orders/2026-11-24_grossiste.csv",
                     "orders/2026-11-24_grossiste.html", "plan.json", "report.html",
                     "to-send.csv", "transparency.html"]  # no e-mail: no draft


def test_json_output_is_the_plan_json_file(small: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["plan", str(small), "--json", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == (out / "plan.json").read_text(encoding="utf-8")
    assert json.loads(captured.out)["week"] == "w1"
    assert "wrote" in captured.err  # stdout stays pure JSON


def test_existing_folder_without_force_exits_2_and_changes_nothing(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["plan", str(small), "--out", str(out)]) == 0
    before = snapshot(out)
    capsys.readouterr()
    assert main(["plan", str(small), "--out", str(out), "--lang", "fr"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # refused before planning
    assert captured.err == (f"error: {out} already exists: choose a new folder, or pass --force"
                            " to replace it\n")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_force_replaces_the_folder(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["-q", "plan", str(small), "--out", str(out)]) == 0
    assert main(["-q", "plan", str(small), "--out", str(out), "--force", "--lang", "fr"]) == 0
    assert "Coût par couvert" in (out / "report.html").read_text(encoding="utf-8")


def test_out_inside_the_data_folder_is_refused(small: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(small)
    for out in (small, small / "out", small / "weeks"):
        assert main(["plan", str(small), "--out", str(out), "--force"]) == 2
        assert "inside it" in capsys.readouterr().err
    assert main(["plan", str(small), "--out", str(small.parent), "--force"]) == 2
    assert "contains the data folder" in capsys.readouterr().err
    assert snapshot(small) == before


def test_bad_siret_exits_2(small: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(small), "--out", str(tmp_path / "o"), "--siret", "123 456"]) == 2
    assert capsys.readouterr().err == (
        "error: --siret must be 14 digits without spaces, got '123 456'\n")
    assert not (tmp_path / "o").exists()


def test_siret_goes_into_the_macantine_file(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["-q", "plan", str(small), "--out", str(out), "--siret", "12345678901234"]) == 0
    rows = list(csv.reader(io.StringIO((out / "ma-cantine-achats.csv").read_text("utf-8"),
                                       newline="")))
    assert tuple(rows[0]) == MACANTINE_COLUMNS
    assert [r[0] for r in rows[1:]] == ["12345678901234"] * (len(rows) - 1)
    assert all(len(r) == 12 for r in rows)


def test_infeasible_week_exits_1_with_plan_and_report(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The conftest folder's week cannot meet its budget and targets."""
    out = tmp_path / "out"
    assert main(["plan", str(data_dir), "--out", str(out)]) == 1
    assert "wrote 3 files" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "plan.json", "report.html"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="diagnosis"' in report and "no plan meets every need" in report
    assert json.loads((out / "plan.json").read_text("utf-8"))["status"] == "infeasible"


def test_report_command_writes_outputs(small: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["report", str(small), "--week", "w1", "--out", str(out), "--lang", "fr"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "week w1: plan optimal"
    assert sorted(lines[1:]) == sorted(str(p) for p in out.rglob("*") if p.is_file())
    form = next((out / "orders").glob("*.html")).read_text(encoding="utf-8")
    assert "Bon de commande" in form and "mardi 24 novembre 2026" in form
    assert main(["report", str(small), "--out", str(out)]) == 2


def test_report_command_needs_out(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(small)]) == 2
    assert "--out" in capsys.readouterr().err


@pytest.mark.skipif(not (REPO_DATA / "weeks" / "2026-w48.toml").is_file(),
                    reason="the sample data folder data/ (week 2026-w48) is not there")
def test_sample_week_order_forms_match_plan_json(tmp_path: Path) -> None:
    out = tmp_path / "w48"
    code = main(["-q", "plan", str(REPO_DATA), "--week", "2026-w48", "--out", str(out)])
    assert code in (0, 1)
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    forms = sorted((out / "orders").glob("*.csv"))
    assert len(forms) == len(plan["orders"])
    by_key = {(o["delivery_date"], o["supplier_name"]): o for o in plan["orders"]}
    for form in forms:
        rows = list(csv.DictReader(io.StringIO(form.read_text("utf-8"), newline="")))
        total = next(r for r in rows if r["kind"] == "total")
        order = by_key[(total["delivery_date"], total["supplier"])]
        parts = [r for r in rows if r["kind"] in ("line", "delivery_fee")]
        # a pickup (the canteen fetches the order): the form's total is what the supplier
        # invoices, the lines; plan.json's order total also holds the canteen's own trip
        pickup = any(r["kind"] == "pickup" for r in rows)
        for column in ("total_ht", "total_ttc"):
            assert sum(Decimal(r[column]) for r in parts) == Decimal(total[column])
            trip = Decimal(str(order[column.replace("total", "delivery_fee")])) if pickup else 0
            assert Decimal(total[column]) + trip == Decimal(str(order[column]))
    macantine = (out / "ma-cantine-achats.csv").read_text("utf-8")
    body = list(csv.reader(io.StringIO(macantine, newline="")))[1:]
    assert sum(Decimal(r[4]) for r in body) == Decimal(
        str(plan["indicators"]["purchases_ht"])).quantize(Decimal("0.01"))
