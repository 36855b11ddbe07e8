"""What the diagnosis measures a plan by: its total on a budget's basis, and the size of one
point of each target (the weights of the elastic model, :mod:`cantine_supply.optimize.elastic`)."""

from __future__ import annotations

from decimal import Decimal

from cantine_supply.model.targets import SHARES, TARGETS
from cantine_supply.optimize.targets import Basis
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem


def point_sizes(problem: WeekProblem, reference: Plan) -> dict[str, float]:
    """One point of each target of ``problem``, in its constraint's unit (EUR, EUR HT or
    kg of purchases, g of meat, kg CO2e), ``reference`` being the cheapest plan that
    ignores every target."""
    targets = problem.targets
    by_weight = targets.share_basis == "weight"
    counted = dict.fromkeys(SHARES, 0.0)  # each share's total, as the share counts lines
    for order in reference.orders:
        for line in order.lines:
            ingredient = problem.ingredients[line.ingredient]
            amount = (line.quantity * (ingredient.kg_per_unit or 0.0) if by_weight
                      else float(line.total_ht))
            for name in SHARES:
                if TARGETS[name].counts(ingredient):
                    counted[name] += amount
    points: dict[str, float] = {}
    limit = problem.budget_limit()
    if limit is not None:
        points["budget"] = max(0.01 * limit, 0.01)
    for name in SHARES:
        if getattr(targets, name) is not None:
            base = counted[name]
            points[name] = 0.01 * (base if base > 0 else 1.0)
    meat, co2 = targets.max_meat_g_per_cover, targets.max_co2_kg_per_cover
    if meat is not None:
        points["max_meat_g_per_cover"] = 0.01 * max(meat, 1.0) * problem.covers
    if co2 is not None:
        points["max_co2_kg_per_cover"] = 0.01 * max(co2, 0.01) * problem.covers
    return points


def plan_cost(plan: Plan, basis: Basis) -> Decimal:
    """The plan's total on ``basis`` (what a budget on that basis counts)."""
    assert plan.indicators is not None
    return plan.indicators.total_ttc if basis == "TTC" else plan.indicators.total_ht
