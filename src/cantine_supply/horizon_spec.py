"""A horizon described in the data folder (``horizons/*.toml``): the weeks to plan together,
their budget and storage, read by :mod:`cantine_supply.io.horizons`."""

from __future__ import annotations

import attrs

from cantine_supply.horizon_problem import StorageCapacity
from cantine_supply.model import Budget


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
