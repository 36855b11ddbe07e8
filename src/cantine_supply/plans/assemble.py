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

from cantine_supply.model import Supplier
from cantine_supply.optimize.decisions import Decisions, PlanStatus, Serving, SolverReport
from cantine_supply.plans.assemble_use import build_group_uses, collected_not_used
from cantine_supply.plans.beyond_needs import PlanRules, bought_beyond_needs
from cantine_supply.plans.indicators import compute_indicators, compute_shares, evaluate_targets
from cantine_supply.plans.plan import (
    CollectedItem,
    CollectionRun,
    GroupUse,
    Leftover,
    MenuChoice,
    Order,
    OrderLine,
    Plan,
    Quantity,
    to_cents,
    ttc,
)
from cantine_supply.problem.needs import recipe_kind
from cantine_supply.problem.slots import usable_until
from cantine_supply.problem.week import WeekProblem


def fee_due(supplier: Supplier, lines_ht: Decimal) -> Decimal:
    """The delivery fee HT of one delivery of ``supplier`` whose lines are worth
    ``lines_ht``: none from the free-delivery threshold (the rule of a canteen's order and
    of a network's pooled drop alike)."""
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
                delivery_fee_ht=fee_due(problem.suppliers[supplier_id], lines_ht),
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
