"""``cantine-supply validate``: exact output and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cantine_supply.cli.main import main
from conftest import VALID_FILES, MakeData, write_data

SUMMARY = "4 ingredients, 2 recipes, 2 suppliers, 5 offers, 1 collections, 1 weeks\n"


def test_valid_folder(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(data_dir)]) == 0
    assert capsys.readouterr() == (SUMMARY, "")


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet(data_dir: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    argv = ["--quiet", "validate", str(data_dir)]
    if where == "after":
        argv = ["validate", str(data_dir), "-q"]
    assert main(argv) == 0
    assert capsys.readouterr() == ("", "")


def test_data_dir_defaults_to_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_data(tmp_path / "data", VALID_FILES)
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == SUMMARY


def test_missing_default_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 2
    assert capsys.readouterr() == ("", "data: data folder not found\n")


def test_bad_input_one_line_per_problem(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    supplier = VALID_FILES["suppliers/grossiste.toml"]
    files = {
        "suppliers/grossiste.toml": supplier.replace("price_ht = 18.0", "price_ht = -2.5"),
        "stock.toml": VALID_FILES["stock.toml"].replace('"6 kg"', '"6 kgs"'),
    }
    folder = make_data(files)
    assert main(["--quiet", "validate", str(folder)]) == 2
    assert capsys.readouterr() == (
        "",
        "stock.toml:3: lot[1].quantity: unknown unit 'kgs', did you mean 'kg'? (expected one of:"
        " g, kg, mg, ml, cl, dl, L, piece, dozen, bunch, can, jar)\n"
        "suppliers/grossiste.toml:26: offer[2].price_ht: must be > 0, got -2.5\n",
    )


@pytest.mark.parametrize(
    "argv",
    [[], ["bogus"], ["validate", "a", "b"], ["validate", "--bogus"], ["--quiet"]],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: cantine-supply")


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "validate" in out
    assert (
        "exit codes:\n"
        "  0  done\n"
        "  1  no plan meets the targets\n"
        "  2  bad input or usage\n"
    ) in out


def test_validate_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--help"]) == 0
    assert "DATA_DIR" in capsys.readouterr().out


def _command() -> list[str]:
    script = Path(sys.executable).parent / "cantine-supply"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cantine_supply"]


def test_console_script_prints_no_traceback(make_data: MakeData) -> None:
    folder = make_data({"ingredients.toml": b"[[ingredient]]\nname = \"Cr\xe8me\"\n"})
    result = subprocess.run(
        [*_command(), "validate", str(folder)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "ingredients.toml:2: the file is not UTF-8 text (byte 0xe8); save it as UTF-8\n"
    )


def test_bad_storage_and_horizon_files_are_reported_with_file_field_and_line(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    """``storage.toml`` and ``horizons/*.toml`` go through the same reader as every file:
    ``validate`` names the file, field and line of each bad value and exits 2 (issue 16)."""
    files = {
        "storage.toml": '[storage]\nambient = "lots"\nchilled = "150 kg"\nfrozn = "1 kg"\n',
        "horizons/h.toml": '[horizon]\nid = "h"\nname = "Essai"\nweeks = ["2026-w48"]\n'
                           '[budget]\namount = 100\n[storage]\nfrozen = "-4 kg"\n',
    }
    folder = make_data(files)
    assert main(["--quiet", "validate", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "horizons/h.toml:5: budget.per_cover: missing required key",
        "horizons/h.toml:8: storage.frozen: expected a quantity like '2.5 kg', got '-4 kg'",
        "storage.toml:2: storage.ambient: expected a quantity like '2.5 kg', got 'lots'",
        "storage.toml:4: storage.frozn: unknown key 'frozn', did you mean 'frozen'? (expected"
        " one of: ambient, chilled, frozen)",
    ]
