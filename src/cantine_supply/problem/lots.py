"""Lots of food and which services they can feed; earliest-expiry-first serving.

A *lot* is food that arrives on one day and keeps until another: stock on hand, what a
collection round brings, or everything delivered of an ingredient on one day. The
optimiser allocates lots to services (and :mod:`cantine_supply.optimize.serving` then
serves unsold food and the soonest best-before first); the greedy baseline uses
:func:`serve_earliest_expiry_first`, which feeds every service from the lot that expires
first. For lots that each cover a window of days and needs that fall on single days, that
rule covers every need whenever any allocation can, so it is a complete check of coverage
and leaves over the food that keeps longest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

import attrs

from cantine_supply.model import Ingredient
from cantine_supply.problem.needs import Need
from cantine_supply.problem.slots import DeliverySlot, usable_until
from cantine_supply.problem.week import LotKind, WeekProblem

KIND_ORDER: dict[str, int] = {"stock": 0, "collection": 1, "delivery": 2}


class StockKey(NamedTuple):
    """A lot of the stock on hand: ``stock_index`` in the week's (or horizon's) stock."""

    kind: Literal["stock"]
    stock_index: int


class CollectionKey(NamedTuple):
    """What collection ``collection`` brings on ``day`` (one lot per ingredient)."""

    kind: Literal["collection"]
    collection: str
    day: dt.date


class DeliveryKey(NamedTuple):
    """Everything delivered on ``day`` (one lot per ingredient, whatever the supplier)."""

    kind: Literal["delivery"]
    day: dt.date


#: What identifies a lot of an ingredient; the kind comes first, so a key compares (and
#: prints) like the plain tuple ``("stock", 3)`` it stands for.
LotKey = StockKey | CollectionKey | DeliveryKey


def lot_key(source: str, source_ref: str, source_date: dt.date) -> LotKey:
    """The key of the lot a serving comes from, from the serving's ``source`` (``stock``,
    ``collection`` or ``delivery``), ``source_ref`` (the stock index or the collection)
    and ``source_date`` (the day the food came); stock by its index in the week's stock."""
    if source == "stock":
        return StockKey("stock", int(source_ref))
    if source == "collection":
        return CollectionKey("collection", source_ref, source_date)
    return DeliveryKey("delivery", source_date)


@attrs.frozen
class Lot:
    """Food of one ingredient usable from ``start`` to ``until`` (both included), ``key``
    identifying it (its ``kind`` is ``key.kind``)."""

    kind: LotKind
    key: LotKey
    ingredient: str
    start: dt.date
    until: dt.date


def lots_of(problem: WeekProblem) -> tuple[Lot, ...]:
    """Every lot that could feed the week, before deciding quantities."""
    ingredients = problem.ingredients
    lots: list[Lot] = []
    for index, lot in enumerate(problem.stock):
        until = lot.best_before or problem.week.last_day
        lots.append(Lot("stock", StockKey("stock", index), lot.ingredient,
                        problem.week.order_date, until))
    for slot in problem.collection_slots:
        collection = problem.collections[slot.collection]
        for item in collection.items:
            shelf = ingredients[item.ingredient].shelf_life_days
            lots.append(
                Lot(
                    "collection",
                    CollectionKey("collection", slot.collection, slot.date),
                    item.ingredient,
                    slot.date,
                    usable_until(slot.date, shelf),
                )
            )
    lots.extend(delivery_lots(problem.delivery_slots, ingredients))
    return tuple(lots)


def delivery_lots(slots: Iterable[DeliverySlot], ingredients: Mapping[str, Ingredient]
                  ) -> list[Lot]:
    """One lot per ingredient and delivery day of ``slots`` (whatever the supplier), in the
    slots' order, usable until its shelf life ends."""
    lots: list[Lot] = []
    seen: set[tuple[str, dt.date]] = set()
    for slot in slots:
        if (slot.ingredient, slot.date) in seen:
            continue
        seen.add((slot.ingredient, slot.date))
        shelf = ingredients[slot.ingredient].shelf_life_days
        lots.append(Lot("delivery", DeliveryKey("delivery", slot.date), slot.ingredient,
                        slot.date, usable_until(slot.date, shelf)))
    return lots


@attrs.frozen
class Serving:
    """The result of feeding needs from lots: what each lot gave, and what was not covered."""

    used: dict[tuple[str, LotKey], float]
    short: tuple[Need, ...]


def serve_earliest_expiry_first(
    lots: Sequence[tuple[Lot, float]], needs: Iterable[Need], *, tolerance: float = 1e-6
) -> Serving:
    """Feed ``needs`` from ``lots`` (each with its quantity), earliest expiry first.

    Returns how much of each lot was used, keyed by ``(ingredient, lot.key)``, and the needs
    (with the missing quantity) that could not be covered. Ties in expiry go to stock, then
    collections, then deliveries.
    """
    by_ingredient: dict[str, list[tuple[Lot, list[float]]]] = defaultdict(list)
    for lot, quantity in lots:
        by_ingredient[lot.ingredient].append((lot, [float(quantity)]))
    for entries in by_ingredient.values():
        entries.sort(key=lambda e: (e[0].until, KIND_ORDER[e[0].kind], e[0].start, str(e[0].key)))
    used: dict[tuple[str, LotKey], float] = defaultdict(float)
    short: list[Need] = []
    for need in sorted(needs, key=lambda n: (n.date, n.ingredient)):
        missing = need.quantity
        for lot, left in by_ingredient.get(need.ingredient, []):
            if missing <= tolerance:
                break
            if left[0] <= 0 or not lot.start <= need.date <= lot.until:
                continue
            take = min(left[0], missing)
            left[0] -= take
            used[(lot.ingredient, lot.key)] += take
            missing -= take
        if missing > tolerance * max(1.0, need.quantity):
            short.append(Need(need.ingredient, need.date, missing))
    return Serving(dict(used), tuple(short))
