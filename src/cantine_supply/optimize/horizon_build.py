"""Build the mixed-integer programme for several weeks planned together (math_opt).

Each week keeps its own :class:`~cantine_supply.optimize.registry.Registry` and the week
model's constraint families (packs and tiers, orders, collections, menus, flexible lines,
coverage, season, shares, meat, CO2), composed by :mod:`.compose` as for a week alone
(:data:`~.compose.HORIZON_WEEK`: the week's strengthening is week-only, the reason is in
:mod:`.compose`). What joins the weeks is here, the only additions: one allocation
``a[i,l,s]`` of every lot ``l`` to every service day ``s`` of the horizon it can reach (a
lot delivered in week k may serve week k+1 while it keeps), lot capacities over the whole
horizon, storage at each week's end, the budgets, and the objective with the stock left at
the end valued.

Notation as in :mod:`.build`; ``Q_l`` is what lot ``l`` holds (stock, collected quantity
``q``, or ``Σ_o p[o,d] · pack_o`` delivered), ``e_k`` the last service day of week k,
``v_l`` the value per base unit of lot ``l`` left at the end (see
:func:`~cantine_supply.problem.horizon_problem.replacement_value`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.model import Storage
from cantine_supply.optimize.compose import (
    HORIZON_WEEK,
    add_week_rules,
    add_week_variables,
)
from cantine_supply.optimize.objective import planner_cost
from cantine_supply.optimize.pack_cuts import run_cuts
from cantine_supply.optimize.registry import Registry
from cantine_supply.optimize.rules import add_budget, lot_holds
from cantine_supply.problem.horizon_problem import (
    END_STOCK_SHARE,
    KEEPS_DAYS,
    HorizonLot,
    HorizonProblem,
    end_value_caps,
)
from cantine_supply.problem.lots import CollectionKey, LotKey, StockKey

LotRef = tuple[str, LotKey]


@attrs.define
class HorizonRegistry:
    """The weeks' registries and what joins them: every lot, the allocations of each lot
    (keyed ``(ingredient, lot key, day)``), what each lot holds, the stock value at the
    end and the storage constraints (keyed ``(week index, storage class)``)."""

    weeks: list[Registry] = attrs.Factory(list)
    lots: tuple[HorizonLot, ...] = ()
    alloc: dict[tuple[str, LotKey, dt.date], mathopt.Variable] = attrs.Factory(dict)
    holds: dict[LotRef, mathopt.LinearExpression] = attrs.Factory(dict)
    end_value: mathopt.LinearExpression = attrs.Factory(mathopt.LinearExpression)
    storage: dict[tuple[int, str], mathopt.LinearConstraint] = attrs.Factory(dict)
    budget: mathopt.LinearConstraint | None = None
    end_caps: list[tuple[mathopt.Variable, mathopt.LinearExpression]] = attrs.Factory(list)


@attrs.frozen
class HorizonBuilt:
    """A horizon model ready to solve, with its registry."""

    model: mathopt.Model
    registry: HorizonRegistry
    problem: HorizonProblem


def build_horizon_model(problem: HorizonProblem, *, pack_cuts: bool = True) -> HorizonBuilt:
    """Build the MIP for ``problem``: each week's variables, the servings across weeks,
    each week's rules (:mod:`.compose`), then the families that join the weeks, then the
    objective. Without ``pack_cuts`` the valid inequalities of :func:`horizon_pack_cuts`
    are left out (the same optimum: for the tests and the benchmarks)."""
    model = mathopt.Model(name="horizon")
    reg = HorizonRegistry()
    for week in problem.weeks:
        wreg = Registry()
        add_week_variables(model, week, wreg, HORIZON_WEEK)
        reg.weeks.append(wreg)
    add_horizon_allocation(model, problem, reg)
    for week, wreg in zip(problem.weeks, reg.weeks, strict=True):
        add_week_rules(model, week, wreg, HORIZON_WEEK)
    add_horizon_lot_capacity(model, problem, reg)
    if pack_cuts:
        add_horizon_pack_cuts(model, problem, reg)
    add_storage_capacity(model, problem, reg)
    add_horizon_budget(model, problem, reg)
    set_horizon_objective(model, problem, reg)
    return HorizonBuilt(model, reg, problem)


def add_horizon_allocation(model: mathopt.Model, problem: HorizonProblem,
                           reg: HorizonRegistry) -> None:
    """``a[i,l,s] >= 0`` for every lot ``l`` of ``i`` and every service day ``s`` of the
    horizon that needs ``i`` with ``start_l <= s <= until_l``; each week's registry gets
    the allocations to its own days (so the week's coverage, meat and CO2 see them)."""
    reg.lots = problem.lots()
    need_days = [week.need_days() for week in problem.weeks]
    for hlot in reg.lots:
        lot = hlot.lot
        for k, days in enumerate(need_days):
            for day in days.get(lot.ingredient, ()):
                if lot.start <= day <= lot.until:
                    var = model.add_variable(lb=0, name=f"serve[{lot.ingredient},{lot.key},{day}]")
                    reg.alloc[(lot.ingredient, lot.key, day)] = var
                    reg.weeks[k].alloc[(lot.ingredient, lot.key, day)] = var


def add_horizon_lot_capacity(model: mathopt.Model, problem: HorizonProblem,
                             reg: HorizonRegistry) -> None:
    """A lot serves no more than it holds, over the whole horizon: ``Σ_s a[i,l,s] <= Q_l``."""
    delivered: dict[tuple[str, dt.date], mathopt.LinearExpression] = defaultdict(
        mathopt.LinearExpression)
    for week, wreg in zip(problem.weeks, reg.weeks, strict=True):
        for (oid, day), packs in wreg.packs.items():
            offer = week.offers[oid]
            delivered[(offer.ingredient, day)] += offer.pack_quantity * packs
    taken: dict[tuple[str, dt.date, str], mathopt.Variable] = {}
    for wreg in reg.weeks:
        taken.update(wreg.take)
    served: dict[LotRef, list[mathopt.Variable]] = defaultdict(list)
    for (ing, key, _), var in reg.alloc.items():
        served[(ing, key)].append(var)
    for hlot in reg.lots:
        lot = hlot.lot
        holds = lot_holds(lot, problem.stock, taken, delivered)
        reg.holds[(lot.ingredient, lot.key)] = holds
        model.add_linear_constraint(
            mathopt.fast_sum(served.get((lot.ingredient, lot.key), [])) <= holds)


def add_horizon_pack_cuts(model: mathopt.Model, problem: HorizonProblem,
                             reg: HorizonRegistry) -> None:
    """Add the whole-pack cuts of :func:`horizon_pack_cuts` (named ``packs_needed``)."""
    for number, cut in enumerate(horizon_pack_cuts(problem, reg)):
        model.add_linear_constraint(
            mathopt.fast_sum(coefficient * packs for packs, coefficient in cut.terms)
            >= cut.least, name=f"packs_needed[{cut.ingredient},{number}]")


@attrs.frozen
class HorizonPackCut:
    """``Σ coefficient · p >= least`` over ``terms`` (pack variable of any week,
    coefficient), for ``ingredient``."""

    ingredient: str
    terms: tuple[tuple[mathopt.Variable, int], ...]
    least: int


def horizon_pack_cuts(problem: HorizonProblem,
                      reg: HorizonRegistry) -> tuple[HorizonPackCut, ...]:
    """Valid inequalities: whole packs for every run of need days across the horizon,
    rounded for every pack size: :func:`.pack_cuts.run_cuts` (the rule and its proof, the
    same as for a week alone) with what the horizon's lots are.

    For an ingredient ``i`` the need days are those of the fixed courses of every week (a
    course to choose or a flexible line only adds to what is served: coverage serves the
    fixed need plus what the choices add). The lots are the horizon's
    (:meth:`~cantine_supply.problem.horizon_problem.HorizonProblem.lots`): an allocation
    ``a[i,l,s]`` exists only for ``start_l <= s <= until_l`` and a lot serves in all at most
    what it holds, over the whole horizon (:func:`add_horizon_lot_capacity`). Those that
    are not deliveries hold at most: a stock lot its quantity, a collection lot the upper
    bound of its take (what the round guarantees). A delivery lot of ``i`` on day ``d``
    holds ``Σ_o pack_o · p[o,d]`` over the offers of ``i`` delivered that day, in
    whichever week's variables they are, and reaches the days up to the last one its food
    keeps, in a later week too. So the pack variables of every week enter a cut when their
    delivery's food keeps into its run; packs of a day with no delivery lot serve nothing
    and are left out. No plan is cut off, so the optimum is unchanged
    (``tests/test_horizon_cuts.py`` solves random horizons to gap 0 with and without them).

    The runs from the first need day to the end of each week are the former cumulative cut
    (there with the largest size only); the runs within the last week make the relaxation
    pay for the packs opened for the end of the horizon, which it used to buy in slivers.
    """
    need: dict[str, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    for week in problem.weeks:
        for n in week.needs:
            need[n.ingredient][n.date] += n.quantity
    taken: dict[tuple[str, dt.date, str], mathopt.Variable] = {}
    for wreg in reg.weeks:
        taken.update(wreg.take)
    other: dict[str, list[tuple[dt.date, dt.date, float]]] = defaultdict(list)
    until: dict[tuple[str, dt.date], dt.date] = {}
    for hlot in reg.lots or problem.lots():
        lot = hlot.lot
        key = lot.key
        if isinstance(key, StockKey):
            held = problem.stock[key.stock_index].quantity
        elif isinstance(key, CollectionKey):
            take = taken.get((key.collection, key.day, lot.ingredient))
            held = 0.0 if take is None else take.upper_bound
        else:
            until[(lot.ingredient, lot.start)] = lot.until
            continue
        other[lot.ingredient].append((lot.start, lot.until, held))
    slots: dict[str, list[tuple[mathopt.Variable, dt.date, dt.date, float]]] = defaultdict(list)
    for week, wreg in zip(problem.weeks, reg.weeks, strict=True):
        for (oid, day), packs in sorted(wreg.packs.items(), key=lambda kv: kv[0]):
            offer = week.offers[oid]
            reach = until.get((offer.ingredient, day))
            if reach is not None:  # packs of a day with no delivery lot serve nothing
                slots[offer.ingredient].append((packs, day, reach, offer.pack_quantity))
    return tuple(HorizonPackCut(ing, terms, least)
                 for ing in sorted(need)
                 for terms, least in run_cuts(need[ing], slots.get(ing, []),
                                              other.get(ing, [])))


def stock_at_end_of_week(problem: HorizonProblem, reg: HorizonRegistry,
                         k: int) -> dict[str, mathopt.LinearExpression]:
    """Food held at the end of week ``k``, in kg per storage class: every lot there by
    ``e_k`` that keeps beyond it, less what it served up to ``e_k``:
    ``Σ_l kg_i (Q_l − Σ_{s <= e_k} a[i,l,s])`` over lots with ``start_l <= e_k < until_l``."""
    end = problem.weeks[k].week.last_day
    ingredients = problem.catalogue.ingredient_by_id
    served: dict[LotRef, list[mathopt.Variable]] = defaultdict(list)
    for (ing, key, day), var in reg.alloc.items():
        if day <= end:
            served[(ing, key)].append(var)
    held: dict[str, mathopt.LinearExpression] = defaultdict(mathopt.LinearExpression)
    for hlot in reg.lots:
        lot = hlot.lot
        if not lot.start <= end < lot.until:
            continue
        ingredient = ingredients[lot.ingredient]
        kg = ingredient.kg_per_unit or 0.0
        ref = (lot.ingredient, lot.key)
        held[ingredient.storage.value] += kg * (
            reg.holds[ref] - mathopt.fast_sum(served.get(ref, [])))
    return held


def add_storage_capacity(model: mathopt.Model, problem: HorizonProblem,
                         reg: HorizonRegistry) -> None:
    """At each week's end, food held per storage class within its capacity:
    ``stock_kg(k, class) <= capacity(class)`` (see :func:`stock_at_end_of_week`)."""
    if problem.storage is None:
        return
    for k in range(len(problem.weeks)):
        held = stock_at_end_of_week(problem, reg, k)
        for storage in Storage:
            cap = problem.storage.limit(storage)
            if cap is None or storage.value not in held:
                continue
            reg.storage[(k, storage.value)] = model.add_linear_constraint(
                held[storage.value] <= cap, name=f"storage[{k},{storage.value}]")


def add_horizon_budget(model: mathopt.Model, problem: HorizonProblem,
                       reg: HorizonRegistry) -> None:
    """Each week's own budget ``cost_k(basis) <= budget_k``; or, with a horizon budget,
    which replaces them: ``Σ_k cost_k(basis) <= budget``."""
    if problem.budget is None:
        for week, wreg in zip(problem.weeks, reg.weeks, strict=True):
            add_budget(model, week, wreg)
        return
    limit = problem.budget_limit()
    assert limit is not None
    basis = problem.budget.basis
    reg.budget = model.add_linear_constraint(
        mathopt.fast_sum(wreg.cost[basis] for wreg in reg.weeks)
        <= math.floor(limit * 100 + 1e-6) / 100, name="horizon_budget")


def set_horizon_objective(model: mathopt.Model, problem: HorizonProblem,
                          reg: HorizonRegistry) -> None:
    """Least ``Σ_k cost_k(HT) − share × Σ_i w_i`` (``share`` =
    :data:`~cantine_supply.problem.horizon_problem.END_STOCK_SHARE`) where ``w_i``, the replacement
    value of the stock of ingredient ``i`` left at the end, is at most
    ``Σ_l v_l (Q_l − Σ_s a[i,l,s])`` over its lots that keep a week after the last service
    of the horizon (what it would cost to buy again, never more than it cost) and at most
    ``cap_i``, the value of what the canteen can use before it spoils
    (:func:`~cantine_supply.problem.horizon_problem.end_value_caps`); plus each week's off-season
    penalty and the leftover tie-break: each week's
    :func:`~cantine_supply.optimize.objective.planner_cost` on the HT basis."""
    keeps = problem.last_day + dt.timedelta(days=KEEPS_DAYS)
    served: dict[LotRef, list[mathopt.Variable]] = defaultdict(list)
    for (ing, key, _), var in reg.alloc.items():
        served[(ing, key)].append(var)
    left: dict[str, mathopt.LinearExpression] = defaultdict(mathopt.LinearExpression)
    for hlot in reg.lots:
        lot = hlot.lot
        if lot.until < keeps or hlot.value <= 0:
            continue
        ref = (lot.ingredient, lot.key)
        left[lot.ingredient] += hlot.value * (
            reg.holds[ref] - mathopt.fast_sum(served.get(ref, [])))
    caps = end_value_caps(problem.catalogue, problem.usable)
    value = mathopt.LinearExpression()
    for ingredient_id, worth in sorted(left.items()):
        if ingredient_id not in caps:
            value += worth
            continue
        capped = model.add_variable(lb=0, ub=caps[ingredient_id],
                                    name=f"end_value[{ingredient_id}]")
        model.add_linear_constraint(capped <= worth)
        reg.end_caps.append((capped, worth))
        value += capped
    reg.end_value = value
    cost = mathopt.fast_sum(
        planner_cost(week, wreg, "HT") for week, wreg in zip(problem.weeks, reg.weeks, strict=True))
    model.minimize(cost - float(END_STOCK_SHARE) * value)
