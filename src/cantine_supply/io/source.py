"""Reading files into plain data, and remembering where each value came from.

:class:`Problems` collects every :class:`~cantine_supply.errors.Problem` found while loading
a folder. :func:`read_toml` decodes one TOML file, turning every failure (missing file,
bytes that are not UTF-8, empty file, TOML syntax) into a problem instead of an exception.
:class:`LineIndex` finds the line of a table or key in the TOML text, so problems about
values (which ``tomllib`` does not locate) still point at a line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from cantine_supply.errors import InputError, Problem

#: A path to a value inside a document: keys, and 0-based indexes into arrays of tables.
FieldPath = tuple[str | int, ...]


def format_field(path: FieldPath) -> str:
    """``("offer", 2, "price_ht")`` -> ``"offer[3].price_ht"`` (indexes count from 1).

    A key with characters that do not print (a line break, a control character) is shown
    quoted and escaped, so that every problem stays on one line.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            key = part if part.isprintable() else repr(part)
            text += f".{key}" if text else key
    return text


class Problems:
    """Every problem found so far, in the order found."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, source: str, field: str, message: str, line: int | None = None) -> None:
        self.items.append(Problem(source=source, field=field, message=message, line=line))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def raise_if_any(self) -> None:
        """Raise one :class:`InputError` with every problem, grouped by file, if there are any.

        Within a file, problems keep the order they were found in, except that those with a
        line number are sorted by it (problems about the whole file come first).
        """
        if self.items:
            ordered = sorted(
                self.items, key=lambda p: (p.source, 0 if p.line is None else p.line)
            )
            raise InputError(ordered)


_HEADER = re.compile(
    r"^\s*(\[\[?)\s*([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*(\]\]?)\s*(#.*)?$"
)
_TRIPLE = re.compile(r'"""|\'\'\'')


class LineIndex:
    """Where the tables and keys of a TOML text are, by line number (from 1).

    Understands ``[table]``, ``[[array.of.tables]]`` headers with bare keys and ``key =``
    lines; anything fancier (quoted header keys, inline tables) is simply not located.
    """

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        #: concrete table path -> (header line, first line of the next table)
        self._tables: dict[FieldPath, tuple[int, int]] = {}
        self._in_strings: set[int] = set()  # lines inside multi-line strings
        self._scan()

    def _scan(self) -> None:
        current: dict[tuple[str, ...], int] = {}
        counts: dict[FieldPath, int] = {}
        starts: list[tuple[FieldPath, int]] = [((), 0)]
        in_string = False
        for number, raw in enumerate(self._lines, start=1):
            if in_string:
                self._in_strings.add(number)
            if len(_TRIPLE.findall(raw)) % 2 == 1:
                in_string = not in_string
                continue
            if in_string:
                continue
            match = _HEADER.match(raw)
            if not match or (match.group(1) == "[[") != (match.group(3) == "]]"):
                continue
            is_array = match.group(1) == "[["
            parts = [p.strip() for p in match.group(2).split(".")]
            concrete: list[str | int] = []
            for i, part in enumerate(parts):
                concrete.append(part)
                abstract = tuple(parts[: i + 1])
                if i == len(parts) - 1 and is_array:
                    key = tuple(concrete)
                    index = counts.get(key, 0)
                    counts[key] = index + 1
                    current[abstract] = index
                    concrete.append(index)
                elif abstract in current:
                    concrete.append(current[abstract])
            starts.append((tuple(concrete), number))
        for i, (path, start) in enumerate(starts):
            end = starts[i + 1][1] if i + 1 < len(starts) else len(self._lines) + 1
            self._tables.setdefault(path, (start, end))

    def line_of(self, table: FieldPath, key: str | None = None) -> int | None:
        """Line of ``key`` in ``table`` (or of the table's header), None when not found."""
        where = self._tables.get(table)
        if where is None:
            return None
        start, end = where
        if key is not None:
            pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*[=.]")
            for number in range(start + 1, end):
                if number not in self._in_strings and pattern.match(self._lines[number - 1]):
                    return number
            nested = self._tables.get((*table, key)) or self._tables.get((*table, key, 0))
            if nested is not None:
                return nested[0]
        return start if start > 0 else None


@attrs.frozen
class TomlFile:
    """A decoded TOML file: ``source`` is its path relative to the data folder."""

    source: str
    path: Path
    data: dict[str, Any]
    lines: LineIndex


#: ``price_ht = 7,40``: a number written with a decimal comma, as French spreadsheets do.
_COMMA_DECIMAL = re.compile(r"(?:^|[{,]\s*)([A-Za-z0-9_\-]+)\s*=\s*([+-]?[0-9]+),([0-9]+)\b")


def comma_decimal(text: str, line: int | None) -> tuple[str, str] | None:
    """``(key, message)`` when line ``line`` of ``text`` gives a key a number with a decimal
    comma (``price_ht = 7,40``), which TOML reads as a syntax error; else None."""
    if line is None or not 1 <= line <= len(text.splitlines()):
        return None
    found = _COMMA_DECIMAL.search(text.splitlines()[line - 1].split("#", 1)[0])
    if found is None:
        return None
    key, whole, decimals = found.groups()
    written = f"{whole},{decimals}"
    return key, f"{written} has a decimal comma; use a decimal point: {whole}.{decimals}"


_AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def read_toml(path: Path, source: str, problems: Problems) -> TomlFile | None:
    """Decode the TOML file at ``path``; on failure add a problem and return None."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.add(source, "", "file not found")
        return None
    except OSError as exc:
        problems.add(source, "", f"cannot read the file: {exc.strerror or exc}")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(
            source,
            "",
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            raw[: exc.start].count(b"\n") + 1,
        )
        return None
    if not text.strip():
        problems.add(source, "", "the file is empty")
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line: int | None = None
        at = _AT_LINE.search(message)
        if at:
            line = int(at.group(1))
            message = message[: at.start()]
        else:
            at_end = _AT_END.search(message)
            if at_end:
                line = max(1, len(text.splitlines()))
                message = message[: at_end.start()]
        comma = comma_decimal(text, line)
        if comma is not None:
            problems.add(source, comma[0], comma[1], line)
        else:
            problems.add(source, "", f"invalid TOML: {message}", line)
        return None
    return TomlFile(source=source, path=path, data=data, lines=LineIndex(text))
