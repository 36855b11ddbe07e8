"""Cells are data, never formulas (issue 21, defect 2): every CSV cell a spreadsheet would
evaluate is written with a leading ``'``, from the TOML files and from CSV price lists
through to the order forms and the ma cantine file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cantine_supply.cli.main import main
from cantine_supply.report.cells import spreadsheet_cell
from conftest import MINIMAL_FILES, MakeData

HYPERLINK = '=HYPERLINK("http://x","y")'
COMMAND = "-2+3+cmd|' /C calc'!A0"
AT_SUM = "@SUM(A1:A9)"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        (COMMAND, "'" + COMMAND),
        (AT_SUM, "'" + AT_SUM),
        ("+33 4 78 00 00 00", "'+33 4 78 00 00 00"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-2.50", "-2.50"),
        ("+3", "+3"),
        ("-1e3", "-1e3"),
        ("12,50", "12,50"),
        ("Carottes = bonnes", "Carottes = bonnes"),
        ("", ""),
        (7, "7"),
    ],
)
def test_spreadsheet_cell(cell: object, written: str) -> None:
    assert spreadsheet_cell(cell) == written


def evaluates(cell: str) -> bool:
    """Whether a spreadsheet would evaluate ``cell`` (checked apart from the library)."""
    if not cell or cell[0] not in "=+-@\t\r\n":
        return False
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return True
    return False


def evaluated_cells(folder: Path) -> list[tuple[str, str]]:
    """Cells of every CSV under ``folder`` that a spreadsheet would evaluate."""
    found = []
    for path in sorted(folder.rglob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                found += [(path.name, c) for c in row if evaluates(c)]
    return found


def csv_cells(folder: Path, pattern: str) -> set[str]:
    cells: set[str] = set()
    for path in folder.glob(pattern):
        with open(path, encoding="utf-8", newline="") as handle:
            cells.update(cell for row in csv.reader(handle) for cell in row)
    return cells


def test_formula_names_reach_both_csvs_as_text(make_data: MakeData, tmp_path: Path) -> None:
    """Defect 2: a supplier name (TOML) and a product name (CSV price list) that are
    formulas are written as text, prefixed ``'``, into the order form and the ma cantine
    file, which still passes its format rules (it is written)."""
    supplier = MINIMAL_FILES["suppliers/grossiste.toml"].replace(
        'name = "Grossiste"', f"name = '{HYPERLINK}'\nprice_list = \"grossiste.csv\"")
    price_list = f"id;ingredient;product;pack;price_ht\nriz-1kg;rice;{COMMAND};1 kg;1,20\n"
    data = make_data({"suppliers/grossiste.toml": supplier, "suppliers/grossiste.csv":
                      price_list}, base=MINIMAL_FILES)
    out = tmp_path / "out"
    assert main(["-q", "plan", str(data), "--out", str(out)]) == 0
    assert (out / "ma-cantine-achats.csv").is_file()
    assert evaluated_cells(out) == []
    for pattern in ("orders/*.csv", "ma-cantine-achats.csv"):
        cells = csv_cells(out, pattern)
        assert "'" + HYPERLINK in cells
        assert "'" + COMMAND in cells
