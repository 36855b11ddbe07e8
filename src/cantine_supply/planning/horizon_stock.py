"""Stock carried from one week to the next, and the checks of a horizon plan.

:func:`carry_over` works out, from a week's plan alone, the stock left at the week's end:
each lot of stock on hand less what the week served of it, and each delivery less what
the week served of it, kept while it is still good after the week's last service (so
food that expires is dropped, and collected food is never carried). The horizon planner
and the week-by-week comparison both roll the stock with it, which is how they value the
stock left at the end the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from cantine_supply.model import Catalogue, StockLot, Storage
from cantine_supply.model.horizon import StorageCapacity
from cantine_supply.plans.plan import Plan, Quantity, to_cents
from cantine_supply.problem.horizon_problem import END_STOCK_SHARE, KEEPS_DAYS, replacement_value
from cantine_supply.problem.slots import usable_until
from cantine_supply.problem.week import WeekProblem
from cantine_supply.units import SOLVER_NOISE

#: Quantities below this (base unit) are nothing.
EPSILON = SOLVER_NOISE


@attrs.frozen
class Carried:
    """A lot of stock at the start of a week: ``key`` names where it came from (``("stock",
    index)`` for the horizon's initial stock, ``("delivery", date)`` for a delivery)."""

    key: tuple[object, ...]
    lot: StockLot


def stock_indices(carried: Sequence[Carried], problem: WeekProblem) -> dict[int, int]:
    """Index in ``problem.stock`` → index in ``carried`` (a week's problem keeps only the
    stock of the ingredients the week needs, in the same order)."""
    needed = set(problem.need_days())
    out: dict[int, int] = {}
    for full, entry in enumerate(carried):
        if entry.lot.ingredient in needed:
            out[len(out)] = full
    return out


def carry_over(catalogue: Catalogue, carried: Sequence[Carried], problem: WeekProblem,
               plan: Plan) -> tuple[Carried, ...]:
    """The stock left after ``plan`` (the plan of ``problem``, built with ``carried`` as its
    stock): lots still good after the week's last service, with what is left of them.
    Deliveries left over are worth :func:`replacement_value` per base unit."""
    end = problem.week.last_day
    indices = stock_indices(carried, problem)
    used: dict[int, float] = defaultdict(float)
    delivered: dict[tuple[str, dt.date], float] = defaultdict(float)
    for s in plan.servings:
        if s.source == "stock":
            used[indices[int(s.source_ref)]] += s.quantity
        elif s.source == "delivery":
            delivered[(s.ingredient, s.source_date)] -= s.quantity
    for order in plan.orders:
        for line in order.lines:
            delivered[(line.ingredient, order.delivery_date)] += line.quantity
    out: list[Carried] = []
    for index, entry in enumerate(carried):
        left = entry.lot.quantity - used[index]
        until = entry.lot.best_before
        if left > EPSILON and (until is None or until > end):
            out.append(Carried(entry.key, attrs.evolve(entry.lot, quantity=left)))
    ingredients = catalogue.ingredient_by_id
    for (ing, day), left in sorted(delivered.items()):
        until = usable_until(day, ingredients[ing].shelf_life_days)
        if left > EPSILON and until > end:
            lot = StockLot(ing, left, until, replacement_value(catalogue, ing))
            out.append(Carried(("delivery", day), lot))
    return tuple(out)


def stock_quantities(catalogue: Catalogue, carried: Sequence[Carried]) -> tuple[Quantity, ...]:
    """The stock per ingredient (base unit), by ingredient id."""
    totals: dict[str, float] = defaultdict(float)
    for entry in carried:
        totals[entry.lot.ingredient] += entry.lot.quantity
    ingredients = catalogue.ingredient_by_id
    return tuple(Quantity(i, round(q, 6), ingredients[i].unit) for i, q in sorted(totals.items()))


def storage_kg(catalogue: Catalogue, carried: Sequence[Carried]) -> dict[str, float]:
    """kg held per storage class (ambient, chilled, frozen)."""
    out = dict.fromkeys((s.value for s in Storage), 0.0)
    for entry in carried:
        ingredient = catalogue.ingredient_by_id[entry.lot.ingredient]
        out[ingredient.storage.value] += entry.lot.quantity * (ingredient.kg_per_unit or 0.0)
    return out


def keeps_after(lot: StockLot, last_day: dt.date) -> bool:
    """Whether ``lot`` keeps to :data:`KEEPS_DAYS` days after ``last_day``."""
    return lot.best_before is None or lot.best_before >= last_day + dt.timedelta(KEEPS_DAYS)


def stock_value_ht(lots: Sequence[StockLot], last_day: dt.date,
                   caps: Mapping[str, float] | None = None) -> Decimal:
    """What the stock left after ``last_day`` counts for, EUR HT: each lot that keeps
    (:func:`keeps_after`) at its quantity × ``unit_cost_ht`` (its replacement value), to
    the cent; per ingredient no more than its cap in ``caps`` (EUR HT, to the cent; see
    :func:`~cantine_supply.problem.horizon_problem.end_value_caps`); the sum times
    :data:`END_STOCK_SHARE`, rounded to the cent once."""
    per_ingredient: dict[str, Decimal] = defaultdict(Decimal)
    for lot in lots:
        if keeps_after(lot, last_day):
            per_ingredient[lot.ingredient] += to_cents(lot.quantity * lot.unit_cost_ht)
    caps = caps or {}
    full = sum((min(value, to_cents(caps[i])) if i in caps else value
                for i, value in per_ingredient.items()), Decimal(0))
    return to_cents(END_STOCK_SHARE * full)


def replacement_ht(lots: Sequence[StockLot]) -> Decimal:
    """What the food in ``lots`` would cost to buy again, EUR HT: each lot's quantity ×
    ``unit_cost_ht`` to the cent, whether it keeps or not (the food carried over, before
    any rule on what it is worth)."""
    return sum((to_cents(lot.quantity * lot.unit_cost_ht) for lot in lots), Decimal(0))


def storage_failures(catalogue: Catalogue, week: str, carried: Sequence[Carried],
                     capacity: StorageCapacity | None) -> list[str]:
    """Each storage class over its capacity at the end of ``week``."""
    if capacity is None:
        return []
    out = []
    for name, kg in storage_kg(catalogue, carried).items():
        cap = capacity.limit(Storage(name))
        if cap is not None and kg > cap * (1 + 1e-6) + 1e-4:
            out.append(f"{week}: {kg:.3f} kg {name} at the week's end, above the {cap:g} kg")
    return out
