"""Weeks planned together as the data folder describes them: a horizon
(``horizons/*.toml``: the weeks, their budget and storage) and the storage capacities
(``storage.toml``), read by :mod:`cantine_supply.io.horizons` and
:mod:`cantine_supply.io.storage`."""

from __future__ import annotations

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.codes import Storage
from cantine_supply.model.week import Budget

#: Most weeks one horizon may hold.
MAX_WEEKS = 8


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
