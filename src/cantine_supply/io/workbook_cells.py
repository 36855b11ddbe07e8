"""Cells of a data workbook to the values a data folder's TOML holds, and back.

The reader turns each non-empty cell into the value its key would have in a TOML file
(:func:`cell_to_value`) and leaves every check to the folder's loaders, so a workbook is
validated by the same rules, written once. A value that cannot be converted is passed on
as it is, and the loader refuses it with its usual message ("expected a number, got
'douze'"). The writer does the inverse (:func:`value_to_cell`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from cantine_supply.io.values import parse_number_text
from cantine_supply.io.workbook_sheets import Kind

_SPLIT = re.compile(r"[\s,;|]+")
_SPLIT_RECIPES = re.compile(r"\s*[|,;\n]\s*")
_TRUE = frozenset({"oui", "vrai", "true", "yes", "1"})
_FALSE = frozenset({"non", "faux", "false", "no", "0"})


def is_empty(value: object) -> bool:
    """True for an empty cell (None, or text of blanks only)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _number_text(value: float) -> str:
    """``12.0`` -> ``"12"``, ``2.5`` -> ``"2.5"``: a number typed where text is expected."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _as_number(value: object) -> object:
    if isinstance(value, str):
        parsed = parse_number_text(value)
        return value.strip() if parsed is None else _whole(parsed)
    return value


def _whole(value: float) -> float | int:
    """Whole numbers as ``int`` (as TOML reads ``40``), others as ``float``."""
    return int(value) if value.is_integer() else value


def _as_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value.strip()
    return value


def _as_bool(value: object) -> object:
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        return value.strip()
    return value


def _as_list(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [_whole(float(value))]
    if isinstance(value, str):
        parts = [part for part in _SPLIT.split(value.strip()) if part]
        return [int(part) if part.isdigit() else part for part in parts]
    return value


def _as_text(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_text(float(value))
    return value.strip() if isinstance(value, str) else value


def _as_tiers(value: object) -> object:
    """``"4:15.20 10:14.50"`` -> ``[{min_packs: 4, price_ht: 15.2}, ...]``.

    A part without a colon becomes a tier with only ``min_packs``, which the loader refuses
    (``price_ht`` missing); bad numbers stay text and are refused as such.
    """
    if not isinstance(value, str):
        return value
    tiers: list[dict[str, Any]] = []
    for part in value.split():
        packs, colon, price = part.partition(":")
        tier: dict[str, Any] = {"min_packs": _as_number(packs)}
        if colon:
            tier["price_ht"] = _as_number(price)
        tiers.append(tier)
    return tiers


def _as_recipes(value: object) -> object:
    if isinstance(value, str):
        parts = [part for part in _SPLIT_RECIPES.split(value.strip()) if part]
        return parts[0] if len(parts) == 1 else parts
    return value


def _as_lines(value: object) -> object:
    """A cell of several lines (Alt+Entrée) -> the list of its non-empty lines; one line
    -> that text (``canteen.toml`` accepts both)."""
    if not isinstance(value, str):
        return _as_text(value)
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    return lines if len(lines) > 1 else value.strip()


_CONVERT = {
    Kind.TEXT: _as_text,
    Kind.NUMBER: _as_number,
    Kind.DATE: _as_date,
    Kind.BOOL: _as_bool,
    Kind.LIST: _as_list,
    Kind.QUANTITY: _as_text,
    Kind.TIERS: _as_tiers,
    Kind.RECIPES: _as_recipes,
    Kind.LINES: _as_lines,
}


def cell_to_value(value: object, kind: Kind) -> object:
    """The TOML value of a non-empty cell of ``kind`` (unconvertible cells pass as they are)."""
    return _CONVERT[kind](value)


def value_to_cell(value: object, kind: Kind) -> object:
    """What the writer puts in a cell for the TOML (or CSV text) ``value`` of ``kind``.

    Lists become one text (codes separated by spaces; recipes by `` | ``), tier tables the
    ``"4:15.2 10:14.5"`` text, street lines one text of several lines, numbers written as
    text in a CSV price list become numbers.
    """
    if kind is Kind.NUMBER and isinstance(value, str):
        parsed = parse_number_text(value)
        return value if parsed is None else _whole(parsed)
    if kind is Kind.TIERS and isinstance(value, list):
        return " ".join(f"{tier['min_packs']}:{tier['price_ht']!r}" for tier in value)
    if kind is Kind.RECIPES and isinstance(value, list):
        return " | ".join(str(part) for part in value)
    if kind is Kind.LINES and isinstance(value, list):
        return "\n".join(str(part) for part in value)
    if kind is Kind.LIST and isinstance(value, list):
        return " ".join(str(part) for part in value)
    if kind is Kind.LIST and isinstance(value, str):
        return " ".join(part for part in _SPLIT.split(value.strip()) if part)
    return value
