"""Check a plan against the problem, independently of the model that produced it.

:func:`verify` recomputes from the inputs and the plan alone: the menu (each chosen recipe
a candidate, fixed courses kept, menu rules met), the needs from the chosen menus and the
split of their flexible lines (each line split once between its own options, shares within
bounds summing to 1),
that each order line is a real offer deliverable that day in whole packs at the right
price, within the offer's weekly and per-delivery maximum, each order's minimum, fee and
totals, each collection within what is guaranteed, that every need is served from food
that is there and still good, and the money (to the cent: no tolerance), shares and
targets the plan reports (:mod:`.menu` and :mod:`.money` hold those checks);
:mod:`.report` checks the ids and every other reported
figure. It never looks at the optimiser's variables.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from decimal import Decimal

from cantine_supply.plans.plan import Plan
from cantine_supply.problem.lots import CollectionKey, LotKey, StockKey, lot_key
from cantine_supply.problem.week import WeekProblem
from cantine_supply.verification.beyond import check_bought_beyond_needs
from cantine_supply.verification.menu import check_menu, recompute_needs, served_recipes
from cantine_supply.verification.money import cents, check_money_and_targets
from cantine_supply.verification.report import check_ids, check_reported
from cantine_supply.verification.use import check_collected_not_used, check_flexible_lines


def verify(problem: WeekProblem, plan: Plan) -> list[str]:
    """Return every way ``plan`` fails ``problem`` (an empty list: the plan is sound)."""
    if not plan.status.has_plan:
        return []
    unknown = check_ids(problem, plan)
    if unknown:
        return unknown
    failures: list[str] = []
    failures += check_menu(problem, plan)
    failures += check_flexible_lines(problem, plan, served_recipes(problem, plan))
    failures += _check_orders(problem, plan)
    failures += _check_collections(problem, plan)
    failures += check_collected_not_used(plan)
    failures += _check_servings(problem, plan)
    failures += check_money_and_targets(problem, plan)
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
            expected_ht = cents(Decimal(str(price)) * line.packs)
            if line.total_ht != expected_ht:
                out.append(f"{where}: total HT {line.total_ht}, expected {expected_ht}")
            expected_ttc = cents(expected_ht * (1 + Decimal(str(offer.vat_rate))))
            if line.total_ttc != expected_ttc:
                out.append(f"{where}: total TTC {line.total_ttc}, expected {expected_ttc}")
            if line.ingredient != offer.ingredient or line.pack_quantity != offer.pack_quantity:
                out.append(f"{where}: ingredient or pack size differs from the offer")
            lines_ht += expected_ht
            lines_ttc += expected_ttc
        if supplier.min_order_ht > 0 and lines_ht < cents(Decimal(str(supplier.min_order_ht))):
            out.append(
                f"{order.supplier} {day}: order {lines_ht} HT below the minimum"
                f" {supplier.min_order_ht}"
            )
        fee = Decimal(0)
        if supplier.delivery_fee_ht > 0:
            free_from = supplier.free_delivery_from_ht
            if free_from is None or lines_ht < cents(Decimal(str(free_from))):
                fee = cents(Decimal(str(supplier.delivery_fee_ht)))
        if order.delivery_fee_ht != fee:
            out.append(
                f"{order.supplier} {day}: delivery fee {order.delivery_fee_ht}, expected {fee}"
            )
        fee_ttc = cents(fee * (1 + Decimal(str(supplier.fee_vat_rate))))
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
    needs = recompute_needs(problem, plan)
    served: dict[tuple[str, dt.date], float] = defaultdict(float)
    delivered: dict[tuple[str, dt.date], float] = defaultdict(float)
    for order in plan.orders:
        for line in order.lines:
            delivered[(line.ingredient, order.delivery_date)] += line.packs * line.pack_quantity
    collected: dict[tuple[str, str, dt.date], float] = defaultdict(float)
    for run in plan.collections:
        for item in run.items:
            collected[(run.collection, item.ingredient, run.date)] += item.quantity
    given: dict[tuple[str, LotKey], float] = defaultdict(float)
    for s in plan.servings:
        shelf = ingredients[s.ingredient].shelf_life_days
        if s.source == "stock":
            lot = problem.stock[int(s.source_ref)]
            if lot.ingredient != s.ingredient or not lot.usable_on(s.service_date):
                out.append(
                    f"stock lot {s.source_ref} cannot serve {s.ingredient} on {s.service_date}"
                )
            given[(s.ingredient, lot_key(s.source, s.source_ref, s.source_date))] += s.quantity
        elif s.source == "collection":
            if not s.source_date <= s.service_date <= _shelf_end(s.source_date, shelf):
                out.append(
                    f"{s.ingredient} collected {s.source_date} cannot serve {s.service_date}"
                )
            given[(s.ingredient, lot_key(s.source, s.source_ref, s.source_date))] += s.quantity
        elif s.source == "delivery":
            if not s.source_date <= s.service_date <= _shelf_end(s.source_date, shelf):
                out.append(
                    f"{s.ingredient} delivered {s.source_date} cannot serve {s.service_date}"
                )
            given[(s.ingredient, lot_key(s.source, s.source_ref, s.source_date))] += s.quantity
        else:
            out.append(f"unknown source {s.source}")
        served[(s.ingredient, s.service_date)] += s.quantity
    for (ing, key), qty in given.items():
        if isinstance(key, StockKey):
            holds = problem.stock[key.stock_index].quantity
        elif isinstance(key, CollectionKey):
            holds = collected[(key.collection, ing, key.day)]
        else:
            holds = delivered[(ing, key.day)]
        if qty > holds * (1 + 1e-6) + 1e-5:
            out.append(f"{_lot_words(ing, key)}: serves {qty:.6f} but holds {holds:.6f}")
    for (ing, day), need in needs.items():
        got = served.get((ing, day), 0.0)
        if got < need * (1 - 1e-6) - 1e-5:
            out.append(
                f"need of {need:.4f} {ingredients[ing].unit} {ing} on {day} served only {got:.4f}"
            )
    return out


def _lot_words(ingredient: str, key: LotKey) -> str:
    """A lot in the canteen's words, for a finding."""
    if isinstance(key, StockKey):
        return f"stock lot {key.stock_index} ({ingredient})"
    if isinstance(key, CollectionKey):
        return f"{ingredient} collected by {key.collection} on {key.day}"
    return f"{ingredient} delivered on {key.day}"
