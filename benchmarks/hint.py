"""The greedy plan as a starting solution for the planner's model (method ``scip-hint``).

An experiment, not a planner feature: it measures how much a feasible incumbent from the
start helps the solver on big weeks, through ``solve_model(..., hint=...)``. Every variable
of the model gets a value: packs and tiers from the greedy packs, the extra packs
``e = max(0, p - limit)`` beyond what the delivery can put to use
(:func:`cantine_supply.optimize.pack_cuts.useful_pack_limits`), orders and free delivery
from the order values, allocations from the greedy servings, collections at zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.optimize.decisions import Decisions, Serving
from cantine_supply.optimize.pack_cuts import useful_pack_limits
from cantine_supply.optimize.registry import BuiltModel


def fold(built: BuiltModel, decisions: Decisions) -> Decisions:
    """``decisions`` with the packs of the order days the model folded into a later one
    (``registry.folded``, :mod:`cantine_supply.optimize.delivery_days`) moved to that day,
    and the servings of a delivery lot whose packs all moved, with them. (A lot fed on a
    folded day by two suppliers, one folded and one not, keeps its servings: the hint may
    then break that lot's capacity, and the solver drops or repairs it.)"""
    folded, offers = built.registry.folded, built.problem.offers
    if not folded:
        return decisions
    packs: dict[tuple[str, dt.date], int] = defaultdict(int)
    for (oid, day), n in decisions.packs.items():
        packs[(oid, folded.get((offers[oid].supplier, day), day))] += n
    moved: dict[tuple[str, dt.date], set[dt.date]] = defaultdict(set)
    for (sid, day), later in folded.items():
        moved[(sid, later)].add(day)
    servings = []
    for s in decisions.servings:
        if s.source == "delivery":
            later = _later_lot(built, s, decisions)
            if later is not None:
                s = Serving(s.ingredient, s.service_date, s.source, s.source_ref, later, s.quantity)
        servings.append(s)
    return attrs.evolve(decisions, packs=dict(packs), servings=tuple(servings))


def _later_lot(built: BuiltModel, s: Serving, decisions: Decisions) -> dt.date | None:
    """The day the lot of ``s`` moves to when every pack of it was on a folded day."""
    folded, offers = built.registry.folded, built.problem.offers
    days = {
        folded.get((offers[oid].supplier, day))
        for (oid, day), n in decisions.packs.items()
        if n and day == s.source_date and offers[oid].ingredient == s.ingredient
    }
    return days.pop() if len(days) == 1 and None not in days else None


def hint_from(built: BuiltModel, decisions: Decisions) -> dict[mathopt.Variable, float]:
    """Values for every variable of ``built`` that describe ``decisions`` (folded first,
    see :func:`fold`)."""
    reg, problem = built.registry, built.problem
    decisions = fold(built, decisions)
    values: dict[mathopt.Variable, float] = {}
    order_value: dict[tuple[str, dt.date], float] = defaultdict(float)
    for key, var in reg.packs.items():
        n = decisions.packs.get(key, 0)
        values[var] = float(n)
        offer = problem.offers[key[0]]
        order_value[(offer.supplier, key[1])] += offer.price_for(n) * n if n else 0.0
        if key in reg.tiers:
            cap = problem.pack_cap(offer)
            starts = [lvl[0] for lvl in offer.price_levels() if lvl[0] <= cap]
            level = max((k for k, s in enumerate(starts) if s <= n), default=-1) if n else -1
            for k, (use, amount, _) in enumerate(reg.tiers[key]):
                values[use] = 1.0 if k == level else 0.0
                values[amount] = float(n) if k == level else 0.0
    limits = useful_pack_limits(problem) if reg.extra else {}
    for key, var in reg.extra.items():
        values[var] = float(max(0, decisions.packs.get(key, 0) - limits[key]))
    for okey, var in reg.ordered.items():
        values[var] = 1.0 if order_value.get(okey, 0.0) > 0 else 0.0
    for okey, var in reg.free.items():
        threshold = problem.suppliers[okey[0]].free_delivery_from_ht or 0.0
        values[var] = (
            1.0 if order_value.get(okey, 0.0) >= threshold - 1e-9 and okey in order_value else 0.0
        )
    for var in reg.trip.values():
        values[var] = 0.0
    for take_key, var in reg.take.items():
        values[var] = float(decisions.taken.get(take_key, 0.0))
    served: dict[tuple[str, tuple[object, ...], dt.date], float] = defaultdict(float)
    for s in decisions.servings:
        if s.source == "stock":
            lot: tuple[object, ...] = ("stock", int(s.source_ref))
        elif s.source == "collection":
            lot = ("collection", s.source_ref, s.source_date)
        else:
            lot = ("delivery", s.source_date)
        served[(s.ingredient, lot, s.service_date)] += s.quantity
    for alloc_key, var in reg.alloc.items():
        values[var] = served.get(alloc_key, 0.0)
    return values
