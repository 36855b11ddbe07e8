"""The canteen sheet of a data workbook as the ``canteen.toml`` of a data folder.

One field per row, as at the top of a week sheet: the field's name in column A (the French
label of :data:`~cantine_supply.io.workbook_sheets.CANTEEN_FIELDS`, or its key such as
``canteen.siret``), its value in column B. The address's street lines share one cell, one
line each (Alt+Entrée). A value elsewhere (a second address line typed in the row below,
or in column C) would be lost, so it is refused where it is.
"""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from cantine_supply.io.workbook_cells import is_empty
from cantine_supply.io.workbook_docs import Cell, Documents, FieldReader
from cantine_supply.io.workbook_sheets import CANTEEN_FIELDS


def canteen_doc(docs: Documents, worksheet: Worksheet) -> str:
    """The ``canteen.toml`` of the sheet ``worksheet``; returns its source name."""
    sheet = worksheet.title
    source = sheet
    data: dict[str, Any] = {"canteen": {}}  # a sheet without fields: each one is missing
    docs.add(source, data, Cell(sheet))
    fields = FieldReader(docs, sheet, source, CANTEEN_FIELDS, data)
    for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
        label = cells[0] if cells else None
        known = None if is_empty(label) else fields.read(number, cells)
        for index, value in enumerate(cells[1:], start=2):
            if is_empty(value) or (index == 2 and not is_empty(label)):
                continue
            if index == 2:
                message = "a value without a field name in column A (several address lines"
                message += " go in one cell, one per line)"
            elif known is not None:
                message = f"only column B holds the value of {known.header!r}"
            else:
                continue  # the row's unknown field name is already refused
            docs.problem(Cell(sheet, number, index), message)
    return source
