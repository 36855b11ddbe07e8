"""How LibreOffice Calc (or Excel) in a French locale reads a CSV opened by double-click,
as a strict parser, for tests on machines without LibreOffice.

- the bytes are UTF-8 only when they start with a byte-order mark (without it Calc and
  Excel take the locale's 8-bit code page, and accents break): no BOM is an error here;
- fields are separated by ``;`` (the French list separator), quoted with ``"``;
- a cell is a **number** only when written the French way: digits, an optional decimal
  comma, optional thin or no-break spaces between thousands (``1 234,50``); ``5.20`` is
  *not* a number (Calc keeps it as text, or worse reads ``5.12`` as a date);
- ``2026-11-24`` (ISO 8601) is a date in every locale;
- everything else is text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

BOM = b"\xef\xbb\xbf"
_NUMBER = re.compile(r"^[+-]?(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:,[0-9]+)?$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

Cell = float | dt.date | str


def cell(text: str) -> Cell:
    """One cell's value as Calc's French locale reads it."""
    if _NUMBER.match(text):
        return float(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))
    if _ISO_DATE.match(text):
        return dt.date.fromisoformat(text)
    return text


def read_calc_fr(raw: bytes) -> list[list[Cell]]:
    """Every row of the CSV file ``raw``, cells typed as Calc's French locale types them;
    AssertionError when the file would not open as UTF-8 with ``;`` columns."""
    assert raw.startswith(BOM), "no UTF-8 byte-order mark: a French spreadsheet reads Windows-1252"
    text = raw[len(BOM):].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True))
    assert rows and len(rows[0]) > 1, "one column only: the separator is not ';'"
    assert all(len(row) == len(rows[0]) for row in rows), "rows of different widths"
    return [[cell(value) for value in row] for row in rows]
