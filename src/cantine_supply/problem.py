"""A week's planning problem: the week, the data it draws on, and what it needs.

:func:`week_problem` gathers, for one week, the needs per ingredient and service day and
every *lot* that can cover them: deliveries of offers, collection rounds and stock on hand,
each usable from one day to another. The optimiser, the verifier and the reports all start
from this object, so the rules about dates (delivery weekdays, lead times, shelf life,
best-before dates, months available) live in one place.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping
from typing import Literal

import attrs

from cantine_supply.errors import InputError, Problem
from cantine_supply.model import Budget, Catalogue, Ingredient, Offer, Supplier, Targets, Week
from cantine_supply.model.unsold import Collection, StockLot

LotKind = Literal["stock", "collection", "delivery"]


@attrs.frozen
class Need:
    """Quantity of an ingredient (base unit) needed for the service on ``date``."""

    ingredient: str
    date: dt.date
    quantity: float


@attrs.frozen
class DeliverySlot:
    """An offer that can be delivered on ``date`` (its supplier delivers then, in time)."""

    offer: str
    supplier: str
    ingredient: str
    date: dt.date


@attrs.frozen
class CollectionSlot:
    """A collection round on ``date`` (the week's day with the round's weekday)."""

    collection: str
    date: dt.date


def usable_until(start: dt.date, shelf_life_days: int) -> dt.date:
    """Last day a product received on ``start`` can be served: it keeps ``shelf_life_days``
    days counting the day it arrives (a shelf life of 1 means the same day only)."""
    return start + dt.timedelta(days=max(int(shelf_life_days), 1) - 1)


@attrs.frozen
class WeekProblem:
    """Everything the planner needs for one week, with dates and windows worked out.

    ``needs`` are in each ingredient's base unit, from the fixed menus:
    covers × quantity per cover ÷ yield, summed per ingredient and service day.
    ``budget`` overrides the week's own budget when given.
    """

    catalogue: Catalogue
    week: Week
    budget: Budget | None
    needs: tuple[Need, ...]
    delivery_slots: tuple[DeliverySlot, ...]
    collection_slots: tuple[CollectionSlot, ...]
    stock: tuple[StockLot, ...]
    _need_totals: dict[str, float] = attrs.field(init=False, eq=False, repr=False)
    _collections: dict[str, Collection] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        totals: dict[str, float] = defaultdict(float)
        for need in self.needs:
            totals[need.ingredient] += need.quantity
        object.__setattr__(self, "_need_totals", dict(totals))
        object.__setattr__(self, "_collections", {c.id: c for c in self.catalogue.collections})

    @property
    def targets(self) -> Targets:
        return self.week.targets

    @property
    def covers(self) -> int:
        return self.week.covers

    @property
    def ingredients(self) -> Mapping[str, Ingredient]:
        return self.catalogue.ingredient_by_id

    @property
    def offers(self) -> Mapping[str, Offer]:
        return self.catalogue.offer_by_id

    @property
    def suppliers(self) -> Mapping[str, Supplier]:
        return self.catalogue.supplier_by_id

    @property
    def collections(self) -> Mapping[str, Collection]:
        return self._collections

    @property
    def service_dates(self) -> tuple[dt.date, ...]:
        return tuple(sorted({s.date for s in self.week.services}))

    def need_by_ingredient(self) -> Mapping[str, float]:
        """The week's total need per ingredient, in its base unit."""
        return self._need_totals

    def budget_limit(self) -> float | None:
        """The budget in EUR for the week (on the budget's basis), or None."""
        return None if self.budget is None else self.budget.limit(self.covers)

    def pack_cap(self, offer: Offer) -> int:
        """Most packs of ``offer`` one delivery may hold in a plan.

        The supplier's ``max_packs`` when given; otherwise enough to cover the whole week's
        need of the ingredient, plus enough to reach the largest discount tier or the
        supplier's minimum order on their own.
        """
        if offer.max_packs is not None:
            return offer.max_packs
        need = self.need_by_ingredient().get(offer.ingredient, 0.0)
        supplier = self.suppliers[offer.supplier]
        cover = math.ceil(need / offer.pack_quantity - 1e-9)
        tier = max((t.min_packs for t in offer.tiers), default=0)
        minimum = math.ceil(supplier.min_order_ht / offer.price_ht - 1e-9)
        free = supplier.free_delivery_from_ht if supplier.delivery_fee_ht > 0 else None
        to_free = math.ceil(free / offer.price_ht - 1e-9) if free is not None else 0
        return max(cover + max(tier, minimum, to_free), 1)


def week_problem(
    catalogue: Catalogue, week_id: str, *, budget: Budget | None = None
) -> WeekProblem:
    """Build the planning problem for week ``week_id`` of ``catalogue``.

    Raises :class:`InputError` when the week does not exist or uses candidate recipes
    (menu choice is not supported by this planner yet: every course must name one recipe).
    """
    week = catalogue.week_by_id.get(week_id)
    if week is None:
        known = ", ".join(sorted(catalogue.week_by_id)) or "none"
        raise InputError(Problem("weeks", "week", f"unknown week {week_id!r} (known: {known})"))
    needs = _needs(catalogue, week)
    needed = {n.ingredient for n in needs}
    dates = sorted({s.date for s in week.services})
    return WeekProblem(
        catalogue=catalogue,
        week=week,
        budget=budget if budget is not None else week.budget,
        needs=needs,
        delivery_slots=_delivery_slots(catalogue, week, needs, dates),
        collection_slots=_collection_slots(catalogue, week, needed, dates),
        stock=tuple(lot for lot in catalogue.stock if lot.ingredient in needed),
    )


def _needs(catalogue: Catalogue, week: Week) -> tuple[Need, ...]:
    quantities: dict[tuple[str, dt.date], float] = defaultdict(float)
    problems = []
    for service in week.services:
        for course in service.courses:
            if not course.is_fixed:
                problems.append(
                    Problem(
                        f"weeks/{week.id}",
                        f"service {service.date}.{course.course.value}",
                        "candidate recipes need menu choice, which this planner does not do"
                        " yet: name one recipe per course",
                    )
                )
                continue
            recipe = catalogue.recipe_by_id[course.recipes[0]]
            for line in recipe.lines:
                quantities[(line.ingredient, service.date)] += service.covers * line.gross_per_cover
    if problems:
        raise InputError(problems)
    return tuple(
        Need(ingredient, date, quantity)
        for (ingredient, date), quantity in sorted(quantities.items())
    )


def _delivery_slots(
    catalogue: Catalogue, week: Week, needs: tuple[Need, ...], dates: list[dt.date]
) -> tuple[DeliverySlot, ...]:
    need_dates: dict[str, list[dt.date]] = defaultdict(list)
    for need in needs:
        need_dates[need.ingredient].append(need.date)
    slots = []
    last = dates[-1]
    for offer in catalogue.offers:
        if offer.ingredient not in need_dates:
            continue
        supplier = catalogue.supplier_by_id[offer.supplier]
        shelf = catalogue.ingredient_by_id[offer.ingredient].shelf_life_days
        day = week.order_date + dt.timedelta(days=supplier.lead_time_days)
        while day <= last:
            if (
                day.weekday() in supplier.delivery_weekdays
                and offer.available_in(day.month)
                and any(day <= d <= usable_until(day, shelf) for d in need_dates[offer.ingredient])
            ):
                slots.append(DeliverySlot(offer.id, offer.supplier, offer.ingredient, day))
            day += dt.timedelta(days=1)
    return tuple(slots)


def _collection_slots(
    catalogue: Catalogue, week: Week, needed: set[str], dates: list[dt.date]
) -> tuple[CollectionSlot, ...]:
    slots = []
    for collection in catalogue.collections:
        if not any(item.ingredient in needed for item in collection.items):
            continue
        day = week.order_date
        while day <= dates[-1]:
            if day.weekday() == collection.weekday:
                slots.append(CollectionSlot(collection.id, day))
            day += dt.timedelta(days=1)
    return tuple(slots)
