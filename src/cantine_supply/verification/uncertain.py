"""Check a two-stage plan in every scenario, from the plans and the input alone.

:func:`verify_uncertain` runs the weekly verifier
(:func:`cantine_supply.verification.week.verify`) on
each scenario's plan against that scenario's week (what the rounds bring there, the day-of
shop, the targets held in every scenario): every service fed from lots that are there and
still good, every order valid, money to the cent, targets met. Then the two-stage rules:
the orders placed now and the rounds made are the same in every scenario, the day-of
purchases are only at the recourse shop, the probabilities sum to 1, the expected cost is
``Σ π_k · total_k`` to the cent, and each target held in expectation holds on average,
recomputed from the order lines and the servings.
"""

from __future__ import annotations

import math
from decimal import Decimal

from cantine_supply.model.codes import MEAT_FISH_FAMILIES, ProteinClass
from cantine_supply.plans.plan import Plan
from cantine_supply.plans.uncertain import UncertainPlan, first_stage_orders
from cantine_supply.problem.scenarios import DAY_OF, UncertainProblem
from cantine_supply.verification.week import verify


def verify_uncertain(problem: UncertainProblem, plan: UncertainPlan) -> list[str]:
    """Every way ``plan`` fails ``problem`` (empty: sound in every scenario)."""
    if not plan.status.has_plan:
        return []
    out: list[str] = []
    if len(plan.scenarios) != len(problem.scenarios):
        return [f"{len(plan.scenarios)} scenario plans for {len(problem.scenarios)} scenarios"]
    total_p = sum(s.probability for s in problem.scenarios)
    if not math.isclose(total_p, 1.0, abs_tol=1e-9):
        out.append(f"scenario probabilities sum to {total_p}, not 1")
    rounds = None
    for k, (week, result) in enumerate(zip(problem.problems, plan.scenarios, strict=True)):
        name = f"scenario {k + 1} ({result.scenario.name})"
        out += [f"{name}: {f}" for f in verify(week, result.plan)]
        if first_stage_orders(result.plan) != plan.orders:
            out.append(f"{name}: the orders placed now differ from the plan's")
        made = {(r.collection, r.date) for r in result.plan.collections}
        if rounds is None:
            rounds = made
        elif made != rounds:
            out.append(f"{name}: rounds made {sorted(made)}, not {sorted(rounds)}")
    if any(o.supplier.startswith(DAY_OF) for o in plan.orders):
        out.append("a day-of purchase is among the orders placed now")
    weights = [Decimal(repr(s.scenario.probability)) for s in plan.scenarios]
    expected = sum((w * s.total_ttc for w, s in zip(weights, plan.scenarios, strict=True)),
                   Decimal(0))
    if abs(expected - plan.expected_ttc) > Decimal("0.005"):
        out.append(f"expected cost {plan.expected_ttc} TTC, recomputed {expected:.4f}")
    out += _check_expectation(problem, plan)
    return out


def _check_expectation(problem: UncertainProblem, plan: UncertainPlan) -> list[str]:
    """The targets held in expectation, each averaged over the scenarios."""
    out: list[str] = []
    base, names = problem.base, problem.in_expectation
    pairs = [(s.scenario.probability, s.plan) for s in plan.scenarios]
    if "budget" in names and base.budget is not None:
        basis = base.budget.basis
        spent = sum(p * float(_total(plan_k, basis)) for p, plan_k in pairs)
        allowance = 0.005 * max(sum(len(o.lines) + 1 for o in k.orders) + 1 for _, k in pairs)
        limit = base.budget.limit(base.covers)
        if spent > limit + allowance:
            out.append(f"expected spending {spent:.2f} {basis} above the budget {limit:.2f}")
    for name in base.targets.SHARES:
        share = getattr(base.targets, name)
        if name in names and share is not None:
            margin = sum(p * _share_margin(problem, plan_k, name, share) for p, plan_k in pairs)
            if margin < -1e-6:
                out.append(f"{name}: below {share} on average over the scenarios")
    meat = base.targets.max_meat_g_per_cover
    if "max_meat_g_per_cover" in names and meat is not None:
        grams = sum(p * _meat_g(problem, plan_k) for p, plan_k in pairs) / base.covers
        if grams > meat * (1 + 1e-6) + 1e-6:
            out.append(f"meat {grams:.2f} g per cover on average, above the cap {meat}")
    co2 = base.targets.max_co2_kg_per_cover
    if "max_co2_kg_per_cover" in names and co2 is not None:
        kg = sum(p * _co2_kg(problem, plan_k) for p, plan_k in pairs) / base.covers
        if kg > co2 * (1 + 1e-6) + 1e-6:
            out.append(f"CO2 {kg:.3f} kg per cover on average, above the cap {co2}")
    return out


def _total(plan: Plan, basis: str) -> Decimal:
    assert plan.indicators is not None
    return plan.indicators.total_ttc if basis == "TTC" else plan.indicators.total_ht


def _share_margin(problem: UncertainProblem, plan: Plan, name: str, share: float) -> float:
    """``Σ qualifying − share × Σ counted`` over the plan's lines (HT or kg)."""
    week = problem.full[0]
    by_weight = week.targets.share_basis == "weight"
    margin = 0.0
    for order in plan.orders:
        supplier = week.suppliers[order.supplier.removeprefix(DAY_OF)]
        for line in order.lines:
            offer = week.offers[line.offer]
            ingredient = week.ingredients[offer.ingredient]
            if name == "meat_fish_egalim_share" and ingredient.family not in MEAT_FISH_FAMILIES:
                continue
            amount = (line.packs * offer.pack_quantity * (ingredient.kg_per_unit or 0.0)
                      if by_weight else float(line.total_ht))
            qualifies = {
                "organic_share": offer.is_organic,
                "egalim_share": offer.is_egalim,
                "meat_fish_egalim_share": offer.is_egalim,
                "local_share": supplier.local is not None,
                "circuit_court_share": supplier.intermediaries <= 1,
            }[name]
            margin += (1.0 if qualifies else 0.0) * amount - share * amount
    return margin


def _meat_g(problem: UncertainProblem, plan: Plan) -> float:
    ingredients = problem.base.ingredients
    return 1000 * sum(
        s.quantity * (ingredients[s.ingredient].kg_per_unit or 0.0)
        for s in plan.servings if ingredients[s.ingredient].protein is ProteinClass.MEAT
    )


def _co2_kg(problem: UncertainProblem, plan: Plan) -> float:
    week = problem.base
    return sum(
        s.quantity * week.co2_per_unit(s.ingredient, s.service_date)
        for s in plan.servings if s.source != "collection"
    )
