"""The verifier's checks of the money and the targets: totals HT and TTC to the cent, the
budget, the EGalim and organic shares, meat and CO2 per cover, recomputed from the plan's
lines and the problem alone (no tolerance on money).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from cantine_supply.model.codes import MEAT_FISH_FAMILIES, Family, ProteinClass
from cantine_supply.model.targets import SHARES
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem
from cantine_supply.verification.menu import recompute_needs

CENT = Decimal("0.01")


def cents(x: Decimal) -> Decimal:
    """``x`` rounded to the cent, half up (as the plan rounds each line once)."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def off_season_co2(problem: WeekProblem, ingredient_id: str, day: dt.date) -> float:
    """The week's CO2 multiplier for ``ingredient_id`` on ``day`` (1 in season)."""
    ingredient = problem.ingredients[ingredient_id]
    off = (
        ingredient.family is Family.FRUITS_ET_LEGUMES
        and bool(ingredient.months_in_season)
        and day.month not in ingredient.months_in_season
    )
    return problem.week.menu_rules.off_season_co2_factor if off else 1.0


def check_money_and_targets(problem: WeekProblem, plan: Plan) -> list[str]:
    """The totals, the budget, the shares, meat and CO2 the plan reports, recomputed."""
    out: list[str] = []
    ind = plan.indicators
    if ind is None:
        return ["a plan with orders has no indicators"]
    purchases_ht = sum((line.total_ht for o in plan.orders for line in o.lines), Decimal(0))
    fees_ht = sum((o.delivery_fee_ht for o in plan.orders), Decimal(0))
    trips = sum(
        (
            cents(Decimal(str(problem.collections[r.collection].trip_cost)))
            for r in plan.collections
        ),
        Decimal(0),
    )
    collected_ht = sum((i.total_ht for r in plan.collections for i in r.items), Decimal(0))
    total_ht = purchases_ht + fees_ht + trips + collected_ht
    if ind.total_ht != total_ht:
        out.append(f"total HT {ind.total_ht}, recomputed {total_ht}")
    total_ttc = (
        sum((o.total_ttc for o in plan.orders), Decimal(0))
        + sum((r.items_ttc for r in plan.collections), Decimal(0))
        + trips
    )
    if ind.total_ttc != total_ttc:
        out.append(f"total TTC {ind.total_ttc}, recomputed {total_ttc}")
    if problem.budget is not None:
        amount = Decimal(repr(problem.budget.amount))
        limit = amount * problem.covers if problem.budget.per_cover else amount
        spent = total_ttc if problem.budget.basis == "TTC" else total_ht
        if spent > limit:
            out.append(f"spends {spent} {problem.budget.basis}, above the budget {limit}")
    out += _check_shares(problem, plan)
    ingredients = problem.ingredients
    needs = recompute_needs(problem, plan)
    meat_g = (
        1000
        * sum(
            q * (ingredients[i].kg_per_unit or 0.0)
            for (i, _), q in needs.items()
            if ingredients[i].protein is ProteinClass.MEAT
        )
        / problem.covers
    )
    if not math.isclose(ind.meat_g_per_cover, meat_g, rel_tol=1e-5, abs_tol=1e-4):
        out.append(f"meat {ind.meat_g_per_cover:.3f} g per cover, recomputed {meat_g:.3f}")
    cap = problem.targets.max_meat_g_per_cover
    if cap is not None and meat_g > cap * (1 + 1e-6) + 1e-6:
        out.append(f"meat {meat_g:.2f} g per cover above the cap {cap}")
    co2 = (
        sum(
            s.quantity
            * ingredients[s.ingredient].co2_kg_per_kg
            * (ingredients[s.ingredient].kg_per_unit or 0.0)
            * off_season_co2(problem, s.ingredient, s.service_date)
            for s in plan.servings
            if s.source != "collection"
        )
        / problem.covers
    )
    if not math.isclose(ind.co2_kg_per_cover, co2, rel_tol=1e-5, abs_tol=1e-6):
        out.append(f"CO2 {ind.co2_kg_per_cover:.4f} kg per cover, recomputed {co2:.4f}")
    cap = problem.targets.max_co2_kg_per_cover
    if cap is not None and co2 > cap * (1 + 1e-6) + 1e-6:
        out.append(f"CO2 {co2:.3f} kg per cover above the cap {cap}")
    return out


def _check_shares(problem: WeekProblem, plan: Plan) -> list[str]:
    """Recompute each share from the lines and compare with the plan and the targets."""
    out: list[str] = []
    targets = problem.targets
    value: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    weight: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for order in plan.orders:
        supplier = problem.suppliers[order.supplier]
        for line in order.lines:
            offer = problem.offers[line.offer]
            ingredient = problem.ingredients[offer.ingredient]
            kg = line.packs * offer.pack_quantity * (ingredient.kg_per_unit or 0.0)
            labels = {label.value for label in offer.labels}
            egalim = bool(
                labels
                & {
                    "BIO",
                    "CONVERSION_BIO",
                    "LABEL_ROUGE",
                    "AOCAOP",
                    "IGP",
                    "STG",
                    "HVE",
                    "PECHE_DURABLE",
                    "RUP",
                    "FERMIER",
                    "COMMERCE_EQUITABLE",
                    "EXTERNALITES",
                    "PERFORMANCE",
                }
            )
            counts = {
                "organic_share": bool(labels & {"BIO", "CONVERSION_BIO"}),
                "egalim_share": egalim,
                "local_share": supplier.local is not None,
                "circuit_court_share": supplier.intermediaries <= 1,
            }
            if ingredient.family in MEAT_FISH_FAMILIES:
                counts["meat_fish_egalim_share"] = egalim
            for name, ok in counts.items():
                value[name][1] += float(line.total_ht)
                weight[name][1] += kg
                if ok:
                    value[name][0] += float(line.total_ht)
                    weight[name][0] += kg
    ind = plan.indicators
    assert ind is not None
    for name in SHARES:
        for basis, sums, reported in (
            ("value", value, ind.shares_by_value),
            ("weight", weight, ind.shares_by_weight),
        ):
            q, t = sums[name]
            share = None if t <= 0 else q / t
            got = reported.get(name)
            if (share is None) != (got is None) or (
                share is not None and got is not None and not math.isclose(share, got, abs_tol=1e-9)
            ):
                out.append(f"{name} by {basis}: reported {got}, recomputed {share}")
            wanted = getattr(targets, name)
            if basis == targets.share_basis and wanted is not None and share is not None:
                if share < wanted - 1e-6:
                    out.append(f"{name} {share:.4f} by {basis} below the target {wanted}")
    return out
