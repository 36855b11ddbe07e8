"""The week's rules: every need served, the menu rules, the season rule, what each lot
holds, orders, collection rounds and the budget (the notation of :mod:`.build`). Each
family is one function ``(model, problem, reg)`` with its formula in its docstring."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ortools.math_opt.python import mathopt

from cantine_supply.model import Offer, StockLot
from cantine_supply.optimize.money import budget_cents
from cantine_supply.optimize.registry import Registry
from cantine_supply.problem.lots import CollectionKey, Lot, LotKey, StockKey
from cantine_supply.problem.week import REPEAT_COURSES, WeekProblem, menu_counts


def add_coverage(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """Every need is served: ``Σ_l a[i,l,s] = need[i,s]`` for each ingredient and day, where
    a course to choose adds ``Σ_r x[c,r] · covers_c · gross_per_cover(r,i)`` and a flexible
    line ``k`` adds ``Σ_k g[k,i] · full_need[k,i]``."""
    served: dict[tuple[str, dt.date], list[mathopt.Variable]] = defaultdict(list)
    for (ing, _, day), var in reg.alloc.items():
        served[(ing, day)].append(var)
    if not problem.choices and not problem.groups:
        for need in problem.needs:
            model.add_linear_constraint(
                mathopt.fast_sum(served.get((need.ingredient, need.date), [])) == need.quantity,
                name=f"cover[{need.ingredient},{need.date}]",
            )
        return
    fixed: dict[tuple[str, dt.date], float] = defaultdict(float)
    for need in problem.needs:
        fixed[(need.ingredient, need.date)] += need.quantity
    chosen: dict[tuple[str, dt.date], mathopt.LinearExpression] = defaultdict(
        mathopt.LinearExpression
    )
    for index, choice in enumerate(problem.choices):
        for candidate in choice.candidates:
            for ing, qty in candidate.needs:
                chosen[(ing, choice.date)] += qty * reg.menu[(index, candidate.recipe)]
    for k, group in enumerate(problem.groups):
        for option in group.options:
            share = reg.group_share[(k, option.ingredient)]
            chosen[(option.ingredient, group.date)] += option.full_need * share
    for key in sorted(set(fixed) | set(chosen)):
        model.add_linear_constraint(
            mathopt.fast_sum(served.get(key, [])) - chosen.get(key, mathopt.LinearExpression())
            == fixed.get(key, 0.0),
            name=f"cover[{key[0]},{key[1]}]",
        )


def add_menu_rules(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """The menu rules over the week's mains (fixed ones count as constants):
    ``Σ x[c,r] + fixed_r <= max(1, fixed_r)`` per recipe when recipes may not repeat;
    ``Σ vegetarian mains >= min_vegetarian_mains``; ``Σ meat mains <= max_meat_mains``;
    ``Σ fish mains >= min_fish_mains``."""
    if not problem.choices:
        return
    rules = problem.week.menu_rules
    counts = menu_counts(problem)
    if rules.no_repeat:
        fixed = counts.fixed_recipes
        uses: dict[str, list[mathopt.Variable]] = defaultdict(list)
        for (index, recipe), var in reg.menu.items():
            if problem.choices[index].course in REPEAT_COURSES:
                uses[recipe].append(var)
        for recipe, variables in sorted(uses.items()):
            already = fixed.get(recipe, 0)
            if len(variables) + already > max(1, already):
                model.add_linear_constraint(
                    mathopt.fast_sum(variables) <= max(1, already) - already,
                    name=f"no_repeat[{recipe}]",
                )
    mains = [
        (reg.menu[(index, c.recipe)], c)
        for index, choice in enumerate(problem.choices)
        if choice.course == "main"
        for c in choice.candidates
    ]
    least_veg = problem.targets.min_vegetarian_mains
    if least_veg is not None:
        reg.menu_constraints["min_vegetarian_mains"] = model.add_linear_constraint(
            mathopt.fast_sum(x for x, c in mains if c.vegetarian) >= least_veg - counts.vegetarian,
            name="vegetarian_mains",
        )
    if rules.max_meat_mains is not None:
        model.add_linear_constraint(
            mathopt.fast_sum(x for x, c in mains if c.meat) <= rules.max_meat_mains - counts.meat,
            name="meat_mains",
        )
    if rules.min_fish_mains is not None:
        model.add_linear_constraint(
            mathopt.fast_sum(x for x, c in mains if c.fish) >= rules.min_fish_mains - counts.fish,
            name="fish_mains",
        )


def add_season_rule(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """Fresh fruit and vegetables out of season (``problem.off_season``): with the rule
    ``forbid``, ``a[i,l,s] = 0``; with ``penalty``, ``off_season_kg = Σ kg(a[i,l,s])`` enters
    the objective at the penalty per kg (see :func:`set_objective`)."""
    rule = problem.week.menu_rules.off_season
    if rule == "allow":
        return
    expr = mathopt.LinearExpression()
    for (ing, _, day), var in reg.alloc.items():
        if not problem.off_season(ing, day):
            continue
        if rule == "forbid":
            var.upper_bound = 0.0
        else:
            expr += (problem.ingredients[ing].kg_per_unit or 0.0) * var
    reg.off_season_kg = expr


def add_lot_capacity(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """A lot serves no more than it holds: ``Σ_s a[i,l,s] <= stock_l``, ``<= q[c,d,i]`` for a
    collection, and ``<= Σ_o u[o,d] · pack_o`` over the offers of ``i`` delivered on ``d``
    (the packs put to use: all of them, ``p``, without :func:`add_useful_packs`)."""
    served: dict[tuple[str, LotKey], list[mathopt.Variable]] = defaultdict(list)
    for (ing, key, _), var in reg.alloc.items():
        served[(ing, key)].append(var)
    delivered: dict[tuple[str, dt.date], mathopt.LinearExpression] = defaultdict(
        mathopt.LinearExpression
    )
    for (oid, day), packs in reg.useful.items():
        offer = problem.offers[oid]
        delivered[(offer.ingredient, day)] += offer.pack_quantity * packs
    for lot in reg.lots:
        total = mathopt.fast_sum(served.get((lot.ingredient, lot.key), []))
        model.add_linear_constraint(total <= lot_holds(lot, problem.stock, reg.take, delivered))


def lot_holds(
    lot: Lot,
    stock: Sequence[StockLot],
    taken: Mapping[tuple[str, dt.date, str], mathopt.Variable],
    delivered: Mapping[tuple[str, dt.date], mathopt.LinearExpression],
) -> mathopt.LinearExpression:
    """What ``lot`` holds (base unit): the stock lot's quantity, ``q[c,d,i]`` for what a
    collection takes of the lot's ingredient (0 when the round takes none), or
    ``delivered[i,d]`` (the packs delivered of the ingredient that day, in base unit)."""
    key = lot.key
    if isinstance(key, StockKey):
        return mathopt.LinearExpression() + stock[key.stock_index].quantity
    if isinstance(key, CollectionKey):
        take = taken.get((key.collection, key.day, lot.ingredient))
        return mathopt.LinearExpression() + (take if take is not None else 0.0)
    return delivered[(lot.ingredient, key.day)]


def add_order_rules(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """Orders: ``p[o,d] <= cap_o · y[s,d]``; ``y[s,d] <= Σ_o p[o,d]`` (no empty order);
    minimum order ``Σ_o value[o,d] >= min_s · y[s,d]``; free delivery
    ``Σ_o value[o,d] >= threshold_s · f[s,d]``, ``f[s,d] <= y[s,d]``."""
    by_order: dict[tuple[str, dt.date], list[tuple[Offer, tuple[str, dt.date]]]] = defaultdict(list)
    for key in reg.packs:
        offer = problem.offers[key[0]]
        by_order[(offer.supplier, key[1])].append((offer, key))
    for okey, members in by_order.items():
        supplier = problem.suppliers[okey[0]]
        ordered = reg.ordered[okey]
        for _, key in members:
            model.add_linear_constraint(reg.packs[key] <= reg.line_cap(problem, key) * ordered)
        model.add_linear_constraint(ordered <= mathopt.fast_sum(reg.packs[k] for _, k in members))
        value = mathopt.fast_sum(reg.line_value_ht[k] for _, k in members)
        if supplier.min_order_ht > 0:
            model.add_linear_constraint(value >= supplier.min_order_ht * ordered)
        if okey in reg.free:
            assert supplier.free_delivery_from_ht is not None
            model.add_linear_constraint(reg.free[okey] <= ordered)
            model.add_linear_constraint(value >= supplier.free_delivery_from_ht * reg.free[okey])


def add_collection_rules(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """Food is taken only on a round that is made: ``q[c,d,i] <= guaranteed_i · t[c,d]``."""
    for (cid, day, ing), take in reg.take.items():
        item = next(i for i in problem.collections[cid].items if i.ingredient == ing)
        model.add_linear_constraint(take <= item.guaranteed * reg.trip[(cid, day)])


def add_budget(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``cost(basis) <= budget`` (the week's total, or per cover × covers), on the total the
    plan reports: every amount in ``cost`` is rounded to the cent as the plan rounds it
    (:func:`add_cost_expressions`), and the budget is taken in whole cents, rounded down
    (:func:`.money.budget_cents`), so a plan meets it exactly when its reported total does."""
    limit = budget_cents(problem)
    if limit is None or problem.budget is None:
        return
    reg.target_constraints["budget"] = model.add_linear_constraint(
        reg.cost[problem.budget.basis] <= limit / 100, name="budget"
    )
