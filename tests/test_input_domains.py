"""Bad data never passes ``validate`` to break ``plan`` (issue 21, defects 5, 6 and 7):
every number in its range, rows read exactly, encodings never guessed, control
characters refused, ``storage.toml`` checked; each refusal names file, field and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cantine_supply.cli.main import main

REPO_DATA = Path(__file__).resolve().parents[1] / "data"
WEEK = "2026-w48"
PRICE_LIST = "suppliers/jardins-grand-bois.csv"


def sample_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(REPO_DATA, data)
    return data


def replace_first(data: Path, file: str, pattern: str, new: str) -> None:
    """Replace the first match of the regex ``pattern`` in ``data/file`` with ``new``."""
    path = data / file
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, lambda _: new, text, count=1, flags=re.MULTILINE)
    assert count == 1, pattern
    path.write_text(changed, encoding="utf-8")


def refusal(capsys: pytest.CaptureFixture[str], data: Path, command: str = "validate") -> str:
    """Run ``command`` on ``data``: it must exit 2 without a traceback; its stderr."""
    args = [command, str(data)] + (["--week", WEEK] if command == "plan" else [])
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err


# -- defect 5: values that passed validate and broke plan ---------------------------------

BAD_VALUES = [
    ("ingredients.toml", r"^shelf_life_days = \d+", "shelf_life_days = 3000000",
     "ingredients.toml:16: ingredient[1].shelf_life_days: must be <= 3650, got 3000000"),
    ("suppliers/grand-marche-pro.toml", r"^price_ht = [\d.]+", "price_ht = 1e300",
     "suppliers/grand-marche-pro.toml:29: offer[1].price_ht: must be <= 100000, got 1e+300"),
    ("suppliers/grand-marche-pro.toml", r"^min_order_ht = [\d.]+", "min_order_ht = 1e300",
     "suppliers/grand-marche-pro.toml:13: supplier.min_order_ht: must be <= 100000,"
     " got 1e+300"),
    ("ingredients.toml", r"^co2_kg_per_kg = [\d.]+", "co2_kg_per_kg = 1e300",
     "ingredients.toml:15: ingredient[1].co2_kg_per_kg: must be <= 1000, got 1e+300"),
    ("weeks/2026-w48.toml", r"^max_meat_g_per_cover = \d+", "max_meat_g_per_cover = 1e300",
     "weeks/2026-w48.toml:22: targets.max_meat_g_per_cover: must be <= 10000, got 1e+300"),
    ("weeks/2026-w48.toml", r"^amount = [\d.]+", "amount = 1e300",
     "weeks/2026-w48.toml:11: budget.amount: must be <= 1e+07, got 1e+300"),
    ("suppliers/grand-marche-pro.toml", r'^id = "grand-marche-pro"', 'id = "' + "g" * 10_000 + '"',
     "suppliers/grand-marche-pro.toml:6: supplier.id: is 10000 characters long; at most 64"),
    ("suppliers/grand-marche-pro.toml", r'^pack = "10 kg"', 'pack = "1e300 kg"',
     "offer["),
]


@pytest.mark.parametrize(("file", "pattern", "new", "problem"), BAD_VALUES)
def test_a_value_out_of_its_range_is_refused_by_validate_and_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], file: str, pattern: str, new: str,
    problem: str,
) -> None:
    data = sample_copy(tmp_path)
    replace_first(data, file, pattern, new)
    for command in ("validate", "plan"):
        err = refusal(capsys, data, command)
        assert problem in err
        assert err.splitlines()[0].startswith(file)


@pytest.mark.slow  # 80 s: a 10,000,000 EUR budget makes the budget-derived pack caps loose
def test_values_at_the_top_of_their_range_plan_without_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Values that pass ``validate`` do not crash or confuse the solver: exit 0 or 1."""
    data = sample_copy(tmp_path)
    replace_first(data, "ingredients.toml", r"^shelf_life_days = \d+", "shelf_life_days = 3650")
    replace_first(data, "suppliers/grand-marche-pro.toml", r"^min_order_ht = [\d.]+",
                  "min_order_ht = 100000")
    replace_first(data, "weeks/2026-w48.toml", r"^amount = [\d.]+", "amount = 10000000")
    replace_first(data, "weeks/2026-w48.toml", r"^max_meat_g_per_cover = \d+",
                  "max_meat_g_per_cover = 10000")
    assert main(["-q", "validate", str(data)]) == 0
    assert main(["-q", "plan", str(data), "--week", WEEK]) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


# -- defect 6: silent corruption -------------------------------------------------------------

def test_a_price_list_cut_mid_row_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = sample_copy(tmp_path)
    path = data / PRICE_LIST
    lines = path.read_bytes().splitlines(keepends=True)
    cells = lines[2].split(b";")
    path.write_bytes(b"".join(lines[:2]) + b";".join(cells[:6]))  # cut after price_ht
    err = refusal(capsys, data)
    assert err.startswith(f"{PRICE_LIST}:3: the row has 6 cells but the header has 11 columns:"
                          " labels, origin, months_available, max_packs, tiers missing")


def test_a_stray_byte_in_a_utf8_price_list_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = sample_copy(tmp_path)
    path = data / PRICE_LIST
    lines = path.read_bytes().splitlines(keepends=True)
    lines[5] = lines[5].replace(b";", b"\xe9;", 1)  # one Windows-1252 'é' in a UTF-8 file
    path.write_bytes(b"".join(lines))
    for command in ("validate", "plan"):
        err = refusal(capsys, data, command)
        assert err.startswith(f"{PRICE_LIST}:6: cannot read the file: it mixes encodings:"
                              " byte 0xe9 on line 6 is not UTF-8 but the rest of the file is")


def test_a_windows_1252_price_list_is_read(tmp_path: Path) -> None:
    data = sample_copy(tmp_path)
    path = data / PRICE_LIST
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    assert main(["-q", "validate", str(data)]) == 0


STORAGE_DAMAGES = [
    ('[storage]\nambient = "-400 kg"\n', "storage.toml:2: storage.ambient: expected a quantity"),
    ('[storage]\nambient = "400 L"\n', "storage.toml:2: storage.ambient:"),
    ('[storage]\nambient = "50000000 kg"\n', "storage.toml:2: storage.ambient: must be from 0"),
    ('[storage]\nambient = "nan kg"\n', "storage.toml:2: storage.ambient:"),
    ("[storage]\nambient = 400\n", "storage.toml:2: storage.ambient: expected a mass as text"),
    ('[storage]\nambiant = "400 kg"\n', "storage.toml:2: storage.ambiant: unknown key"),
    ('[stockage]\nambient = "400 kg"\n', "storage.toml:1: stockage: unknown key"),
    ('[storage]\nambient = "400 kg\n', "storage.toml:2: invalid TOML"),
    (b'[storage]\nambient = "400 kg" # r\xe9serve\n', "storage.toml:2: the file is not UTF-8"),
    ("", "storage.toml: the file is empty"),
]


@pytest.mark.parametrize(("content", "problem"), STORAGE_DAMAGES)
def test_validate_checks_storage_toml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes, problem: str
) -> None:
    data = sample_copy(tmp_path)
    raw = content if isinstance(content, bytes) else content.encode("utf-8")
    (data / "storage.toml").write_bytes(raw)
    assert problem in refusal(capsys, data)


# -- defect 7: control characters --------------------------------------------------------------

CONTROLS = [
    ("suppliers/grand-marche-pro.toml", r"^name = .*$",
     r'name = "\u001b]0;pwned\u0007Grand Marché"',
     "suppliers/grand-marche-pro.toml:7: supplier.name: holds the control character U+001B"
     " ESCAPE at character 1; remove it"),
    ("suppliers/grand-marche-pro.toml", r"^product = .*$", 'product = "Carottes \u202egk 01"',
     "suppliers/grand-marche-pro.toml:27: offer[1].product: holds the control character"
     " U+202E RIGHT-TO-LEFT OVERRIDE at character 10; remove it"),
    ("ingredients.toml", r'^name = "Carotte"', r'name = "Caro\u0000tte"',
     "ingredients.toml:11: ingredient[1].name: holds the control character U+0000 NUL at"
     " character 5; remove it"),
    ("weeks/2026-w48.toml", r"^name = .*$", r'name = "Semaine\u0085 48"',
     "weeks/2026-w48.toml:5: week.name: holds the control character U+0085"),
]


@pytest.mark.parametrize(("file", "pattern", "new", "problem"), CONTROLS)
def test_control_characters_are_refused_at_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], file: str, pattern: str, new: str,
    problem: str,
) -> None:
    data = sample_copy(tmp_path)
    replace_first(data, file, pattern, new)
    for command in ("validate", "plan"):
        err = refusal(capsys, data, command)
        assert problem in err
        assert all(char.isprintable() for char in err.replace("\n", ""))


def test_a_control_character_in_a_price_list_cell_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = sample_copy(tmp_path)
    path = data / PRICE_LIST
    path.write_bytes(path.read_bytes().replace(b"Carottes bio", b"Carottes \x1b[2Jbio", 1))
    err = refusal(capsys, data)
    assert err.startswith(f"{PRICE_LIST}:2: product: holds the control character U+001B ESCAPE")


def test_a_name_of_more_than_200_characters_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = sample_copy(tmp_path)
    replace_first(data, "ingredients.toml", r'^name = "Carotte"', 'name = "' + "C" * 201 + '"')
    assert "ingredient[1].name: is 201 characters long; at most 200" in refusal(capsys, data)
