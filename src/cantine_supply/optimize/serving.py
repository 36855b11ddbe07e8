"""Using up what is there: which lot serves which need, once the purchases are decided.

The MIP decides what to buy and collect; many ways of serving the needs from the lots then
cost the same. :func:`serve_first` picks, among them, the one that uses first what should
go first, as a second, separate step (a tie-break in the MIP's objective made SCIP explore
two to four times as many nodes on the sample week):

1. a collection round that is made takes everything it is guaranteed of its free items
   (food rescued; what is not served is reported as collected and not used);
2. the needs are served by the linear programme ``min Σ rank_l · a[i,l,s]`` subject to
   ``Σ_l a[i,l,s] = need[i,s]``, ``Σ_s a[i,l,s] <= holds_l`` and
   ``Σ CO2(a) <= CO2 of the optimiser's own serving``, where ``rank_l`` orders each
   ingredient's lots (:func:`serving_ranks`): stock and collected food first, the soonest
   last good day first. Nothing bought changes, so no cost changes; CO2 never rises.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.optimize.decisions import Decisions, Serving
from cantine_supply.optimize.interrupt import solve
from cantine_supply.optimize.read_back import read_servings
from cantine_supply.problem.lots import (
    KIND_ORDER,
    CollectionKey,
    DeliveryKey,
    Lot,
    LotKey,
    StockKey,
    lots_of,
)
from cantine_supply.problem.week import WeekProblem
from cantine_supply.units import SOLVER_NOISE

IngredientLot = tuple[str, LotKey]


def serving_ranks(problem: WeekProblem, lots: tuple[Lot, ...]) -> dict[IngredientLot, int]:
    """The order in which to use each ingredient's lots, keyed by ``(ingredient, lot key)``:
    stock and collected food first (unsold food, rescued or close to its best-before
    date), then deliveries; within each, the lot whose last good day comes first, and on
    the same day stock before collections. Rank 0 is used first; alike lots share a rank."""

    def place(lot: Lot) -> tuple[bool, dt.date, int]:
        return (lot.kind == "delivery", lot.until, KIND_ORDER[lot.kind])

    order: dict[str, set[tuple[bool, dt.date, int]]] = defaultdict(set)
    for lot in lots:
        order[lot.ingredient].add(place(lot))
    ranked = {ing: sorted(keys) for ing, keys in order.items()}
    return {(lot.ingredient, lot.key): ranked[lot.ingredient].index(place(lot)) for lot in lots}


def take_all_free(
    problem: WeekProblem, taken: dict[tuple[str, dt.date, str], float]
) -> dict[tuple[str, dt.date, str], float]:
    """``taken`` with, on every round that takes something or is marked ``always``, all it
    is guaranteed of each free item (``price_ht`` 0) of an ingredient the week may need."""
    made = {(cid, day) for (cid, day, _), qty in taken.items() if qty > SOLVER_NOISE}
    made |= {
        (slot.collection, slot.date)
        for slot in problem.collection_slots
        if problem.collections[slot.collection].always
    }
    needed = problem.most_need_by_ingredient()
    out = dict(taken)
    for cid, day in made:
        for item in problem.collections[cid].items:
            if item.price_ht == 0 and item.ingredient in needed and item.guaranteed > 0:
                out[(cid, day, item.ingredient)] = item.guaranteed
    return out


def _needs(problem: WeekProblem, decisions: Decisions) -> dict[tuple[str, dt.date], float]:
    """Needs per (ingredient, day) of the decided menu and flexible-line split."""
    needs: dict[tuple[str, dt.date], float] = defaultdict(float)
    for need in problem.needs:
        needs[(need.ingredient, need.date)] += need.quantity
    for index, recipe in decisions.menu.items():
        choice = problem.choices[index]
        candidate = next(c for c in choice.candidates if c.recipe == recipe)
        for ing, qty in candidate.needs:
            needs[(ing, choice.date)] += qty
    for k, shares in decisions.groups.items():
        group = problem.groups[k]
        for option in group.options:
            needs[(option.ingredient, group.date)] += (
                shares.get(option.ingredient, 0.0) * option.full_need
            )
    return needs


def _holds(
    problem: WeekProblem, decisions: Decisions, taken: dict[tuple[str, dt.date, str], float]
) -> dict[IngredientLot, float]:
    """What each lot holds, by ``(ingredient, lot key)``."""
    holds: dict[IngredientLot, float] = defaultdict(float)
    for index, lot in enumerate(problem.stock):
        holds[(lot.ingredient, StockKey("stock", index))] += lot.quantity
    for (cid, day, ing), qty in taken.items():
        holds[(ing, CollectionKey("collection", cid, day))] += qty
    for (offer_id, day), packs in decisions.packs.items():
        offer = problem.offers[offer_id]
        holds[(offer.ingredient, DeliveryKey("delivery", day))] += packs * offer.pack_quantity
    return holds


def _co2(problem: WeekProblem, servings: Sequence[Serving]) -> float:
    return sum(
        s.quantity * problem.co2_per_unit(s.ingredient, s.service_date)
        for s in servings
        if s.source != "collection"
    )


def serve_first(problem: WeekProblem, decisions: Decisions) -> Decisions:
    """``decisions`` with free collected items all taken and the needs served by the rule
    of the module docstring; unchanged when the linear programme finds no serving (it
    always has one: the optimiser's own)."""
    taken = take_all_free(problem, dict(decisions.taken))
    needs = {key: qty for key, qty in _needs(problem, decisions).items() if qty > 0}
    holds = _holds(problem, decisions, taken)
    lots = lots_of(problem)
    ranks = serving_ranks(problem, lots)
    days: dict[str, list[dt.date]] = defaultdict(list)
    for ing, day in needs:
        days[ing].append(day)
    model = mathopt.Model(name="serve-first")
    alloc: dict[tuple[str, LotKey, dt.date], mathopt.Variable] = {}
    for lot in lots:
        if holds.get((lot.ingredient, lot.key), 0.0) <= 0:
            continue
        for day in days.get(lot.ingredient, ()):
            if lot.start <= day <= lot.until:
                alloc[(lot.ingredient, lot.key, day)] = model.add_variable(lb=0.0)
    served: dict[tuple[str, dt.date], list[mathopt.Variable]] = defaultdict(list)
    given: dict[IngredientLot, list[mathopt.Variable]] = defaultdict(list)
    for (ing, key, day), var in alloc.items():
        served[(ing, day)].append(var)
        given[(ing, key)].append(var)
    for need_key, qty in needs.items():
        model.add_linear_constraint(mathopt.fast_sum(served.get(need_key, [])) == qty)
    for lot_ref, variables in given.items():
        model.add_linear_constraint(mathopt.fast_sum(variables) <= holds[lot_ref])
    co2 = _co2(problem, decisions.servings)
    model.add_linear_constraint(
        mathopt.fast_sum(
            problem.co2_per_unit(ing, day) * var
            for (ing, key, day), var in alloc.items()
            if key.kind != "collection"
        )
        <= co2 + 1e-9 * max(1.0, co2)
    )
    model.minimize(mathopt.fast_sum(ranks[(i, k)] * v for (i, k, _), v in alloc.items()))
    result = solve(model, mathopt.SolverType.GLOP)
    if result.termination.reason != mathopt.TerminationReason.OPTIMAL:
        return attrs.evolve(decisions, taken=taken)
    servings = read_servings(problem, alloc, result.variable_values())
    return attrs.evolve(decisions, taken=taken, servings=servings)
