"""Cells are data, never formulas: the one rule every CSV the library writes follows.

A spreadsheet opening a CSV evaluates a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and some also after a tab, carriage return or line feed) as a formula, quotes or not:
``=HYPERLINK("http://x","y")`` becomes a link, ``-2+3+cmd|' /C calc'!A0`` a command. A name
taken from a supplier's price list must reach the order form as the text it is. Following
the OWASP rule for CSV injection, :func:`spreadsheet_cell` prefixes such a cell with a
single quote, which spreadsheets show as text; a plain number (``-2.50``, ``+3``) is left
as it is, as it evaluates to itself. :func:`spreadsheet_writer` is the ``csv.writer`` of
every CSV the library writes (order forms, the ma cantine file), so none can forget it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

#: First characters that make a spreadsheet read a cell as a formula (OWASP, plus LF).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")


def spreadsheet_cell(value: object) -> str:
    """``value`` as CSV cell text that a spreadsheet shows and never evaluates:
    ``'=1+2`` for ``=1+2``, ``'@SUM(A1)`` for ``@SUM(A1)``; ``-2.50`` stays a number."""
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class SpreadsheetWriter:
    """A ``csv.writer`` whose every cell goes through :func:`spreadsheet_cell`."""

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[object]) -> None:
        """Write one row, each cell neutralised."""
        self._writer.writerow([spreadsheet_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        """Write each row of ``rows``, each cell neutralised."""
        for row in rows:
            self.writerow(row)


def spreadsheet_writer(file: Any, **options: Any) -> SpreadsheetWriter:
    """``csv.writer(file, **options)`` writing cells through :func:`spreadsheet_cell`."""
    return SpreadsheetWriter(csv.writer(file, **options))
