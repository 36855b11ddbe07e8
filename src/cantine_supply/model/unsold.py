"""Collections of unsold food (*invendus*) and stock on hand."""

from __future__ import annotations

import datetime as dt
import math

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.codes import Label
from cantine_supply.model.targets import TARGETS

#: VAT on collected unsold food: the reduced rate of food (5.5%); a collection round's TTC
#: is each item's HT amount times ``1 + COLLECTED_VAT_RATE``, rounded to the cent.
COLLECTED_VAT_RATE = 0.055


@attrs.frozen
class CollectionItem:
    """What a collection round usually yields of one ingredient, in its base unit.

    The weekly planner counts on ``guaranteed`` (the amount the shop commits to, the
    minimum of the range); ``expected`` is the usual amount and ``maximum`` the most a round
    brings (None: ``expected``). ``history`` lists what past rounds brought (base unit, oldest
    first), for scenarios sampled from the past (:mod:`cantine_supply.scenarios`).
    """

    ingredient: str = attrs.field(validator=v.identifier)
    guaranteed: float = attrs.field(validator=v.finite_non_negative)
    expected: float = attrs.field(validator=v.finite_non_negative)
    price_ht: float = attrs.field(default=0.0, validator=v.finite_non_negative)
    maximum: float | None = attrs.field(default=None, validator=v.optional_non_negative)
    history: tuple[float, ...] = attrs.field(default=(), converter=v.to_tuple)

    @property
    def most(self) -> float:
        """The most a round brings (base unit): ``maximum``, else ``expected``."""
        return self.expected if self.maximum is None else self.maximum

    @maximum.validator
    def _maximum_covers_expected(self, _a: attrs.Attribute[object], value: float | None) -> None:
        if value is not None and value < self.expected:
            raise ValueError(f"maximum ({value}) must be >= expected ({self.expected})")

    @history.validator
    def _history_amounts(self, _a: attrs.Attribute[object], value: tuple[float, ...]) -> None:
        if any(not math.isfinite(x) or x < 0 for x in value):
            raise ValueError(f"history amounts must be finite and >= 0, got {value}")

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


#: Targets that may hold in expectation over the scenarios instead of in every one.
EXPECTATION_TARGETS: tuple[str, ...] = tuple(TARGETS)


@attrs.frozen
class Recourse:
    """What the manager does on the day when a collection brings less than planned.

    ``supplier`` names a supplier of the data folder (a nearby shop, the cash-and-carry)
    whose offers are bought on any service day at their prices, with no lead time and no
    minimum order; each day it is used costs ``trip_cost`` (EUR, no VAT, like a collection
    trip). ``in_expectation`` lists the targets (names of :data:`EXPECTATION_TARGETS`) that
    need hold only on average over the scenarios; the others hold in every scenario.
    ``scenarios`` (None: 1, the weekly plan) and ``seed`` set the week's default scenarios.
    """

    supplier: str = attrs.field(validator=v.identifier)
    trip_cost: float = attrs.field(default=0.0, validator=v.finite_non_negative)
    in_expectation: tuple[str, ...] = attrs.field(default=(), converter=v.to_tuple)
    scenarios: int | None = attrs.field(default=None, validator=v.optional_positive)
    seed: int = 0

    @in_expectation.validator
    def _known_targets(self, _a: attrs.Attribute[object], value: tuple[str, ...]) -> None:
        unknown = [name for name in value if name not in EXPECTATION_TARGETS]
        if unknown:
            raise ValueError(
                f"in_expectation names unknown targets {unknown}; expected some of"
                f" {', '.join(EXPECTATION_TARGETS)}"
            )
