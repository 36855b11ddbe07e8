"""Turn decisions (packs, collections, servings) into a :class:`~cantine_supply.plans.plan.Plan`.

Pure functions of the problem and the decisions, independent of the solver: the planner
uses them after a solve, the greedy baseline and tests use them on decisions of their own.
Money is rounded here, once per line.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from cantine_supply.model.codes import ProteinClass
from cantine_supply.model.targets import SHARES, TARGET_TOLERANCE, TARGETS
from cantine_supply.optimize.decisions import Decisions, PlanStatus, Serving, SolverReport
from cantine_supply.plans.assemble_use import build_group_uses, collected_not_used
from cantine_supply.plans.beyond_needs import PlanRules, bought_beyond_needs
from cantine_supply.plans.plan import (
    CollectedItem,
    CollectionRun,
    GroupUse,
    Indicators,
    Leftover,
    MenuChoice,
    Order,
    OrderLine,
    Plan,
    Quantity,
    ServiceIndicators,
    TargetResult,
    to_cents,
    ttc,
)
from cantine_supply.problem.week import WeekProblem, recipe_kind, usable_until


def fee_due(problem: WeekProblem, supplier_id: str, lines_ht: Decimal) -> Decimal:
    """The delivery fee HT of an order worth ``lines_ht``: none from the free threshold."""
    supplier = problem.suppliers[supplier_id]
    threshold = supplier.free_delivery_from_ht
    if supplier.delivery_fee_ht <= 0:
        return Decimal(0)
    if threshold is not None and lines_ht >= to_cents(threshold):
        return Decimal(0)
    return to_cents(supplier.delivery_fee_ht)


def build_orders(
    problem: WeekProblem, packs: Mapping[tuple[str, dt.date], int]
) -> tuple[Order, ...]:
    """One order per supplier and delivery day, lines in offer order, totals to the cent."""
    grouped: dict[tuple[str, dt.date], list[OrderLine]] = defaultdict(list)
    for (offer_id, day), count in sorted(packs.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if count <= 0:
            continue
        offer = problem.offers[offer_id]
        supplier = problem.suppliers[offer.supplier]
        price = offer.price_for(count)
        total_ht = to_cents(Decimal(str(price)) * count)
        grouped[(offer.supplier, day)].append(
            OrderLine(
                offer=offer.id,
                ingredient=offer.ingredient,
                product=offer.product,
                packs=count,
                pack_quantity=offer.pack_quantity,
                unit=problem.ingredients[offer.ingredient].unit,
                pack_label=offer.pack_label,
                price_per_pack_ht=price,
                vat_rate=offer.vat_rate,
                total_ht=total_ht,
                total_ttc=ttc(total_ht, offer.vat_rate),
                labels=tuple(label.value for label in offer.labels),
                local=supplier.is_local,
                circuit_court=supplier.is_circuit_court,
            )
        )
    orders = []
    for (supplier_id, day), lines in sorted(grouped.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        supplier = problem.suppliers[supplier_id]
        lines_ht = sum((line.total_ht for line in lines), Decimal(0))
        orders.append(
            Order(
                supplier=supplier_id,
                supplier_name=supplier.name,
                delivery_date=day,
                lines=tuple(lines),
                delivery_fee_ht=fee_due(problem, supplier_id, lines_ht),
                fee_vat_rate=supplier.fee_vat_rate,
                min_order_ht=supplier.min_order_ht,
            )
        )
    return tuple(orders)


def build_collections(
    problem: WeekProblem, taken: Mapping[tuple[str, dt.date, str], float]
) -> tuple[CollectionRun, ...]:
    """The collection rounds with something to take (quantities below 1e-6 dropped), and
    every round marked ``always`` (made even when it brings nothing the week uses)."""
    by_round: dict[tuple[str, dt.date], list[CollectedItem]] = defaultdict(list)
    for slot in problem.collection_slots:
        if problem.collections[slot.collection].always:
            by_round[(slot.collection, slot.date)] = []
    for (cid, day, ing), quantity in sorted(
        taken.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2])
    ):
        if quantity <= 1e-6:
            continue
        item = next(i for i in problem.collections[cid].items if i.ingredient == ing)
        by_round[(cid, day)].append(
            CollectedItem(
                ingredient=ing,
                quantity=quantity,
                unit=problem.ingredients[ing].unit,
                total_ht=to_cents(Decimal(str(item.price_ht)) * Decimal(str(quantity))),
            )
        )
    runs = []
    for (cid, day), items in sorted(by_round.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        collection = problem.collections[cid]
        runs.append(
            CollectionRun(cid, collection.name, day, to_cents(collection.trip_cost), tuple(items))
        )
    return tuple(runs)


def _leftovers(
    problem: WeekProblem,
    orders: Sequence[Order],
    runs: Sequence[CollectionRun],
    servings: Sequence[Serving],
) -> tuple[Leftover, ...]:
    """Food bought or collected and not served, per ingredient and source; waste when it
    does not keep to the same weekday next week (last service day + 7)."""
    received: dict[tuple[str, str, dt.date], float] = defaultdict(float)
    for order in orders:
        for line in order.lines:
            received[(line.ingredient, "delivery", order.delivery_date)] += line.quantity
    for run in runs:
        for item in run.items:
            received[(item.ingredient, "collection", run.date)] += item.quantity
    for s in servings:
        if s.source in ("delivery", "collection"):
            received[(s.ingredient, s.source, s.source_date)] -= s.quantity
    horizon = problem.week.last_day + dt.timedelta(days=7)
    totals: dict[tuple[str, str, bool], float] = defaultdict(float)
    for (ing, source, day), left in received.items():
        if left <= 1e-6:
            continue
        shelf = problem.ingredients[ing].shelf_life_days
        totals[(ing, source, usable_until(day, shelf) < horizon)] += left
    return tuple(
        Leftover(ing, qty, problem.ingredients[ing].unit, source, waste)
        for (ing, source, waste), qty in sorted(totals.items())
    )


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


def build_menu(problem: WeekProblem, chosen: Mapping[int, str]) -> tuple[MenuChoice, ...]:
    """Every course of every service with the recipe it serves: the fixed recipe, or the
    candidate ``chosen`` for it (by index in ``problem.choices``)."""
    catalogue = problem.catalogue
    picks = {
        (c.date, c.service, c.course): chosen[i]
        for i, c in enumerate(problem.choices)
        if i in chosen
    }
    menu = []
    for service in problem.week.services:
        for course in service.courses:
            key = (service.date, service.name, course.course.value)
            recipe_id = course.recipes[0] if course.is_fixed else picks.get(key)
            if recipe_id is None:
                continue
            menu.append(
                MenuChoice(
                    date=service.date,
                    service=service.name,
                    course=course.course.value,
                    recipe=recipe_id,
                    name=catalogue.recipe_by_id[recipe_id].name,
                    vegetarian=recipe_kind(catalogue, recipe_id)[0],
                    covers=service.covers,
                    fixed=course.is_fixed,
                )
            )
    return tuple(menu)


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


def needs_summary(
    problem: WeekProblem,
    chosen: Mapping[int, str] | None = None,
    group_uses: Sequence[GroupUse] = (),
) -> tuple[Quantity, ...]:
    """The week's needs per ingredient: the fixed courses', plus those of the recipes
    ``chosen`` for the courses to choose (by index in ``problem.choices``), plus what the
    flexible lines use of each option."""
    totals = dict(problem.need_by_ingredient())
    for index, recipe in sorted((chosen or {}).items()):
        candidate = next(c for c in problem.choices[index].candidates if c.recipe == recipe)
        for ing, qty in candidate.needs:
            totals[ing] = totals.get(ing, 0.0) + qty
    for use in group_uses:
        if use.quantity > 0:
            totals[use.ingredient] = totals.get(use.ingredient, 0.0) + use.quantity
    return tuple(
        Quantity(ing, qty, problem.ingredients[ing].unit) for ing, qty in sorted(totals.items())
    )


def stock_used(problem: WeekProblem, servings: Sequence[Serving]) -> tuple[Quantity, ...]:
    used: dict[str, float] = defaultdict(float)
    for s in servings:
        if s.source == "stock":
            used[s.ingredient] += s.quantity
    return tuple(
        Quantity(i, q, problem.ingredients[i].unit) for i, q in sorted(used.items()) if q > 1e-6
    )


def assemble_plan(
    problem: WeekProblem, decisions: Decisions, status: PlanStatus, solver: SolverReport
) -> Plan:
    """The full plan for ``decisions``: orders, collections, money, indicators, targets,
    and what is bought beyond the menus' needs (:mod:`cantine_supply.plans.beyond_needs`)."""
    orders = build_orders(problem, decisions.packs)
    runs = build_collections(problem, decisions.taken)
    servings = tuple(s for s in decisions.servings if s.quantity > 1e-7)
    leftovers = _leftovers(problem, orders, runs, servings)
    menu = build_menu(problem, decisions.menu)
    group_uses = build_group_uses(problem, decisions.groups)
    indicators = compute_indicators(problem, orders, runs, servings, leftovers, menu)
    return Plan(
        week=problem.week.id,
        status=status,
        covers=problem.covers,
        needs=needs_summary(problem, decisions.menu, group_uses),
        orders=orders,
        collections=runs,
        stock_used=stock_used(problem, servings),
        servings=servings,
        leftovers=leftovers,
        indicators=indicators,
        targets=evaluate_targets(problem, indicators),
        solver=solver,
        budget_limit=problem.budget_limit(),
        budget_basis=problem.budget.basis if problem.budget else "TTC",
        share_basis=problem.targets.share_basis,
        menu=menu,
        group_uses=group_uses,
        collected_not_used=collected_not_used(problem, runs, servings),
        bought_beyond_needs=bought_beyond_needs(
            problem, orders, servings, PlanRules(build_orders, compute_shares)
        ),
    )


def empty_plan(
    problem: WeekProblem, status: PlanStatus, solver: SolverReport, messages: Sequence[str] = ()
) -> Plan:
    """A plan with no orders, for a week that could not be planned."""
    return Plan(
        week=problem.week.id,
        status=status,
        covers=problem.covers,
        needs=needs_summary(problem),
        orders=(),
        collections=(),
        stock_used=(),
        servings=(),
        leftovers=(),
        indicators=None,
        targets=(),
        solver=solver,
        budget_limit=problem.budget_limit(),
        budget_basis=problem.budget.basis if problem.budget else "TTC",
        share_basis=problem.targets.share_basis,
        messages=tuple(messages),
    )
