"""Reading one table of a data file key by key, turning every bad value into a Problem.

A :class:`Table` is a :class:`~cantine_supply.io.table.FileTable` (a TOML table or a CSV
row, with the file it comes from and the path to it) with getters: they check one value
each (type, finiteness, range, known code) and return it, or record a problem and return
a placeholder: loaders read every key, then build the model object only if nothing was
recorded meanwhile, so one run reports every bad value. Unknown keys are refused when the
table is created.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Any, TypeVar

from cantine_supply.io.domains import MAXIMUM, shown
from cantine_supply.io.table import FileTable
from cantine_supply.io.text_rules import MAX_ID_LENGTH, MAX_TEXT_LENGTH
from cantine_supply.io.values import (
    WEEKDAYS,
    parse_number_text,
    show,
    unknown_message,
    unknown_weekday_message,
    weekday_code,
)

E = TypeVar("E", bound=StrEnum)


class Table(FileTable):
    """One table of a data file, read with checks (see :class:`~cantine_supply.io.table.
    FileTable`): each getter checks one value (type, finiteness, range, known code) and
    returns it, or records a problem and returns a placeholder."""

    # -- scalars ----------------------------------------------------------------------------

    def text(self, key: str, default: str | None = None, *,
             max_length: int = MAX_TEXT_LENGTH) -> str:
        """A text; required unless ``default`` is given. Must not be empty when required,
        hold a control character (:mod:`.text_rules`) or be longer than ``max_length``."""
        if not self._require(key, default is None):
            return default or ""
        value = self.data[key]
        if not isinstance(value, str):
            self.problem(key, f"expected a text, got {show(value)}")
            return ""
        value = value.strip() if self.text_cells else value
        if default is None and not value.strip():
            self.problem(key, "must not be empty")
        if not self.no_control(key, value):
            return ""
        if len(value) > max_length:
            self.problem(key, f"is {len(value)} characters long; at most {max_length}")
            return ""
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key, "") if self.has(key) else None

    def identifier(self, key: str, *, no_slash: bool = False) -> str:
        """A required id: non-empty text of at most ``MAX_ID_LENGTH`` characters (without
        ``/`` when ``no_slash``)."""
        value = self.text(key, max_length=MAX_ID_LENGTH)
        if no_slash and "/" in value:
            self.problem(key, f"must not contain '/', got {value!r}")
        return value

    def _number_value(self, key: str, value: object, *index: int) -> float | None:
        """Check ``value`` is a finite number; record a problem and return None otherwise."""
        if self.text_cells and isinstance(value, str):
            if not self.no_control(key, value, *index):
                return None
            parsed = parse_number_text(value)
            if parsed is None:
                self.problem(key, f"expected a number, got {show(value.strip())}", *index)
            return parsed
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            hint = ""
            if isinstance(value, str) and parse_number_text(value) is not None:
                hint = " (write numbers without quotes, with a decimal point)"
            self.problem(key, f"expected a number, got {show(value)}{hint}", *index)
            return None
        if not math.isfinite(value):
            self.problem(key, f"must be a finite number, got {show(value)}", *index)
            return None
        return float(value)

    def _bounds(
        self,
        key: str,
        value: float,
        minimum: float | None,
        positive: bool,
        maximum: float | None,
        *index: int,
    ) -> bool:
        text = shown(value)
        if positive and value <= 0:
            self.problem(key, f"must be > 0, got {text}", *index)
            return False
        if minimum is not None and value < minimum:
            self.problem(key, f"must be >= {minimum:g}, got {text}", *index)
            return False
        if maximum is not None and value > maximum:
            self.problem(key, f"must be <= {maximum:g}, got {text}", *index)
            return False
        return True

    def optional_number(
        self,
        key: str,
        *,
        minimum: float | None = 0.0,
        positive: bool = False,
        maximum: float | None = None,
    ) -> float | None:
        """A finite number (int or float, never a boolean), >= ``minimum`` (default 0) and
        <= ``maximum`` (default: the key's :data:`~cantine_supply.io.domains.MAXIMUM`)."""
        if not self._require(key, False):
            return None
        if maximum is None:
            maximum = MAXIMUM.get(key)
        value = self._number_value(key, self.data[key])
        if value is None or not self._bounds(key, value, minimum, positive, maximum):
            return None
        return value

    def number(
        self,
        key: str,
        default: float | None = None,
        *,
        minimum: float | None = 0.0,
        positive: bool = False,
        maximum: float | None = None,
    ) -> float:
        """Like :meth:`optional_number`, required unless ``default`` is given."""
        if not self._require(key, default is None):
            return 0.0 if default is None else default
        value = self.optional_number(key, minimum=minimum, positive=positive, maximum=maximum)
        return 0.0 if value is None else value

    def optional_share(self, key: str) -> float | None:
        """A fraction between 0 and 1 (``0.3`` means 30%)."""
        if not self._require(key, False):
            return None
        value = self._number_value(key, self.data[key])
        if value is None:
            return None
        if not 0.0 <= value <= 1.0:
            shown = show(int(value) if value.is_integer() else value)
            self.problem(key, f"must be a share between 0 and 1 (0.3 means 30%), got {shown}")
            return None
        return value

    def share(self, key: str, default: float) -> float:
        value = self.optional_share(key)
        return default if value is None else value

    def _integer_value(self, key: str, value: object, *index: int) -> int | None:
        if self.text_cells and isinstance(value, str):
            if not self.no_control(key, value, *index):
                return None
            text = value.strip()
            if not re.fullmatch(r"[+-]?[0-9]+", text):
                self.problem(key, f"expected a whole number, got {show(text)}", *index)
                return None
            return int(text)
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"expected a whole number, got {show(value)}", *index)
            return None
        return value

    def optional_integer(
        self, key: str, *, minimum: int | None = 0, maximum: int | None = None
    ) -> int | None:
        """A whole number >= ``minimum`` (default 0) and <= ``maximum`` (default: the key's
        :data:`~cantine_supply.io.domains.MAXIMUM`); ``2.0`` is accepted as 2."""
        if not self._require(key, False):
            return None
        if maximum is None and key in MAXIMUM:
            maximum = int(MAXIMUM[key])
        value = self._integer_value(key, self.data[key])
        if value is None:
            return None
        if minimum is not None and value < minimum:
            self.problem(key, f"must be >= {minimum}, got {value}")
            return None
        if maximum is not None and value > maximum:
            self.problem(key, f"must be <= {maximum}, got {value}")
            return None
        return value

    def integer(
        self,
        key: str,
        default: int | None = None,
        *,
        minimum: int | None = 0,
        maximum: int | None = None,
    ) -> int:
        if not self._require(key, default is None):
            return 0 if default is None else default
        value = self.optional_integer(key, minimum=minimum, maximum=maximum)
        return 0 if value is None else value

    def boolean(self, key: str, default: bool | None = None) -> bool:
        """``true`` or ``false``; required unless ``default`` is given."""
        if not self._require(key, default is None):
            return bool(default)
        value = self.data[key]
        if not isinstance(value, bool):
            self.problem(key, f"expected true or false, got {show(value)}")
            return False
        return value

    def optional_date(self, key: str) -> dt.date | None:
        """A TOML date (``2026-11-24``, no quotes, no time)."""
        if not self._require(key, False):
            return None
        value = self.data[key]
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            hint = " (without quotes)" if isinstance(value, str) else ""
            self.problem(key, f"expected a date like 2026-11-24{hint}, got {show(value)}")
            return None
        return value

    def date(self, key: str) -> dt.date:
        if not self._require(key, True):
            return dt.date.min
        return self.optional_date(key) or dt.date.min

    def _code(self, key: str, cls: type[E], value: object, what: str, *index: int) -> E | None:
        codes = [member.value for member in cls]
        if not isinstance(value, str):
            self.problem(key, f"expected a {what} code as text, got {show(value)}", *index)
            return None
        if not self.no_control(key, value, *index):
            return None
        text = value.strip()
        for code in codes:
            if code.lower() == text.lower():
                return cls(code)
        self.problem(key, unknown_message(what, text, codes), *index)
        return None

    def choice(self, key: str, cls: type[E], what: str, default: E | None = None) -> E:
        """One code of the enumeration ``cls`` (case does not matter); ``what`` names it."""
        if not self._require(key, default is None):
            return default if default is not None else next(iter(cls))
        value = self._code(key, cls, self.data[key], what)
        return value if value is not None else next(iter(cls))

    def _list(self, key: str, separator: str | None, example: str) -> list[Any] | None:
        if not self._require(key, False):
            return None
        value = self.data[key]
        if self.text_cells and isinstance(value, str):
            return [part.strip() for part in value.split(separator) if part.strip()]
        if not isinstance(value, list):
            self.problem(key, f"expected a list like {example}, got {show(value)}")
            return None
        return value

    def choices(self, key: str, cls: type[E], what: str) -> tuple[E, ...]:
        """A list of codes (in a CSV cell, separated by ``|``); empty when absent."""
        values = self._list(key, "|", '["BIO", "HVE"]') or []
        found = [self._code(key, cls, value, what, i) for i, value in enumerate(values)]
        return tuple(code for code in found if code is not None)

    def months(self, key: str) -> tuple[int, ...]:
        """Months 1 to 12 (in a CSV cell, separated by spaces); empty when absent."""
        values = self._list(key, None, "[1, 2, 12]") or []
        months: list[int] = []
        for i, value in enumerate(values):
            month = self._integer_value(key, value, i)
            if month is None:
                continue
            if not 1 <= month <= 12:
                self.problem(key, f"must be a month from 1 to 12, got {month}", i)
                continue
            months.append(month)
        return tuple(months)

    def _weekday(self, key: str, value: object, *index: int) -> int | None:
        if isinstance(value, str) and not self.no_control(key, value, *index):
            return None
        code = weekday_code(value) if isinstance(value, str) else None
        if code is not None:
            return WEEKDAYS.index(code)
        if isinstance(value, str):
            self.problem(key, unknown_weekday_message(value), *index)
        else:
            self.problem(key, f"expected a weekday like 'mon', got {show(value)}", *index)
        return None

    def weekday(self, key: str) -> int:
        """A required weekday ``mon`` .. ``sun``, as 0 (Monday) .. 6 (Sunday)."""
        if not self._require(key, True):
            return 0
        day = self._weekday(key, self.data[key])
        return 0 if day is None else day

    def weekdays(self, key: str) -> tuple[int, ...]:
        """A required, non-empty list of weekdays, as 0 (Monday) .. 6 (Sunday)."""
        if not self._require(key, True):
            return ()
        values = self._list(key, None, '["tue", "fri"]')
        if values is None:
            return ()
        if not values:
            self.problem(key, "must list at least one weekday")
        days = [self._weekday(key, value, i) for i, value in enumerate(values)]
        return tuple(day for day in days if day is not None)


