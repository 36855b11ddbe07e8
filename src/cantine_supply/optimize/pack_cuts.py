"""Whole-pack cuts: valid inequalities that make the relaxation buy whole packs.

In the linear relaxation a need of 2.5 kg can be met with half a 5 kg sack; on the sample
week that alone puts the relaxation about 9% below the optimum. What stock and collections
cannot provide must come in whole packs, for every run of consecutive service days and
for every pack size; these rows say so. They remove no plan, so the optimum is unchanged
(``tests/test_valid_inequalities.py`` solves random weeks with and without them).

The cuts are plain data (:class:`PackCut`, over the ``(offer, delivery day)`` keys of the
pack variables) so that the model of :mod:`.build` and the PuLP model of the benchmarks add
the same rows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.problem.lots import CollectionKey, StockKey, lots_of
from cantine_supply.problem.week import WeekProblem

PackKey = tuple[str, dt.date]


@attrs.frozen
class PackCut:
    """``Σ coefficient · p[o,d] >= least`` over ``terms`` ((offer, day), coefficient)."""

    ingredient: str
    terms: tuple[tuple[PackKey, int], ...]
    least: int


def window_pack_cuts(problem: WeekProblem) -> tuple[PackCut, ...]:
    """Whole packs for every run of service days, rounded for every pack size.

    For an ingredient ``i`` and a run ``T`` of its consecutive need days (fixed courses
    only: a course to choose can only add needs), the needs of ``T`` can only be served by
    the lots usable on some day of ``T``: stock and collections, holding at most ``R_T``
    (their quantity, or the guaranteed amount), and the deliveries ``D_T``, the slots
    ``(o,d)`` with ``[d, until_d] ∩ T ≠ ∅``. So
    ``Σ_{(o,d)∈D_T} pack_o · p[o,d] >= need_T − R_T``. Dividing by any size ``Q > 0`` and
    rounding (``p`` is a whole number, so ``ceil(pack_o / Q) · p >= pack_o · p / Q`` and
    the left side is whole):
    ``Σ_{(o,d)∈D_T} ceil(pack_o / Q) · p[o,d] >= ceil((need_T − R_T) / Q)``.

    One row per pack size ``Q`` of the offers in ``D_T``, for each distinct set ``D_T``
    (from its run with the largest ``need_T − R_T``), when the right-hand side is positive.
    With the whole week and the largest pack this is the pack-cover cut
    ``Σ p >= ceil((need_i − stock_i − guaranteed_i) / largest pack_i)``.
    """
    needs: dict[str, dict[dt.date, float]] = defaultdict(dict)
    for need in problem.needs:
        needs[need.ingredient][need.date] = need.quantity
    wanted = problem.most_need_by_ingredient()
    other: dict[str, list[tuple[dt.date, dt.date, float]]] = defaultdict(list)
    until: dict[tuple[str, dt.date], dt.date] = {}
    for lot in lots_of(problem):
        key = lot.key
        if isinstance(key, StockKey):
            held = problem.stock[key.stock_index].quantity
            other[lot.ingredient].append((lot.start, lot.until, held))
        elif isinstance(key, CollectionKey) and lot.ingredient in wanted:
            cid = key.collection
            guaranteed = sum(
                item.guaranteed
                for item in problem.collections[cid].items
                if item.ingredient == lot.ingredient
            )
            other[lot.ingredient].append((lot.start, lot.until, guaranteed))
        elif lot.kind == "delivery":
            until[(lot.ingredient, lot.start)] = lot.until
    slots: dict[str, list[tuple[PackKey, float]]] = defaultdict(list)
    for slot in problem.delivery_slots:
        offer = problem.offers[slot.offer]
        slots[slot.ingredient].append(((slot.offer, slot.date), offer.pack_quantity))
    cuts: list[PackCut] = []
    for ing in sorted(needs):
        by_day, options = needs[ing], slots.get(ing, [])
        days = sorted(by_day)
        best: dict[tuple[int, ...], float] = {}
        for first in range(len(days)):
            for last in range(first, len(days)):
                lo, hi = days[first], days[last]
                members = tuple(
                    k for k, ((_, d), _) in enumerate(options) if d <= hi and until[(ing, d)] >= lo
                )
                rest = sum(by_day[t] for t in days[first : last + 1]) - sum(
                    q for start, end, q in other.get(ing, ()) if start <= hi and end >= lo
                )
                if members and rest > 1e-9 and rest > best.get(members, 0.0):
                    best[members] = rest
        for members, rest in best.items():
            for size in sorted({options[k][1] for k in members}):
                terms = tuple(
                    (options[k][0], math.ceil(options[k][1] / size - 1e-9)) for k in members
                )
                cuts.append(PackCut(ing, terms, math.ceil(rest / size - 1e-9)))
    return tuple(cuts)


def useful_pack_limits(problem: WeekProblem) -> dict[PackKey, int]:
    """For each purchase line ``(o, d)``: the most packs of ``o`` that delivery ``d`` can put
    to use, ``ceil(R / pack_o)``, where ``R`` is the most the service days its lot reaches
    (``d`` to the last day the food keeps) can need of the ingredient.

    A plan may buy more (to reach a minimum order, a free-delivery threshold, a discount
    tier or a share by value): the model splits ``p[o,d] = u[o,d] + e[o,d]``, the packs put
    to use ``u <= limit · y[s,d]`` and the extra ``e``, and a lot serves only from ``u``.
    This cuts off no plan: take ``u = min(p, limit)``; if some line's ``p`` exceeds its limit,
    that line alone holds ``R``, all its lot can serve. In the relaxation an order can no
    longer pass for a sliver of itself by spreading its packs over a cap inflated by the
    minimum order (``most_packs``), so the minimum orders and delivery fees start to count.
    """
    need = problem.most_need_by_day()
    days: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
    for (ing, day), quantity in need.items():
        days[ing].append((day, quantity))
    until = {
        (lot.ingredient, lot.start): lot.until for lot in lots_of(problem) if lot.kind == "delivery"
    }
    limits: dict[PackKey, int] = {}
    for slot in problem.delivery_slots:
        offer = problem.offers[slot.offer]
        last = until[(slot.ingredient, slot.date)]
        reach = sum(q for day, q in days[slot.ingredient] if slot.date <= day <= last)
        limits[(slot.offer, slot.date)] = math.ceil(reach / offer.pack_quantity - 1e-9)
    return limits


def add_pack_cuts(
    model: mathopt.Model,
    problem: WeekProblem,
    packs: Mapping[PackKey, mathopt.Variable | mathopt.LinearExpression],
) -> None:
    """Add :func:`window_pack_cuts` over ``packs``: the pack variables, or the packs put to
    use (whole numbers too, and what the lots serve from)."""
    for number, cut in enumerate(window_pack_cuts(problem)):
        model.add_linear_constraint(
            mathopt.fast_sum(coefficient * packs[key] for key, coefficient in cut.terms)
            >= cut.least,
            name=f"packs_needed[{cut.ingredient},{number}]",
        )
