"""From the pooled solution to what each side receives: each canteen's week at the pooled
prices (:func:`canteen_view`), the pooled orders (:func:`pooled_orders`) and the hub's
transfers (:func:`transfers_of`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from cantine_supply.model import Offer, Supplier
from cantine_supply.network.result import PooledLine, PooledOrder
from cantine_supply.plans.assemble import fee_due
from cantine_supply.plans.plan import Plan, to_cents, ttc
from cantine_supply.problem.week import WeekProblem

Packs = Mapping[tuple[str, dt.date], int]


def pooled_packs(packs: Sequence[Packs]) -> dict[tuple[str, dt.date], int]:
    """Packs of each line (offer, day) over all the canteens."""
    total: dict[tuple[str, dt.date], int] = defaultdict(int)
    for canteen in packs:
        for key, count in canteen.items():
            total[key] += count
    return dict(total)


def view_offer_id(offer_id: str, day: dt.date, several: bool) -> str:
    """The offer's id in a canteen's view: its own, or ``<id>@<day>`` when the canteen
    buys it on several days at different pooled prices (one offer, one price)."""
    return f"{offer_id}@{day.isoformat()}" if several else offer_id


def canteen_view(problem: WeekProblem, packs: Packs,
                 pooled: Mapping[tuple[str, dt.date], int]) -> tuple[WeekProblem, Packs]:
    """The canteen's week as its part of the pooled orders, and its packs keyed for it.

    Each offer it buys costs the price the pooled line reaches (no tiers: the level is
    the pool's); suppliers have no minimum order and no fee (both belong to the pooled
    order, checked by :mod:`.check` and split by :mod:`.split`); no budget (the share is
    held to the canteen's own plan, which met it). Everything else (menus, stock, lots,
    targets) is the canteen's own, so the week's verifier checks its part as it is."""
    catalogue = problem.catalogue
    prices: dict[str, set[float]] = defaultdict(set)
    for (oid, day), count in packs.items():
        if count > 0:
            prices[oid].add(catalogue.offer_by_id[oid].price_for(pooled[(oid, day)]))
    several = {oid for oid, found in prices.items() if len(found) > 1}
    offers: list[Offer] = []
    for offer in catalogue.offers:
        if offer.id not in prices:
            offers.append(attrs.evolve(offer, tiers=()))
            continue
        days = sorted({day for (oid, day) in packs if oid == offer.id})
        for day in days if offer.id in several else days[:1]:
            price = offer.price_for(pooled[(offer.id, day)])
            offers.append(attrs.evolve(offer, id=view_offer_id(offer.id, day, offer.id in
                                                                several),
                                       price_ht=price, tiers=()))
    suppliers: list[Supplier] = [
        attrs.evolve(s, min_order_ht=0.0, delivery_fee_ht=0.0, free_delivery_from_ht=None)
        for s in catalogue.suppliers]
    view = attrs.evolve(catalogue, offers=offers, suppliers=suppliers)
    slots = tuple(attrs.evolve(slot, offer=view_offer_id(slot.offer, slot.date,
                                                         slot.offer in several))
                  for slot in problem.delivery_slots
                  if slot.offer not in several or (slot.offer, slot.date) in packs)
    keyed = {(view_offer_id(oid, day, oid in several), day): n for (oid, day), n in
             packs.items()}
    return attrs.evolve(problem, catalogue=view, budget=None, delivery_slots=slots), keyed


def base_offer_id(view_id: str) -> str:
    """The catalogue's offer id of a view's offer id (see :func:`view_offer_id`)."""
    return view_id.split("@", 1)[0]


def pooled_orders(problems: Sequence[WeekProblem], names: Sequence[str],
                  plans: Sequence[Plan], mode: str) -> tuple[PooledOrder, ...]:
    """One pooled order per supplier and day from the canteens' plans (``names`` their
    ids): lines summed over the canteens at the pooled price level, each rounded to the
    cent once; the fee of each drop (``drops``) or once (``hub``), waived when the pooled
    lines reach the supplier's free-delivery threshold."""
    offers: dict[str, Offer] = {}
    suppliers: dict[str, Supplier] = {}
    for problem in problems:
        offers.update(problem.offers)
        suppliers.update(problem.suppliers)
    split: dict[tuple[str, dt.date], dict[str, list[tuple[str, int]]]] = defaultdict(
        lambda: defaultdict(list))
    for name, plan in zip(names, plans, strict=True):
        for order in plan.orders:
            for line in order.lines:
                split[(order.supplier, order.delivery_date)][base_offer_id(line.offer)].append(
                    (name, line.packs))
    out = []
    for (sid, day), lines in sorted(split.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        supplier = suppliers[sid]
        pooled_lines = []
        for oid, parts in sorted(lines.items()):
            offer = offers[oid]
            packs = sum(n for _, n in parts)
            price = offer.price_for(packs)
            pooled_lines.append(PooledLine(oid, offer.product, offer.pack_label, packs, price,
                                           offer.vat_rate,
                                           to_cents(Decimal(str(price)) * packs),
                                           tuple(sorted(parts))))
        drops = tuple(sorted({c for parts in lines.values() for c, _ in parts}))
        lines_ht = sum((line.total_ht for line in pooled_lines), Decimal(0))
        fee = fee_due(supplier, lines_ht) * (1 if mode == "hub" else len(drops))
        out.append(PooledOrder(sid, supplier.name, day, tuple(pooled_lines), drops, fee,
                               ttc(fee_due(supplier, lines_ht), supplier.fee_vat_rate)
                               * (1 if mode == "hub" else len(drops)),
                               supplier.min_order_ht))
    return tuple(out)


def transfers_of(orders: Sequence[PooledOrder], hub: str | None,
                 costs: Mapping[str, float]) -> tuple[tuple[str, dt.date, Decimal], ...]:
    """With a hub: one transfer per day to each other canteen with goods that day,
    at its transfer cost (no VAT); none with drops."""
    if hub is None:
        return ()
    days: set[tuple[str, dt.date]] = set()
    for order in orders:
        for canteen in order.drops:
            if canteen != hub:
                days.add((canteen, order.delivery_date))
    return tuple((c, d, to_cents(costs[c])) for c, d in sorted(days, key=lambda x: (x[1], x[0]))
                 if costs[c] > 0)


def goods_by_order(names: Sequence[str], plans: Sequence[Plan]
                   ) -> dict[tuple[str, str, dt.date], Decimal]:
    """Each canteen's goods value HT in each pooled order, keyed (canteen, supplier, day)."""
    out: dict[tuple[str, str, dt.date], Decimal] = {}
    for name, plan in zip(names, plans, strict=True):
        for order in plan.orders:
            out[(name, order.supplier, order.delivery_date)] = order.lines_ht
    return out
