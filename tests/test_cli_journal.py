"""The journal's commands on a copy of the sample data: exit codes and messages."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from cantine_supply import Catalogue, StockLot, load
from cantine_supply.cli import horizon_command, plan_command
from cantine_supply.cli.main import main
from cantine_supply.errors import NoPlanError
from cantine_supply.io.journal_files import load_count_file
from cantine_supply.journal import Journal, count_stock, with_journal_stock
from cantine_supply.problem.week import WeekProblem
from journal_loop import DATA

EXAMPLES = DATA.parent / "examples" / "journal"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


@pytest.mark.parametrize("command", ["commit", "receive", "count", "journal", "declare",
                                     "prices"])
def test_every_journal_command_has_help(command: str, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    assert main([command, "--help"]) == 0
    assert "usage: cantine-supply " + command in capsys.readouterr().out


def test_the_loop_on_the_command_line(data: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    d = str(data)
    assert main(["receive", d, "--week", "2026-w48"]) == 2
    assert "no journal here yet" in capsys.readouterr().err
    assert main(["commit", d, "--week", "2026-w48"]) == 0
    assert capsys.readouterr().out.startswith("committed 2026-w48 (commit 1): 7 orders")
    assert main(["commit", d, "--week", "2026-w48"]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "journal.sqlite: 2026-w48 is already committed (use --force to commit it again)")

    template = tmp_path / "w48.csv"
    assert main(["receive", d, "--week", "2026-w48", "--template", str(template)]) == 0
    rows = list(csv.DictReader(template.open(encoding="utf-8")))
    assert len(rows) == 29 and rows[0]["packs"] == rows[0]["ordered_packs"]
    assert main(["receive", d, "--week", "2026-w48", "--template", str(template)]) == 2
    assert "exists already" in capsys.readouterr().err

    bad = tmp_path / "bad.csv"
    bad.write_text("date,offer,packs,invoiced_ht,replaces\n2026-11-24,x/y,two,,\n",
                   encoding="utf-8")
    assert main(["receive", d, "--week", "2026-w48", "--file", str(bad)]) == 2
    assert capsys.readouterr().err.strip() == (
        "bad.csv:2: row 2, column packs: expected a whole number of packs >= 0, got 'two'")
    assert main(["receive", d, "--week", "2026-w48", "--file",
                 str(EXAMPLES / "livraisons-2026-w48.csv"), "--collected",
                 str(EXAMPLES / "collectes-2026-w48.csv")]) == 0
    # 318.80 ordered - 8.00 carrots - 7.50 kiwis + 17.00 organic carrots + 2.00 on the chicken
    assert capsys.readouterr().out.strip() == (
        "received 2026-w48 (receipt 1): 28 lines delivered, 2 missing,"
        " 322.30 EUR HT invoiced")

    assert main(["count", d, "--file", str(EXAMPLES / "inventaire-2026-11-27.toml"),
                 "--date", "2026-11-27", "--served", "2026-11-24=38", "--waste",
                 str(EXAMPLES / "pertes-2026-w48.csv")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "counted 10 lots on 2026-11-27", "served 38 covers on 2026-11-24",
        "thrown away 0.58 kg of cream on 2026-11-27"]
    assert main(["count", d, "--served", "2026-11-25"]) == 2
    assert capsys.readouterr().err.strip() == (
        "input: --served: expected DATE=COVERS like 2026-11-24=40, got '2026-11-25'")

    assert main(["journal", d]) == 0
    out = capsys.readouterr().out
    assert "  received: 28 lines delivered, 2 missing, 1 substitutes, 0 corrections;" \
        " invoiced 322.30 EUR HT" in out
    assert "  collection epi-vert-mardi 2026-11-24: 9 items; more than guaranteed:" \
        " apple 4.5 kg (3 guaranteed), carrot 5 kg (2 guaranteed)" in out
    assert "  collection marche-bio-jeudi 2026-11-26: 6 items\n" in out
    assert "round epi-vert-mardi: made 1 time" in out
    assert "thrown away 2026-11-27: 0.58 kg of cream" in out

    assert main(["journal", d, "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "  reçu : 28 lignes livrées, 2 manquantes, 1 remplacements, 0 corrections ;" \
        " facturé 322,30 EUR HT" in out
    assert "jeté 2026-11-27 : 0,58 kg de Crème fraîche" in out
    assert "plus que garanti : Pomme 4,5 kg (3 garantis)" in out

    assert main(["prices", d]) == 0
    assert capsys.readouterr().out.startswith(
        "boucherie-martinon/poulet-lr-kg: list 10.90, invoiced 11.30 EUR HT a pack (+3.7%)")
    assert main(["prices", d, "--lang", "fr"]) == 0
    assert capsys.readouterr().out.startswith(
        "boucherie-martinon/poulet-lr-kg : tarif 10,90, facturé 11,30 EUR HT le colis"
        " (+3,7\u202f%)")

    out_csv = tmp_path / "achats.csv"
    args = ["declare", d, "--from", "2026-11-01", "--to", "2026-11-30", "--siret",
            "49463556926130", "--today", "2026-12-01"]
    assert main([*args, "--out", str(out_csv), "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("wrote 28 purchases into")  # the kiwis and carrots never came
    assert "viandes et volailles d'origine France" in out
    assert main([*args, "--out", str(tmp_path / "again.csv")]) == 0
    assert capsys.readouterr().out.startswith(
        "nothing new to declare from 2026-11-01 to 2026-11-30 (28 purchases already exported)")
    assert not (tmp_path / "again.csv").exists()
    assert main([*args[:-4], "--siret", "123", "--out", str(tmp_path / "x.csv")]) == 2

    # the next plan starts from the count (plan_week takes the stock from here)
    _catalogue, start = with_journal_stock(load(data), data, "2026-w49")
    assert (start.source, start.counted_on) == ("journal", dt.date(2026, 11, 27))
    assert [(x.ingredient, x.quantity) for x in start.lots][-3:] == [
        ("cumin", 0.5), ("carrot", 6.0), ("potato", 3.0)]
    assert len(start.lots) == 10
    with Journal(data / "journal.sqlite", create=False) as journal:
        assert journal.served() == {dt.date(2026, 11, 24): 38}


def test_plan_takes_its_stock_from_the_journal_count(
        data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``plan``, ``report`` and ``commit`` build the week's problem from the journal's
    count (the solve itself is replaced: only the wiring is under test here)."""
    catalogue = load(data)
    lots = load_count_file(EXAMPLES / "inventaire-2026-11-27.toml", catalogue)
    with Journal(data / "journal.sqlite") as journal:
        count_stock(journal, catalogue, dt.date(2026, 11, 27), lots, source="inventaire")
    seen: list[WeekProblem] = []

    def no_solve(problem: WeekProblem, **_options: object) -> object:
        seen.append(problem)
        raise NoPlanError("not solved in this test")

    monkeypatch.setattr(plan_command, "plan", no_solve)
    assert main(["plan", str(data), "--week", "2026-w49"]) == 1
    needed = set(seen[0].need_days())
    assert seen[0].stock == tuple(x for x in lots if x.ingredient in needed)
    assert any(x.ingredient == "carrot" and x.quantity == 6.0 for x in seen[0].stock)
    assert main(["plan", str(data), "--week", "2026-w48"]) == 1  # before the count
    assert seen[1].stock == tuple(x for x in catalogue.stock
                                  if x.ingredient in set(seen[1].need_days()))
    assert "warning: the journal has no stock count before 2026-11-24: using stock.toml" \
        in capsys.readouterr().err


def test_horizon_starts_from_the_journal_count(
        data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = load(data)
    lots = load_count_file(EXAMPLES / "inventaire-2026-11-27.toml", catalogue)
    with Journal(data / "journal.sqlite") as journal:
        count_stock(journal, catalogue, dt.date(2026, 11, 27), lots, source="inventaire")
    seen: list[tuple[StockLot, ...]] = []

    def no_solve(catalogue: Catalogue, weeks: list[str], **_options: object) -> object:
        seen.append(catalogue.stock)
        raise NoPlanError("not solved in this test")

    monkeypatch.setattr(horizon_command, "plan_horizon", no_solve)
    assert main(["horizon", str(data), "--weeks", "2026-w49,2026-w50"]) == 1
    assert seen == [tuple(lots)]
