"""The two-stage plan: the orders to send now, and what to do in each scenario.

:class:`UncertainPlan` holds the first stage (the orders, the same in every scenario), one
weekly :class:`~cantine_supply.plans.plan.Plan` per scenario (the same orders plus that
scenario's day-of purchases, collections and servings), the **recourse table** the
manager prints beside the order forms, the expected cost and its range, and the food at
risk of waste. Money: each scenario's plan is rounded line by line as a weekly plan; the
expected cost is ``Σ_k π_k · total_k`` rounded to the cent once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from cantine_supply.optimize.decisions import PlanStatus, SolverReport
from cantine_supply.optimize.scenarios import FirstStage
from cantine_supply.plans.plan import Order, Plan, to_cents
from cantine_supply.plans.to_json import converter, rounded
from cantine_supply.problem.scenarios import DAY_OF, Scenario, UncertainProblem


@attrs.frozen
class RecourseRow:
    """"If round ``collection`` brings less than ``below`` of ``ingredient`` (about
    ``brings``), buy ``packs`` × ``product`` at ``shop`` on ``day``" (quantities in the
    ingredient's base unit ``unit``, money HT). ``probability``: how likely that is."""

    collection: str
    collection_name: str
    ingredient: str
    unit: str
    brings: float
    below: float
    shop: str
    day: dt.date
    offer: str
    product: str
    packs: int
    cost_ht: Decimal
    probability: float


@attrs.frozen
class ScenarioResult:
    """One scenario: what the rounds bring, its plan, its cost and its day-of purchases
    (HT, lines and trips), and the kg at risk of waste."""

    scenario: Scenario
    plan: Plan
    day_of_ht: Decimal
    waste_kg: float

    @property
    def total_ttc(self) -> Decimal:
        assert self.plan.indicators is not None
        return self.plan.indicators.total_ttc

    @property
    def total_ht(self) -> Decimal:
        assert self.plan.indicators is not None
        return self.plan.indicators.total_ht


@attrs.frozen
class AtRisk:
    """Food at risk of waste: the ``expected`` quantity over the scenarios and the ``most``
    in one, in the ingredient's base unit ``unit``."""

    ingredient: str
    unit: str
    expected: float
    most: float


@attrs.frozen
class UncertainPlan:
    """The two-stage plan of a week (see the module docstring). Without a plan
    (``status.has_plan`` false) the lists are empty and the money is zero."""

    week: str
    status: PlanStatus
    solver: SolverReport
    orders: tuple[Order, ...]
    scenarios: tuple[ScenarioResult, ...]
    recourse: tuple[RecourseRow, ...]
    expected_ttc: Decimal
    expected_ht: Decimal
    at_risk: tuple[AtRisk, ...]
    in_expectation: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()

    @property
    def cost_range_ttc(self) -> tuple[Decimal, Decimal]:
        """The least and greatest cost TTC over the scenarios."""
        totals = [s.total_ttc for s in self.scenarios] or [Decimal(0)]
        return min(totals), max(totals)

    @property
    def expected_waste_kg(self) -> float:
        return sum(s.scenario.probability * s.waste_kg for s in self.scenarios)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data: the ``scenarios`` part of the plan schema."""
        result: dict[str, Any] = converter.unstructure(self)
        return result


@converter.register(UncertainPlan)
def _uncertain_plan_json(plan: UncertainPlan) -> dict[str, Any]:
    low, high = plan.cost_range_ttc
    return {
        "status": plan.status,
        "in_expectation": plan.in_expectation,
        "expected_total_ttc": plan.expected_ttc,
        "expected_total_ht": plan.expected_ht,
        "cost_range_ttc": [low, high],
        "expected_waste_kg": rounded(plan.expected_waste_kg),
        "scenarios": plan.scenarios,
        "recourse_table": plan.recourse,
        "at_risk_of_waste": [
            {"ingredient": a.ingredient, "unit": a.unit,
             "expected": rounded(a.expected), "most": rounded(a.most)}
            for a in plan.at_risk
        ],
    }


@converter.register(ScenarioResult)
def _scenario_json(result: ScenarioResult) -> dict[str, Any]:
    return {
        "name": result.scenario.name,
        "probability": round(result.scenario.probability, 9),
        "brings": [
            {"collection": c, "ingredient": i, "quantity": rounded(q)}
            for (c, i), q in result.scenario.amounts
        ],
        "total_ttc": result.total_ttc,
        "total_ht": result.total_ht,
        "day_of_ht": result.day_of_ht,
        "waste_kg": rounded(result.waste_kg),
        "day_of_orders": [
            {"supplier": o.supplier.removeprefix(DAY_OF), "date": o.delivery_date,
             "lines": [{"offer": ln.offer.removeprefix(DAY_OF), "packs": ln.packs,
                        "total_ht": ln.total_ht} for ln in o.lines]}
            for o in day_of_orders(result.plan)
        ],
    }


@converter.register(RecourseRow)
def _row_json(row: RecourseRow) -> dict[str, Any]:
    return {
        "collection": row.collection, "ingredient": row.ingredient, "unit": row.unit,
        "brings": rounded(row.brings), "below": rounded(row.below),
        "shop": row.shop, "day": row.day, "offer": row.offer,
        "product": row.product, "packs": row.packs, "cost_ht": row.cost_ht,
        "probability": round(row.probability, 9),
    }


def day_of_orders(plan: Plan) -> tuple[Order, ...]:
    """The plan's purchases at the recourse shop on the day."""
    return tuple(o for o in plan.orders if o.supplier.startswith(DAY_OF))


def first_stage_orders(plan: Plan) -> tuple[Order, ...]:
    """The plan's orders placed now (every order but the day-of ones)."""
    return tuple(o for o in plan.orders if not o.supplier.startswith(DAY_OF))


def scenario_result(scenario: Scenario, plan: Plan) -> ScenarioResult:
    """A scenario's figures from its plan: day-of lines and trips HT, waste in kg."""
    day_of = sum((o.total_ht for o in day_of_orders(plan)), Decimal(0))
    waste = plan.indicators.waste_kg if plan.indicators is not None else 0.0
    return ScenarioResult(scenario, plan, day_of, waste)


def recourse_table(problem: UncertainProblem,
                   results: Sequence[ScenarioResult]) -> tuple[RecourseRow, ...]:
    """Per round and collected item, per level it may bring (ascending): the day-of
    purchases of that ingredient, the largest over the scenarios in which the round brings
    that much (safe whatever the other rounds bring), bought on or after the round's day.
    ``below`` is the next level up (the most the round brings above every level listed)."""
    rows: list[RecourseRow] = []
    base = problem.base
    for slot_collection in _rounds(problem):
        collection = base.collections[slot_collection]
        day = next(s.date for s in base.collection_slots if s.collection == collection.id)
        for item in collection.items:
            levels = sorted({r.scenario.amount(collection.id, item.ingredient) for r in results})
            for n, level in enumerate(levels):
                below = levels[n + 1] if n + 1 < len(levels) else item.most
                if below <= level:
                    continue
                rows.extend(_rows_at(problem, results, collection.id, collection.name,
                                     item.ingredient, level, below, day))
    return tuple(rows)


def _rounds(problem: UncertainProblem) -> list[str]:
    seen: list[str] = []
    for slot in problem.base.collection_slots:
        if slot.collection not in seen:
            seen.append(slot.collection)
    return seen


def _rows_at(problem: UncertainProblem, results: Sequence[ScenarioResult], cid: str,
             name: str, ingredient: str, level: float, below: float,
             day: dt.date) -> list[RecourseRow]:
    """The rows of one item at one level (see :func:`recourse_table`)."""
    most: dict[tuple[str, dt.date], tuple[int, Decimal, str, str]] = {}
    probability = 0.0
    for result in results:
        if result.scenario.amount(cid, ingredient) != level:
            continue
        probability += result.scenario.probability
        for order in day_of_orders(result.plan):
            if order.delivery_date < day:
                continue  # bought before the round: not a reaction to what it brought
            for line in order.lines:
                if line.ingredient != ingredient:
                    continue
                key = (line.offer, order.delivery_date)
                if key not in most or line.packs > most[key][0]:
                    most[key] = (line.packs, line.total_ht, line.product, order.supplier_name)
    unit = str(problem.base.ingredients[ingredient].unit)
    return [
        RecourseRow(cid, name, ingredient, unit, level, below, shop, when,
                    offer.removeprefix(DAY_OF), product, packs, cost, probability)
        for (offer, when), (packs, cost, product, shop) in sorted(most.items(),
                                                                  key=lambda kv: kv[0][1])
    ]


def at_risk(results: Sequence[ScenarioResult]) -> tuple[AtRisk, ...]:
    """Per ingredient, what is left over and counted as waste (base unit): expected over
    the scenarios and the most in one."""
    expected: dict[str, float] = defaultdict(float)
    most: dict[str, float] = defaultdict(float)
    units: dict[str, str] = {}
    for result in results:
        left_over: dict[str, float] = defaultdict(float)
        for left in result.plan.leftovers:
            if left.waste:
                left_over[left.ingredient] += left.quantity
                units[left.ingredient] = left.unit
        for ing, quantity in left_over.items():
            expected[ing] += result.scenario.probability * quantity
            most[ing] = max(most[ing], quantity)
    return tuple(AtRisk(i, units[i], expected[i], most[i]) for i in sorted(expected))


def expected_money(results: Sequence[ScenarioResult]) -> tuple[Decimal, Decimal]:
    """``Σ_k π_k · total_k`` TTC and HT, each rounded to the cent once."""
    ttc = sum(Decimal(repr(r.scenario.probability)) * r.total_ttc for r in results)
    ht = sum(Decimal(repr(r.scenario.probability)) * r.total_ht for r in results)
    return to_cents(Decimal(ttc)), to_cents(Decimal(ht))


def first_stage_of(plan: Plan) -> FirstStage:
    """The first stage of a weekly plan (or of a scenario's plan: its day-of lines left
    out): packs per line, the rounds made, the recipes chosen."""
    packs = {
        (line.offer, order.delivery_date): line.packs
        for order in first_stage_orders(plan)
        for line in order.lines
    }
    rounds = frozenset((run.collection, run.date) for run in plan.collections)
    menu = {(m.date, m.service, m.course): m.recipe for m in plan.menu if not m.fixed}
    return FirstStage(packs, rounds, menu)
