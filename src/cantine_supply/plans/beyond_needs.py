"""What a plan buys beyond what the menus use, and why.

Food arrives in whole packs, so a plan usually buys a little more than it serves. For each
order line this module works out how many of its packs the servings need and why the
others were bought, from the plan alone (orders and servings) and the week's input:

- what is served from each delivery (ingredient, day) is shared among the order lines
  that bring that ingredient that day, cheapest per base unit first (a convention: the
  lines of one delivery are one lot); a line needs ``ceil(served / pack)`` packs;
- for the extra packs, the order is rebuilt without them (prices, tiers and fees by the
  same rules as the plan) and each threshold that it would then miss is a reason:
  ``minimum_order`` (the supplier's minimum), ``free_delivery`` (the fee would be due),
  ``tier`` (the line would fall to a dearer price level), or a share target that the week
  meets and would then miss (``organic_share``, ``egalim_share``, ``local_share``,
  ``circuit_court_share``, ``meat_fish_egalim_share``); ``unexplained`` when none applies:
  the packs stay in stock (planning several weeks, bought for a later week; or food
  collected or in stock was served first, after the packs were chosen);
- what is left of the last needed pack is due to the ``pack_size``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import attrs

from cantine_supply.model import Targets
from cantine_supply.model.targets import TARGET_TOLERANCE
from cantine_supply.optimize.decisions import Serving
from cantine_supply.plans.plan import BoughtBeyond, Order, OrderLine
from cantine_supply.problem.week import WeekProblem
from cantine_supply.units import SOLVER_NOISE, count_up

Shares = dict[str, float | None]


@attrs.frozen
class PlanRules:
    """How the plan builds orders from packs per (offer, day) and counts the shares (by
    value, by weight): ``assemble.build_orders`` and ``assemble.compute_shares``, passed in
    by the assembly so that the orders rebuilt here follow the very same rules."""

    build_orders: Callable[[WeekProblem, Mapping[tuple[str, dt.date], int]], Sequence[Order]]
    compute_shares: Callable[[WeekProblem, Sequence[Order]], tuple[Shares, Shares]]


#: Quantities below this (base units) count as nothing.
EPSILON = SOLVER_NOISE


def bought_beyond_needs(
    problem: WeekProblem, orders: Sequence[Order], servings: Sequence[Serving],
    rules: PlanRules,
) -> tuple[BoughtBeyond, ...]:
    """Each order line that buys more than is served from it, with its packs needed and
    the reasons (see the module docstring), in the order of the orders' lines."""
    served = _served_from_deliveries(servings)
    allocated = _allocate(orders, served)
    packs = {(line.offer, order.delivery_date): line.packs for order in orders
             for line in order.lines}
    out = []
    for order in orders:
        for line in order.lines:
            used = allocated[(line.offer, order.delivery_date)]
            left = line.quantity - used
            if left <= EPSILON * max(1.0, line.quantity):
                continue
            needed = count_up(used / line.pack_quantity) if used > EPSILON else 0
            reasons = []
            if needed < line.packs:
                reduced = dict(packs)
                reduced[(line.offer, order.delivery_date)] = needed
                reasons += (_reasons(problem, rules, orders, order, line, reduced)
                            or ["unexplained"])
            if needed * line.pack_quantity - used > EPSILON * max(1.0, line.quantity):
                reasons.append("pack_size")
            out.append(BoughtBeyond(
                offer=line.offer, supplier=order.supplier, date=order.delivery_date,
                ingredient=line.ingredient, unit=line.unit, packs=line.packs,
                packs_needed=needed, quantity=left, reasons=tuple(reasons),
            ))
    return tuple(out)


def _served_from_deliveries(servings: Sequence[Serving]) -> dict[tuple[str, dt.date], float]:
    """Quantity served from each delivery, by (ingredient, delivery day)."""
    served: dict[tuple[str, dt.date], float] = defaultdict(float)
    for serving in servings:
        if serving.source == "delivery":
            served[(serving.ingredient, serving.source_date)] += serving.quantity
    return served


def _allocate(
    orders: Sequence[Order], served: dict[tuple[str, dt.date], float]
) -> dict[tuple[str, dt.date], float]:
    """What each line (offer, day) serves: its delivery's servings, cheapest line first."""
    lots: dict[tuple[str, dt.date], list[OrderLine]] = defaultdict(list)
    for order in orders:
        for line in order.lines:
            lots[(line.ingredient, order.delivery_date)].append(line)
    allocated: dict[tuple[str, dt.date], float] = {}
    for (ingredient, day), lines in lots.items():
        remaining = served.get((ingredient, day), 0.0)
        for line in sorted(lines, key=lambda x: (x.price_per_pack_ht / x.pack_quantity, x.offer)):
            share = min(remaining, line.quantity)
            allocated[(line.offer, day)] = share
            remaining -= share
    return allocated


def _reasons(
    problem: WeekProblem,
    rules: PlanRules,
    orders: Sequence[Order],
    order: Order,
    line: OrderLine,
    reduced_packs: dict[tuple[str, dt.date], int],
) -> list[str]:
    """The thresholds the plan would miss with only the needed packs of ``line``."""
    reduced = rules.build_orders(problem, reduced_packs)
    same = [o for o in reduced if (o.supplier, o.delivery_date) == (order.supplier,
                                                                    order.delivery_date)]
    reasons = []
    if same:
        smaller = same[0]
        supplier = problem.suppliers[order.supplier]
        if smaller.lines_ht < Decimal(str(supplier.min_order_ht)) <= order.lines_ht:
            reasons.append("minimum_order")
        if order.delivery_fee_ht == 0 < smaller.delivery_fee_ht:
            reasons.append("free_delivery")
        kept = [x for x in smaller.lines if x.offer == line.offer]
        if kept and kept[0].price_per_pack_ht > line.price_per_pack_ht:
            reasons.append("tier")
    reasons += _share_reasons(problem, rules, orders, reduced)
    return reasons


def _share_reasons(
    problem: WeekProblem, rules: PlanRules, orders: Sequence[Order], reduced: Sequence[Order]
) -> list[str]:
    """The share targets the week meets with ``orders`` and would miss with ``reduced``."""
    by_weight = problem.targets.share_basis == "weight"
    now = rules.compute_shares(problem, orders)[1 if by_weight else 0]
    then = rules.compute_shares(problem, reduced)[1 if by_weight else 0]
    missed = []
    for name in Targets.SHARES:
        target = getattr(problem.targets, name)
        if target is None:
            continue
        before, after = now[name], then[name]
        floor = target - TARGET_TOLERANCE  # met as evaluate_targets says met
        if before is not None and before >= floor and (after or 0.0) < floor:
            missed.append(name)
    return missed
