"""``write_workbook``: a data folder as one data workbook (``.xlsx``) that plans the same.

The folder is first loaded (so a folder with problems is refused as ``load`` refuses it),
then its files are copied value for value, as written (quantities keep their text, such
as ``"6 can"`` with ``net = "400 g"``), into the sheets of
:mod:`~cantine_supply.io.workbook_sheets`. Horizons and ``storage.toml`` stay in the
folder: they are not part of a workbook.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from cantine_supply.errors import CantineSupplyError, InputError, Problem
from cantine_supply.io.canteen import CANTEEN_FILE
from cantine_supply.io.loader import load
from cantine_supply.io.price_list import decode_csv, sniff_separator
from cantine_supply.io.source import Problems, read_toml
from cantine_supply.io.workbook_cells import value_to_cell
from cantine_supply.io.workbook_sheets import (
    CANTEEN_FIELDS,
    CANTEEN_SHEET,
    COLLECTIONS,
    INGREDIENTS,
    OFFERS,
    README_SHEET,
    RECIPES,
    SERVICE_COLUMNS,
    STOCK,
    SUPPLIERS,
    WEEK_FIELDS,
    WEEK_PREFIX,
    Column,
    Kind,
    Sheet,
)
from cantine_supply.model import Catalogue

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_DATE_FORMAT = "yyyy-mm-dd"
_README = (
    "Données de la cantine pour cantine-supply (canteen data for cantine-supply).",
    "Une feuille par sorte de données ; la première ligne nomme les colonnes.",
    "Quantités avec leur unité : « 2,5 kg », « 400 g », « 6 boîte » avec la contenance.",
    "Montants en euros HT ; taux et parts en fractions (0,3 = 30 %).",
    "Une feuille « Semaine ... » par semaine : les champs en haut, puis la grille des menus"
    " (une ligne par service, une colonne par plat ; plusieurs recettes candidates"
    " séparées par | ).",
    "Feuille « Cantine » (si le dossier a un canteen.toml) : un champ par ligne ; les lignes"
    " de l'adresse dans une seule cellule (Alt+Entrée).",
    "Vérifier : cantine-supply validate CE_FICHIER.xlsx ; planifier : cantine-supply plan"
    " CE_FICHIER.xlsx --week ID.",
    "Voir docs/workbook.md (see docs/workbook.md).",
)


def write_workbook(data_dir: str | Path, out: str | Path, *, force: bool = False) -> Path:
    """Write the data folder ``data_dir`` as the workbook ``out``; return its path.

    Raises :class:`~cantine_supply.errors.InputError` when the folder has problems or a
    key the workbook has no column for, when ``out`` does not end in ``.xlsx``, or when it
    exists and ``force`` is False (an existing workbook is never overwritten unasked).
    The file is written whole or not at all: a temporary file, read back and compared
    with the folder's catalogue (:class:`NotWritableError` if it differs: a bug), then
    renamed into place.
    """
    folder = Path(data_dir)
    target = Path(out)
    if target.suffix.lower() != ".xlsx":
        raise InputError(Problem(str(out), "", "the workbook's name must end in .xlsx"))
    if target.exists() and not force:
        message = "already exists: choose a new name, or pass --force to replace it"
        raise InputError(Problem(str(out), "", message))
    if target.exists() and not target.is_file():
        raise InputError(Problem(str(out), "", "exists and is not a file; not replacing it"))
    catalogue = load(folder)  # the same checks as planning from the folder
    workbook = Workbook()
    _readme(workbook.active)
    _fill_tables(workbook, folder)
    if (folder / CANTEEN_FILE).is_file():
        _canteen_sheet(workbook, _document(folder / CANTEEN_FILE))
    for week in _documents(folder / "weeks"):
        _week_sheet(workbook, week)
    _save(workbook, target, catalogue)
    return target


class NotWritableError(CantineSupplyError):
    """The workbook would not read back as the folder it was written from: a bug."""


def _documents(folder: Path) -> list[dict[str, Any]]:
    """The decoded ``*.toml`` files of ``folder``, by name (as the loader reads them)."""
    if not folder.is_dir():
        return []
    return [_document(path) for path in _sorted_toml(folder)]


def _document(path: Path) -> dict[str, Any]:
    """One decoded TOML file, already checked by ``load`` (empty when absent)."""
    if not path.is_file():
        return {}
    doc = read_toml(path, path.name, Problems())
    assert doc is not None, f"{path} was loaded, yet cannot be read"
    return doc.data


def _fill_tables(workbook: Workbook, folder: Path) -> None:
    """The table sheets, from the folder's files."""
    ingredients = _document(folder / "ingredients.toml").get("ingredient", [])
    _table(workbook, INGREDIENTS, ingredients)
    suppliers = [(path, _document(path)) for path in _sorted_toml(folder / "suppliers")]
    _table(workbook, SUPPLIERS, (_supplier_row(doc) for _, doc in suppliers))
    _table(workbook, OFFERS, _offer_rows(suppliers))
    _table(workbook, RECIPES, _recipe_rows(_documents(folder / "recipes")))
    _table(workbook, STOCK, _document(folder / "stock.toml").get("lot", []))
    _table(workbook, COLLECTIONS, _collection_rows(_document(folder / "collections.toml")))


def _sorted_toml(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".toml" and not p.name.startswith("."))


def _supplier_row(doc: dict[str, Any]) -> dict[str, Any]:
    """The supplier's fields, without ``price_list`` (its rows go to the offers sheet)."""
    row = _flat(doc.get("supplier", {}))
    row.pop("price_list", None)
    return row


def _flat(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"local": {"km": 150}}`` -> ``{"local.km": 150}``."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


def _offer_rows(suppliers: Sequence[tuple[Path, dict[str, Any]]]) -> Iterable[dict[str, Any]]:
    """Each supplier's ``[[offer]]`` tables, then the rows of its CSV price list."""
    for path, doc in suppliers:
        supplier = doc.get("supplier", {})
        for offer in doc.get("offer", []):
            yield {"supplier": supplier.get("id"), **offer}
        if "price_list" in supplier:
            for row in _price_list(path.parent / supplier["price_list"]):
                yield {"supplier": supplier.get("id"), **row}


def _price_list(path: Path) -> list[dict[str, Any]]:
    """The non-empty rows of a CSV price list, ``tiers`` renamed ``tier``."""
    text, _, _ = decode_csv(path.read_bytes())
    assert text is not None, f"{path} was loaded, yet cannot be decoded"
    separator = sniff_separator(text.splitlines()[0])
    rows = []
    for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=separator):
        cells = {name.strip(): (value or "").strip() for name, value in row.items() if name}
        if any(cells.values()):
            cells["tier"] = cells.pop("tiers", "")
            rows.append({key: value for key, value in cells.items() if value})
    return rows


def _recipe_rows(recipes: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """One row per line and per option of a flexible line; name and course on the first."""
    for recipe in recipes:
        head = {"recipe": recipe["id"], "name": recipe["name"], "course": recipe["course"]}
        for line in recipe.get("line", []):
            yield {**head, **line}
            head = {"recipe": recipe["id"]}
        for group in recipe.get("group", []):
            shared = {key: group[key] for key in ("quantity", "net") if key in group}
            for option in group["option"]:
                yield {**head, "group": group["label"], **shared, **option}
                head, shared = {"recipe": recipe["id"]}, {}


def _collection_rows(doc: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """One row per item; the round's own fields on its first row."""
    for collection in doc.get("collection", []):
        head = {key: value for key, value in collection.items() if key not in ("id", "item")}
        for item in collection.get("item", []):
            yield {"collection": collection["id"], **head, **item}
            head = {}


def _table(workbook: Workbook, sheet: Sheet, rows: Iterable[dict[str, Any]]) -> None:
    """A table sheet: the French headers, then one row per item."""
    worksheet = workbook.create_sheet(sheet.name)
    worksheet.append([column.header for column in sheet.columns])
    for cell in worksheet[1]:
        cell.font = _BOLD
    worksheet.freeze_panes = "A2"
    keys = {column.key for column in sheet.columns}
    for row in rows:
        _refuse_unknown(sheet.name, row, keys)
        worksheet.append([_cell(row.get(c.key), c.kind) for c in sheet.columns])
    _dates(worksheet)
    for index, column in enumerate(sheet.columns):
        letter = worksheet.cell(row=1, column=index + 1).column_letter
        worksheet.column_dimensions[letter].width = max(10, len(column.header) + 2)


def _refuse_unknown(sheet: str, row: dict[str, Any], keys: set[str]) -> None:
    """Refuse a key the sheet has no column for: it would be lost in the workbook."""
    extra = sorted(key for key in _flat(row) if key not in keys)
    if extra:
        message = (
            f"sheet {sheet!r} has no column for {', '.join(extra)} (read from the folder):"
            " the workbook would lose it, so it is not written"
        )
        raise InputError(Problem("workbook", "", message))


def _cell(value: Any, kind: Kind) -> Any:
    return None if value is None else value_to_cell(value, kind)


def _dates(worksheet: Worksheet) -> None:
    """Show date cells as 2026-11-24 (the format of the data folder)."""
    for row in worksheet.iter_rows():
        for cell in row:
            if getattr(cell, "is_date", False):
                cell.number_format = _DATE_FORMAT


def _week_sheet(workbook: Workbook, week: dict[str, Any]) -> None:
    """A week sheet: one field per row, an empty row, then the menu grid."""
    title = _sheet_title(workbook, week.get("week", {}).get("id", ""))
    _refuse_unknown(title, week, {f.key for f in WEEK_FIELDS} | {"service"})
    for service in week.get("service", []):
        _refuse_unknown(title, service, {c.key for c in SERVICE_COLUMNS})
    worksheet = workbook.create_sheet(title)
    _field_rows(worksheet, WEEK_FIELDS, week)
    worksheet.append([])
    worksheet.append([column.header for column in SERVICE_COLUMNS])
    for cell in worksheet[worksheet.max_row]:
        cell.font = _BOLD
    for service in week.get("service", []):
        worksheet.append([_cell(service.get(c.key), c.kind) for c in SERVICE_COLUMNS])
    _dates(worksheet)
    worksheet.column_dimensions["A"].width = 38
    for letter in "BCDEFG":
        worksheet.column_dimensions[letter].width = 28


def _canteen_sheet(workbook: Workbook, doc: dict[str, Any]) -> None:
    """The canteen sheet: one field of ``canteen.toml`` per row, the address's street
    lines in one cell (one line each)."""
    _refuse_unknown(CANTEEN_SHEET, doc, {field.key for field in CANTEEN_FIELDS})
    worksheet = workbook.create_sheet(CANTEEN_SHEET)
    _field_rows(worksheet, CANTEEN_FIELDS, doc)
    _dates(worksheet)
    worksheet.column_dimensions["A"].width = 28
    worksheet.column_dimensions["B"].width = 60


def _field_rows(worksheet: Worksheet, fields: Sequence[Column], doc: dict[str, Any]) -> None:
    """One row per field (``table.key``): its French name in column A, its value in B."""
    for field in fields:
        table_name, key = field.key.split(".")
        value = doc.get(table_name, {}).get(key)
        worksheet.append([field.header, _cell(value, field.kind)])
        worksheet.cell(row=worksheet.max_row, column=1).font = _BOLD
        if field.kind is Kind.LINES:
            worksheet.cell(row=worksheet.max_row, column=2).alignment = _WRAP


def _sheet_title(workbook: Workbook, week_id: str) -> str:
    """``Semaine 2026-w48``, within Excel's 31 characters, unique in the workbook."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in week_id)
    title = f"{WEEK_PREFIX} {cleaned}"[:31]
    number = 2
    while title in workbook.sheetnames:
        suffix = f" ({number})"
        title = f"{WEEK_PREFIX} {cleaned}"[: 31 - len(suffix)] + suffix
        number += 1
    return title


def _readme(worksheet: Worksheet | Any) -> None:
    worksheet.title = README_SHEET
    for line in _README:
        worksheet.append([line])
    worksheet.column_dimensions["A"].width = 110


def _save(workbook: Workbook, target: Path, catalogue: Catalogue) -> None:
    """Save into a temporary file next to ``target``, read it back, and rename it into
    place only when it reads back as exactly ``catalogue`` (the folder's)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=target.parent, prefix=".tmp-")
    os.close(handle)
    try:
        workbook.save(temporary)
        _check_reads_back(Path(temporary), catalogue)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _check_reads_back(path: Path, catalogue: Catalogue) -> None:
    """Raise NotWritableError unless the workbook at ``path`` loads as ``catalogue``."""
    try:
        written = load(path)
    except InputError as error:
        raise NotWritableError(f"the workbook does not read back: {error}") from error
    differ = [
        field.name
        for field in attrs.fields(Catalogue)
        if field.init and getattr(written, field.name) != getattr(catalogue, field.name)
    ]
    if differ:
        raise NotWritableError(
            f"the workbook would not read back as the folder (its {', '.join(differ)}"
            " differ); not written"
        )
