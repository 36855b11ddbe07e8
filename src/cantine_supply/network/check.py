"""The network plan's verifier: each canteen's part by the week's verifier, and the pooled
orders and the split recomputed from the plans and the data.

:func:`check_network` returns every failure (an empty list: the network plan is sound).
Each canteen's plan is checked by :func:`~cantine_supply.verification.week.verify` against its week
at the pooled prices (needs, lots, menus, targets, money of its lines); the pooled prices
themselves are recomputed here from the catalogue's offers and the pooled quantities, with
the pooled orders' minimum order, packs limit, fees, the transfers, and the split (adds up
to the cent, nobody above alone, nobody above budget)."""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal

from cantine_supply.network.pooled import base_offer_id
from cantine_supply.network.result import NetworkPlan
from cantine_supply.plans.plan import to_cents, ttc
from cantine_supply.problem.week import WeekProblem
from cantine_supply.verification.week import verify


def check_network(result: NetworkPlan, problems: dict[str, WeekProblem],
                  transfer_costs: dict[str, float], hub: str | None) -> list[str]:
    """Every way ``result`` fails; ``problems`` are the canteens' own weeks (by id, with
    the catalogue's prices and terms), ``transfer_costs`` and ``hub`` the network's."""
    if not result.status.has_plan:
        return []
    out: list[str] = []
    for part in result.parts:
        out += [f"{part.canteen}: {failure}" for failure in verify(part.problem, part.plan)]
    out += _check_pooled(result, problems)
    out += _check_transfers(result, transfer_costs, hub)
    out += _check_split(result, problems)
    return out


def _check_pooled(result: NetworkPlan, problems: dict[str, WeekProblem]) -> list[str]:
    out: list[str] = []
    packs: dict[tuple[str, object], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    prices: dict[tuple[str, object], set[float]] = defaultdict(set)
    for part in result.parts:
        for order in part.plan.orders:
            for line in order.lines:
                key = (base_offer_id(line.offer), order.delivery_date)
                packs[key][part.canteen] += line.packs
                prices[key].add(line.price_per_pack_ht)
    pooled_keys = set()
    for pooled in result.orders:
        where = f"pooled order {pooled.supplier} {pooled.delivery_date}"
        catalogue = problems[pooled.drops[0]].catalogue if pooled.drops else None
        lines_ht = Decimal(0)
        for pline in pooled.lines:
            key = (pline.offer, pooled.delivery_date)
            pooled_keys.add(key)
            split = dict(pline.split)
            if split != dict(packs.get(key, {})) or sum(split.values()) != pline.packs:
                out.append(f"{where} {pline.offer}: split {split} is not the canteens' packs")
            offer = catalogue.offer_by_id.get(pline.offer) if catalogue else None
            if offer is None:
                out.append(f"{where}: unknown offer {pline.offer}")
                continue
            price = offer.price_for(pline.packs)
            if not math.isclose(pline.price_per_pack_ht, price, abs_tol=1e-9):
                out.append(f"{where} {pline.offer}: price {pline.price_per_pack_ht}, expected"
                           f" {price} for {pline.packs} packs")
            if prices[key] - {price}:
                out.append(f"{where} {pline.offer}: a canteen pays {sorted(prices[key])},"
                           f" not the pooled price {price}")
            total = to_cents(Decimal(str(price)) * pline.packs)
            if pline.total_ht != total:
                out.append(f"{where} {pline.offer}: total {pline.total_ht}, expected {total}")
            lines_ht += total
        assert catalogue is not None
        supplier = catalogue.supplier_by_id[pooled.supplier]
        if supplier.min_order_ht > 0 and lines_ht < to_cents(supplier.min_order_ht):
            out.append(f"{where}: {lines_ht} HT below the minimum {supplier.min_order_ht}")
        fee = Decimal(0)
        free_from = supplier.free_delivery_from_ht
        if supplier.delivery_fee_ht > 0 and (free_from is None
                                             or lines_ht < to_cents(free_from)):
            fee = to_cents(supplier.delivery_fee_ht)
        times = 1 if result.delivery == "hub" else len(pooled.drops)
        fee_ttc = ttc(fee, supplier.fee_vat_rate) * times
        if pooled.fee_ht != fee * times or pooled.fee_ttc != fee_ttc:
            out.append(f"{where}: fees {pooled.fee_ht} HT, expected {fee * times}")
    missing = set(packs) - pooled_keys
    if missing:
        out.append(f"canteen lines in no pooled order: {sorted(missing)}")
    return out


def _check_transfers(result: NetworkPlan, costs: dict[str, float],
                     hub: str | None) -> list[str]:
    if hub is None:
        return ["transfers without a hub"] if result.transfers else []
    expected = {(c, order.delivery_date) for order in result.orders for c in order.drops
                if c != hub and costs[c] > 0}
    found = {(c, day) for c, day, _ in result.transfers}
    out = [] if found == expected else [f"transfers {sorted(found)}, expected {sorted(expected)}"]
    out += [f"transfer to {c} on {day}: {cost}, expected {to_cents(costs[c])}"
            for c, day, cost in result.transfers if cost != to_cents(costs[c])]
    return out


def _check_split(result: NetworkPlan, problems: dict[str, WeekProblem]) -> list[str]:
    out: list[str] = []
    goods = sum((p.share.goods for p in result.parts), Decimal(0))
    fees = sum((o.fee_ttc for o in result.orders), Decimal(0))
    carried = sum((cost for _, _, cost in result.transfers), Decimal(0))
    if sum((p.share.fees for p in result.parts), Decimal(0)) != fees:
        out.append("the fee shares do not add up to the pooled orders' fees")
    if sum((p.share.transfers for p in result.parts), Decimal(0)) != carried:
        out.append("the transfer shares do not add up to the transfers")
    if sum((p.share.adjustment for p in result.parts), Decimal(0)) != 0:
        out.append("the adjustments between canteens do not add up to zero")
    if result.total != goods + fees + carried:
        out.append(f"the shares add up to {result.total}, the network pays"
                   f" {goods + fees + carried}")
    for part in result.parts:
        share = part.share
        indicators = part.plan.indicators
        if indicators is None or share.goods != indicators.total_ttc:
            out.append(f"{part.canteen}: goods {share.goods} are not its plan's total")
        if part.alone.indicators is None or share.alone != part.alone.indicators.total_ttc:
            out.append(f"{part.canteen}: alone {share.alone} is not its own plan's total")
        if share.total > share.alone:
            out.append(f"{part.canteen}: pays {share.total}, more than alone {share.alone}")
        problem = problems[part.canteen]
        if problem.budget is not None and problem.budget.basis == "TTC":
            limit = Decimal(str(problem.budget.limit(problem.covers)))
            allowance = Decimal("0.005") * (sum(len(o.lines) + 1 for o in part.alone.orders)
                                            + len(part.alone.collections) + 1)
            if share.total > limit + allowance:
                out.append(f"{part.canteen}: pays {share.total}, above its budget {limit}")
    return out
