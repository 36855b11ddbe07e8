"""One table of a data file: where it is, which keys it may have, its nested tables, and
the problems recorded against it.

:class:`FileTable` wraps a TOML table (or a CSV row, whose cells are all text) with the
file it comes from and the path to it; unknown keys and control characters are refused
when it is created. :class:`~cantine_supply.io.fields.Table` adds the getters that read
and check one value each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Self, TypeVar

from cantine_supply.io.source import FieldPath, LineIndex, Problems, format_field
from cantine_supply.io.text_rules import first_control
from cantine_supply.io.values import closest, show, unknown_message

T = TypeVar("T")


class FileTable:
    """One table of a data file, read with checks; problems go to ``problems``.

    ``path`` locates the table in its file (``("offer", 2)`` is shown ``offer[3]``);
    ``keys`` are the keys it may have. TOML tables find their lines through ``lines``;
    a CSV row has one ``row_line`` and ``text_cells``: every value is text, an empty cell
    is an absent value, numbers may have a decimal comma.
    """

    def __init__(
        self,
        source: str,
        path: FieldPath,
        data: Mapping[str, Any],
        keys: Sequence[str],
        problems: Problems,
        *,
        lines: LineIndex | None = None,
        row_line: int | None = None,
        text_cells: bool = False,
    ) -> None:
        self.source = source
        self.path = path
        self.data = data
        self.keys = tuple(keys)
        self.problems = problems
        self.lines = lines
        self.row_line = row_line
        self.text_cells = text_cells
        self._guessed: set[str] = set()
        #: problems recorded about this table itself (not its nested tables)
        self.problem_count = 0
        #: keys of ``data`` that are not in ``keys`` (each reported)
        self.unknown_keys = [key for key in data if key not in self.keys]
        for key in self.unknown_keys:
            guess = closest(key, self.keys)
            if guess is not None and guess not in data:
                self._guessed.add(guess)  # do not also report it missing
            self.problem(key, unknown_message("key", key, self.keys))
        #: keys whose text holds a control character (each reported once, here)
        self._controlled: set[str] = set()
        for key, value in data.items():
            texts = value if isinstance(value, list) else [value]
            for index, text in enumerate(texts):
                if isinstance(text, str) and key not in self._controlled:
                    where = (index,) if isinstance(value, list) else ()
                    self.no_control(key, text, *where)

    # -- locating ---------------------------------------------------------------------------

    def field(self, *parts: str | int) -> str:
        return format_field(self.path + parts)

    def line(self, key: str | None = None) -> int | None:
        if self.row_line is not None:
            return self.row_line
        if self.lines is None:
            return None
        return self.lines.line_of(self.path, key)

    def problem(self, key: str | None, message: str, *index: int) -> None:
        """Record a problem about ``key`` (None: the table itself), ``index`` into its list."""
        field = self.field(key, *index) if key is not None else self.field()
        self.problems.add(self.source, field, message, self.line(key))
        self.problem_count += 1

    # -- presence ---------------------------------------------------------------------------

    def has(self, key: str) -> bool:
        value = self.data.get(key)
        if self.text_cells:
            return value is not None and str(value).strip() != ""
        return key in self.data

    def missing(self, key: str) -> None:
        """Record that the required ``key`` is absent (unless a typo of it was reported)."""
        if key in self._guessed:
            return
        if self.text_cells:
            self.problem(key, "required, but the cell is empty")
        else:
            self.problem(key, "missing required key")

    def _require(self, key: str, required: bool) -> bool:
        """True when the key is there; records a problem when it is required but absent."""
        assert key in self.keys, f"{key} is not a declared key"
        if self.has(key):
            return True
        if required:
            self.missing(key)
        return False

    def no_control(self, key: str, value: str, *index: int) -> bool:
        """True when ``value`` holds no control character (:mod:`.text_rules`); else a
        problem (once per key: every text of a table is checked when it is created) and
        False."""
        if key in self._controlled:
            return False
        control = first_control(value)
        if control is None:
            return True
        self._controlled.add(key)
        self.problem(key, f"holds the control character {control[1]} at character"
                          f" {control[0]}; remove it", *index)
        return False

    # -- nested tables ----------------------------------------------------------------------

    def _child(self, parts: FieldPath, data: Mapping[str, Any], keys: Sequence[str]) -> Self:
        return type(self)(
            self.source,
            self.path + parts,
            data,
            keys,
            self.problems,
            lines=self.lines,
            row_line=self.row_line,
            text_cells=self.text_cells,
        )

    def _header(self, key: str) -> str:
        """The TOML header naming the table under ``key``: ``offer.tier``."""
        return ".".join(p for p in (*self.path, key) if isinstance(p, str))

    def subtable(self, key: str, keys: Sequence[str], *, required: bool = False) -> Self | None:
        """The table under ``key`` (``[supplier.local]``), None when absent or not a table."""
        if not self.has(key):
            if required and key not in self._guessed:
                self.problem(key, f"missing required table [{self._header(key)}]")
            return None
        value = self.data[key]
        if not isinstance(value, dict):
            self.problem(key, f"expected a table [{self._header(key)}], got {show(value)}")
            return None
        return self._child((key,), value, keys)

    def subtables(self, key: str, keys: Sequence[str], *, required: bool = False) -> list[Self]:
        """The tables of the array of tables ``[[key]]``; empty when absent or malformed."""
        if not self.has(key):
            if required and key not in self._guessed:
                self.problem(key, f"needs at least one [[{self._header(key)}]] table")
            return []
        value = self.data[key]
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(key, f"expected [[{self._header(key)}]] tables, got {show(value)}")
            return []
        if required and not value:
            self.problem(key, f"needs at least one [[{self._header(key)}]] table")
        tables = []
        for i, item in enumerate(value):
            tables.append(self._child((key, i), item, keys))
        return tables

    # -- building ---------------------------------------------------------------------------

    def construct(
        self, cls: Callable[..., T], keys_of: Mapping[str, str] | None = None, /, **kwargs: Any
    ) -> T | None:
        """``cls(**kwargs)``, or None after turning its ValueError/TypeError into a problem.

        ``keys_of`` maps attribute names to file keys, so that a validator's message
        ("pack_quantity must be ...") is reported on the right field (``pack``).
        """
        try:
            return cls(**kwargs)
        except (ValueError, TypeError) as exc:
            message = str(exc)
            names = dict(keys_of or {})
            for attribute in kwargs:
                names.setdefault(attribute, attribute)
            for attribute, key in sorted(names.items(), key=lambda kv: -len(kv[0])):
                if message.startswith(attribute + " ") and key in self.keys:
                    self.problem(key, message[len(attribute) + 1 :])
                    return None
            self.problem(None, message)
            return None
