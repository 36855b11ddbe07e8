"""The result of planning a week: orders, collections, stock used, indicators, status.

A :class:`Plan` is frozen and self-describing: it can be verified against the problem
(:mod:`cantine_supply.verification.week`), turned into JSON (:meth:`Plan.to_json`) and rendered as
order forms and reports. Money is rounded to the cent once, per line; every total is the
sum of rounded lines, so totals add up to the cent in every output.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from cantine_supply.model.unsold import COLLECTED_VAT_RATE
from cantine_supply.optimize.decisions import PlanStatus, Serving, SolverReport
from cantine_supply.plans.to_json import converter

CENT = Decimal("0.01")


def to_cents(amount: float | Decimal) -> Decimal:
    """Round an amount in EUR to the cent, half up (how invoices round)."""
    return Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)


def ttc(amount_ht: Decimal, vat_rate: float) -> Decimal:
    """The amount including VAT, rounded to the cent."""
    return to_cents(amount_ht * (1 + Decimal(str(vat_rate))))


@attrs.frozen
class OrderLine:
    """Packs of one offer in an order; amounts in EUR, rounded to the cent."""

    offer: str
    ingredient: str
    product: str
    packs: int
    pack_quantity: float
    unit: str
    pack_label: str
    price_per_pack_ht: float
    vat_rate: float
    total_ht: Decimal
    total_ttc: Decimal
    labels: tuple[str, ...]
    local: bool
    circuit_court: bool

    @property
    def quantity(self) -> float:
        return self.packs * self.pack_quantity


@attrs.frozen
class Order:
    """One order to one supplier for one delivery day."""

    supplier: str
    supplier_name: str
    delivery_date: dt.date
    lines: tuple[OrderLine, ...]
    delivery_fee_ht: Decimal
    fee_vat_rate: float
    min_order_ht: float

    @property
    def lines_ht(self) -> Decimal:
        return sum((line.total_ht for line in self.lines), Decimal(0))

    @property
    def total_ht(self) -> Decimal:
        return self.lines_ht + self.delivery_fee_ht

    @property
    def delivery_fee_ttc(self) -> Decimal:
        return ttc(self.delivery_fee_ht, self.fee_vat_rate)

    @property
    def total_ttc(self) -> Decimal:
        return sum((line.total_ttc for line in self.lines), Decimal(0)) + self.delivery_fee_ttc


@attrs.frozen
class CollectedItem:
    ingredient: str
    quantity: float
    unit: str
    total_ht: Decimal


@attrs.frozen
class CollectionRun:
    """A collection round to make, with what to take (on the guaranteed amounts)."""

    collection: str
    name: str
    date: dt.date
    trip_cost: Decimal
    items: tuple[CollectedItem, ...]

    @property
    def items_ht(self) -> Decimal:
        return sum((i.total_ht for i in self.items), Decimal(0))

    @property
    def items_ttc(self) -> Decimal:
        return sum((ttc(i.total_ht, COLLECTED_VAT_RATE) for i in self.items), Decimal(0))


@attrs.frozen
class Quantity:
    """An ingredient's quantity in its base unit (used for needs, stock used, leftovers)."""

    ingredient: str
    quantity: float
    unit: str


@attrs.frozen
class Leftover:
    """Food bought or collected and not served this week; ``waste`` when it will not keep to
    the same day next week."""

    ingredient: str
    quantity: float
    unit: str
    source: str
    waste: bool


@attrs.frozen
class CollectedNotUsed:
    """Food a collection round brings (``collection`` on ``date``) that no service uses this
    week: ``collected`` and ``served`` of ``ingredient`` in its base unit, and ``waste`` when
    it will not keep to the same day next week. The canteen gives it away or keeps it."""

    collection: str
    date: dt.date
    ingredient: str
    collected: float
    served: float
    unit: str
    waste: bool

    @property
    def left(self) -> float:
        return self.collected - self.served


@attrs.frozen
class MenuChoice:
    """The recipe a service's course serves: chosen among candidates, or ``fixed``."""

    date: dt.date
    service: str
    course: str
    recipe: str
    name: str
    vegetarian: bool
    covers: int
    fixed: bool


@attrs.frozen
class GroupUse:
    """How much of one option a flexible line (recipe group ``label``) uses in a service's
    course: its ``share`` of the line (the shares of a line sum to 1) and the ``quantity``
    to buy, in the ingredient's base unit (share × covers × gross quantity per cover)."""

    date: dt.date
    service: str
    course: str
    recipe: str
    label: str
    ingredient: str
    share: float
    quantity: float
    unit: str


@attrs.frozen
class ServiceIndicators:
    """Figures for the services of one day: meat in grams and CO2 in kg CO2e per cover,
    the protein mix (share of served weight by protein class: plant, egg_dairy, fish,
    meat) and the number of vegetarian mains served."""

    date: dt.date
    covers: int
    meat_g_per_cover: float
    co2_kg_per_cover: float
    protein_mix: dict[str, float]
    vegetarian_mains: int


@attrs.frozen
class Indicators:
    """The week's figures. Money in EUR (TTC includes VAT); shares are fractions of purchase
    lines (None when there is nothing to count); meat in grams and CO2 in kg CO2e per cover."""

    purchases_ht: Decimal
    purchases_ttc: Decimal
    fees_ht: Decimal
    fees_ttc: Decimal
    collections_ht: Decimal
    collections_ttc: Decimal
    trips: Decimal
    total_ht: Decimal
    total_ttc: Decimal
    cost_per_cover_ht: Decimal
    cost_per_cover_ttc: Decimal
    shares_by_value: dict[str, float | None]
    shares_by_weight: dict[str, float | None]
    meat_g_per_cover: float
    co2_kg_per_cover: float
    waste_kg: float
    collected_kg: float
    purchased_kg: float
    lines_count: int = 0
    protein_mix: dict[str, float] = attrs.field(factory=dict)
    vegetarian_mains: int = 0
    services: tuple[ServiceIndicators, ...] = ()
    off_season_kg: float = 0.0


@attrs.frozen
class TargetResult:
    """A target, its limit, the plan's value, and whether it is met (None: not measurable)."""

    name: str
    limit: float
    value: float | None
    met: bool
    kind: str  # "min" or "max"


@attrs.frozen
class BoughtBeyond:
    """Food an order line buys beyond what the menus use, and why (see
    :mod:`cantine_supply.plans.beyond_needs`).

    ``packs_needed`` of the line's ``packs`` are needed for what is served from it;
    ``quantity`` (base unit) is all it leaves unserved: the extra packs and what is left of
    the last needed pack. ``reasons``: for the extra packs, each threshold that one pack
    fewer would miss (``minimum_order``, ``free_delivery``, ``tier``, or a share target:
    ``organic_share``, ``egalim_share``...), ``unexplained`` when none would; and
    ``pack_size`` for what is left of the last needed pack.
    """

    offer: str
    supplier: str
    date: dt.date
    ingredient: str
    unit: str
    packs: int
    packs_needed: int
    quantity: float
    reasons: tuple[str, ...]

    @property
    def extra_packs(self) -> int:
        return self.packs - self.packs_needed


@attrs.frozen
class SkippedRound:
    """A collection round of the week that the plan does not make, and why.

    ``would_bring``: what the round guarantees of the ingredients the week may need (base
    units). ``extra_cost``: how much more the least-cost plan costs, in EUR on ``basis``
    (the budget's), with the round made, as the model counts cost (exact prices, before
    each line is rounded to the cent); None when no plan that makes it meets every need,
    the budget and every target. ``proven``: both plans were solved to optimality (else
    the figure is the difference of the best plans found).
    """

    collection: str
    name: str
    date: dt.date
    trip_cost: Decimal
    would_bring: tuple[Quantity, ...]
    extra_cost: Decimal | None
    basis: str
    proven: bool

    @property
    def reason(self) -> str:
        """Why the round was left out, in one sentence (English)."""
        if self.extra_cost is None:
            return "no plan that makes it meets every need, the budget and every target"
        if self.extra_cost <= 0:
            return "making it saves nothing: a plan that makes it costs the same"
        return (
            f"making it costs {self.extra_cost} EUR {self.basis} more (trip"
            f" {self.trip_cost} EUR): what it brings replaces less than the trip costs"
        )


@attrs.frozen
class Plan:
    """A week's plan. Without a plan (``status.has_plan`` false) the lists are empty."""

    week: str
    status: PlanStatus
    covers: int
    needs: tuple[Quantity, ...]
    orders: tuple[Order, ...]
    collections: tuple[CollectionRun, ...]
    stock_used: tuple[Quantity, ...]
    servings: tuple[Serving, ...]
    leftovers: tuple[Leftover, ...]
    indicators: Indicators | None
    targets: tuple[TargetResult, ...]
    solver: SolverReport
    budget_limit: float | None = None
    budget_basis: str = "TTC"
    share_basis: str = "value"
    diagnosis: tuple[dict[str, Any], ...] = ()
    messages: tuple[str, ...] = ()
    menu: tuple[MenuChoice, ...] = ()
    group_uses: tuple[GroupUse, ...] = ()
    collected_not_used: tuple[CollectedNotUsed, ...] = ()
    skipped_collections: tuple[SkippedRound, ...] = ()
    bought_beyond_needs: tuple[BoughtBeyond, ...] = ()

    @property
    def targets_met(self) -> bool:
        return self.status.has_plan and all(t.met for t in self.targets)

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON-ready data (see the schema shipped in ``cantine_supply/schema``;
        the form is :func:`cantine_supply.plans.plan_json.plan_json`)."""
        result: dict[str, Any] = converter.unstructure(self)
        return result
