"""Cells are data, never formulas (issue 21, defect 2): every CSV cell a spreadsheet would
evaluate is written with a leading ``'``, from the TOML files and from CSV price lists
through to the order forms and the ma cantine file."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from cantine_supply.cli.main import main
from cantine_supply.report.cells import spreadsheet_cell

REPO_DATA = Path(__file__).resolve().parents[1] / "data"

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


def test_formula_names_reach_both_csvs_as_text(tmp_path: Path) -> None:
    """Defect 2: a supplier name and product names that are formulas, from TOML and from a
    CSV price list, are written as text (prefixed ``'``) into the order forms and the ma
    cantine file, which still passes its format rules (it is written)."""
    data = tmp_path / "data"
    shutil.copytree(REPO_DATA, data)
    suppliers = data / "suppliers"
    toml = suppliers / "jardins-grand-bois.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('name = "Les Jardins du Grand Bois (maraîchage bio)"',
                                 f"name = '{HYPERLINK}'", 1), encoding="utf-8")
    price_list = suppliers / "jardins-grand-bois.csv"
    rows = [r.split(";") for r in price_list.read_text(encoding="utf-8").splitlines()]
    product, price = rows[0].index("product"), rows[0].index("price_ht")
    for row in rows[1:]:  # named as a formula, and cheap enough to be bought
        row[product] = COMMAND
        row[price] = "0,50" if row[0].startswith("carottes") else row[price]
    rows = [";".join(row) for row in rows]
    price_list.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for path in suppliers.glob("*.toml"):
        body = path.read_text(encoding="utf-8")
        path.write_text(body.replace('product = "', f'product = "{AT_SUM} ', ), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["-q", "plan", str(data), "--week", "2026-w48", "--out", str(out)]) == 0
    assert (out / "ma-cantine-achats.csv").is_file()
    assert evaluated_cells(out) == []
    orders = csv_cells(out, "orders/*.csv")
    macantine = csv_cells(out, "ma-cantine-achats.csv")
    for cells in (orders, macantine):
        assert "'" + HYPERLINK in cells
        assert "'" + COMMAND in cells
        assert any(cell.startswith("'" + AT_SUM) for cell in cells)
