"""Mutation tests of the verifier: every reported figure changed alone is caught.

One small planned week (a delivery fee, a collection round with a trip and a priced item,
share targets, a meat cap, a budget) is verified clean; then each figure of its plan is
changed on its own and :func:`~cantine_supply.verification.week.verify` must return at least one
failure (never raise).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from builders import (
    Budget,
    Collection,
    CollectionItem,
    Locality,
    Targets,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
    week,
)
from cantine_supply.optimize.solve import SolveOptions
from cantine_supply.planning.week import plan
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem, week_problem
from cantine_supply.verification.week import verify


def _week() -> tuple[WeekProblem, Plan]:
    cat = catalogue(
        ingredients=[ingredient("carrot"), ingredient("chicken", family="VIANDES_VOLAILLES",
                                                      protein="meat")],
        recipes=[recipe("dish", {"carrot": 0.25, "chicken": 0.05})],
        suppliers=[supplier("a", delivery_fee_ht=3.0, local=Locality("DEPARTEMENT")),
                   supplier("b", intermediaries=2)],
        offers=[offer("a", "carrot", 1.0, 2.10, vat_rate=0.055, labels=("BIO",)),
                offer("b", "chicken", 0.5, 4.35, vat_rate=0.055, labels=("LABEL_ROUGE",))],
        collections=[Collection(id="c", name="c", weekday=1, trip_cost=1.5, items=[
            CollectionItem(ingredient="carrot", guaranteed=1.0, expected=1.0, price_ht=0.37)])],
        weeks=[week(targets=Targets(organic_share=0.2, local_share=0.2, max_meat_g_per_cover=60),
                    budget=Budget(amount=40.0))],
    )
    problem = week_problem(cat, "w")
    return problem, plan(problem, options=SolveOptions(relative_gap=0.0))


@pytest.fixture(scope="module")
def planned() -> tuple[WeekProblem, Plan]:
    problem, result = _week()
    assert result.status.has_plan and result.collections and verify(problem, result) == []
    return problem, result


def _indicators(**changes: Any) -> Callable[[Plan], Plan]:
    def change(p: Plan) -> Plan:
        assert p.indicators is not None
        return attrs.evolve(p, indicators=attrs.evolve(p.indicators, **changes))
    return change


def _first_line(**changes: Any) -> Callable[[Plan], Plan]:
    def change(p: Plan) -> Plan:
        order = p.orders[0]
        lines = (attrs.evolve(order.lines[0], **changes),) + order.lines[1:]
        return attrs.evolve(p, orders=(attrs.evolve(order, lines=lines),) + p.orders[1:])
    return change


def _target(index: int, **changes: Any) -> Callable[[Plan], Plan]:
    def change(p: Plan) -> Plan:
        targets = list(p.targets)
        targets[index] = attrs.evolve(targets[index], **changes)
        return attrs.evolve(p, targets=tuple(targets))
    return change


def _first_item(**changes: Any) -> Callable[[Plan], Plan]:
    def change(p: Plan) -> Plan:
        run = p.collections[0]
        items = (attrs.evolve(run.items[0], **changes),) + run.items[1:]
        return attrs.evolve(p, collections=(attrs.evolve(run, items=items),))
    return change


def _run(**changes: Any) -> Callable[[Plan], Plan]:
    def change(p: Plan) -> Plan:
        return attrs.evolve(p, collections=(attrs.evolve(p.collections[0], **changes),))
    return change


CENT = Decimal("0.01")
MUTATIONS: dict[str, Callable[[Plan], Plan]] = {
    "trips": _indicators(trips=Decimal(0)),
    "fees_ht": _indicators(fees_ht=Decimal(0)),
    "fees_ttc": _indicators(fees_ttc=Decimal("9.99")),
    "purchases_ht": _indicators(purchases_ht=Decimal("1.00")),
    "purchases_ttc": _indicators(purchases_ttc=Decimal("1.00")),
    "collections_ht": _indicators(collections_ht=Decimal("5.00")),
    "collections_ttc": _indicators(collections_ttc=Decimal("5.00")),
    "total_ht": _indicators(total_ht=Decimal("1.00")),
    "total_ttc": _indicators(total_ttc=Decimal("1.00")),
    "cost_per_cover_ttc": _indicators(cost_per_cover_ttc=Decimal("0.01")),
    "cost_per_cover_ht": _indicators(cost_per_cover_ht=Decimal("0.01")),
    "shares_by_value": _indicators(shares_by_value={"organic_share": 0.99}),
    "shares_by_weight": _indicators(shares_by_weight={"organic_share": 0.99}),
    "meat": _indicators(meat_g_per_cover=1.0),
    "co2": _indicators(co2_kg_per_cover=0.0),
    "waste_kg": _indicators(waste_kg=123.0),
    "collected_kg": _indicators(collected_kg=0.0),
    "purchased_kg": _indicators(purchased_kg=0.0),
    "lines_count": _indicators(lines_count=0),
    "vegetarian_mains": _indicators(vegetarian_mains=5),
    "target met flag": _target(0, met=False),
    "target value": _target(1, value=0.01),
    "target dropped": lambda p: attrs.evolve(p, targets=p.targets[1:]),
    "line labels": _first_line(labels=("AOCAOP",)),
    "line local": _first_line(local=False),
    "line short chain": _first_line(circuit_court=False),
    "line total ht": _first_line(total_ht=Decimal("0.01")),
    "line total ttc": _first_line(total_ttc=Decimal("0.01")),
    "unknown offer": _first_line(offer="a/nothing"),
    "unknown collection": _run(collection="nowhere"),
    "collected item total": _first_item(total_ht=Decimal("9.99")),
    "trip cost": _run(trip_cost=Decimal(0)),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_changed_figure_is_caught(planned: tuple[WeekProblem, Plan], name: str) -> None:
    problem, result = planned
    failures = verify(problem, MUTATIONS[name](result))
    assert failures, name


def test_a_plan_one_cent_over_budget_is_caught(planned: tuple[WeekProblem, Plan]) -> None:
    """The same plan against a budget a cent below its total TTC: caught, and at exactly
    its total: clean (no tolerance either way)."""
    problem, result = planned
    assert result.indicators is not None
    total = result.indicators.total_ttc
    at = attrs.evolve(problem, budget=Budget(amount=float(total)))
    assert verify(at, attrs.evolve(result, targets=_retarget(at, result))) == []
    below = attrs.evolve(problem, budget=Budget(amount=float(total - CENT)))
    failures = verify(below, attrs.evolve(result, targets=_retarget(below, result)))
    assert any("above the budget" in f for f in failures)


def _retarget(problem: WeekProblem, result: Plan) -> Any:
    from cantine_supply.plans.indicators import evaluate_targets

    assert result.indicators is not None
    return evaluate_targets(problem, result.indicators)
