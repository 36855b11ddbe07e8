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
from cantine_supply.optimize.registry import Registry
from cantine_supply.optimize.rules import add_budget, lot_holds
from cantine_supply.problem.horizon_problem import (
    END_STOCK_SHARE,
    KEEPS_DAYS,
    HorizonLot,
    HorizonProblem,
    end_value_caps,
)
from cantine_supply.problem.lots import LotKey

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


def build_horizon_model(problem: HorizonProblem) -> HorizonBuilt:
    """Build the MIP for ``problem``: each week's variables, the servings across weeks,
    each week's rules (:mod:`.compose`), then the families that join the weeks, then the
    objective."""
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
    add_cumulative_pack_cuts(model, problem, reg)
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


def add_cumulative_pack_cuts(model: mathopt.Model, problem: HorizonProblem,
                             reg: HorizonRegistry) -> None:
    """Valid inequalities: what the fixed courses of weeks 1..k need of an ingredient,
    beyond the stock on hand and the rounds' guaranteed food, comes in whole packs
    delivered by week k: ``Σ_{j<=k} Σ_{o,d} p[o,d] >= ceil(rest_k / largest pack)``."""
    stock: dict[str, float] = defaultdict(float)
    for lot in problem.stock:
        stock[lot.ingredient] += lot.quantity
    need: dict[str, float] = defaultdict(float)
    other = dict(stock)
    packs_of: dict[str, list[tuple[mathopt.Variable, float]]] = defaultdict(list)
    for week, wreg in zip(problem.weeks, reg.weeks, strict=True):
        for ing, qty in week.need_by_ingredient().items():
            need[ing] += qty
        for (_, _, ing), take in wreg.take.items():
            other[ing] = other.get(ing, 0.0) + take.upper_bound
        for (oid, _), packs in wreg.packs.items():
            offer = week.offers[oid]
            packs_of[offer.ingredient].append((packs, offer.pack_quantity))
        for ing, total in need.items():
            rest = total - other.get(ing, 0.0)
            options = packs_of.get(ing)
            if rest <= 1e-9 or not options:
                continue
            least = math.ceil(rest / max(size for _, size in options) - 1e-9)
            model.add_linear_constraint(mathopt.fast_sum(p for p, _ in options) >= least,
                                        name=f"packs_needed[{ing},{week.week.id}]")


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
