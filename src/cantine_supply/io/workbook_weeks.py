"""A week sheet of a data workbook as the week file of a data folder.

The top of the sheet holds one field per row: its name in column A (the French label of
:data:`~cantine_supply.io.workbook_sheets.WEEK_FIELDS`, or its key such as
``budget.amount``), its value in column B; an empty value leaves the field out, and a
table whose fields are all empty (``[budget]``, ``[menu_rules]``) is left out. The menu
grid starts at the row whose column A says ``Date``: a header row naming the columns
(:data:`~cantine_supply.io.workbook_sheets.SERVICE_COLUMNS`), then one service per row,
each course cell holding a recipe id or candidates separated by ``|``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from cantine_supply.io.workbook_cells import cell_to_value, is_empty
from cantine_supply.io.workbook_docs import Cell, Documents, FieldReader, read_header
from cantine_supply.io.workbook_sheets import SERVICE_COLUMNS, WEEK_FIELDS

_GRID_START = SERVICE_COLUMNS[0].header


def week_doc(docs: Documents, worksheet: Worksheet) -> str:
    """The week file of the sheet ``worksheet``; returns its source name."""
    sheet = worksheet.title
    source = sheet
    data: dict[str, Any] = {"week": {}}
    docs.add(source, data, Cell(sheet))
    grid_row = _read_fields(docs, worksheet, source, data)
    if grid_row is None:  # the loader reports the missing services, worded for a sheet
        return source
    docs.place(source, ("service",), Cell(sheet, grid_row))
    data["service"] = _read_grid(docs, worksheet, source, grid_row)
    return source


def _read_fields(
    docs: Documents, worksheet: Worksheet, source: str, data: dict[str, Any]
) -> int | None:
    """Fill ``data`` from the field rows; return the grid's header row (None: no grid)."""
    sheet = worksheet.title
    fields = FieldReader(docs, sheet, source, WEEK_FIELDS, data)
    headless = False  # a service row was found before the grid's header row
    for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
        label = cells[0] if cells else None
        if is_empty(label):
            continue
        name = str(label).strip()
        if name.casefold() in (_GRID_START.casefold(), SERVICE_COLUMNS[0].key):
            return number
        if isinstance(label, dt.date):
            if not headless:
                docs.problem(
                    Cell(sheet, number, 1, SERVICE_COLUMNS[0].header),
                    f"a service row, but no menu grid header above it (a row whose first"
                    f" cell is {_GRID_START!r}, then the column headers)",
                )
            headless = True
            continue
        fields.read(number, cells)
    return None


def _read_grid(
    docs: Documents, worksheet: Worksheet, source: str, header_row: int
) -> list[dict[str, Any]]:
    """The services of the menu grid below ``header_row``, one per non-empty row."""
    sheet = worksheet.title
    columns = read_header(docs, sheet, SERVICE_COLUMNS, worksheet, header_row)
    services: list[dict[str, Any]] = []
    for number, cells in enumerate(
        worksheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1
    ):
        service: dict[str, Any] = {}
        places: dict[str, Cell] = {}
        for column in SERVICE_COLUMNS:
            index = columns.get(column.key)
            if index is None:
                places[column.key] = Cell(sheet, number, None, column.header, absent=True)
                continue
            places[column.key] = Cell(sheet, number, index, column.header)
            if index <= len(cells) and not is_empty(cells[index - 1]):
                service[column.key] = cell_to_value(cells[index - 1], column.kind)
        if not service:
            continue
        path = ("service", len(services))
        docs.place(source, path, Cell(sheet, number))
        for key, where in places.items():
            docs.place(source, (*path, key), where)
        services.append(service)
    return services
