"""Read the decisions back from a solution, through the registry (never by a name): the
one read-back of a week alone, of each week of a horizon, of each canteen of a network and
of each scenario."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ortools.math_opt.python import mathopt

from cantine_supply.optimize.decisions import Decisions, Serving
from cantine_supply.optimize.registry import BuiltModel, Registry
from cantine_supply.problem.lots import CollectionKey, LotKey, StockKey
from cantine_supply.problem.week import WeekProblem

AllocKey = tuple[str, LotKey, dt.date]


def read_decisions(built: BuiltModel, result: mathopt.SolveResult) -> Decisions:
    """Packs, collections, servings and the menu from the solution, through the registry."""
    values = result.variable_values()
    servings = read_servings(built.problem, built.registry.alloc, values)
    return read_week(built.registry, values, servings)


def read_week(reg: Registry, values: Mapping[mathopt.Variable, float],
              servings: Sequence[Serving]) -> Decisions:
    """A week's decisions in ``values`` (solver noise rounded away): packs per line (whole),
    what each round takes, the recipe chosen for each course; with ``servings`` (the week's
    own lots, :func:`read_servings`; a horizon maps lots carried across weeks itself)."""
    packs = {key: int(round(values[var])) for key, var in reg.packs.items() if values[var] > 0.5}
    taken = {key: clean(values[var]) for key, var in reg.take.items() if values[var] > 1e-7}
    menu = {index: recipe for (index, recipe), var in reg.menu.items() if values[var] > 0.5}
    return Decisions(packs=packs, taken=taken, servings=tuple(servings), menu=menu)


def read_servings(
    problem: WeekProblem,
    alloc: Mapping[AllocKey, mathopt.Variable],
    values: Mapping[mathopt.Variable, float],
) -> tuple[Serving, ...]:
    """The servings ``a[i,l,s]`` of a solution (solver noise rounded away), sorted by
    service day, ingredient and source."""
    servings = []
    for (ing, key, day), var in alloc.items():
        quantity = values[var]
        if quantity <= 1e-7:
            continue
        if isinstance(key, StockKey):
            ref, start = str(key.stock_index), problem.week.order_date
        elif isinstance(key, CollectionKey):
            ref, start = key.collection, key.day
        else:
            ref, start = "", key.day
        servings.append(Serving(ing, day, key.kind, ref, start, clean(quantity)))
    servings.sort(key=serving_order)
    return tuple(servings)


def serving_order(s: Serving) -> tuple[object, ...]:
    """The order servings are listed in: service day, ingredient, source."""
    return (s.service_date, s.ingredient, s.source, s.source_ref, s.source_date)


def clean(value: float) -> float:
    """Round solver noise away (to 1e-6 of a base unit: a milligram, a microlitre)."""
    return round(value, 6)
