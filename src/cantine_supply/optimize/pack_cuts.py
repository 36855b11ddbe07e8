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
from collections.abc import Mapping, Sequence
from typing import TypeVar

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
    """Whole packs for every run of service days, rounded for every pack size
    (:func:`run_cuts`, for a week served from its own lots).

    For an ingredient ``i`` the needs are those of the fixed courses (a course to choose
    can only add needs); the lots that are not deliveries are the stock on hand (its
    quantity) and the collections (the guaranteed amount); the deliveries are the slots
    ``(o,d)`` of the week, each reaching the days from ``d`` to the last day its food keeps.
    With the whole week and the largest pack a cut is the pack-cover cut
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
    slots: dict[str, list[tuple[PackKey, dt.date, dt.date, float]]] = defaultdict(list)
    for slot in problem.delivery_slots:
        offer = problem.offers[slot.offer]
        slots[slot.ingredient].append(((slot.offer, slot.date), slot.date,
                                       until[(slot.ingredient, slot.date)],
                                       offer.pack_quantity))
    cuts: list[PackCut] = []
    for ing in sorted(needs):
        for terms, least in run_cuts(needs[ing], slots.get(ing, []), other.get(ing, [])):
            cuts.append(PackCut(ing, terms, least))
    return tuple(cuts)


Key = TypeVar("Key")


def run_cuts(
    need_by_day: Mapping[dt.date, float],
    deliveries: Sequence[tuple[Key, dt.date, dt.date, float]],
    others: Sequence[tuple[dt.date, dt.date, float]],
) -> list[tuple[tuple[tuple[Key, int], ...], int]]:
    """The whole-pack cuts of one ingredient, the one rule of a week
    (:func:`window_pack_cuts`) and of a horizon
    (:func:`~cantine_supply.optimize.horizon_build.horizon_pack_cuts`): each cut is
    ``Σ coefficient · p[key] >= least`` over the returned ``(key, coefficient)`` terms.

    ``need_by_day`` is what must be served of the ingredient each day (at least);
    ``deliveries`` the pack counts that can bring it, ``(key, day, until, pack size)``:
    whole numbers of packs delivered on ``day`` whose food serves days up to ``until``;
    ``others`` the other lots, ``(start, until, most they hold)``.

    Proof. Let ``T`` be a run of consecutive need days (from ``lo`` to ``hi``). What is
    served on ``T`` is served by the lots usable on a day of ``T`` (a lot serves only days
    from its start to its end), each at most what it holds in all, so
    ``Σ_{(k,d) ∈ D_T} pack_k · p[k] >= need_T − R_T``, where ``D_T`` are the deliveries
    with ``d <= hi`` and ``until >= lo`` and ``R_T`` the most the other lots reaching ``T``
    hold. Dividing by any size ``S > 0`` and rounding up (``p`` is a whole number, so
    ``ceil(pack_k / S) · p >= pack_k · p / S``, and the left side is then whole):
    ``Σ_{D_T} ceil(pack_k / S) · p[k] >= ceil((need_T − R_T) / S)``. No plan is cut off.

    One cut per pack size ``S`` of the deliveries in ``D_T``, for each distinct ``D_T``
    (from its run with the largest ``need_T − R_T``), when the right-hand side is positive
    and finite.
    """
    days = sorted(d for d, q in need_by_day.items() if q > 0)
    best: dict[tuple[int, ...], float] = {}
    for first in range(len(days)):
        for last in range(first, len(days)):
            lo, hi = days[first], days[last]
            members = tuple(k for k, (_, day, until, _) in enumerate(deliveries)
                            if day <= hi and until >= lo)
            rest = sum(need_by_day[t] for t in days[first:last + 1]) - sum(
                q for start, end, q in others if start <= hi and end >= lo)
            if members and 1e-9 < rest < math.inf and rest > best.get(members, 0.0):
                best[members] = rest
    cuts: list[tuple[tuple[tuple[Key, int], ...], int]] = []
    for members, rest in best.items():
        for size in sorted({deliveries[k][3] for k in members}):
            terms = tuple((deliveries[k][0], math.ceil(deliveries[k][3] / size - 1e-9))
                          for k in members)
            cuts.append((terms, math.ceil(rest / size - 1e-9)))
    return cuts


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
