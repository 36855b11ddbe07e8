"""The one JSON converter: every result's ``to_json()`` goes through :data:`converter`.

Each result type registers its *hook* once, next to its definition (the layer that owns
the type: the plan here and in :mod:`cantine_supply.plans.plan_json`, the horizon, the
trade-off curve, the batch and the network in their use cases), so this module, low in the
plan layer, imports no result type and no layer above it. A hook returns the type's keys in
their fixed order; the converter finishes the values by one rule per kind:

- money (:class:`~decimal.Decimal`, already rounded to the cent) -> a number with its two
  decimals (the network's split writes its money as text instead, in its own hook);
- dates -> ``YYYY-MM-DD``; enumerations (a plan's status) -> their value;
- tuples -> lists; dicts and lists -> converted item by item; text, numbers, booleans and
  ``null`` as they are; anything else is an error (a type with no hook).

Quantities and shares are rounded to 6 decimals by the hooks (:func:`rounded`), as the
schema (``cantine_supply/schema/plan.schema.json``, version :data:`SCHEMA_VERSION`) says.
:func:`dumps` writes the converted data as the files do (UTF-8 text, two-space indent).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from cantine_supply.optimize.decisions import SolverReport

#: The version of the plan's JSON schema, written by the week's and the horizon's plans.
SCHEMA_VERSION = "1.0"

#: Solver fields that vary from run to run; everything else is byte-identical.
TIMING_FIELDS = ("time_s",)

T = TypeVar("T")
Hook = Callable[[Any], Any]


def rounded(x: float | None) -> float | None:
    """A quantity (base unit), share (fraction) or solver figure, rounded to 6 decimals."""
    return None if x is None else round(x, 6)


class Converter:
    """Result objects to JSON-ready data: a hook per registered type, then one rule per
    kind of value (see the module docstring)."""

    def __init__(self) -> None:
        self._hooks: dict[type, Hook] = {}

    def register(self, cls: type[T]) -> Callable[[Callable[[T], Any]], Callable[[T], Any]]:
        """Decorator: the function gives the JSON form of ``cls`` (one hook per type)."""
        def add(hook: Callable[[T], Any]) -> Callable[[T], Any]:
            if cls in self._hooks:
                raise ValueError(f"{cls.__name__} already has a JSON hook")
            self._hooks[cls] = hook
            return hook
        return add

    def knows(self, cls: type) -> bool:
        """Whether ``cls`` has a hook."""
        return cls in self._hooks

    def unstructure(self, value: Any) -> Any:
        """``value`` as data :func:`json.dumps` writes (dicts, lists, text, numbers)."""
        kind = type(value)
        if kind in _PLAIN:  # the commonest first: a plan has thousands of these
            return value
        if kind is dict:
            return {key: self.unstructure(item) for key, item in value.items()}
        if kind is list or kind is tuple:
            return [self.unstructure(item) for item in value]
        hook = self._hooks.get(kind)
        if hook is not None:
            return self.unstructure(hook(value))
        if kind is Decimal:
            return float(value)
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str | bool | int | float):
            return value
        if isinstance(value, dict):
            return {key: self.unstructure(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.unstructure(item) for item in value]
        raise TypeError(f"no JSON form for {kind.__name__}: register a hook")


#: Values written as they are (their exact types; an enumeration is not among them).
_PLAIN = frozenset({str, int, float, bool, type(None)})


#: The converter every ``to_json()`` uses.
converter = Converter()


def dumps(data: Any) -> str:
    """``data`` converted and written as in the output files: UTF-8 text (no ``\\u``
    escapes), two-space indent, a final line break."""
    return json.dumps(converter.unstructure(data), indent=2, ensure_ascii=False) + "\n"


@converter.register(SolverReport)
def _solver(report: SolverReport) -> dict[str, Any]:
    """What the solver said, as the plans write it (the time to the millisecond)."""
    return {
        "name": report.solver,
        "termination": report.termination,
        "time_s": round(report.time_s, 3),
        "gap": rounded(report.gap),
        "bound": rounded(report.bound),
        "objective": rounded(report.objective),
    }
