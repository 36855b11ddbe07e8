"""The table sheets of a data workbook as would-be data-folder files.

One function per sheet turns its rows into the documents the folder's loaders read:
``Ingrédients`` into ``ingredients.toml``, each ``Fournisseurs`` row (with its ``Offres``
rows) into a supplier file, each recipe's rows of ``Recettes`` into a recipe file,
``Stock`` and ``Collectes`` into ``stock.toml`` and ``collections.toml``. Each returns the
sources of the documents it added to :class:`~cantine_supply.io.workbook_docs.Documents`.
"""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from cantine_supply.io.source import format_field
from cantine_supply.io.values import unknown_message
from cantine_supply.io.workbook_docs import Cell, Documents, Row, TableReader
from cantine_supply.io.workbook_sheets import (
    COLLECTIONS,
    INGREDIENTS,
    OFFERS,
    RECIPES,
    STOCK,
    SUPPLIERS,
)

_OFFER_KEYS = tuple(c.key for c in OFFERS.columns if c.key != "supplier")
_LINE_KEYS = ("ingredient", "quantity", "net", "yield")
_OPTION_KEYS = ("ingredient", "yield", "min_share", "max_share")
_ITEM_KEYS = ("ingredient", "guaranteed", "expected", "price_ht")


def _keys(reader: TableReader) -> tuple[str, ...]:
    return tuple(column.key for column in reader.sheet.columns)


def ingredients_doc(docs: Documents, worksheet: Worksheet) -> str:
    """``ingredients.toml`` from the ``Ingrédients`` sheet: one ``[[ingredient]]`` per row."""
    reader = TableReader(docs, INGREDIENTS, worksheet)
    source = INGREDIENTS.name
    tables = [
        reader.fill(source, ("ingredient", k), row, _keys(reader))
        for k, row in enumerate(reader.rows())
    ]
    docs.add(source, {"ingredient": tables}, Cell(INGREDIENTS.name))
    docs.place(source, ("ingredient",), Cell(INGREDIENTS.name))
    return source


def supplier_docs(
    docs: Documents, suppliers: Worksheet, offers: Worksheet | None
) -> list[str]:
    """One supplier file per row of ``Fournisseurs``, with its rows of ``Offres``.

    An offer goes to the first supplier row with the id in its ``Fournisseur`` cell; an
    offer naming no known supplier is refused there.
    """
    reader = TableReader(docs, SUPPLIERS, suppliers)
    sources: list[str] = []
    by_id: dict[str, str] = {}
    for row in reader.rows():
        supplier_id = str(row.values.get("id", "")) or f"row-{row.number}"
        source = f"{SUPPLIERS.name}/{row.number}/{supplier_id}"
        table = reader.fill(source, ("supplier",), row, _keys(reader))
        docs.add(source, {"supplier": table, "offer": []}, Cell(SUPPLIERS.name, row.number))
        by_id.setdefault(str(row.values.get("id", "")), source)
        sources.append(source)
    if offers is not None:
        _offer_rows(docs, TableReader(docs, OFFERS, offers), by_id)
    return sources


def _offer_rows(docs: Documents, reader: TableReader, by_id: dict[str, str]) -> None:
    """Add each row of ``Offres`` to the document of its supplier."""
    known = sorted(key for key in by_id if key)
    unsure = "" in by_id  # a supplier row without an id is already refused
    for row in reader.rows():
        supplier = row.values.get("supplier")
        where = reader.cell(row.number, "supplier")
        if supplier is None:
            docs.problem(where, "required, but the cell is empty")
            continue
        source = by_id.get(str(supplier))
        if source is None:
            if not unsure:
                docs.problem(where, unknown_message("supplier", str(supplier), known))
            continue
        offers: list[dict[str, Any]] = docs.data[source]["offer"]
        offers.append(reader.fill(source, ("offer", len(offers)), row, _OFFER_KEYS))


def recipe_docs(docs: Documents, worksheet: Worksheet) -> list[str]:
    """One recipe file per run of rows of ``Recettes`` with the same ``Recette``.

    A row with an empty ``Ligne flexible`` cell is a ``[[line]]``; rows naming a flexible
    line are the ``[[group.option]]`` tables of that ``[[group]]``, whose quantity (per
    cover, shared by the options) is given once, on any of its rows.
    """
    reader = TableReader(docs, RECIPES, worksheet)
    sources: list[str] = []
    for run in reader.groups():
        item = reader.item_values(run)
        source = f"{RECIPES.name}/{item.number}/{item.values['recipe']}"
        data: dict[str, Any] = {"id": item.values["recipe"]}
        for key in RECIPES.item_keys:
            docs.place(source, (key,), reader.cell(item.number, key))
            if key in item.values:
                data[key] = item.values[key]
        docs.place(source, ("id",), reader.cell(item.number, "recipe"))
        lines: list[dict[str, Any]] = []
        groups: dict[str, dict[str, Any]] = {}
        for row in run:
            if "group" in row.values:
                _option_row(docs, reader, source, row, groups)
                continue
            for key in ("min_share", "max_share"):
                if key in row.values:
                    docs.problem(
                        reader.cell(row.number, key),
                        "only used on the rows of a flexible line (fill 'Ligne flexible')",
                    )
            lines.append(reader.fill(source, ("line", len(lines)), row, _LINE_KEYS))
        if lines:
            data["line"] = lines
        if groups:
            data["group"] = list(groups.values())
        docs.add(source, data, reader.cell(item.number))
        sources.append(source)
    return sources


def _option_row(
    docs: Documents,
    reader: TableReader,
    source: str,
    row: Row,
    groups: dict[str, dict[str, Any]],
) -> None:
    """One option of a flexible line; the line's quantity and ``net`` are shared."""
    label = str(row.values["group"])
    if label not in groups:
        index = len(groups)
        groups[label] = {"label": label, "option": []}
        docs.place(source, ("group", index), reader.cell(row.number, "group"))
        docs.place(source, ("group", index, "label"), reader.cell(row.number, "group"))
        for key in ("quantity", "net"):
            docs.place(source, ("group", index, key), reader.cell(row.number, key))
    group = groups[label]
    index = list(groups).index(label)
    for key in ("quantity", "net"):
        if key not in row.values:
            continue
        if key not in group:
            group[key] = row.values[key]
            docs.cells[(source, format_field(("group", index, key)))] = reader.cell(
                row.number, key
            )
        elif group[key] != row.values[key]:
            docs.problem(
                reader.cell(row.number, key),
                f"differs from an earlier row of the flexible line {label!r}"
                f" ({group[key]!r}); give it once",
            )
    options: list[dict[str, Any]] = group["option"]
    path = ("group", index, "option", len(options))
    options.append(reader.fill(source, path, row, _OPTION_KEYS))


def stock_doc(docs: Documents, worksheet: Worksheet) -> str:
    """``stock.toml`` from the ``Stock`` sheet: one ``[[lot]]`` per row."""
    reader = TableReader(docs, STOCK, worksheet)
    source = STOCK.name
    lots = [reader.fill(source, ("lot", k), row, _keys(reader)) for k, row in
            enumerate(reader.rows())]
    docs.add(source, {"lot": lots}, Cell(STOCK.name))
    return source


def collections_doc(docs: Documents, worksheet: Worksheet) -> str:
    """``collections.toml`` from ``Collectes``: a round per run of rows with one ``Tournée``,
    an item per row."""
    reader = TableReader(docs, COLLECTIONS, worksheet)
    source = COLLECTIONS.name
    rounds: list[dict[str, Any]] = []
    for c, run in enumerate(reader.groups()):
        item = reader.item_values(run)
        table = reader.fill(source, ("collection", c), item, COLLECTIONS.item_keys)
        table["id"] = item.values["collection"]
        docs.place(source, ("collection", c, "id"), reader.cell(item.number, "collection"))
        table["item"] = [
            reader.fill(source, ("collection", c, "item", i), row, _ITEM_KEYS)
            for i, row in enumerate(run)
        ]
        rounds.append(table)
    docs.add(source, {"collection": rounds}, Cell(COLLECTIONS.name))
    return source
