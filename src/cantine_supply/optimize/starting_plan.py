"""Decisions → a starting solution (a solver hint): the one writer of the week alone, of
each week of a horizon (its week-by-week plan, :mod:`cantine_supply.planning.horizon`) and
of the benchmarks' greedy start (``benchmarks/hint.py``).

Every variable of the week's registry gets the value that describes the decisions: packs,
price levels (the level the packs reach), the extra packs beyond what the delivery can put
to use, orders and free delivery (from the orders' values to the cent), rounds made and
what they take, the menu's choices, the split of flexible lines and the servings. The
variables outside the registry (the money rounded to the cent) are left to the solver.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.optimize.decisions import Decisions, Serving
from cantine_supply.optimize.pack_cuts import useful_pack_limits
from cantine_supply.optimize.registry import Registry
from cantine_supply.problem.lots import LotKey, lot_key
from cantine_supply.problem.week import WeekProblem

#: The lot a serving comes from, as the registry keys it (``("stock", index)``,
#: ``("collection", id, day)``, ``("delivery", day)``).
LotOf = Callable[[Serving], tuple[object, ...]]


def week_lot(s: Serving) -> LotKey:
    """The lot of ``s`` in a week alone (stock by its index in the week's stock)."""
    return lot_key(s.source, s.source_ref, s.source_date)


def starting_values(problem: WeekProblem, reg: Registry, decisions: Decisions,
                    lot_of: LotOf = week_lot) -> dict[mathopt.Variable, float] | None:
    """A value for every variable of ``reg`` that describes ``decisions`` (moved first to
    the days the model folded early deliveries into, :func:`fold`); None when a decision
    has no variable in the model (a line or a serving it does not have)."""
    decisions = fold(problem, reg, decisions)
    if any(key not in reg.packs for key in decisions.packs):
        return None
    values: dict[mathopt.Variable, float] = {}
    order_cents: dict[tuple[str, dt.date], int] = defaultdict(int)
    for key, var in reg.packs.items():
        n = decisions.packs.get(key, 0)
        values[var] = float(n)
        offer = problem.offers[key[0]]
        if n:
            order_cents[(offer.supplier, key[1])] += line_cents(offer.price_for(n), n)
        parts = reg.tiers.get(key, [])
        starts = [start for start, _ in offer.price_levels()[:len(parts)]]
        level = max((k for k, start in enumerate(starts) if start <= n), default=-1) if n else -1
        for k, (use, amount, _) in enumerate(parts):
            values[use] = 1.0 if k == level else 0.0
            values[amount] = float(n) if k == level else 0.0
    limits = useful_pack_limits(problem) if reg.extra else {}
    for key, var in reg.extra.items():
        values[var] = float(max(0, decisions.packs.get(key, 0) - limits[key]))
    for okey, var in reg.ordered.items():
        values[var] = 1.0 if okey in order_cents else 0.0
    for okey, var in reg.free.items():
        threshold = problem.suppliers[okey[0]].free_delivery_from_ht or 0.0
        placed = okey in order_cents
        values[var] = 1.0 if placed and order_cents[okey] / 100 >= threshold - 1e-9 else 0.0
    made = {(cid, day) for (cid, day, _), qty in decisions.taken.items() if qty > 0}
    for rkey, var in reg.trip.items():
        values[var] = 1.0 if rkey in made or var.lower_bound >= 1 else 0.0
    for take_key, var in reg.take.items():
        values[var] = float(decisions.taken.get(take_key, 0.0))
    for (index, recipe), var in reg.menu.items():
        values[var] = 1.0 if decisions.menu.get(index) == recipe else 0.0
    for (k, ingredient), var in reg.group_share.items():
        values[var] = decisions.groups.get(k, {}).get(ingredient, 0.0)
    served: dict[tuple[str, tuple[object, ...], dt.date], float] = defaultdict(float)
    for s in decisions.servings:
        served[(s.ingredient, lot_of(s), s.service_date)] += s.quantity
    if any(key not in reg.alloc for key in served):
        return None
    for alloc_key, var in reg.alloc.items():
        values[var] = served.get(alloc_key, 0.0)
    return values


def fold(problem: WeekProblem, reg: Registry, decisions: Decisions) -> Decisions:
    """``decisions`` with the packs of the order days the model folded into a later one
    (``reg.folded``, :mod:`.delivery_days`) moved to that day, and the servings of a
    delivery lot whose packs all moved, with them. (A lot fed on a folded day by two
    suppliers, one folded and one not, keeps its servings: the starting solution may then
    break that lot's capacity, and the solver drops or repairs it.)"""
    folded, offers = reg.folded, problem.offers
    if not folded:
        return decisions
    packs: dict[tuple[str, dt.date], int] = defaultdict(int)
    for (oid, day), n in decisions.packs.items():
        packs[(oid, folded.get((offers[oid].supplier, day), day))] += n
    servings = []
    for s in decisions.servings:
        if s.source == "delivery":
            later = _later_lot(problem, reg, s, decisions)
            if later is not None:
                s = Serving(s.ingredient, s.service_date, s.source, s.source_ref, later, s.quantity)
        servings.append(s)
    return attrs.evolve(decisions, packs=dict(packs), servings=tuple(servings))


def _later_lot(problem: WeekProblem, reg: Registry, s: Serving,
               decisions: Decisions) -> dt.date | None:
    """The day the lot of ``s`` moves to when every pack of it was on a folded day."""
    folded, offers = reg.folded, problem.offers
    days = {
        folded.get((offers[oid].supplier, day))
        for (oid, day), n in decisions.packs.items()
        if n and day == s.source_date and offers[oid].ingredient == s.ingredient
    }
    return days.pop() if len(days) == 1 and None not in days else None


def line_cents(price_ht: float, packs: int) -> int:
    """A purchase line's value HT in cents, rounded half up as the plan rounds it."""
    value = Decimal(str(price_ht)) * packs * 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
