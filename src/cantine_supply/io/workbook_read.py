"""``load_workbook``: a data workbook (``.xlsx``) into a checked Catalogue.

The sheets become the documents a data folder's files would hold
(:mod:`~cantine_supply.io.workbook_tables`, :mod:`~cantine_supply.io.workbook_weeks`),
which the folder's own loaders then read: every value is checked by the same rules as in
a folder. Each problem the loaders report on a field is then shown on its cell:
``menus.xlsx: sheet 'Offres', row 7, column G (Prix HT du colis): expected a number, got
'douze'``. The sheets and their columns are described in ``docs/workbook.md``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook as open_workbook
from openpyxl.workbook.workbook import Workbook

from cantine_supply.errors import InputError, Problem
from cantine_supply.io.canteen import load_canteen
from cantine_supply.io.context import LoadContext
from cantine_supply.io.ingredients import load_ingredients
from cantine_supply.io.recipes import load_recipe
from cantine_supply.io.references import report_references
from cantine_supply.io.source import LineIndex, TomlFile
from cantine_supply.io.suppliers import load_supplier
from cantine_supply.io.unsold import load_collections, load_stock
from cantine_supply.io.values import unknown_message
from cantine_supply.io.weeks import load_week
from cantine_supply.io.workbook_canteen import canteen_doc
from cantine_supply.io.workbook_docs import Cell, Documents
from cantine_supply.io.workbook_sheets import (
    CANTEEN_SHEET,
    COLLECTIONS,
    INGREDIENTS,
    OFFERS,
    README_SHEET,
    RECIPES,
    STOCK,
    SUPPLIERS,
    TABLE_SHEETS,
    WEEK_PREFIX,
)
from cantine_supply.io.workbook_tables import (
    collections_doc,
    ingredients_doc,
    recipe_docs,
    stock_doc,
    supplier_docs,
)
from cantine_supply.io.workbook_weeks import week_doc
from cantine_supply.model import Catalogue

_NO_LINES = LineIndex("")

#: Loader wordings that only make sense in a TOML file, and their workbook wording.
_WORDING = {
    "missing required key": "required, but the cell is empty",
    "needs at least one [[service]] table": "no service: the menu grid is a row whose first"
    " cell is 'Date' (with the column headers), then one row per service",
}


class WorkbookContext(LoadContext):
    """A :class:`LoadContext` whose "files" are the documents made from the sheets."""

    def __init__(self, docs: Documents) -> None:
        super().__init__(Path(docs.workbook_name))
        self.docs = docs

    def source(self, path: Path) -> str:
        return path.as_posix()

    def read_toml(self, path: Path) -> TomlFile | None:
        source = path.as_posix()
        return TomlFile(source=source, path=path, data=self.docs.data[source], lines=_NO_LINES)


def load_workbook(path: str | Path) -> Catalogue:
    """Read the data workbook at ``path`` (see ``docs/workbook.md``) into a Catalogue.

    The same checks as :func:`~cantine_supply.io.load` for a folder; quantities are
    converted once, here, to each ingredient's base unit. Bad input raises one
    :class:`~cantine_supply.errors.InputError` listing every problem with the workbook's
    name, the sheet, the row and the column.
    """
    workbook_path = Path(path)
    workbook = _open(workbook_path)
    docs = Documents(workbook_path.name)
    ctx = WorkbookContext(docs)
    catalogue = _read(ctx, docs, workbook)
    _raise_if_any(ctx, docs, workbook)
    assert catalogue is not None
    return catalogue


def _open(path: Path) -> Workbook:
    """The workbook at ``path``, or InputError saying why it cannot be opened."""
    def refuse(message: str) -> InputError:
        return InputError(Problem(source=str(path), field="", message=message))

    if not path.is_file():
        raise refuse("workbook not found" if not path.exists() else "not a file")
    try:
        return open_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise refuse(f"cannot read the workbook ({exc}); save it as an Excel .xlsx file") from exc


def _read(ctx: WorkbookContext, docs: Documents, workbook: Workbook) -> Catalogue | None:
    """Every sheet through the folder's loaders; None when a sheet is missing."""
    names = set(workbook.sheetnames)
    _check_sheet_names(docs, workbook)
    missing = [s for s in TABLE_SHEETS if s.required and s.name not in names]
    for sheet in missing:
        docs.problem(Cell(sheet.name), "sheet not found (every data workbook needs it)")
    weeks = [name for name in workbook.sheetnames if name.startswith(WEEK_PREFIX)]
    if not weeks:
        docs.problem(Cell(f"{WEEK_PREFIX} ..."), "no week sheet (a sheet named 'Semaine ...')")
    if missing or not weeks:
        return None
    ingredients = load_ingredients(ctx, Path(ingredients_doc(docs, workbook[INGREDIENTS.name])))
    recipes = [load_recipe(ctx, Path(s)) for s in recipe_docs(docs, workbook[RECIPES.name])]
    offers_sheet = workbook[OFFERS.name] if OFFERS.name in names else None
    suppliers, offers = [], []
    for source in supplier_docs(docs, workbook[SUPPLIERS.name], offers_sheet):
        supplier, supplier_offers = load_supplier(ctx, Path(source), set())
        suppliers.append(supplier)
        offers.extend(supplier_offers)
    collections = []
    if COLLECTIONS.name in names:
        collections = load_collections(ctx, Path(collections_doc(docs, workbook[COLLECTIONS.name])))
    stock = []
    if STOCK.name in names:
        stock = load_stock(ctx, Path(stock_doc(docs, workbook[STOCK.name])))
    canteen = None
    if CANTEEN_SHEET in names:
        canteen = load_canteen(ctx, Path(canteen_doc(docs, workbook[CANTEEN_SHEET])))
    week_list = [load_week(ctx, Path(week_doc(docs, workbook[name]))) for name in weeks]
    catalogue = Catalogue(
        ingredients=ingredients,
        recipes=[recipe for recipe in recipes if recipe is not None],
        suppliers=[supplier for supplier in suppliers if supplier is not None],
        offers=offers,
        collections=collections,
        stock=stock,
        weeks=[week for week in week_list if week is not None],
        canteen=canteen,
    )
    report_references(ctx, catalogue)
    return catalogue


def _check_sheet_names(docs: Documents, workbook: Workbook) -> None:
    """Refuse a sheet the reader would ignore (a typo in a sheet name loses its data)."""
    known = [sheet.name for sheet in TABLE_SHEETS] + [CANTEEN_SHEET]
    for name in workbook.sheetnames:
        if name in known or name == README_SHEET or name.startswith(WEEK_PREFIX):
            continue
        expected = [*known, f"{WEEK_PREFIX} ...", README_SHEET]
        docs.problem(Cell(name), unknown_message("sheet", name, expected))


def _raise_if_any(ctx: WorkbookContext, docs: Documents, workbook: Workbook) -> None:
    """Raise one InputError with the workbook's and the loaders' problems, sheet by sheet."""
    found: list[tuple[Cell, str]] = list(docs.problems)
    for problem in ctx.problems:
        cell = docs.locate(problem.source, problem.field) or Cell(problem.source)
        message = _relocate(docs, problem.source, _WORDING.get(problem.message, problem.message))
        if cell.absent and problem.message == "missing required key":
            message = "required"
        elif cell.row is None and problem.field and problem.message not in _WORDING:
            message = f"{problem.field}: {message}"
        found.append((cell, message))
    if not found:
        return
    order = {name: index for index, name in enumerate(workbook.sheetnames)}
    found.sort(key=lambda item: (order.get(item[0].sheet, len(order)), item[0].sort_key()))
    unique = _missing_columns_once(list(dict.fromkeys(found)))
    raise InputError([docs.to_problem(cell, message) for cell, message in unique])


_USED_AT = re.compile(r"already used at (\S+?)(?::\d+)? \(([^)]*)\)$")
_LISTED_IN = re.compile(r"is already listed in (\S+)$")


def _relocate(docs: Documents, source: str, message: str) -> str:
    """A loader's message naming another place in its "file" names its cell instead."""
    used = _USED_AT.search(message)
    if used:
        cell = docs.locate(used.group(1), used.group(2))
        if cell is not None:
            return message[: used.start()] + f"already used at {cell.describe()}"
    listed = _LISTED_IN.search(message)
    if listed:
        cell = docs.locate(source, listed.group(1))
        if cell is not None and cell.row is not None:
            return message[: listed.start()] + f"is already listed on row {cell.row}"
    return message


def _missing_columns_once(found: list[tuple[Cell, str]]) -> list[tuple[Cell, str]]:
    """One problem per column missing from a sheet, naming the rows, not one per row."""
    rows: dict[tuple[str, str, str], list[int]] = {}
    out: list[tuple[Cell, str]] = []
    for cell, message in found:
        if not (cell.absent and cell.row is not None):
            out.append((cell, message))
            continue
        key = (cell.sheet, cell.header, message)
        if key not in rows:
            rows[key] = []
            out.append((Cell(cell.sheet, None, None, cell.header), message))
        rows[key].append(cell.row)
    result = []
    for cell, message in out:
        numbers = rows.get((cell.sheet, cell.header, message))
        if numbers is None:
            result.append((cell, message))
            continue
        shown = f"row {numbers[0]}" if len(numbers) == 1 else f"rows {numbers[0]}-{numbers[-1]}"
        missing = Cell(cell.sheet, 1, None, cell.header, absent=True)
        result.append((missing, f"{message} on {shown}: add the column"))
    return result
