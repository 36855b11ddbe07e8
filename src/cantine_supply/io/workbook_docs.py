"""A data workbook's sheets as the documents a data folder's TOML files would hold.

:class:`Documents` collects, for each would-be file (``Ingrédients``, ``Recettes/3``...),
its data as ``tomllib`` would return it, and for every field path in it the cell it came
from (:class:`Cell`), so that a problem the folder's loaders report on a field is shown on
its sheet, row and column. Problems that only a workbook can have (an unknown header, a
recipe name that changes between its rows, an offer of an unknown supplier) are recorded
here directly, in their final form.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cantine_supply.errors import Problem
from cantine_supply.io.source import FieldPath, format_field
from cantine_supply.io.values import show, unknown_message
from cantine_supply.io.workbook_cells import cell_to_value, is_empty
from cantine_supply.io.workbook_sheets import Column, Sheet


@attrs.frozen
class Cell:
    """Where a value is: sheet, row (from 1), column (from 1; None: the whole row).

    ``header`` names the column; ``absent`` is True when the sheet lacks that column (or,
    with ``row`` None, that field row of a week sheet). ``row`` None means the whole sheet.
    """

    sheet: str
    row: int | None = None
    column: int | None = None
    header: str = ""
    absent: bool = False

    def describe(self) -> str:
        """``sheet 'Offres', row 7, column G (Prix HT du colis)``."""
        text = f"sheet {self.sheet!r}"
        if self.row is not None:
            text += f", row {self.row}"
        elif self.absent:  # a field row of a week sheet
            return f"{text}, row {self.header!r} (not in the sheet)"
        if self.absent:
            text += f", column {self.header!r} (not in the sheet)"
        elif self.column is not None:
            text += f", column {get_column_letter(self.column)}"
            text += f" ({self.header})" if self.header else ""
        return text

    def sort_key(self) -> tuple[int, int]:
        """Row, then column; the whole sheet first, field rows not in the sheet last."""
        if self.row is None:
            return (2**31 if self.absent else 0, 0)
        return (self.row, self.column or 0)


@attrs.frozen
class Row:
    """One non-empty row of a table sheet: its number and its non-empty cells by key."""

    number: int
    values: dict[str, Any]


class Documents:
    """The would-be files of a workbook, their cells, and the workbook's own problems."""

    def __init__(self, workbook_name: str) -> None:
        self.workbook_name = workbook_name
        self.data: dict[str, dict[str, Any]] = {}
        self.cells: dict[tuple[str, str], Cell] = {}
        self.home: dict[str, Cell] = {}  # where each document is, when nothing closer is
        self.problems: list[tuple[Cell, str]] = []

    def add(self, source: str, data: dict[str, Any], home: Cell) -> None:
        """Declare the document ``source`` holding ``data``, found at ``home``."""
        self.data[source] = data
        self.home[source] = home

    def place(self, source: str, path: FieldPath, cell: Cell) -> None:
        """Record that the value at ``path`` of ``source`` comes from ``cell``."""
        self.cells.setdefault((source, format_field(path)), cell)

    def problem(self, cell: Cell, message: str) -> None:
        self.problems.append((cell, message))

    def locate(self, source: str, field: str) -> Cell | None:
        """The cell of ``field`` in ``source``, or of the closest enclosing field."""
        while True:
            cell = self.cells.get((source, field))
            if cell is not None:
                return cell
            if not field:
                return self.home.get(source)
            cut = max(field.rfind("."), field.rfind("["))
            field = field[: max(cut, 0)]

    def to_problem(self, cell: Cell, message: str) -> Problem:
        return Problem(source=self.workbook_name, field=cell.describe(), message=message)


class TableReader:
    """Reads a table sheet: a header row (row 1) naming columns, then one item per row."""

    def __init__(self, docs: Documents, sheet: Sheet, worksheet: Worksheet) -> None:
        self.docs = docs
        self.sheet = sheet
        self.worksheet = worksheet
        #: column number by key, from the header row (row 1)
        self.columns = read_header(docs, sheet.name, sheet.columns, worksheet, 1)

    def rows(self, start: int = 2) -> Iterator[Row]:
        """Every row from ``start`` with at least one non-empty cell, values converted."""
        for number, cells in enumerate(
            self.worksheet.iter_rows(min_row=start, values_only=True), start=start
        ):
            values: dict[str, Any] = {}
            for column in self.sheet.columns:
                index = self.columns.get(column.key)
                if index is None or index > len(cells) or is_empty(cells[index - 1]):
                    continue
                values[column.key] = cell_to_value(cells[index - 1], column.kind)
            if values:
                yield Row(number, values)

    def cell(self, row: int | None, key: str | None = None) -> Cell:
        """The cell of ``key`` on ``row`` (None: the whole row)."""
        if key is None:
            return Cell(self.sheet.name, row)
        header = self.sheet.column(key).header
        index = self.columns.get(key)
        if index is None:
            return Cell(self.sheet.name, row, None, header, absent=True)
        return Cell(self.sheet.name, row, index, header)

    def fill(
        self, source: str, path: FieldPath, row: Row, keys: tuple[str, ...]
    ) -> dict[str, Any]:
        """The table at ``path`` of ``source`` from ``keys`` of ``row``; cells placed.

        A dotted key (``local.km``) goes into a nested table (``local``), created only
        when one of its cells is filled.
        """
        table: dict[str, Any] = {}
        self.docs.place(source, path, self.cell(row.number))
        for key in keys:
            parts = tuple(key.split("."))
            self.docs.place(source, path + parts, self.cell(row.number, key))
            if len(parts) > 1:
                self.docs.place(source, path + parts[:-1], self.cell(row.number, key))
            if key not in row.values:
                continue
            target = table
            for part in parts[:-1]:
                target = target.setdefault(part, {})
            target[parts[-1]] = row.values[key]
        return table

    def groups(self) -> Iterator[list[Row]]:
        """Runs of consecutive rows with the same value in the sheet's group column.

        A row whose group cell is empty is refused (and skipped); a run's item keys are
        taken from its first row, and a different value on a later row is refused.
        """
        key = self.sheet.group
        assert key is not None
        run: list[Row] = []
        for row in self.rows():
            if key not in row.values:
                self.docs.problem(self.cell(row.number, key), "required, but the cell is empty")
                continue
            if run and row.values[key] != run[0].values[key]:
                yield self._checked(run)
                run = []
            run.append(row)
        if run:
            yield self._checked(run)

    def _checked(self, run: list[Row]) -> list[Row]:
        """``run``, after refusing item values that change between its rows."""
        first: dict[str, Row] = {}
        for row in run:
            for key in self.sheet.item_keys:
                if key not in row.values:
                    continue
                seen = first.setdefault(key, row)
                if seen.values[key] != row.values[key]:
                    self.docs.problem(
                        self.cell(row.number, key),
                        f"differs from row {seen.number} ({show(seen.values[key])}) of the"
                        f" same {self.sheet.group}; give it once, on its first row",
                    )
        return run

    def item_values(self, run: list[Row]) -> Row:
        """The item keys of ``run`` (each from the first row giving it) as one row."""
        values: dict[str, Any] = {}
        for row in run:
            for key in (self.sheet.group or "", *self.sheet.item_keys):
                if key in row.values and key not in values:
                    values[key] = row.values[key]
        return Row(run[0].number, values)


class FieldReader:
    """Reads rows of *field, value* (a week sheet's top, the canteen sheet).

    Column A names the field (its French header or its ``table.key``), column B holds its
    value; an empty value leaves the field out. Every field's place is recorded, so that a
    missing required field is named (``row 'Nom' (not in the sheet)``).
    """

    def __init__(
        self,
        docs: Documents,
        sheet: str,
        source: str,
        fields: tuple[Column, ...],
        data: dict[str, Any],
    ) -> None:
        self.docs = docs
        self.sheet = sheet
        self.source = source
        self.fields = fields
        self.data = data
        self.by_name: dict[str, Column] = {}
        for known in fields:
            self.by_name[known.header.casefold()] = known
            self.by_name[known.key.casefold()] = known
        self.seen: dict[str, int] = {}
        for known in fields:
            table_name, key = known.key.split(".")
            docs.place(source, (table_name, key), Cell(sheet, None, None, known.header, True))

    def read(self, number: int, cells: tuple[Any, ...]) -> Column | None:
        """Row ``number`` (column A not empty) as one field; None when refused."""
        name = str(cells[0]).strip()
        field = self.by_name.get(name.casefold())
        if field is None:
            headers = [f.header for f in self.fields]
            self.docs.problem(Cell(self.sheet, number, 1, name),
                              unknown_message("field", name, headers))
            return None
        if field.key in self.seen:
            self.docs.problem(
                Cell(self.sheet, number, 1, name),
                f"field {field.header!r} appears twice (first on row {self.seen[field.key]})",
            )
            return None
        self.seen[field.key] = number
        table_name, key = field.key.split(".")
        where = Cell(self.sheet, number, 2, field.header)
        self.docs.cells[(self.source, format_field((table_name, key)))] = where
        self.docs.place(self.source, (table_name,), Cell(self.sheet, number))
        value = cells[1] if len(cells) > 1 else None
        if not is_empty(value):
            self.data.setdefault(table_name, {})[key] = cell_to_value(value, field.kind)
        return field


def read_header(
    docs: Documents,
    sheet: str,
    columns: tuple[Column, ...],
    worksheet: Worksheet,
    row: int,
) -> dict[str, int]:
    """Column numbers by key from the header cells of ``row`` (French header or key).

    Unknown and repeated headers are recorded as problems; empty header cells are skipped.
    """
    by_name: dict[str, Column] = {}
    for known in columns:
        by_name[known.header.casefold()] = known
        by_name[known.key.casefold()] = known
    found: dict[str, int] = {}
    cells = next(worksheet.iter_rows(min_row=row, max_row=row, values_only=True), ())
    for index, value in enumerate(cells, start=1):
        if is_empty(value):
            continue
        name = str(value).strip()
        column = by_name.get(name.casefold())
        where = Cell(sheet, row, index, name)
        if column is None:
            headers = [c.header for c in columns]
            docs.problem(where, unknown_message("column", name, headers))
        elif column.key in found:
            docs.problem(where, f"column {column.header!r} appears twice in the header")
        else:
            found[column.key] = index
    return found
