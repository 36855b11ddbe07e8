"""Every CSV the reports write goes through :func:`csv_text`: one place for the format.

Two styles (:data:`CSV_STYLES`):

- ``en``: comma separated, decimal point, UTF-8 without BOM (what scripts and most
  English-locale spreadsheets read);
- ``fr``: semicolon separated, decimal comma, UTF-8 with a byte-order mark, which is how
  LibreOffice Calc and Excel in a French locale open a CSV by double-click and read the
  numbers as numbers (without the BOM Excel takes the text for Windows-1252; with a comma
  separator the decimal commas would split the cells).

Cells are typed: ``int`` and :class:`~decimal.Decimal` are numbers (a Decimal keeps its
own decimals, so amounts already rounded to the cent print with two), a :class:`Rate` a
fraction (``0.055``), a ``str`` text; ``None`` an empty cell. Dates are written ISO
(``2026-11-24``) by the callers, which both locales read as dates. Rows end in CRLF.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from cantine_supply.report.cells import spreadsheet_writer
from cantine_supply.report.i18n import Lang

BOM = "\ufeff"


@attrs.frozen
class CsvStyle:
    """How a CSV is written: the field ``delimiter``, the ``decimal`` mark, a BOM or not."""

    lang: Lang
    delimiter: str
    decimal: str
    bom: bool


CSV_STYLES: dict[str, CsvStyle] = {
    "en": CsvStyle("en", ",", ".", False),
    "fr": CsvStyle("fr", ";", ",", True),
}


@attrs.frozen
class Rate:
    """A fraction written as such (a VAT rate ``0.055``), without trailing zeros."""

    value: float


Cell = str | int | Decimal | Rate | None


def cell_text(value: Cell, style: CsvStyle) -> str:
    """One cell as written in ``style`` (numbers with its decimal mark)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("write a yes/no as text")
    if isinstance(value, str):
        return value
    if isinstance(value, Rate):
        text = f"{value.value:.6f}".rstrip("0").rstrip(".")
        text = text if "." in text else f"{text}.0"
    else:
        text = str(value)
    return text.replace(".", style.decimal)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]], style: CsvStyle) -> str:
    """The whole file: ``header`` then ``rows``, each cell through :func:`cell_text` and
    :func:`~cantine_supply.report.cells.spreadsheet_cell` (data, never a formula)."""
    buffer = io.StringIO(newline="")
    writer = spreadsheet_writer(buffer, delimiter=style.delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell_text(cell, style) for cell in row])
    return (BOM if style.bom else "") + buffer.getvalue()
