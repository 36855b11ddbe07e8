"""Checks before solving: problems a week has that no plan can get round, in the canteen's words.

Pure functions of a :class:`~cantine_supply.problem.week.WeekProblem`; none calls the solver, so
they are cheap and the planner runs them before every solve (``planner.plan``). A
*blocking* finding (a need that nothing can serve, or more food needed than can be had)
makes the week infeasible whatever the budget and targets, so the planner returns at once
with the findings as the diagnosis. :func:`menu_meat_g_per_cover` and
:func:`without_qualifying_offer` give the facts the diagnosis of targets builds on; the
bounds that need a solve (greatest share, least CO2, cheapest plan) are worked out by
:mod:`cantine_supply.planning.diagnose`. Needs checked are those of the fixed courses: a course with
candidate recipes needs only the candidate the plan chooses; a fixed course's flexible line
needs the minimum share of each option, and one option at least that can be served.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs

from cantine_supply.model import Offer, Supplier
from cantine_supply.model.codes import ProteinClass
from cantine_supply.model.targets import TARGET_TOLERANCE, TARGETS
from cantine_supply.problem.lots import (
    CollectionKey,
    DeliveryKey,
    LotKey,
    StockKey,
    lots_of,
)
from cantine_supply.problem.needs import Need
from cantine_supply.problem.week import WeekProblem

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@attrs.frozen
class Finding:
    """One problem found before solving: which ``check`` found it, its ``subject`` (an
    ingredient id or a target name) and the ``message`` to show."""

    check: str
    subject: str
    message: str
    blocking: bool = True


def day_label(day: dt.date) -> str:
    """``Tue 24 Nov``."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {calendar.month_abbr[day.month]}"


def days_label(days: Iterable[dt.date]) -> str:
    return ", ".join(day_label(d) for d in sorted(days))


def months_label(months: Iterable[int]) -> str:
    """Months as ranges: ``Jan-Apr, Sep-Dec``."""
    ordered = sorted(set(months))
    ranges: list[list[int]] = []
    for m in ordered:
        if ranges and m == ranges[-1][1] + 1:
            ranges[-1][1] = m
        else:
            ranges.append([m, m])
    names = calendar.month_abbr
    return ", ".join(names[a] if a == b else f"{names[a]}-{names[b]}" for a, b in ranges)


def quantity_label(quantity: float, unit: str) -> str:
    return f"{round(quantity, 3):g} {unit}"


def _notice(days: int) -> str:
    if days == 0:
        return "for the same day"
    return f"with {days} day's notice" if days == 1 else f"with {days} days' notice"


def _delivers(supplier: Supplier) -> str:
    days = "/".join(WEEKDAYS[d] for d in sorted(supplier.delivery_weekdays))
    return f"{supplier.id} delivers {days} {_notice(supplier.lead_time_days)}"


def _span(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]


def _out_of_season(problem: WeekProblem, offer: Offer) -> str | None:
    """Why ``offer`` is out of season for the whole week (its supplier delivers in the week,
    but only in months the offer is not sold), or None."""
    supplier = problem.suppliers[offer.supplier]
    first = problem.week.order_date + dt.timedelta(days=supplier.lead_time_days)
    days = [d for d in _span(first, problem.week.last_day)
            if d.weekday() in supplier.delivery_weekdays]
    if days and not any(offer.available_in(d.month) for d in days):
        return f"{offer.id} is sold only in {months_label(offer.months_available)}"
    return None


def _day_reason(problem: WeekProblem, offer: Offer, day: dt.date) -> str:
    """Why ``offer`` cannot serve the need of ``day`` (it is known that it cannot)."""
    supplier = problem.suppliers[offer.supplier]
    shelf = max(problem.ingredients[offer.ingredient].shelf_life_days, 1)
    first = problem.week.order_date + dt.timedelta(days=supplier.lead_time_days)
    window = [d for d in _span(max(first, day - dt.timedelta(days=shelf - 1)), day)
              if d.weekday() in supplier.delivery_weekdays]
    if window:
        return f"{offer.id} is sold only in {months_label(offer.months_available)}"
    earlier = [d for d in _span(first, day) if d.weekday() in supplier.delivery_weekdays]
    if earlier:
        keeps = f"{shelf} day" if shelf == 1 else f"{shelf} days"
        return f"{_delivers(supplier)} and {offer.ingredient} keeps {keeps}"
    return _delivers(supplier)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def unservable_needs(problem: WeekProblem) -> list[Finding]:
    """Needs that no delivery, collection round or stock lot can serve on their day.

    An ingredient whose every offer is out of season (sold only in months when its
    supplier does not deliver this week) gets one message; otherwise the days that cannot
    be served are explained supplier by supplier (delivery weekdays and notice, shelf life,
    months), one message per explanation.
    """
    needs = certain_needs(problem)
    servable = _servable(problem, needs)
    missing: dict[str, list[dt.date]] = defaultdict(list)
    for need in needs:
        if need.quantity > 0 and (need.ingredient, need.date) not in servable:
            missing[need.ingredient].append(need.date)
    findings = []
    for ing, dates in sorted(missing.items()):
        offers = [o for o in problem.catalogue.offers if o.ingredient == ing]
        other = _other_sources(problem, ing)
        if not offers:
            where = other or "no collection or stock has any"
            message = f"no supplier offers {ing} (needed {days_label(dates)}), and {where}"
            findings.append(Finding("delivery", ing, message))
            continue
        seasons = [_out_of_season(problem, o) for o in offers]
        if all(r is not None for r in seasons):
            reasons = "; ".join(_unique(r for r in seasons if r is not None))
            message = f"{ing} is out of season this week (needed {days_label(dates)}): {reasons}"
            findings.append(Finding("season", ing, message))
            continue
        by_reason: dict[str, list[dt.date]] = defaultdict(list)
        for day in dates:
            reasons = "; ".join(_unique(_day_reason(problem, o, day) for o in offers))
            by_reason[reasons].append(day)
        for reasons, days in by_reason.items():
            message = f"no supplier can deliver {ing} in time for {days_label(days)}: {reasons}"
            if other:
                message += f" (and {other})"
            findings.append(Finding("delivery", ing, message))
    return findings


def certain_needs(problem: WeekProblem) -> list[Need]:
    """The needs every plan has: the fixed courses' lines, and on a fixed course's flexible
    line the minimum share of each option (``min_share × full need``)."""
    needs = list(problem.needs)
    for group in problem.groups:
        if group.choice is None:
            needs += [
                Need(o.ingredient, group.date, o.min_share * o.full_need)
                for o in group.options
                if o.min_share > 0
            ]
    return needs


def _servable(problem: WeekProblem, needs: Iterable[Need]) -> set[tuple[str, dt.date]]:
    """The (ingredient, day) of ``needs`` that some lot able to hold food can serve."""
    capacity = _lot_capacity(problem)
    wanted = {(n.ingredient, n.date) for n in needs}
    servable: set[tuple[str, dt.date]] = set()
    for lot in lots_of(problem):
        if capacity.get((lot.ingredient, lot.key), 0.0) <= 0:
            continue
        for ing, day in wanted:
            if ing == lot.ingredient and lot.start <= day <= lot.until:
                servable.add((ing, day))
    return servable


def unservable_flexible_lines(problem: WeekProblem) -> list[Finding]:
    """Flexible lines of fixed courses of which no option can be served on their day."""
    fixed = [g for g in problem.groups if g.choice is None]
    options = [Need(o.ingredient, g.date, o.full_need) for g in fixed for o in g.options]
    servable = _servable(problem, options)
    findings = []
    for group in fixed:
        if not any((o.ingredient, group.date) in servable for o in group.options):
            names = ", ".join(o.ingredient for o in group.options)
            message = (f"no option of the flexible line {group.label!r} of {group.recipe}"
                       f" ({names}) can be served on {days_label([group.date])}")
            findings.append(Finding("delivery", group.label, message))
    return findings


def _other_sources(problem: WeekProblem, ingredient: str) -> str:
    """What the stock and collection rounds say about a day they cannot serve."""
    stock = any(lot.ingredient == ingredient for lot in problem.catalogue.stock)
    collected = any(i.ingredient == ingredient for c in problem.catalogue.collections
                    for i in c.items)
    if stock and collected:
        return "neither the stock nor a collection round has any that day"
    if stock:
        return "the stock has none that day"
    return "no collection round brings any that day" if collected else ""


def _lot_capacity(problem: WeekProblem) -> dict[tuple[str, LotKey], float]:
    """Most each lot can hold: stock on hand, the guaranteed collection, and for deliveries
    the packs the planner may order (``most_packs``) of every offer delivered that day."""
    capacity: dict[tuple[str, LotKey], float] = defaultdict(float)
    for index, lot in enumerate(problem.stock):
        capacity[(lot.ingredient, StockKey("stock", index))] += lot.quantity
    for slot in problem.collection_slots:
        for item in problem.collections[slot.collection].items:
            key = CollectionKey("collection", slot.collection, slot.date)
            capacity[(item.ingredient, key)] += item.guaranteed
    for dslot in problem.delivery_slots:
        offer = problem.offers[dslot.offer]
        capacity[(dslot.ingredient, DeliveryKey("delivery", dslot.date))] += (
            problem.most_packs(offer) * offer.pack_quantity
        )
    return capacity


def short_supply(problem: WeekProblem) -> list[Finding]:
    """Ingredients of which the week needs more than every source together can bring.

    Only ingredients whose offers all have a ``max_packs`` can run short (otherwise the
    planner may order as many packs as the week needs); stock and collections count at
    most what is on hand and guaranteed, from lots that can serve a day that needs it.
    """
    capacity = _lot_capacity(problem)
    need_days: dict[str, list[dt.date]] = defaultdict(list)
    for need in problem.needs:
        need_days[need.ingredient].append(need.date)
    had: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for lot in lots_of(problem):
        if any(lot.start <= d <= lot.until for d in need_days[lot.ingredient]):
            had[lot.ingredient][lot.kind] += capacity.get((lot.ingredient, lot.key), 0.0)
    findings = []
    for ing, needed in sorted(problem.need_by_ingredient().items()):
        offers = [problem.offers[s.offer] for s in problem.delivery_slots if s.ingredient == ing]
        if any(o.max_packs is None for o in offers):
            continue
        sources = had.get(ing, {})
        total = sum(sources.values())
        if total >= needed * (1 - 1e-9) - 1e-9:
            continue
        unit = problem.ingredients[ing].unit
        parts = ", ".join(f"{kind} {quantity_label(q, unit)}" for kind, q in sorted(sources.items())
                          if q > 0) or "nothing"
        message = (f"at most {quantity_label(total, unit)} of {ing} can be had this week"
                   f" ({parts}), {quantity_label(needed, unit)} needed")
        findings.append(Finding("quantity", ing, message))
    return findings


def menu_meat_g_per_cover(problem: WeekProblem) -> dict[str, float]:
    """Grams of each meat ingredient per cover that the week's fixed courses serve (every
    need is served, whatever is bought)."""
    grams: dict[str, float] = defaultdict(float)
    for need in problem.needs:
        ingredient = problem.ingredients[need.ingredient]
        if ingredient.protein is ProteinClass.MEAT:
            grams[need.ingredient] += 1000 * need.quantity * (ingredient.kg_per_unit or 0.0)
    return {ing: g / problem.covers for ing, g in sorted(grams.items())}


def least_meat_g_per_cover(problem: WeekProblem) -> float:
    """The least meat per cover any choice of menus serves: the fixed courses, plus for
    each course to choose its candidate with the least meat (menu rules left aside)."""
    grams = sum(menu_meat_g_per_cover(problem).values())
    for choice in problem.choices:
        grams += min(
            sum(1000 * q * (problem.ingredients[i].kg_per_unit or 0.0)
                for i, q in candidate.needs
                if problem.ingredients[i].protein is ProteinClass.MEAT)
            for candidate in choice.candidates
        ) / problem.covers
    return grams


def meat_over_cap(problem: WeekProblem) -> list[Finding]:
    """The meat cap, when the menus alone serve more meat per cover than it allows
    (whichever candidate recipes are chosen)."""
    cap = problem.targets.max_meat_g_per_cover
    least = least_meat_g_per_cover(problem)
    if cap is None or least <= cap + TARGET_TOLERANCE * max(1.0, cap):
        return []
    if problem.choices:
        message = (f"meat {cap:g} g per cover cannot be met: whichever candidate recipes are"
                   f" chosen, the menus serve at least {least:.1f} g of meat per cover;"
                   " only a change of menu can meet it")
    else:
        detail = ", ".join(f"{ing} {g:.1f} g" for ing, g in menu_meat_g_per_cover(problem).items())
        message = (f"meat {cap:g} g per cover cannot be met: the menus serve {least:.1f} g of"
                   f" meat per cover ({detail}) whatever is bought; only a change of menu can"
                   " meet it")
    return [Finding("meat", "max_meat_g_per_cover", message)]


def without_qualifying_offer(problem: WeekProblem, share: str) -> list[str]:
    """Ingredients the week can buy, but from no offer that counts towards ``share``
    (for the meat and fish share, only ingredients of those two families)."""
    offers: dict[str, list[Offer]] = defaultdict(list)
    for slot in problem.delivery_slots:
        offers[slot.ingredient].append(problem.offers[slot.offer])
    kind = TARGETS[share]
    out = []
    for ing, deliverable in sorted(offers.items()):
        if not kind.counts(problem.ingredients[ing]):
            continue
        if not any(kind.qualifies(o, problem.suppliers[o.supplier]) for o in deliverable):
            out.append(ing)
    return out


def supply_findings(problem: WeekProblem) -> list[Finding]:
    """The blocking checks: needs nothing can serve, and ingredients that run short (an
    ingredient is reported once, by the first check that finds it)."""
    unservable = unservable_needs(problem) + unservable_flexible_lines(problem)
    named = {f.subject for f in unservable}
    return unservable + [f for f in short_supply(problem) if f.subject not in named]


def run_checks(problem: WeekProblem) -> list[Finding]:
    """Every check, supply first."""
    return supply_findings(problem) + meat_over_cap(problem)


def messages(findings: Sequence[Finding]) -> list[str]:
    return [f.message for f in findings]
