"""Several consecutive weeks planned together: the problem, storage capacities, lots.

A :class:`HorizonProblem` holds one :class:`HorizonWeek` per week (a
:class:`~cantine_supply.problem.week.WeekProblem` whose deliveries may also feed the later
weeks of the horizon), the stock on hand when the first week's orders are placed, the
storage capacities and the budget for the whole horizon (or None: each week's own).

Food keeps from one week to the next only while its shelf life allows: a lot delivered
on ``d`` serves services up to ``usable_until(d, shelf_life_days)``; stock on hand keeps
to its ``best_before`` (for ever without one). Unsold food collected on a round is used
within the week of the round (it is not carried over).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from cantine_supply.errors import InputError, Problem
from cantine_supply.model import Budget, Catalogue, Offer, StockLot
from cantine_supply.model.horizon import MAX_WEEKS, StorageCapacity, not_consecutive
from cantine_supply.problem.lots import CollectionKey, Lot, StockKey, delivery_lots
from cantine_supply.problem.pack_caps import pack_cap
from cantine_supply.problem.slots import DeliverySlot, usable_until
from cantine_supply.problem.week import WeekProblem, lets_more_packs, week_problem

#: Stock left at the end of a horizon is worth something only when it keeps this many days
#: after the last service (to the same weekday the week after, like a plan's leftovers):
#: the margin that lets the next week's menus use it before it spoils.
KEEPS_DAYS = 7

#: The share of its replacement value that stock left at the end of a horizon counts for
#: (a 50% discount). The cash is spent now; the food is only *likely* to be eaten: next
#: weeks' menus are not planned, food is lost in store, and the cheapest offer it is valued
#: at may be a conventional one where an organic sack was bought. At half its price, food
#: bought beyond what the weeks eat must save at least as much again on the food they do
#: eat (a bulk price, a free delivery) before the planner buys it.
END_STOCK_SHARE = Decimal("0.5")


#: ``until`` of stock without a best-before date: it keeps beyond any horizon.
FOREVER = dt.date(9999, 12, 31)


@attrs.frozen
class HorizonWeek(WeekProblem):
    """A week of a horizon: its delivery slots include deliveries for later weeks, and
    ``horizon_need`` (per ingredient, base unit: the most this week and the later weeks
    may need on days that food delivered this week can still reach) sizes the packs one
    delivery may hold."""

    horizon_need: dict[str, float] = attrs.field(factory=dict)

    def most_packs(self, offer: Offer) -> int:
        """Most packs of ``offer`` one delivery may hold: :func:`~cantine_supply.problem.pack_caps.
        pack_cap` with the week's own budget, or the horizon's as ``spend_bound`` (no line
        costs more than the whole horizon may spend) and, for a line that counts for no
        share target, what can pay beyond the rest of the horizon's most need
        (:func:`~cantine_supply.problem.pack_caps.paying_packs`: its proof covers the
        end-stock value)."""
        need = self.horizon_need.get(offer.ingredient, 0.0)
        return pack_cap(offer, self.suppliers[offer.supplier], need, self.spend_limit(),
                        counts_for_a_share=self.counts_for_a_share(offer))


@attrs.frozen
class HorizonLot:
    """A lot of the horizon (see :class:`~cantine_supply.problem.lots.Lot`), the week it arrives
    in (index; 0 for stock on hand) and its value per base unit at the end of the horizon
    (EUR HT, see :func:`replacement_value`)."""

    lot: Lot
    week: int
    value: float


@attrs.frozen
class HorizonProblem:
    """Weeks planned together (see the module docstring). ``budget`` is the horizon's
    budget: when given it replaces every week's own budget. ``usable`` is, per
    ingredient, the most stock left at the end that is worth something
    (:func:`usable_before_spoiling`)."""

    catalogue: Catalogue
    weeks: tuple[HorizonWeek, ...]
    stock: tuple[StockLot, ...]
    storage: StorageCapacity | None = None
    budget: Budget | None = None
    usable: dict[str, float] = attrs.field(factory=dict)

    @property
    def covers(self) -> int:
        return sum(w.covers for w in self.weeks)

    @property
    def last_day(self) -> dt.date:
        return self.weeks[-1].week.last_day

    def budget_limit(self) -> float | None:
        """The horizon budget in EUR (per cover × all the horizon's covers), or None."""
        return None if self.budget is None else self.budget.limit(self.covers)

    def lots(self) -> tuple[HorizonLot, ...]:
        """Every lot that could feed the horizon: stock on hand, each week's collection
        rounds (usable within their week) and deliveries per ingredient and day."""
        ingredients = self.catalogue.ingredient_by_id
        first = self.weeks[0].week.order_date
        out: list[HorizonLot] = []
        for index, stock in enumerate(self.stock):
            lot = Lot("stock", StockKey("stock", index), stock.ingredient, first,
                      stock.best_before or FOREVER)
            value = stock_value(self.catalogue, stock)
            out.append(HorizonLot(lot, 0, value))
        for k, week in enumerate(self.weeks):
            for cslot in week.collection_slots:
                for item in week.collections[cslot.collection].items:
                    shelf = ingredients[item.ingredient].shelf_life_days
                    until = min(usable_until(cslot.date, shelf), week.week.last_day)
                    key = CollectionKey("collection", cslot.collection, cslot.date)
                    out.append(HorizonLot(Lot("collection", key, item.ingredient, cslot.date,
                                              until), k, 0.0))
            for lot in delivery_lots(week.delivery_slots, ingredients):
                out.append(HorizonLot(lot, k, replacement_value(self.catalogue,
                                                                lot.ingredient)))
        return tuple(out)


def replacement_value(catalogue: Catalogue, ingredient_id: str) -> float:
    """EUR HT per base unit that food of ``ingredient_id`` left over is worth: the lowest
    price per base unit of any offer of it, at its best tier. Never more than any delivery
    of it cost (fees aside), and the same for every lot, so the planner gains nothing by
    keeping one lot rather than another."""
    prices = [
        min(price for _, price in offer.price_levels()) / offer.pack_quantity
        for offer in catalogue.offers
        if offer.ingredient == ingredient_id
    ]
    return min(prices, default=0.0)


def usable_before_spoiling(catalogue: Catalogue, week_ids: Sequence[str]) -> dict[str, float]:
    """Per ingredient, the most stock left at the end of the weeks ``week_ids`` that the
    canteen can use before it spoils, in base units: its use per week over these weeks
    (the most their menus may need) × its shelf life in weeks. Stock left beyond that is
    worth nothing: it would spoil before it is used (a 20 L can of oil bought for
    0.6 L a week is worth its price; a second one is not)."""
    used: dict[str, float] = defaultdict(float)
    for week_id in week_ids:
        for (ingredient_id, _), qty in week_problem(catalogue, week_id).most_need_by_day().items():
            used[ingredient_id] += qty
    ingredients = catalogue.ingredient_by_id
    weeks = max(len(week_ids), 1)
    return {i: qty / weeks * ingredients[i].shelf_life_days / 7.0 for i, qty in used.items()}


def end_value_caps(catalogue: Catalogue, usable: Mapping[str, float]) -> dict[str, float]:
    """Per ingredient that some offer sells, the most its stock left at the end is worth,
    EUR HT: ``usable`` (base units, :func:`usable_before_spoiling`) × its
    :func:`replacement_value`. (Stock of an ingredient no offer sells cannot be bought
    more of, so it has no cap.)"""
    sold = {o.ingredient for o in catalogue.offers}
    return {i: qty * replacement_value(catalogue, i) for i, qty in usable.items() if i in sold}


def stock_value(catalogue: Catalogue, lot: StockLot) -> float:
    """EUR HT per base unit a stock lot is worth: its ``unit_cost_ht``, but no more than
    :func:`replacement_value` when an offer sells the ingredient."""
    if any(o.ingredient == lot.ingredient for o in catalogue.offers):
        return min(lot.unit_cost_ht, replacement_value(catalogue, lot.ingredient))
    return lot.unit_cost_ht


def horizon_weeks(catalogue: Catalogue, week_ids: Sequence[str]) -> tuple[str, ...]:
    """``week_ids`` checked by the rules of a horizon file: 1 to :data:`MAX_WEEKS` weeks,
    consecutive (:func:`~cantine_supply.model.horizon.not_consecutive`); raises
    :class:`InputError` naming ``weeks[k]`` (counted from 1) otherwise. An unknown week is
    left to :func:`~cantine_supply.problem.week.week_problem`, which names the known ones."""
    ids = tuple(week_ids)
    if not 1 <= len(ids) <= MAX_WEEKS:
        raise InputError(Problem("weeks", "weeks",
                                 f"a horizon holds 1 to {MAX_WEEKS} weeks, got {len(ids)}"))
    weeks = [catalogue.week_by_id[w] for w in ids if w in catalogue.week_by_id]
    gap = not_consecutive(weeks) if len(weeks) == len(ids) else None
    if gap is not None:
        raise InputError(Problem("weeks", f"weeks[{gap[0] + 1}]", gap[1]))
    return ids


def horizon_problem(
    catalogue: Catalogue,
    week_ids: tuple[str, ...] | list[str],
    *,
    stock: tuple[StockLot, ...] | None = None,
    storage: StorageCapacity | None = None,
    budget: Budget | None = None,
) -> HorizonProblem:
    """Build the problem for the weeks ``week_ids`` (1 to :data:`MAX_WEEKS`, consecutive as
    in a horizon file, :func:`~cantine_supply.model.horizon.not_consecutive`, each week's
    services after the previous week's; else an :class:`InputError`), with ``stock`` on
    hand (default: the catalogue's), ``storage`` capacities and the horizon ``budget``
    (None: each week's)."""
    ids = horizon_weeks(catalogue, week_ids)
    stock = catalogue.stock if stock is None else tuple(stock)
    plain = [week_problem(catalogue, w) for w in ids]
    for before, after in zip(plain, plain[1:], strict=False):
        if after.week.order_date <= before.week.order_date or (
            after.week.first_day <= before.week.last_day
        ):
            raise InputError(Problem("weeks", "weeks",
                                     f"week {after.week.id} must come after {before.week.id}"))
    later_days: list[dict[str, set[dt.date]]] = []
    days: dict[str, set[dt.date]] = defaultdict(set)
    for p in reversed(plain):
        for ing, ds in p.need_days().items():
            days[ing].update(ds)
        later_days.insert(0, {i: set(d) for i, d in days.items()})
    daily = [p.most_need_by_day() for p in plain]
    ingredients = catalogue.ingredient_by_id
    most: list[dict[str, float]] = []
    for k, p in enumerate(plain):
        reach: dict[str, float] = defaultdict(float)
        for later in daily[k:]:
            for (ing, day), qty in later.items():
                if day <= usable_until(p.week.last_day, ingredients[ing].shelf_life_days):
                    reach[ing] += qty
        most.append(dict(reach))
    covers = sum(p.covers for p in plain)
    weeks = tuple(
        HorizonWeek(
            catalogue=catalogue, week=p.week, budget=p.budget if budget is None else None,
            needs=p.needs, delivery_slots=_delivery_slots(catalogue, p, later_days[k]),
            collection_slots=p.collection_slots, stock=(), choices=p.choices,
            groups=p.groups, horizon_need=most[k],
            spend_bound=None if budget is None else budget.limit(covers),
        )
        for k, p in enumerate(plain)
    )
    return HorizonProblem(catalogue, weeks, stock, storage, budget,
                          usable_before_spoiling(catalogue, ids))


def with_spend_bound(problem: HorizonProblem, spend: float) -> HorizonProblem | None:
    """``problem`` with ``spend_bound`` = ``spend`` (EUR, on either basis: the most any plan
    considered spends over the whole horizon) on every week that has no budget of its own
    (a horizon without a budget); None when that lets no line hold more packs than before
    (nothing to solve again).

    Valid for every plan spending at most ``spend`` over the horizon: each of its lines
    costs at most the horizon's total, so :func:`~cantine_supply.problem.pack_caps.
    spend_cap` of ``spend`` leaves it in."""
    weeks = tuple(attrs.evolve(w, spend_bound=spend) if w.budget is None else w
                  for w in problem.weeks)
    if not any(lets_more_packs(old, new)
               for old, new in zip(problem.weeks, weeks, strict=True)):
        return None
    return attrs.evolve(problem, weeks=weeks)


def most_spent_by_a_plan_as_good(problem: HorizonProblem, net: float) -> float:
    """EUR HT: the most a horizon plan whose objective is at most ``net`` (the objective of
    :func:`~cantine_supply.optimize.horizon_build.set_horizon_objective`, for a plan
    already found) may spend, ``2 × net + 0.005 × L + V`` (``L`` the delivery slots of
    all weeks, ``V`` the stock on hand's value, :func:`stock_value`).

    Proof: the objective is ``Σ planner cost − ½ E`` with each week's planner cost at
    least its cost HT (its other terms are 0 or more), so ``cost − ½ E <= net``. The end
    value ``E`` is at most the value of every lot that keeps: a delivery lot is valued at
    :func:`replacement_value` per unit, at most the price per unit of any level of any
    offer of it, so at most ``n · P <= to_cents(n · P) + 0.005`` per line of ``n`` packs
    at ``P``; a stock lot at :func:`stock_value`; a collection lot at 0. So ``E <= cost +
    0.005 × L + V`` and ``cost − ½ (cost + 0.005 L + V) <= net``."""
    stock = sum(lot.quantity * stock_value(problem.catalogue, lot) for lot in problem.stock)
    lines = sum(len(w.delivery_slots) for w in problem.weeks)
    return 2 * net + 0.005 * lines + stock


def _delivery_slots(
    catalogue: Catalogue, p: WeekProblem, need_days: Mapping[str, set[dt.date]]
) -> tuple[DeliverySlot, ...]:
    """Deliveries ordered on the week's order date, on the supplier's days from the lead
    time to the week's last service, of offers whose food keeps to a service that needs it
    in this week or a later one."""
    slots = []
    last = p.week.last_day
    for offer in catalogue.offers:
        wanted = need_days.get(offer.ingredient)
        if not wanted:
            continue
        supplier = catalogue.supplier_by_id[offer.supplier]
        shelf = catalogue.ingredient_by_id[offer.ingredient].shelf_life_days
        day = p.week.order_date + dt.timedelta(days=supplier.lead_time_days)
        while day <= last:
            if (
                day.weekday() in supplier.delivery_weekdays
                and offer.available_in(day.month)
                and any(day <= d <= usable_until(day, shelf) for d in wanted)
            ):
                slots.append(DeliverySlot(offer.id, offer.supplier, offer.ingredient, day))
            day += dt.timedelta(days=1)
    return tuple(slots)
