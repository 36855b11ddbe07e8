"""``horizons/*.toml``: the weeks planned together, their budget and storage; every bad
value named by file and field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cantine_supply.cli.main import main
from cantine_supply.errors import InputError
from cantine_supply.io import load
from cantine_supply.io.horizons import find_horizon, load_horizons
from cantine_supply.io.storage import load_storage
from cantine_supply.model import Budget, Week
from cantine_supply.planning.horizon import StorageCapacity

SAMPLE = Path("data")
HEAD = '[horizon]\nid = "h"\nname = "Essai"\n'


@pytest.fixture(scope="module")
def sample_weeks() -> dict[str, Week]:
    return dict(load(SAMPLE).week_by_id)


def folder_with(tmp_path: Path, text: str) -> Path:
    """A copy of the sample data folder whose only horizon file is ``text``."""
    root = tmp_path / "data"
    shutil.copytree(SAMPLE, root)
    shutil.rmtree(root / "horizons")
    (root / "horizons").mkdir()
    (root / "horizons" / "h.toml").write_text(text, encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    """The problems ``load`` reports for the folder (``validate`` prints these)."""
    with pytest.raises(InputError) as caught:
        load(root)
    return [str(p) for p in caught.value.problems]


def test_the_sample_horizon(sample_weeks: dict[str, Week]) -> None:
    horizon = find_horizon(SAMPLE, sample_weeks, "2026-w48-w51")
    assert horizon.weeks == ("2026-w48", "2026-w49", "2026-w50", "2026-w51")
    assert horizon.budget == Budget(1996.40, per_cover=False, basis="TTC")
    # 3.00, 3.20, 3.00 and 3.20 EUR TTC per cover, for 160, 157, 162 and 165 covers
    assert horizon.budget is not None
    assert horizon.budget.amount == pytest.approx(480.00 + 502.40 + 486.00 + 528.00)
    assert horizon.storage_over(load_storage(SAMPLE)) == StorageCapacity(400.0, 150.0, 40.0)


def test_storage_replaces_the_folder_capacity_class_by_class(tmp_path: Path) -> None:
    root = folder_with(tmp_path, HEAD + 'weeks = ["2026-w48"]\n[storage]\nambient = "300000 g"\n')
    weeks = load(root).week_by_id
    horizon = find_horizon(root, weeks, "h")
    assert horizon.budget is None
    assert horizon.storage_over(load_storage(root)) == StorageCapacity(300.0, 150.0, 40.0)
    assert horizon.storage_over(None) == StorageCapacity(ambient_kg=300.0)


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    root = folder_with(tmp_path, HEAD + 'weeks = ["2026-w48"]\nstart = 1\n'
                       '[budget]\namount = 100\nper_cover = false\nbsis = "HT"\n'
                       '[storage]\ndry = "1 kg"\n[menus]\nx = 1\n')
    found = problems(root)
    assert len(found) == 4
    assert all(p.startswith("horizons/h.toml:") for p in found)
    for field in ("horizon.start", "budget.bsis", "storage.dry", "menus"):
        assert any(f" {field}: unknown" in p for p in found), (field, found)


def test_an_unknown_week_is_named(tmp_path: Path) -> None:
    root = folder_with(tmp_path, HEAD + 'weeks = ["2026-w48", "2026-w94"]\n')
    found = problems(root)
    assert len(found) == 1
    assert "horizons/h.toml" in found[0] and "horizon.weeks[2]" in found[0]
    assert "unknown week '2026-w94'" in found[0]


def test_weeks_must_be_consecutive(tmp_path: Path) -> None:
    root = folder_with(tmp_path, HEAD + 'weeks = ["2026-w48", "2026-w50"]\n')
    found = problems(root)
    assert len(found) == 1
    assert "horizon.weeks[2]" in found[0] and "consecutive" in found[0]
    # the same calendar week twice (the menu-choice variant of w48) is not consecutive either
    root = folder_with(tmp_path / "again", HEAD + 'weeks = ["2026-w48-choice", "2026-w48"]\n')
    assert any("consecutive" in p for p in problems(root))


@pytest.mark.parametrize("weeks", ["[]", "[" + ", ".join(['"2026-w48"'] * 9) + "]"])
def test_one_to_eight_weeks(tmp_path: Path, weeks: str) -> None:
    root = folder_with(tmp_path, HEAD + f"weeks = {weeks}\n")
    found = problems(root)
    assert len(found) == 1
    assert "horizon.weeks" in found[0] and "1 to 8 weeks" in found[0]


def test_bad_values_are_all_reported(tmp_path: Path) -> None:
    root = folder_with(tmp_path, '[horizon]\nweeks = "2026-w48"\n'
                       '[budget]\namount = -5\nbasis = "HTT"\n[storage]\nchilled = "2 L"\n')
    found = problems(root)
    fields = sorted(p.split(": ")[1] for p in found)
    assert fields == ["budget.amount", "budget.basis", "budget.per_cover", "horizon.id",
                      "horizon.weeks", "storage.chilled"], found


def test_the_horizon_command_names_an_unknown_horizon(
    capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["horizon", str(SAMPLE), "--horizon", "2026-w48-w52"]) == 2
    err = capsys.readouterr().err
    assert "horizons/" in err and "unknown horizon '2026-w48-w52'" in err
    assert "2026-w48-w51" in err


def test_load_horizons_raises_with_every_problem(tmp_path: Path) -> None:
    root = folder_with(tmp_path, HEAD + 'weeks = ["2026-w47"]\n')
    with pytest.raises(InputError) as caught:
        load_horizons(root, {})
    assert [p.field for p in caught.value.problems] == ["horizon.weeks[1]"]


def test_the_horizon_command_plans_a_horizon_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--horizon`` takes the file's weeks, budget (replacing the week's own) and storage."""
    root = folder_with(tmp_path, HEAD + 'weeks = ["2026-w48"]\n[budget]\namount = 900\n'
                       'per_cover = false\nbasis = "HT"\n[storage]\nambient = "300 kg"\n')
    code = main(["horizon", str(root), "--horizon", "h", "--json", "--no-compare",
                 "--node-limit", "100000", "--gap", "0.02"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["weeks"] == ["2026-w48"]
    assert data["budget"]["limit"] == pytest.approx(900.0)
    assert data["budget"]["basis"] == "HT"
    ambient = data["stock_at_week_end"][0]["storage_kg"].get("ambient", 0.0)
    assert ambient <= 300.0 + 1e-6


def test_a_budget_without_per_cover_is_refused_as_in_a_week_file(tmp_path: Path) -> None:
    """One ``[budget]`` reader (issue 16): ``per_cover`` is required in a horizon file as in
    a week file (whether an amount is per cover is never guessed)."""
    root = folder_with(tmp_path, HEAD + 'weeks = ["2026-w48"]\n[budget]\namount = 900\n')
    assert problems(root) == ["horizons/h.toml:5: budget.per_cover: missing required key"]
    week = (root / "weeks" / "2026-w48.toml").read_text(encoding="utf-8")
    assert "per_cover = true\n" in week
    (root / "weeks" / "2026-w48.toml").write_text(week.replace("per_cover = true\n", ""),
                                                  encoding="utf-8")
    (root / "horizons" / "h.toml").unlink()
    found = problems(root)
    assert len(found) == 1 and found[0].startswith("weeks/2026-w48.toml:")
    assert found[0].endswith(": budget.per_cover: missing required key")


def test_the_horizon_command_reads_storage_and_horizon_files_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Input read once (issue 16): ``load_folder`` keeps the storage capacities and horizons
    it checks, and the command plans from them (the same as reading them again)."""
    from cantine_supply.cli import horizon_command
    from cantine_supply.errors import NoPlanError
    from cantine_supply.io import context, load_folder

    root = folder_with(tmp_path, HEAD + 'weeks = ["2026-w48"]\n[budget]\namount = 900\n'
                       'per_cover = false\nbasis = "HT"\n[storage]\nambient = "300 kg"\n')
    read: list[str] = []
    real = context.read_toml

    def counted(path: Path, *args: object) -> object:
        read.append(path.relative_to(root).as_posix())
        return real(path, *args)  # type: ignore[arg-type]

    seen: dict[str, object] = {}

    def no_solve(catalogue: object, weeks: list[str], **options: object) -> object:
        seen.update(options, weeks=weeks)
        raise NoPlanError("not solved in this test")

    monkeypatch.setattr(context, "read_toml", counted)
    monkeypatch.setattr(horizon_command, "plan_horizon", no_solve)
    assert main(["horizon", str(root), "--horizon", "h", "--no-compare"]) == 1
    assert read.count("storage.toml") == 1 and read.count("horizons/h.toml") == 1
    folder = load_folder(root)
    assert folder.catalogue == load(root)
    assert folder.storage == load_storage(root)
    assert folder.horizons == tuple(load_horizons(root, folder.catalogue.week_by_id))
    assert folder.horizon("h") == find_horizon(root, folder.catalogue.week_by_id, "h")
    assert seen["weeks"] == ["2026-w48"]
    assert seen["storage"] == folder.horizon("h").storage_over(folder.storage)
    assert seen["horizon_budget"] == Budget(900.0, per_cover=False, basis="HT")
