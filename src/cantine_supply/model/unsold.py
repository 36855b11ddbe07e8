"""Collections of unsold food (*invendus*) and stock on hand."""

from __future__ import annotations

import datetime as dt

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.codes import Label


@attrs.frozen
class CollectionItem:
    """What a collection round usually yields of one ingredient, in its base unit.

    The planner counts on ``guaranteed`` (the amount the shop commits to); ``expected`` is
    the usual amount, for reports and what-if studies.
    """

    ingredient: str = attrs.field(validator=v.identifier)
    guaranteed: float = attrs.field(validator=v.finite_non_negative)
    expected: float = attrs.field(validator=v.finite_non_negative)
    price_ht: float = attrs.field(default=0.0, validator=v.finite_non_negative)

    @expected.validator
    def _expected_covers_guaranteed(self, _a: attrs.Attribute[object], value: float) -> None:
        if value < self.guaranteed:
            raise ValueError(f"expected ({value}) must be >= guaranteed ({self.guaranteed})")


@attrs.frozen
class Collection:
    """A round to collect unsold food from a shop or market, on a weekday (0 = Monday).

    ``trip_cost`` (EUR, no VAT) values the time and fuel of the trip; items are usually
    free (``price_ht`` 0). ``labels`` apply to everything collected (organic shops: BIO).
    ``always``: the round is made every week it falls in (a promise to the shop), whether
    it pays or not; otherwise the planner makes it only when it lowers the cost.
    """

    id: str = attrs.field(validator=v.identifier)
    name: str
    weekday: int = attrs.field(
        validator=attrs.validators.and_(v.finite_non_negative, attrs.validators.le(6))
    )
    items: tuple[CollectionItem, ...] = attrs.field(converter=v.to_tuple)
    trip_cost: float = attrs.field(default=0.0, validator=v.finite_non_negative)
    labels: tuple[Label, ...] = attrs.field(default=(), converter=v.to_labels)
    distance_km: float = attrs.field(default=0.0, validator=v.finite_non_negative)
    always: bool = False


@attrs.frozen
class StockLot:
    """Stock on hand: ``quantity`` of an ingredient (base unit), usable until ``best_before``."""

    ingredient: str = attrs.field(validator=v.identifier)
    quantity: float = attrs.field(validator=v.finite_non_negative)
    best_before: dt.date | None = None
    unit_cost_ht: float = attrs.field(default=0.0, validator=v.finite_non_negative)

    def usable_on(self, day: dt.date) -> bool:
        return self.best_before is None or day <= self.best_before
