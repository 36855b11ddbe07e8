"""What the journal holds, as frozen records in the canteen's words.

Quantities are in the ingredient's base unit (``unit`` says which: kg, L or piece); money
is whole cents excluding tax (HT) where the name ends in ``_cents``; dates are
:class:`datetime.date`.
"""

from __future__ import annotations

import datetime as dt

import attrs

from cantine_supply.model.codes import Family, Label, LocalDefinition, Origin


@attrs.frozen
class OrderedLine:
    """A line of a committed plan's order: ``packs`` of ``offer`` for ``delivery_date``."""

    delivery_date: dt.date
    supplier: str
    offer: str
    ingredient: str
    product: str
    packs: int
    pack_quantity: float
    unit: str
    price_per_pack_ht: float
    total_ht_cents: int
    vat_rate: float

    @property
    def key(self) -> tuple[dt.date, str, str]:
        return (self.delivery_date, self.supplier, self.offer)


@attrs.frozen
class PlannedCollection:
    """What a committed plan expects a collection round to bring of one ingredient."""

    collection: str
    date: dt.date
    ingredient: str
    quantity: float
    unit: str


@attrs.frozen
class Commit:
    """A plan sent to the suppliers for ``week`` (the latest commit of a week counts)."""

    id: int
    week: str
    recorded_at: str
    replaces: int | None
    total_ht_cents: int
    lines: tuple[OrderedLine, ...]
    collections: tuple[PlannedCollection, ...]


@attrs.frozen
class DeliveredLine:
    """What a delivery note says of one product: ``packs`` delivered (``quantity`` in the
    base unit) and ``invoiced_ht_cents`` invoiced. ``ordered_packs`` is 0 for a product the
    supplier sent instead of ``replaces``; a missing item has ``packs`` 0 and costs 0.
    ``family``, ``labels``, ``origin`` and the local/short-chain facts are those of the
    offer and supplier when the delivery was recorded (what ma cantine is told)."""

    week: str
    delivery_date: dt.date
    supplier: str
    supplier_name: str
    offer: str
    ingredient: str
    product: str
    ordered_packs: int
    packs: int
    quantity: float
    unit: str
    invoiced_ht_cents: int
    vat_rate: float
    family: Family
    labels: tuple[Label, ...]
    origin: Origin
    circuit_court: bool
    local: bool
    local_definition: LocalDefinition | None = None
    local_km: float | None = None
    replaces: str | None = None
    id: int | None = None

    @property
    def key(self) -> tuple[dt.date, str, str]:
        return (self.delivery_date, self.supplier, self.offer)

    @property
    def missing(self) -> bool:
        return self.packs == 0


@attrs.frozen
class CollectedItem:
    """What a collection round really brought of one ingredient (``guaranteed`` is what
    the round guarantees, 0 for an ingredient it does not list)."""

    week: str
    collection: str
    date: dt.date
    ingredient: str
    guaranteed: float
    quantity: float
    unit: str

    @property
    def key(self) -> tuple[str, dt.date, str]:
        return (self.collection, self.date, self.ingredient)


@attrs.frozen
class CountedLot:
    """A lot found at a stock count; ``best_before`` None keeps indefinitely."""

    ingredient: str
    quantity: float
    unit: str
    best_before: dt.date | None
    unit_cost_ht: float


@attrs.frozen
class StockCount:
    """A stock count made on ``counted_on`` (the lots there at the end of that day)."""

    id: int
    counted_on: dt.date
    recorded_at: str
    source: str
    lots: tuple[CountedLot, ...]


@attrs.frozen
class Export:
    """A ma cantine file written from the journal: ``rows`` purchases into ``path``."""

    id: int
    exported_at: str
    date_from: dt.date
    date_to: dt.date
    path: str
    rows: int

