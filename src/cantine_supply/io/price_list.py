"""CSV price lists: more offers of a supplier, one per row, as spreadsheets export them.

French spreadsheet habits are accepted: ``;`` or ``,`` as separator (read from the header
line), decimal commas, UTF-8 with or without a byte-order mark, or Windows-1252 (a file
entirely in it, see :func:`decode_csv`). Any other encoding, and a file mixing two, is
refused with a message naming the line and saying how to save the file. Every row has
exactly the header's cells (a row cut short or with a cell too many is refused).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from cantine_supply.io.context import LoadContext
from cantine_supply.io.fields import Table
from cantine_supply.io.offers import read_offer
from cantine_supply.io.values import unknown_message
from cantine_supply.model import Offer

#: Columns of a price list; the first five are required.
COLUMNS = (
    "id",
    "ingredient",
    "product",
    "pack",
    "price_ht",
    "net",
    "vat_rate",
    "labels",
    "origin",
    "months_available",
    "max_packs",
    "max_packs_per_delivery",
    "tiers",
)
REQUIRED_COLUMNS = COLUMNS[:5]

_SAVE_AS = "save it from the spreadsheet as 'CSV UTF-8'"


#: A valid UTF-8 sequence of two to four bytes (RFC 3629): in a file that is not UTF-8 as a
#: whole, one of these means the file mixes UTF-8 with another encoding.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def decode_csv(raw: bytes) -> tuple[str | None, str, int | None]:
    """``(text, "", None)`` for UTF-8 bytes (with or without a BOM), or for bytes that are
    entirely Windows-1252 and not UTF-8; else ``(None, why, line)``, ``line`` being the line
    of the first bad byte when there is one. A file that is not UTF-8 but holds UTF-8
    sequences (``é`` as ``C3 A9``) mixes two encodings: it is refused, not guessed (read as
    Windows-1252 every accent would turn into ``Ã©``)."""
    if raw.startswith(codecs.BOM_UTF8):
        body = raw[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8"), "", None
        except UnicodeDecodeError as exc:
            line = _line_of(body, exc.start)
            return None, (f"it starts like UTF-8 but byte 0x{body[exc.start]:02x} on line {line}"
                          f" is not UTF-8; {_SAVE_AS}"), line
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw:
        return None, f"it is UTF-16 or binary, not text in UTF-8 or Windows-1252; {_SAVE_AS}", None
    try:
        return raw.decode("utf-8"), "", None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    line = _line_of(raw, first_bad)
    if _UTF8_MULTIBYTE.search(raw):
        return None, (f"it mixes encodings: byte 0x{raw[first_bad]:02x} on line {line} is not"
                      f" UTF-8 but the rest of the file is; fix that line or {_SAVE_AS}"), line
    try:
        return raw.decode("cp1252"), "", None
    except UnicodeDecodeError as exc:
        line = _line_of(raw, exc.start)
        return None, (f"it is neither UTF-8 nor Windows-1252 (byte 0x{raw[exc.start]:02x} on"
                      f" line {line}); {_SAVE_AS}"), line


def _line_of(raw: bytes, offset: int) -> int:
    """The line (from 1) of the byte at ``offset``."""
    return raw[:offset].count(b"\n") + 1


def sniff_separator(header: str) -> str:
    """``;`` or ``,``: whichever splits the header line into more known column names."""
    def known(separator: str) -> int:
        return sum(1 for name in header.split(separator) if name.strip() in COLUMNS)

    return ";" if known(";") >= known(",") and ";" in header else ","


def load_price_list(ctx: LoadContext, path: Path, supplier_id: str) -> list[Offer]:
    """Offers of ``supplier_id`` from the CSV file at ``path``; problems go to ``ctx``."""
    source = ctx.source(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        ctx.problems.add(source, "", f"cannot read the file: {exc.strerror or exc}")
        ctx.unsure.add("provision")
        return []
    text, why, bad_line = decode_csv(raw)
    if text is None:
        ctx.problems.add(source, "", f"cannot read the file: {why}", bad_line)
        ctx.unsure.add("provision")
        return []
    if not text.strip():
        ctx.problems.add(source, "", "the file is empty (expected a header line and rows)")
        return []
    separator = sniff_separator(text.splitlines()[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = [name.strip() for name in next(reader)]
    if not _check_header(ctx, source, header):
        ctx.unsure.add("provision")
        return []
    offers: list[Offer] = []
    previous_end = reader.line_num
    for cells in reader:
        line, previous_end = previous_end + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            ctx.problems.add(
                source,
                "",
                f"the row has {len(cells)} cells but the header has {len(header)} columns"
                f" (is a '{separator}' missing quotes?)",
                line,
            )
            ctx.unsure.add("provision")
            continue
        if any(name for name in header[len(cells) :]):
            ctx.problems.add(
                source,
                "",
                f"the row has {len(cells)} cells but the header has {len(header)} columns:"
                f" {', '.join(n for n in header[len(cells):] if n)} missing (is the row cut"
                f" short? an empty cell still needs its '{separator}')",
                line,
            )
            ctx.unsure.add("provision")
            continue
        row = {
            name: cell.strip() for name, cell in zip(header, cells, strict=False) if name
        }
        if any(cell.strip() for name, cell in zip(header, cells, strict=False) if not name):
            ctx.problems.add(source, "", "a cell is under a column without a name", line)
        table = Table(source, (), row, COLUMNS, ctx.problems, row_line=line, text_cells=True)
        offer = read_offer(ctx, table, supplier_id)
        if offer is not None:
            offers.append(offer)
    return offers


def _check_header(ctx: LoadContext, source: str, header: list[str]) -> bool:
    """Record problems about the header line; True when the rows can be read."""
    ok = True
    for index, name in enumerate(header):
        if not name:
            continue  # spreadsheets often export empty trailing columns
        if name not in COLUMNS:
            ctx.problems.add(source, name, unknown_message("column", name, COLUMNS), 1)
            ok = False
        elif name in header[:index]:
            ctx.problems.add(source, name, "column appears twice in the header", 1)
            ok = False
    for name in REQUIRED_COLUMNS:
        if name not in header:
            ctx.problems.add(source, name, "missing required column", 1)
            ok = False
    return ok
