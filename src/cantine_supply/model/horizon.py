"""Weeks planned together as the data folder describes them: a horizon
(``horizons/*.toml``: the weeks, their budget and storage) and the storage capacities
(``storage.toml``), read by :mod:`cantine_supply.io.horizons` and
:mod:`cantine_supply.io.storage`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.codes import Storage
from cantine_supply.model.week import Budget, Week

#: Most weeks one horizon may hold.
MAX_WEEKS = 8


def not_consecutive(weeks: Sequence[Week]) -> tuple[int, str] | None:
    """The first week of ``weeks`` that does not follow the one before it, as its index
    and what is wrong; None when they are consecutive.

    The rule of a horizon, in a horizon file and in the library alike: each week's first
    service falls in the calendar week (Monday to Sunday) after the previous week's first
    service. (So a week listed twice, or two variants of the same week, are refused.)
    """
    for index, (before, after) in enumerate(zip(weeks, weeks[1:], strict=False), start=1):
        if _monday(after.first_day) - _monday(before.first_day) != dt.timedelta(days=7):
            return index, (f"weeks must be consecutive: {after.id!r} (first service"
                           f" {after.first_day}) is not the calendar week after {before.id!r}"
                           f" (first service {before.first_day})")
    return None


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@attrs.frozen
class StorageCapacity:
    """The most food each storage class holds at the end of a week, in **kg** (None: no
    limit). ``ambient`` is the dry store's shelves, ``chilled`` the cold rooms and
    fridges, ``frozen`` the freezers. Food counted in L or pieces is converted with its
    ingredient's ``kg_per_unit`` (density or piece weight); an ingredient without a known
    mass per unit counts for nothing."""

    ambient_kg: float | None = attrs.field(default=None, validator=v.optional_non_negative)
    chilled_kg: float | None = attrs.field(default=None, validator=v.optional_non_negative)
    frozen_kg: float | None = attrs.field(default=None, validator=v.optional_non_negative)

    def limit(self, storage: Storage) -> float | None:
        """The capacity in kg of ``storage`` (None: no limit)."""
        return {
            Storage.AMBIENT: self.ambient_kg,
            Storage.CHILLED: self.chilled_kg,
            Storage.FROZEN: self.frozen_kg,
        }[storage]


@attrs.frozen
class Horizon:
    """Consecutive weeks planned together (``cantine-supply horizon --horizon ID``).

    ``budget`` (None: each week keeps its own) replaces the weekly budgets, as
    ``plan_horizon(horizon_budget=...)``; ``budget_note`` says how it was set.
    ``storage`` holds the capacities in kg this horizon sets (None: the data folder's
    ``storage.toml``, else no limit), class by class (:meth:`storage_over`).
    """

    id: str
    name: str
    weeks: tuple[str, ...]
    budget: Budget | None = None
    budget_note: str = ""
    storage: StorageCapacity = StorageCapacity()

    def storage_over(self, base: StorageCapacity | None) -> StorageCapacity:
        """``base`` with each capacity this horizon sets replacing the base's."""
        base = base or StorageCapacity()
        return StorageCapacity(
            self.storage.ambient_kg if self.storage.ambient_kg is not None else base.ambient_kg,
            self.storage.chilled_kg if self.storage.chilled_kg is not None else base.chilled_kg,
            self.storage.frozen_kg if self.storage.frozen_kg is not None else base.frozen_kg,
        )
