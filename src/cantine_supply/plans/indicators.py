"""A plan's indicators, from its orders, rounds and servings: the shares (organic, EGalim,
local, short circuit, meat and fish EGalim) by value and by weight, meat and CO2 per cover,
the protein mix, per service and for the week, and each target met or not.

Pure functions of the problem and the plan's parts, used by
:func:`~cantine_supply.plans.assemble.assemble_plan` and the uncertain-collection planner.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from cantine_supply.model.codes import ProteinClass
from cantine_supply.model.targets import SHARES, TARGET_TOLERANCE, TARGETS
from cantine_supply.optimize.decisions import Serving
from cantine_supply.plans.plan import (
    CollectionRun,
    Indicators,
    Leftover,
    MenuChoice,
    Order,
    ServiceIndicators,
    TargetResult,
    to_cents,
)
from cantine_supply.problem.week import WeekProblem


def _share(qualifying: float, total: float) -> float | None:
    return None if total <= 0 else qualifying / total


def compute_shares(
    problem: WeekProblem, orders: Sequence[Order]
) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """Each share by value HT and by weight (kg) over the week's purchase lines."""
    value: dict[str, list[float]] = {n: [0.0, 0.0] for n in SHARES}
    weight: dict[str, list[float]] = {n: [0.0, 0.0] for n in SHARES}
    for order in orders:
        for line in order.lines:
            offer = problem.offers[line.offer]
            supplier = problem.suppliers[offer.supplier]
            ingredient = problem.ingredients[line.ingredient]
            kg = line.quantity * (ingredient.kg_per_unit or 0.0)
            for name in SHARES:
                kind = TARGETS[name]
                if not kind.counts(ingredient):
                    continue
                value[name][1] += float(line.total_ht)
                weight[name][1] += kg
                if kind.qualifies(offer, supplier):
                    value[name][0] += float(line.total_ht)
                    weight[name][0] += kg
    return (
        {n: _share(q, t) for n, (q, t) in value.items()},
        {n: _share(q, t) for n, (q, t) in weight.items()},
    )


PROTEINS = tuple(p.value for p in ProteinClass)


def _protein_mix(
    servings: Sequence[Serving], kg: Mapping[str, float], protein: Mapping[str, str]
) -> dict[str, float]:
    weights = dict.fromkeys(PROTEINS, 0.0)
    for s in servings:
        weights[protein[s.ingredient]] += s.quantity * kg[s.ingredient]
    total = sum(weights.values())
    return {p: (w / total if total > 0 else 0.0) for p, w in weights.items()}


def service_indicators(
    problem: WeekProblem, servings: Sequence[Serving], menu: Sequence[MenuChoice]
) -> tuple[ServiceIndicators, ...]:
    """Meat, CO2, protein mix and vegetarian mains per service day (see
    :class:`ServiceIndicators`)."""
    ingredients = problem.ingredients
    kg = {i: ingredients[i].kg_per_unit or 0.0 for i in ingredients}
    protein = {i: ingredients[i].protein.value for i in ingredients}
    covers: dict[dt.date, int] = defaultdict(int)
    for service in problem.week.services:
        covers[service.date] += service.covers
    out = []
    for day in sorted(covers):
        served = [s for s in servings if s.service_date == day]
        meat = sum(s.quantity * kg[s.ingredient] for s in served if protein[s.ingredient] == "meat")
        co2 = sum(
            s.quantity * problem.co2_per_unit(s.ingredient, s.service_date)
            for s in served
            if s.source != "collection"
        )
        out.append(
            ServiceIndicators(
                date=day,
                covers=covers[day],
                meat_g_per_cover=1000.0 * meat / covers[day],
                co2_kg_per_cover=co2 / covers[day],
                protein_mix=_protein_mix(served, kg, protein),
                vegetarian_mains=sum(
                    1 for m in menu if m.date == day and m.course == "main" and m.vegetarian
                ),
            )
        )
    return tuple(out)


def compute_indicators(
    problem: WeekProblem,
    orders: Sequence[Order],
    runs: Sequence[CollectionRun],
    servings: Sequence[Serving],
    leftovers: Sequence[Leftover],
    menu: Sequence[MenuChoice] = (),
) -> Indicators:
    """The week's money, shares, meat, CO2 and waste figures (see :class:`Indicators`)."""
    ingredients = problem.ingredients
    purchases_ht = sum((o.lines_ht for o in orders), Decimal(0))
    purchases_ttc = sum((line.total_ttc for o in orders for line in o.lines), Decimal(0))
    fees_ht = sum((o.delivery_fee_ht for o in orders), Decimal(0))
    fees_ttc = sum((o.delivery_fee_ttc for o in orders), Decimal(0))
    collections_ht = sum((r.items_ht for r in runs), Decimal(0))
    collections_ttc = sum((r.items_ttc for r in runs), Decimal(0))
    trips = sum((r.trip_cost for r in runs), Decimal(0))
    total_ht = purchases_ht + fees_ht + collections_ht + trips
    total_ttc = purchases_ttc + fees_ttc + collections_ttc + trips
    covers = Decimal(problem.covers)
    by_value, by_weight = compute_shares(problem, orders)
    meat_kg = sum(
        s.quantity * (ingredients[s.ingredient].kg_per_unit or 0.0)
        for s in servings
        if ingredients[s.ingredient].protein is ProteinClass.MEAT
    )
    co2 = sum(
        s.quantity * problem.co2_per_unit(s.ingredient, s.service_date)
        for s in servings
        if s.source != "collection"
    )
    kg = {i: ingredients[i].kg_per_unit or 0.0 for i in ingredients}
    return Indicators(
        purchases_ht=purchases_ht,
        purchases_ttc=purchases_ttc,
        fees_ht=fees_ht,
        fees_ttc=fees_ttc,
        collections_ht=collections_ht,
        collections_ttc=collections_ttc,
        trips=trips,
        total_ht=total_ht,
        total_ttc=total_ttc,
        cost_per_cover_ht=to_cents(total_ht / covers),
        cost_per_cover_ttc=to_cents(total_ttc / covers),
        shares_by_value=by_value,
        shares_by_weight=by_weight,
        meat_g_per_cover=1000.0 * meat_kg / problem.covers,
        co2_kg_per_cover=co2 / problem.covers,
        waste_kg=sum(left.quantity * kg[left.ingredient] for left in leftovers if left.waste),
        collected_kg=sum(i.quantity * kg[i.ingredient] for r in runs for i in r.items),
        purchased_kg=sum(line.quantity * kg[line.ingredient] for o in orders for line in o.lines),
        lines_count=sum(len(o.lines) + 1 for o in orders) + len(runs),
        protein_mix=_protein_mix(servings, kg, {i: ingredients[i].protein.value for i in kg}),
        vegetarian_mains=sum(1 for m in menu if m.course == "main" and m.vegetarian),
        services=service_indicators(problem, servings, menu),
        off_season_kg=sum(
            s.quantity * kg[s.ingredient]
            for s in servings
            if problem.off_season(s.ingredient, s.service_date)
        ),
    )



def evaluate_targets(problem: WeekProblem, ind: Indicators) -> tuple[TargetResult, ...]:
    """Each target of the week (and the budget) with its limit, value and whether it is met.

    A share with nothing to count (a zero total) is undefined and its target is met.
    """
    targets = problem.targets
    shares = ind.shares_by_weight if targets.share_basis == "weight" else ind.shares_by_value
    results = []
    limit = problem.budget_limit()
    if limit is not None and problem.budget is not None:
        spent = ind.total_ttc if problem.budget.basis == "TTC" else ind.total_ht
        met = spent <= budget_amount(problem)
        results.append(TargetResult("budget", limit, float(spent), met, TARGETS["budget"].bound))
    for name in SHARES:
        wanted = getattr(targets, name)
        if wanted is None:
            continue
        value = shares[name]
        met = value is None or value >= wanted - TARGET_TOLERANCE
        results.append(TargetResult(name, wanted, value, met, TARGETS[name].bound))
    for name, value in (
        ("max_meat_g_per_cover", ind.meat_g_per_cover),
        ("max_co2_kg_per_cover", ind.co2_kg_per_cover),
    ):
        cap = getattr(targets, name)
        if cap is not None:
            met = value <= cap + TARGET_TOLERANCE * max(1.0, cap)
            results.append(TargetResult(name, cap, value, met, TARGETS[name].bound))
    return tuple(results)


def budget_amount(problem: WeekProblem) -> Decimal:
    """The budget in EUR, exactly: the amount as written, times the week's covers when per
    cover (in decimal, so 2.13 EUR × 10 covers is 21.30, not 21.299999...). The reported
    total meets it when it is at most this, to the cent: no tolerance."""
    assert problem.budget is not None
    amount = Decimal(repr(problem.budget.amount))
    return amount * problem.covers if problem.budget.per_cover else amount
