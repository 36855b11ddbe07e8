"""Check what a plan reports: ids, line labels, item totals, indicators and targets.

:func:`check_ids` runs first: a plan naming an offer, supplier, collection, ingredient or
stock lot the week does not have gets one failure message per unknown id (and the other
checks, which look these up, are skipped). :func:`check_reported` then recomputes, with its
own arithmetic from the plan's lines and the problem, every figure the plan states and
that :mod:`cantine_supply.verification.week` does not already: each line's labels, local and
short-chain flags against its offer and supplier, each collected item's total, the money
indicators (purchases, fees, collections, trips, per cover), the weights (purchased,
collected, wasted), the count of rounded amounts, and each target's value and met flag.
Money is compared exactly (to the cent), quantities to 1e-6 relative.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from cantine_supply.model.targets import SHARES
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem

_CENT = Decimal("0.01")


def _cents(x: Decimal) -> Decimal:
    return x.quantize(_CENT, rounding=ROUND_HALF_UP)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


def check_ids(problem: WeekProblem, plan: Plan) -> list[str]:
    """One message per id of the plan that the week does not know."""
    out: list[str] = []
    for order in plan.orders:
        if order.supplier not in problem.suppliers:
            out.append(f"order to unknown supplier {order.supplier}")
        for line in order.lines:
            if line.offer not in problem.offers:
                out.append(f"order {order.supplier} {order.delivery_date}: unknown offer"
                           f" {line.offer}")
            if line.ingredient not in problem.ingredients:
                out.append(f"line {line.offer}: unknown ingredient {line.ingredient}")
    for run in plan.collections:
        if run.collection not in problem.collections:
            out.append(f"unknown collection {run.collection}")
        for item in run.items:
            if item.ingredient not in problem.ingredients:
                out.append(f"collection {run.collection}: unknown ingredient {item.ingredient}")
    for s in plan.servings:
        if s.ingredient not in problem.ingredients:
            out.append(f"serving of unknown ingredient {s.ingredient}")
        if s.source == "stock" and not (
            s.source_ref.isdigit() and int(s.source_ref) < len(problem.stock)
        ):
            out.append(f"serving from unknown stock lot {s.source_ref!r}")
        if s.source == "collection" and s.source_ref not in problem.collections:
            out.append(f"serving from unknown collection {s.source_ref}")
    return out


def check_reported(problem: WeekProblem, plan: Plan) -> list[str]:
    """Every reported figure not checked elsewhere, recomputed (see the module docstring)."""
    return _check_lines(problem, plan) + _check_indicators(problem, plan) + _check_targets(
        problem, plan)


def _check_lines(problem: WeekProblem, plan: Plan) -> list[str]:
    out: list[str] = []
    for order in plan.orders:
        supplier = problem.suppliers[order.supplier]
        if order.supplier_name != supplier.name:
            out.append(f"order {order.supplier}: supplier name {order.supplier_name!r}")
        for line in order.lines:
            offer = problem.offers[line.offer]
            where = f"{order.supplier} {order.delivery_date} {line.offer}"
            if line.labels != tuple(label.value for label in offer.labels):
                out.append(f"{where}: labels {line.labels}, the offer's are"
                           f" {tuple(label.value for label in offer.labels)}")
            if line.local != (supplier.local is not None):
                out.append(f"{where}: local {line.local}, the supplier's is"
                           f" {supplier.local is not None}")
            if line.circuit_court != (supplier.intermediaries <= 1):
                out.append(f"{where}: short chain {line.circuit_court}, the supplier has"
                           f" {supplier.intermediaries} intermediaries")
            if line.vat_rate != offer.vat_rate:
                out.append(f"{where}: VAT {line.vat_rate}, the offer's is {offer.vat_rate}")
    for run in plan.collections:
        collection = problem.collections[run.collection]
        trip = _cents(Decimal(repr(collection.trip_cost)))
        if run.trip_cost != trip:
            out.append(f"collection {run.collection}: trip cost {run.trip_cost}, expected {trip}")
        prices = {i.ingredient: i.price_ht for i in collection.items}
        for item in run.items:
            price = Decimal(repr(prices.get(item.ingredient, 0.0)))
            expected = _cents(price * Decimal(repr(item.quantity)))
            if item.total_ht != expected:
                out.append(f"collection {run.collection} {item.ingredient}: total"
                           f" {item.total_ht}, expected {expected}")
    return out


def _check_indicators(problem: WeekProblem, plan: Plan) -> list[str]:
    ind = plan.indicators
    if ind is None:
        return []
    out: list[str] = []
    lines = [line for o in plan.orders for line in o.lines]
    fees_ht = sum((o.delivery_fee_ht for o in plan.orders), Decimal(0))
    fees_ttc = sum(
        (_cents(o.delivery_fee_ht * (1 + Decimal(repr(problem.suppliers[o.supplier]
                                                        .fee_vat_rate))))
         for o in plan.orders), Decimal(0))
    items = [i for r in plan.collections for i in r.items]
    collections_ht = sum((i.total_ht for i in items), Decimal(0))
    collections_ttc = sum((_cents(i.total_ht * Decimal("1.055")) for i in items), Decimal(0))
    trips = sum((_cents(Decimal(repr(problem.collections[r.collection].trip_cost)))
                 for r in plan.collections), Decimal(0))
    covers = Decimal(problem.covers)
    total_ht = sum((line.total_ht for line in lines), Decimal(0)) + fees_ht + collections_ht
    total_ttc = sum((line.total_ttc for line in lines), Decimal(0)) + fees_ttc
    total_ttc += collections_ttc
    money = {
        "purchases_ht": sum((line.total_ht for line in lines), Decimal(0)),
        "purchases_ttc": sum((line.total_ttc for line in lines), Decimal(0)),
        "fees_ht": fees_ht, "fees_ttc": fees_ttc,
        "collections_ht": collections_ht, "collections_ttc": collections_ttc,
        "trips": trips,
        "cost_per_cover_ht": _cents((total_ht + trips) / covers),
        "cost_per_cover_ttc": _cents((total_ttc + trips) / covers),
    }
    for name, expected in money.items():
        if getattr(ind, name) != expected:
            out.append(f"indicator {name} {getattr(ind, name)}, recomputed {expected}")
    kg = {i: problem.ingredients[i].kg_per_unit or 0.0 for i in problem.ingredients}
    weights = {
        "purchased_kg": sum(line.packs * line.pack_quantity * kg[line.ingredient]
                            for line in lines),
        "collected_kg": sum(i.quantity * kg[i.ingredient] for i in items),
        "waste_kg": sum(left.quantity * kg[left.ingredient] for left in plan.leftovers
                        if left.waste),
    }
    for name, value in weights.items():
        if not _close(getattr(ind, name), value):
            out.append(f"indicator {name} {getattr(ind, name)}, recomputed {value}")
    count = sum(len(o.lines) + 1 for o in plan.orders) + len(plan.collections)
    if ind.lines_count != count:
        out.append(f"indicator lines_count {ind.lines_count}, counted {count}")
    return out + _check_menu_figures(problem, plan)


def _check_menu_figures(problem: WeekProblem, plan: Plan) -> list[str]:
    """The vegetarian flag of each served recipe, the count of vegetarian mains and the
    kilograms served out of season."""
    ind = plan.indicators
    assert ind is not None
    out: list[str] = []
    ingredients = problem.ingredients
    veg = 0
    for m in plan.menu:
        recipe = problem.catalogue.recipe_by_id.get(m.recipe)
        if recipe is None:
            out.append(f"menu {m.date} {m.course}: unknown recipe {m.recipe}")
            continue
        vegetarian = recipe.is_vegetarian(ingredients)
        if m.vegetarian != vegetarian:
            out.append(f"menu {m.date} {m.course} {m.recipe}: vegetarian {m.vegetarian}")
        veg += m.course == "main" and vegetarian
    if ind.vegetarian_mains != veg:
        out.append(f"indicator vegetarian_mains {ind.vegetarian_mains}, counted {veg}")
    off = sum(s.quantity * (ingredients[s.ingredient].kg_per_unit or 0.0)
              for s in plan.servings if problem.off_season(s.ingredient, s.service_date))
    if not _close(ind.off_season_kg, off):
        out.append(f"indicator off_season_kg {ind.off_season_kg}, recomputed {off}")
    return out


def _check_targets(problem: WeekProblem, plan: Plan) -> list[str]:
    """Each target the week sets is reported once, with the recomputed value and met flag."""
    ind = plan.indicators
    if ind is None:
        return []
    out: list[str] = []
    targets = problem.targets
    shares = ind.shares_by_weight if targets.share_basis == "weight" else ind.shares_by_value
    expected: dict[str, tuple[float | None, bool]] = {}
    if problem.budget is not None:
        amount = Decimal(repr(problem.budget.amount))
        limit = amount * problem.covers if problem.budget.per_cover else amount
        spent = ind.total_ttc if problem.budget.basis == "TTC" else ind.total_ht
        expected["budget"] = (float(spent), spent <= limit)
    for name in SHARES:
        wanted = getattr(targets, name)
        if wanted is not None:
            value = shares.get(name)
            expected[name] = (value, value is None or value >= wanted - 1e-6)
    for name, value_now in (("max_meat_g_per_cover", ind.meat_g_per_cover),
                            ("max_co2_kg_per_cover", ind.co2_kg_per_cover)):
        cap = getattr(targets, name)
        if cap is not None:
            expected[name] = (value_now, value_now <= cap + 1e-6 * max(1.0, cap))
    reported = {t.name: t for t in plan.targets}
    if len(reported) != len(plan.targets):
        out.append("a target is reported twice")
    for name in sorted(set(reported) - set(expected)):
        out.append(f"target {name} reported but not set for the week")
    for name, (value, met) in expected.items():
        got = reported.get(name)
        if got is None:
            out.append(f"target {name} not reported")
            continue
        if not _close(got.value, value):
            out.append(f"target {name}: value {got.value}, recomputed {value}")
        if got.met != met:
            out.append(f"target {name}: reported {'met' if got.met else 'missed'},"
                       f" recomputed {'met' if met else 'missed'}")
    return out
