"""Small attrs validators shared by the model classes."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import attrs

from cantine_supply.model.codes import Label


def to_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """Converter: any iterable to a tuple (``converter=tuple`` defeats mypy's attrs plugin)."""
    return tuple(items)


def to_labels(items: Iterable[str]) -> tuple[Label, ...]:
    """Converter: label codes to a tuple of :class:`Label`."""
    return tuple(Label(item) for item in items)


def _is_number(value: object) -> bool:
    """An int or float, but not a bool (``True`` is an int to Python, not a quantity)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def finite_non_negative(_inst: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if not _is_number(value) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{attribute.name} must be a finite number >= 0, got {value!r}")


def finite_positive(_inst: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if not _is_number(value) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{attribute.name} must be a finite number > 0, got {value!r}")


def optional_positive(inst: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None:
        finite_positive(inst, attribute, value)


def optional_non_negative(inst: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None:
        finite_non_negative(inst, attribute, value)


def share(_inst: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not (_is_number(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{attribute.name} must be a share between 0 and 1, got {value!r}")


def months(_inst: Any, attribute: attrs.Attribute[Any], value: tuple[int, ...]) -> None:
    bad = [m for m in value if not isinstance(m, int) or not 1 <= m <= 12]
    if bad:
        raise ValueError(f"{attribute.name} must be months 1 to 12, got {bad}")


def weekdays(_inst: Any, attribute: attrs.Attribute[Any], value: tuple[int, ...]) -> None:
    bad = [d for d in value if not isinstance(d, int) or not 0 <= d <= 6]
    if bad:
        raise ValueError(f"{attribute.name} must be weekdays 0 (Monday) to 6 (Sunday), got {bad}")


def identifier(_inst: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} must be a non-empty text, got {value!r}")
