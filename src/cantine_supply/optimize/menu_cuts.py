"""Valid inequalities for menu choice: the relaxation pays for the recipe it leans on.

With candidate recipes, the linear relaxation serves a *convex combination* of them: half a
chicken stew and half a leek tart need half of each one's ingredients, so half a pack of
chicken and a sliver of the butcher's order (``y[s,d]`` about one half, its minimum order
half paid). On the sample menu-choice week that alone leaves the relaxation 28% below the
optimum, against 4% for the fixed week, and the search proves the optimum 6-14 times slower.
The rows below tie the menu variables ``x[c,r]`` to the packs and the orders that each
candidate needs *on its own*, so a fraction of a recipe brings that fraction of its whole
packs and of its order. They cut off no plan (each row's proof is in its docstring), so the
optimum is unchanged (``tests/test_menu_cuts.py`` solves random menu-choice weeks to gap 0
with and without them).

Notation as in :mod:`.build`. For an ingredient ``i`` and a run ``T`` of consecutive days
that need (or may need) it: ``F_T`` the fixed courses' need of ``i`` in ``T``; ``R_T`` what
stock and collection rounds usable on a day of ``T`` can hold of ``i`` at most (their
quantity, or the guaranteed amount); ``D_T`` the delivery slots ``(o,d)`` of ``i`` whose lot
reaches a day of ``T`` (``d <= max T`` and ``until_d >= min T``); ``q[c,r]`` the need of
``i`` of candidate ``r`` of course ``c`` (0 when ``r`` does not use it); and for a course
``c`` on a day of ``T``, ``L_c = F_T + Σ_{c' ≠ c in T} min_r q[c',r] − R_T``, what
deliveries must bring whichever recipes the other courses choose, before ``c``'s own.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from collections.abc import Mapping

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.problem.lots import CollectionKey, Lot, StockKey, lots_of
from cantine_supply.problem.week import WeekProblem

PackKey = tuple[str, dt.date]
#: ``(recipe, q[c,r])`` for each candidate of a course, for one ingredient.
Needs = tuple[tuple[str, float], ...]


@attrs.frozen
class Run:
    """A run ``T`` of an ingredient's need days: the fixed need ``F_T``, the most stock and
    collections can hold ``R_T``, the delivery slots ``D_T`` with each one's pack, and the
    courses to choose on its days with each candidate's need ``q[c,r]`` (base unit)."""

    ingredient: str
    fixed: float
    others: float
    slots: tuple[tuple[PackKey, float], ...]
    choices: tuple[tuple[int, tuple[tuple[str, float], ...]], ...]


def choice_runs(problem: WeekProblem) -> list[Run]:
    """Every run of consecutive need days of every ingredient some candidate uses, with a
    course to choose on one of its days and at least one delivery slot reaching it."""
    fixed: dict[str, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    for need in problem.needs:
        fixed[need.ingredient][need.date] += need.quantity
    chosen: dict[str, list[tuple[int, dt.date]]] = defaultdict(list)
    for index, choice in enumerate(problem.choices):
        for ing in sorted({ing for c in choice.candidates for ing, _ in c.needs}):
            chosen[ing].append((index, choice.date))
    need_days = problem.need_days()
    lots = lots_of(problem)
    until = {(lot.ingredient, lot.start): lot.until for lot in lots if lot.kind == "delivery"}
    others = _other_supplies(problem, lots)
    slots: dict[str, list[tuple[PackKey, float]]] = defaultdict(list)
    for slot in problem.delivery_slots:
        pack = problem.offers[slot.offer].pack_quantity
        slots[slot.ingredient].append(((slot.offer, slot.date), pack))
    runs = []
    for ing in sorted(chosen):
        days = list(need_days.get(ing, ()))
        for first in range(len(days)):
            for last in range(first, len(days)):
                lo, hi = days[first], days[last]
                courses = [index for index, day in chosen[ing] if lo <= day <= hi]
                members = tuple(
                    (key, pack) for key, pack in slots.get(ing, [])
                    if key[1] <= hi and until[(ing, key[1])] >= lo
                )
                if not courses or not members:
                    continue
                runs.append(Run(
                    ing,
                    sum(q for day, q in fixed[ing].items() if lo <= day <= hi),
                    sum(q for start, end, q in others.get(ing, ()) if start <= hi and end >= lo),
                    members,
                    tuple((index, _candidate_needs(problem, index, ing)) for index in courses),
                ))
    return runs


def _candidate_needs(problem: WeekProblem, index: int, ing: str) -> tuple[tuple[str, float], ...]:
    """``(recipe, q[c,r])`` of each candidate of course ``index`` for ingredient ``ing``."""
    return tuple(
        (c.recipe, sum(q for i, q in c.needs if i == ing))
        for c in problem.choices[index].candidates
    )


def _other_supplies(
    problem: WeekProblem, lots: tuple[Lot, ...]
) -> dict[str, list[tuple[dt.date, dt.date, float]]]:
    """Stock and collection lots per ingredient: ``(usable from, until, most they hold)``."""
    out: dict[str, list[tuple[dt.date, dt.date, float]]] = defaultdict(list)
    for lot in lots:
        key = lot.key
        if isinstance(key, StockKey):
            held = problem.stock[key.stock_index].quantity
            out[lot.ingredient].append((lot.start, lot.until, held))
        elif isinstance(key, CollectionKey):
            held = sum(i.guaranteed for i in problem.collections[key.collection].items
                       if i.ingredient == lot.ingredient)
            out[lot.ingredient].append((lot.start, lot.until, held))
    return out


def add_menu_cuts(
    model: mathopt.Model,
    problem: WeekProblem,
    packs: Mapping[PackKey, mathopt.Variable | mathopt.LinearExpression],
    ordered: dict[tuple[str, dt.date], mathopt.Variable],
    menu: dict[tuple[int, str], mathopt.Variable],
) -> int:
    """Add :func:`candidate_pack_rows` and :func:`candidate_order_rows` for every course of
    every run of :func:`choice_runs`, keeping per set of slots and course the run with the
    largest ``L_c`` (the strongest row); return how many rows were added."""
    strongest: dict[tuple[tuple[PackKey, ...], int], tuple[float, Run, Needs]] = {}
    for run in choice_runs(problem):
        least = {index: min(q for _, q in needs) for index, needs in run.choices}
        for index, needs in run.choices:
            base = run.fixed - run.others + sum(q for c, q in least.items() if c != index)
            key = (tuple(k for k, _ in run.slots), index)
            if key not in strongest or base > strongest[key][0]:
                strongest[key] = (base, run, needs)
    added = 0
    for (_, index), (base, run, needs) in sorted(strongest.items(), key=lambda kv: repr(kv[0])):
        for lhs, rhs in candidate_pack_rows(run, base, index, needs, packs, menu):
            model.add_linear_constraint(lhs >= rhs, name=f"menu_packs[{run.ingredient},{added}]")
            added += 1
        row = candidate_order_rows(problem, run, base, index, needs, ordered, menu)
        if row is not None:
            name = f"menu_order[{run.ingredient},{added}]"
            model.add_linear_constraint(row[0] >= row[1], name=name)
            added += 1
    return added


Row = tuple[mathopt.LinearExpression, mathopt.LinearExpression]


def candidate_pack_rows(
    run: Run,
    base: float,
    index: int,
    needs: tuple[tuple[str, float], ...],
    packs: Mapping[PackKey, mathopt.Variable | mathopt.LinearExpression],
    menu: dict[tuple[int, str], mathopt.Variable],
) -> list[Row]:
    """Whole packs for each candidate: for course ``c`` (``index``) in the run, with
    ``base = L_c``, and each pack size ``Q`` of ``D_T``,
    ``Σ_{(o,d)∈D_T} ceil(pack_o / Q) · p[o,d] >= Σ_r ceil((L_c + q[c,r]) / Q)⁺ · x[c,r]
    + Σ_{c' ≠ c} Σ_r b[c',r] · x[c',r]``, the last sum the other courses of the run lifted
    in (:func:`lifted_courses`; ``b >= 0``).

    Proof: exactly one ``x[c,r]`` is 1 (``Σ_r x[c,r] = 1``), say ``r*``, so the first sum
    is ``ceil((L_c + q[c,r*]) / Q)⁺``. The run then needs at least ``F_T + q[c,r*] +
    Σ_{c'≠c} min_r q[c',r]`` (needs only add, flexible lines included), of which stock and
    collections hold at most ``R_T``; the rest comes from the lots of ``D_T``, so
    ``Σ pack_o · p[o,d] >= L_c + q[c,r*]``; dividing by ``Q`` and rounding as in
    :func:`.pack_cuts.window_pack_cuts` (``ceil(pack_o / Q) · p >= pack_o · p / Q``, the left
    side whole) gives the row without the lifted courses; with them, see
    :func:`lifted_courses`. ``p`` may be the packs put to use (what lots serve from).
    With one candidate this is the window cut of the fixed courses; with several, the
    relaxation's fractional ``x`` buys each candidate's *rounded* packs."""
    if all(base + q <= 1e-9 for _, q in needs):
        return []
    rows = []
    for size in sorted({pack for _, pack in run.slots}):
        rhs = mathopt.fast_sum(
            coefficient * menu[(course, recipe)]
            for course, recipe, coefficient in lifted_courses(run, base, index, needs, size)
        )
        lhs = mathopt.fast_sum(
            math.ceil(pack / size - 1e-9) * packs[key] for key, pack in run.slots
        )
        rows.append((lhs, rhs))
    return rows


#: Most combinations of the courses already in a row that :func:`lifted_courses`
#: enumerates to lift one more course in; courses beyond stay out of the row.
LIFT_COMBINATIONS = 256


def lifted_courses(
    run: Run, base: float, index: int, needs: Needs, size: float
) -> list[tuple[int, str, int]]:
    """``(course, recipe, coefficient)`` of the right side of a whole-pack row of
    :func:`candidate_pack_rows` for pack size ``Q`` (``size``): course ``c`` (``index``)
    with ``a[r] = ceil((L_c + q[c,r]) / Q)⁺``, then each other course ``c'`` of the run,
    in turn, with ``b[c',r'] = min over the choices (r_1..r_k) of the courses already in
    the row of ceil(g(r_1..r_k, r') / Q)⁺ − Σ_j coefficient(r_j)``, where ``g`` is the
    need left to deliveries, ``L_c`` with ``q`` of the chosen candidates in place of the
    least ``min_r q`` of the courses already in the row and of ``c'``. Zero coefficients
    are left out; a course whose lifting would enumerate more than
    ``LIFT_COMBINATIONS`` choices, and the ones after it, stay out (coefficient 0).

    Proof (sequential lifting): write ``G(choices)`` for ``ceil(g / Q)⁺``, which only grows
    with each ``q`` (needs only add). By induction over the courses added, the sum of the
    coefficients of any choice of the courses in the row is at most ``G`` of that choice
    (the others at their least): true for ``c`` alone (``a[r] = G(r)``), and each ``b`` is
    the least slack of that bound over the choices already in, so it still holds with
    ``c'``. ``b >= 0``, since ``G(r_1..r_k, r') >= G(r_1..r_k, least) >= Σ coefficients``.
    With every course's true choice, ``G`` is at most ``ceil((need_T − R_T) / Q)⁺``, which
    the packs' side covers (the proof of :func:`candidate_pack_rows`); a course left out
    only lowers the right side."""
    least = {course: min(q for _, q in cands) for course, cands in run.choices}
    rest = base - sum(q for course, q in least.items() if course != index)
    inside: list[tuple[int, Needs]] = [(index, needs)]
    coefficients: dict[tuple[int, str], int] = {}
    for recipe, q in needs:
        coefficients[(index, recipe)] = max(math.ceil((base + q) / size - 1e-9), 0)
    combinations = len(needs)
    for course, cands in run.choices:
        if course == index:
            continue
        if combinations * len(cands) > LIFT_COMBINATIONS:
            break
        others = rest + sum(q for c, q in least.items() if c != index and c != course
                            and all(c != i for i, _ in inside))
        for recipe, q in cands:
            slack = min(
                max(math.ceil((others + sum(qq for _, qq in choice) + q) / size - 1e-9), 0)
                - sum(coefficients[(c, r)] for c, (r, _) in zip(
                    (i for i, _ in inside), choice, strict=True))
                for choice in itertools.product(*(cs for _, cs in inside))
            )
            coefficients[(course, recipe)] = slack
        inside.append((course, cands))
        combinations *= len(cands)
    return [(c, r, k) for (c, r), k in coefficients.items() if k > 0]


def candidate_order_rows(
    problem: WeekProblem,
    run: Run,
    base: float,
    index: int,
    needs: tuple[tuple[str, float], ...],
    ordered: dict[tuple[str, dt.date], mathopt.Variable],
    menu: dict[tuple[int, str], mathopt.Variable],
) -> Row | None:
    """An order for each candidate that needs deliveries: for course ``c`` (``index``) in
    the run, with ``base = L_c <= 0``,
    ``Σ_{(s,d) ∈ S_T} y[s,d] >= Σ_{r: L_c + q[c,r] > 0} x[c,r]``, where ``S_T`` are the
    orders ``(supplier, day)`` of the slots ``D_T`` (each counted once). None when no
    candidate needs a delivery, or when ``L_c > 0`` (every choice does: no ``x`` in it).

    Proof: if the chosen ``r*`` has ``L_c + q[c,r*] > 0``, the run needs more of ``i`` than
    stock and collections can hold, so some lot of ``D_T`` serves it, so some slot
    ``(o,d)`` of ``D_T`` has ``p[o,d] >= 1`` and its order ``y[s,d] = 1``
    (``p <= cap · y``): the left side is at least 1, the right side exactly 1. Otherwise
    the right side is 0. In the relaxation ``y`` no longer sits near ``x · need / cap``:
    the minimum order and the fee of the supplier a candidate needs come with it."""
    wanting = [recipe for recipe, q in needs if base + q > 1e-9]
    if base > 1e-9 or not wanting:
        return None
    orders = sorted({(problem.offers[key[0]].supplier, key[1]) for key, _ in run.slots})
    return (
        mathopt.fast_sum(ordered[o] for o in orders),
        mathopt.fast_sum(menu[(index, r)] for r in wanting),
    )
