"""A network of canteens that pool their orders: who they are and how goods reach them."""

from __future__ import annotations

from typing import Literal

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.catalogue import Catalogue

#: ``drops``: the supplier delivers each canteen's part of a pooled order to that canteen,
#: at its delivery fee per drop; ``hub``: the supplier delivers the whole pooled order to
#: one canteen (the hub) at one fee, and the network carries each other canteen's part
#: there at the canteen's transfer cost.
DeliveryMode = Literal["drops", "hub"]


@attrs.frozen
class NetworkCanteen:
    """One canteen of the network: its ``id`` and ``name``, the ``folder`` its data was
    read from (relative to the network folder), its data (``catalogue``: menus, covers,
    stock, collections, budget and targets, with the suppliers' offers) and, for a hub
    delivery, ``transfer_cost`` in EUR (no VAT) for carrying one day's goods from the hub
    to it."""

    id: str = attrs.field(validator=v.identifier)
    name: str
    folder: str
    catalogue: Catalogue
    transfer_cost: float = attrs.field(default=0.0, validator=v.finite_non_negative)


@attrs.frozen
class Network:
    """Canteens that pool their orders to the suppliers they share (same supplier id).

    ``delivery`` says how a pooled order is delivered (:data:`DeliveryMode`); ``hub`` is
    the id of the hub canteen with ``delivery = "hub"``."""

    name: str
    canteens: tuple[NetworkCanteen, ...] = attrs.field(converter=v.to_tuple)
    delivery: DeliveryMode = attrs.field(default="drops")
    hub: str | None = attrs.field(default=None)

    @delivery.validator
    def _known_mode(self, _attribute: attrs.Attribute[object], value: str) -> None:
        if value not in ("drops", "hub"):
            raise ValueError(f"delivery must be 'drops' or 'hub', got {value!r}")

    @hub.validator
    def _hub_is_a_canteen(self, _attribute: attrs.Attribute[object], value: str | None) -> None:
        if self.delivery == "hub" and value not in {c.id for c in self.canteens}:
            raise ValueError(f"the hub {value!r} is not one of the network's canteens")

    @property
    def canteen_by_id(self) -> dict[str, NetworkCanteen]:
        return {canteen.id: canteen for canteen in self.canteens}
