"""The verifier's check of what a plan says it buys beyond the menus' needs.

Recomputed from the plan's orders and servings alone (like :mod:`cantine_supply.verification.week`):
for each delivery (ingredient, day), what its order lines bring less what is served from
it is what the plan lists as bought beyond the needs, line by line; each listed line's
needed packs are the fewest that hold what it serves; extra packs always have a reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from cantine_supply.plans.plan import Plan

#: Tolerance on quantities, in base units (quantities are printed to 6 digits).
TOLERANCE = 1e-6
#: Tolerance on a sum of servings (each rounded to 1e-6 on its own: ten of them may be
#: 5e-6 apart from the rounded total).
SUM_TOLERANCE = 1e-5


def check_bought_beyond_needs(plan: Plan) -> list[str]:
    """Every way ``plan.bought_beyond_needs`` disagrees with the orders and servings."""
    out: list[str] = []
    lines = {(line.offer, order.delivery_date): line for order in plan.orders
             for line in order.lines}
    brought: dict[tuple[str, dt.date], float] = defaultdict(float)
    for (_, day), order_line in lines.items():
        brought[(order_line.ingredient, day)] += order_line.quantity
    served: dict[tuple[str, dt.date], float] = defaultdict(float)
    for serving in plan.servings:
        if serving.source == "delivery":
            served[(serving.ingredient, serving.source_date)] += serving.quantity
    listed: dict[tuple[str, dt.date], float] = defaultdict(float)
    for bought in plan.bought_beyond_needs:
        line = lines.get((bought.offer, bought.date))
        if line is None:
            out.append(f"bought beyond needs: no order line {bought.offer} on {bought.date}")
            continue
        listed[(line.ingredient, bought.date)] += bought.quantity
        used = line.quantity - bought.quantity
        fits = bought.packs_needed * line.pack_quantity >= used - TOLERANCE
        fewest = bought.packs_needed == 0 or (
            (bought.packs_needed - 1) * line.pack_quantity < used - TOLERANCE)
        if bought.packs != line.packs or not (0 <= bought.packs_needed <= line.packs):
            out.append(f"bought beyond needs {bought.offer} on {bought.date}: packs"
                       f" {bought.packs_needed} needed of {bought.packs}, the line has"
                       f" {line.packs}")
        elif not (fits and fewest):
            out.append(f"bought beyond needs {bought.offer} on {bought.date}:"
                       f" {bought.packs_needed} packs needed for {used:g} {line.unit} served")
        if bought.extra_packs > 0 and not bought.reasons:
            out.append(f"bought beyond needs {bought.offer} on {bought.date}: extra packs"
                       " without a reason")
    for key in sorted(set(brought) | set(listed)):
        unserved = brought[key] - served.get(key, 0.0)
        if abs(unserved - listed.get(key, 0.0)) > SUM_TOLERANCE * max(1.0, brought[key]):
            out.append(f"bought beyond needs of {key[0]} delivered {key[1]}: listed"
                       f" {listed.get(key, 0.0):g}, recomputed {unserved:g}")
    return out
