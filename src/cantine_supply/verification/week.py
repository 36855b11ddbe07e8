"""Check a plan against the problem, independently of the model that produced it.

:func:`verify` recomputes from the inputs and the plan alone: the menu (each chosen recipe
a candidate, fixed courses kept, menu rules met), the needs from the chosen menus and the
split of their flexible lines (each line split once between its own options, shares within
bounds summing to 1),
that each order line is a real offer deliverable that day in whole packs at the right
price, within the offer's weekly and per-delivery maximum, each order's minimum, fee and
totals, each collection within what is guaranteed, that every need is served from food
that is there and still good, and the money (to the cent: no tolerance), shares and
targets the plan reports; :mod:`.verify_report` checks the ids and every other reported
figure. It never looks at the optimiser's variables.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from cantine_supply.model.codes import MEAT_FISH_FAMILIES, Family, ProteinClass
from cantine_supply.model.targets import SHARES
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import REPEAT_COURSES, WeekProblem
from cantine_supply.verification.beyond import check_bought_beyond_needs
from cantine_supply.verification.report import check_ids, check_reported
from cantine_supply.verification.use import check_collected_not_used, check_flexible_lines, split_of

_CENT = Decimal("0.01")


def _cents(x: Decimal) -> Decimal:
    return x.quantize(_CENT, rounding=ROUND_HALF_UP)


def _served_recipes(problem: WeekProblem, plan: Plan) -> list[tuple[dt.date, str, str, str]]:
    """(date, service, course, recipe) for every course: the fixed recipe, or the one the
    plan's menu chose (a course to choose without a choice in the plan is left out)."""
    chosen = {(m.date, m.service, m.course): m.recipe for m in plan.menu}
    out = []
    for service in problem.week.services:
        for course in service.courses:
            key = (service.date, service.name, course.course.value)
            recipe = course.recipes[0] if course.is_fixed else chosen.get(key)
            if recipe is not None and recipe in course.recipes:
                out.append((*key, recipe))
    return out


def _recompute_needs(problem: WeekProblem, plan: Plan) -> dict[tuple[str, dt.date], float]:
    """Needs per ingredient and day from the served recipes' lines and, for their flexible
    lines, the plan's split: share × covers × quantity per cover ÷ yield of each option."""
    catalogue = problem.catalogue
    covers = {(s.date, s.name): s.covers for s in problem.week.services}
    shares = split_of(plan)
    needs: dict[tuple[str, dt.date], float] = defaultdict(float)
    for day, name, course, recipe_id in _served_recipes(problem, plan):
        recipe = catalogue.recipe_by_id[recipe_id]
        for line in recipe.lines:
            needs[(line.ingredient, day)] += (
                covers[(day, name)] * line.quantity_per_cover / line.yield_ratio
            )
        for group in recipe.groups:
            split = shares.get((day, name, course, recipe_id, group.label), {})
            for option in group.options:
                share = split.get(option.ingredient, 0.0)
                needs[(option.ingredient, day)] += (
                    share * covers[(day, name)] * option.quantity_per_cover / option.yield_ratio
                )
    return needs


def _off_season_co2(problem: WeekProblem, ingredient_id: str, day: dt.date) -> float:
    """The week's CO2 multiplier for ``ingredient_id`` on ``day`` (1 in season)."""
    ingredient = problem.ingredients[ingredient_id]
    off = (
        ingredient.family is Family.FRUITS_ET_LEGUMES
        and bool(ingredient.months_in_season)
        and day.month not in ingredient.months_in_season
    )
    return problem.week.menu_rules.off_season_co2_factor if off else 1.0


def _check_menu(problem: WeekProblem, plan: Plan) -> list[str]:
    """Each course serves its fixed recipe or one of its candidates, once, and the menu
    rules hold (no repeat, vegetarian, meat and fish mains)."""
    out: list[str] = []
    ingredients = problem.ingredients
    courses = {
        (s.date, s.name, c.course.value): c for s in problem.week.services for c in s.courses
    }
    seen: set[tuple[dt.date, str, str]] = set()
    for m in plan.menu:
        key = (m.date, m.service, m.course)
        where = f"menu {m.date} {m.service} {m.course}"
        course = courses.get(key)
        if course is None:
            out.append(f"{where}: no such course in the week")
            continue
        if key in seen:
            out.append(f"{where}: chosen twice")
        seen.add(key)
        if m.recipe not in course.recipes:
            out.append(f"{where}: {m.recipe} is not among {', '.join(course.recipes)}")
        if course.is_fixed and m.recipe != course.recipes[0]:
            out.append(f"{where}: the fixed recipe {course.recipes[0]} was changed")
    for key, course in courses.items():
        if not course.is_fixed and key not in seen:
            out.append(f"menu {key[0]} {key[1]} {key[2]}: no recipe chosen")
    if problem.week.menu_rules.off_season == "forbid":
        for s in plan.servings:
            if s.quantity > 1e-6 and problem.off_season(s.ingredient, s.service_date):
                out.append(f"{s.ingredient} served out of season on {s.service_date}")
    if not problem.choices:
        return out
    served = _served_recipes(problem, plan)
    rules = problem.week.menu_rules
    if rules.no_repeat:
        chosen = {
            r for (d, n, c, r) in served if c in REPEAT_COURSES and not courses[(d, n, c)].is_fixed
        }
        for recipe in sorted(chosen):
            times = sum(1 for (_, _, c, r) in served if r == recipe and c in REPEAT_COURSES)
            if times > 1:
                out.append(f"recipe {recipe} chosen but served {times} times in the week")
    mains = [problem.catalogue.recipe_by_id[r] for (_, _, c, r) in served if c == "main"]
    veg = sum(1 for r in mains if r.is_vegetarian(ingredients))
    meat = sum(
        1
        for r in mains
        if any(ingredients[i].protein is ProteinClass.MEAT for i in r.ingredient_ids())
    )
    fish = sum(
        1
        for r in mains
        if any(ingredients[i].protein is ProteinClass.FISH for i in r.ingredient_ids())
    )
    least = problem.targets.min_vegetarian_mains
    if least is not None and veg < least:
        out.append(f"{veg} vegetarian mains, fewer than {least}")
    if rules.max_meat_mains is not None and meat > rules.max_meat_mains:
        out.append(f"{meat} meat mains, more than {rules.max_meat_mains}")
    if rules.min_fish_mains is not None and fish < rules.min_fish_mains:
        out.append(f"{fish} fish mains, fewer than {rules.min_fish_mains}")
    if plan.indicators is not None and plan.indicators.vegetarian_mains != veg:
        out.append(f"vegetarian mains reported {plan.indicators.vegetarian_mains}, counted {veg}")
    return out


def verify(problem: WeekProblem, plan: Plan) -> list[str]:
    """Return every way ``plan`` fails ``problem`` (an empty list: the plan is sound)."""
    if not plan.status.has_plan:
        return []
    unknown = check_ids(problem, plan)
    if unknown:
        return unknown
    failures: list[str] = []
    failures += _check_menu(problem, plan)
    failures += check_flexible_lines(problem, plan, _served_recipes(problem, plan))
    failures += _check_orders(problem, plan)
    failures += _check_collections(problem, plan)
    failures += check_collected_not_used(plan)
    failures += _check_servings(problem, plan)
    failures += _check_money_and_targets(problem, plan)
    failures += check_bought_beyond_needs(plan)
    failures += check_reported(problem, plan)
    return failures


def _check_orders(problem: WeekProblem, plan: Plan) -> list[str]:
    out = _check_order_lines(problem, plan)
    week_packs: dict[str, int] = defaultdict(int)
    for order in plan.orders:
        for line in order.lines:
            week_packs[line.offer] += line.packs
    for offer_id, packs in sorted(week_packs.items()):
        offer = problem.offers.get(offer_id)
        if offer is not None and offer.max_packs is not None and packs > offer.max_packs:
            out.append(f"{offer_id}: {packs} packs in the week exceed its weekly maximum"
                       f" {offer.max_packs}")
    return out


def _check_order_lines(problem: WeekProblem, plan: Plan) -> list[str]:
    out: list[str] = []
    week_packs: dict[str, int] = defaultdict(int)
    seen: set[tuple[str, dt.date]] = set()
    last = problem.week.last_day
    for order in plan.orders:
        supplier = problem.suppliers.get(order.supplier)
        if supplier is None:
            out.append(f"order to unknown supplier {order.supplier}")
            continue
        key = (order.supplier, order.delivery_date)
        if key in seen:
            out.append(f"two orders to {order.supplier} for {order.delivery_date}")
        seen.add(key)
        day = order.delivery_date
        if day.weekday() not in supplier.delivery_weekdays:
            out.append(f"{order.supplier} does not deliver on {day:%A} {day}")
        if (day - problem.week.order_date).days < supplier.lead_time_days:
            out.append(f"{order.supplier}: delivery {day} is before its lead time")
        if day > last:
            out.append(f"{order.supplier}: delivery {day} after the last service")
        lines_ht = Decimal(0)
        lines_ttc = Decimal(0)
        for line in order.lines:
            offer = problem.offers.get(line.offer)
            where = f"{order.supplier} {day} {line.offer}"
            if offer is None or offer.supplier != order.supplier:
                out.append(f"{where}: not an offer of this supplier")
                continue
            if line.packs < 1 or int(line.packs) != line.packs:
                out.append(f"{where}: packs must be a whole number >= 1, got {line.packs}")
            most = offer.max_packs_per_delivery
            if most is not None and line.packs > most:
                out.append(f"{where}: {line.packs} packs exceed the maximum {most} per delivery")
            week_packs[line.offer] += line.packs
            if offer.months_available and day.month not in offer.months_available:
                out.append(f"{where}: not available in month {day.month}")
            price = offer.price_ht
            for tier in sorted(offer.tiers, key=lambda t: t.min_packs):
                if line.packs >= tier.min_packs:
                    price = tier.price_ht
            if not math.isclose(line.price_per_pack_ht, price, abs_tol=1e-9):
                out.append(f"{where}: price {line.price_per_pack_ht} per pack, expected {price}")
            expected_ht = _cents(Decimal(str(price)) * line.packs)
            if line.total_ht != expected_ht:
                out.append(f"{where}: total HT {line.total_ht}, expected {expected_ht}")
            expected_ttc = _cents(expected_ht * (1 + Decimal(str(offer.vat_rate))))
            if line.total_ttc != expected_ttc:
                out.append(f"{where}: total TTC {line.total_ttc}, expected {expected_ttc}")
            if line.ingredient != offer.ingredient or line.pack_quantity != offer.pack_quantity:
                out.append(f"{where}: ingredient or pack size differs from the offer")
            lines_ht += expected_ht
            lines_ttc += expected_ttc
        if supplier.min_order_ht > 0 and lines_ht < _cents(Decimal(str(supplier.min_order_ht))):
            out.append(
                f"{order.supplier} {day}: order {lines_ht} HT below the minimum"
                f" {supplier.min_order_ht}"
            )
        fee = Decimal(0)
        if supplier.delivery_fee_ht > 0:
            free_from = supplier.free_delivery_from_ht
            if free_from is None or lines_ht < _cents(Decimal(str(free_from))):
                fee = _cents(Decimal(str(supplier.delivery_fee_ht)))
        if order.delivery_fee_ht != fee:
            out.append(
                f"{order.supplier} {day}: delivery fee {order.delivery_fee_ht}, expected {fee}"
            )
        fee_ttc = _cents(fee * (1 + Decimal(str(supplier.fee_vat_rate))))
        if order.total_ht != lines_ht + fee or order.total_ttc != lines_ttc + fee_ttc:
            out.append(f"{order.supplier} {day}: order totals do not add up")
    return out


def _check_collections(problem: WeekProblem, plan: Plan) -> list[str]:
    out: list[str] = []
    collections = problem.collections
    for run in plan.collections:
        collection = collections.get(run.collection)
        if collection is None:
            out.append(f"unknown collection {run.collection}")
            continue
        if run.date.weekday() != collection.weekday:
            out.append(f"collection {run.collection} on {run.date:%A}, not its weekday")
        if not problem.week.order_date <= run.date <= problem.week.last_day:
            out.append(f"collection {run.collection} on {run.date}, outside the week")
        guaranteed = {i.ingredient: i.guaranteed for i in collection.items}
        for item in run.items:
            if item.ingredient not in guaranteed:
                out.append(f"collection {run.collection} does not bring {item.ingredient}")
            elif item.quantity > guaranteed[item.ingredient] * (1 + 1e-6) + 1e-6:
                out.append(
                    f"collection {run.collection}: {item.quantity} {item.ingredient} above the"
                    f" guaranteed {guaranteed[item.ingredient]}"
                )
    return out + _check_rounds_always_made(problem, plan)


def _check_rounds_always_made(problem: WeekProblem, plan: Plan) -> list[str]:
    """Every round marked ``always`` is made on each of its weekdays from the order date
    to the last service."""
    made = {(run.collection, run.date) for run in plan.collections}
    out = []
    day = problem.week.order_date
    while day <= problem.week.last_day:
        for collection in problem.collections.values():
            if collection.always and collection.weekday == day.weekday():
                if (collection.id, day) not in made:
                    out.append(f"collection {collection.id} is marked always but not made on {day}")
        day += dt.timedelta(days=1)
    return out


def _shelf_end(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=max(days, 1) - 1)


def _check_servings(problem: WeekProblem, plan: Plan) -> list[str]:
    """Every need served in full, each serving from food there that day and still good,
    and no source giving more than it holds."""
    out: list[str] = []
    ingredients = problem.ingredients
    needs = _recompute_needs(problem, plan)
    served: dict[tuple[str, dt.date], float] = defaultdict(float)
    delivered: dict[tuple[str, dt.date], float] = defaultdict(float)
    for order in plan.orders:
        for line in order.lines:
            delivered[(line.ingredient, order.delivery_date)] += line.packs * line.pack_quantity
    collected: dict[tuple[str, str, dt.date], float] = defaultdict(float)
    for run in plan.collections:
        for item in run.items:
            collected[(run.collection, item.ingredient, run.date)] += item.quantity
    given: dict[tuple[object, ...], float] = defaultdict(float)
    for s in plan.servings:
        shelf = ingredients[s.ingredient].shelf_life_days
        if s.source == "stock":
            lot = problem.stock[int(s.source_ref)]
            if lot.ingredient != s.ingredient or not lot.usable_on(s.service_date):
                out.append(
                    f"stock lot {s.source_ref} cannot serve {s.ingredient} on {s.service_date}"
                )
            given[("stock", int(s.source_ref))] += s.quantity
        elif s.source == "collection":
            if not s.source_date <= s.service_date <= _shelf_end(s.source_date, shelf):
                out.append(
                    f"{s.ingredient} collected {s.source_date} cannot serve {s.service_date}"
                )
            given[("collection", s.source_ref, s.ingredient, s.source_date)] += s.quantity
        elif s.source == "delivery":
            if not s.source_date <= s.service_date <= _shelf_end(s.source_date, shelf):
                out.append(
                    f"{s.ingredient} delivered {s.source_date} cannot serve {s.service_date}"
                )
            given[("delivery", s.ingredient, s.source_date)] += s.quantity
        else:
            out.append(f"unknown source {s.source}")
        served[(s.ingredient, s.service_date)] += s.quantity
    for key, qty in given.items():
        if key[0] == "stock":
            index = key[1]
            assert isinstance(index, int)
            holds = problem.stock[index].quantity
        elif key[0] == "collection":
            cid, ing, day = key[1], key[2], key[3]
            assert isinstance(cid, str) and isinstance(ing, str) and isinstance(day, dt.date)
            holds = collected[(cid, ing, day)]
        else:
            ing, day = key[1], key[2]
            assert isinstance(ing, str) and isinstance(day, dt.date)
            holds = delivered[(ing, day)]
        if qty > holds * (1 + 1e-6) + 1e-5:
            out.append(f"{key}: serves {qty:.6f} but holds {holds:.6f}")
    for (ing, day), need in needs.items():
        got = served.get((ing, day), 0.0)
        if got < need * (1 - 1e-6) - 1e-5:
            out.append(
                f"need of {need:.4f} {ingredients[ing].unit} {ing} on {day} served only {got:.4f}"
            )
    return out


def _check_money_and_targets(problem: WeekProblem, plan: Plan) -> list[str]:
    out: list[str] = []
    ind = plan.indicators
    if ind is None:
        return ["a plan with orders has no indicators"]
    purchases_ht = sum((line.total_ht for o in plan.orders for line in o.lines), Decimal(0))
    fees_ht = sum((o.delivery_fee_ht for o in plan.orders), Decimal(0))
    trips = sum(
        (
            _cents(Decimal(str(problem.collections[r.collection].trip_cost)))
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
    needs = _recompute_needs(problem, plan)
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
            * _off_season_co2(problem, s.ingredient, s.service_date)
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
