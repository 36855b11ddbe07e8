"""Exhaustive enumeration of a tiny week's plans, written from the documented rules alone.

This module never imports the optimiser, the problem builder or the plan assembly: it reads
the model classes (what ``cantine_supply.load`` returns) and applies the rules of
``README.md`` and ``docs/data-format.md`` with its own arithmetic, so that
``tests/test_brute_force.py`` can compare the planner's optimum and its "infeasible" with
an independent answer. The rules it applies:

- **Deliveries**: an offer can be delivered on a day from ``order_date + lead_time_days``
  to the last service day, on one of the supplier's ``delivery_weekdays``, in a month of
  ``months_available``, when the delivery can feed some service of the week (the day of a
  service that may need the ingredient lies within its shelf life). Whole packs.
- **max_packs**: the most packs of an offer in the week (over all its deliveries);
  ``max_packs_per_delivery`` the most in one delivery.
- **Lots**: a delivery keeps from its day for ``shelf_life_days`` days counting that day;
  collected food likewise from the round's day; stock from the order date until its
  ``best_before`` (or the week's end). Every need is served from lots there and still good.
- **Orders**: one per supplier and delivery day; lines HT ``price × packs`` at the price of
  the all-units tier reached, rounded to the cent; TTC each line rounded to the cent once;
  an order's lines HT at least ``min_order_ht``; the delivery fee (TTC rounded to the
  cent) unless the lines HT reach ``free_delivery_from_ht``.
- **Collections**: a round made costs its trip; its items up to the guaranteed quantity.
- **Shares**: over the purchase lines, by value HT (the rounded lines) or by weight;
  ``meat_fish_egalim_share`` over meat and fish lines; a share with nothing to count is met.
- **Meat**: grams of meat served per cover of the week.
- **CO2**: kg CO2e of the food served per cover of the week (each ingredient's factor,
  times ``off_season_co2_factor`` for fresh fruit and vegetables out of season); collected
  food counts zero, so a week with a CO2 cap and collection rounds is not enumerated here
  (which lot serves what would matter).
- **Flexible lines** (``[[group]]``): a share ``g`` of the line goes to the first option,
  ``1 − g`` to the second, each within its ``min_share``/``max_share``; an option needs
  ``share × covers × quantity / yield``. Enumerated for groups of two options whose
  ingredients appear in no recipe line, no other group, no stock and no collection, served
  once in the week: the split then only has to fit what the lots of each option hold on
  that day (an interval of ``g``), and the CO2 of the split, linear in ``g``, is least at
  one end of it.
- **Menu**: one candidate per course to choose; no recipe repeated in starters, mains and
  desserts (``no_repeat``); ``min_vegetarian_mains``, ``max_meat_mains``, ``min_fish_mains``.
  These rules say how candidates are chosen (``docs/data-format.md``, ``[menu_rules]``):
  a week whose courses are all fixed has nothing to choose, and they do not apply.
- **Budget**: the total (lines, fees, trips) on the budget's basis, at most the amount
  (times the week's covers when per cover). The cost minimised is that total (TTC
  without a budget).

The enumeration is bounded by what a plan may spend: no line can cost more than the
total, which bounds the packs of every line (prices are positive). With a budget that
is the budget. Without one it searches within :data:`ROOMS` EUR in turn: the first room
holding a plan holds the cheapest (every cheaper plan spends less), and when none does,
:attr:`Enumerator.searched` says up to what total no plan exists.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import attrs

from cantine_supply.model import Catalogue, IngredientGroup, Offer, Week
from cantine_supply.model.codes import EGALIM_LABELS, ORGANIC_LABELS, Family, ProteinClass

CENT = Decimal("0.01")
#: Totals (EUR) searched in turn for a week without a budget.
ROOMS = (Decimal(6), Decimal(12), Decimal(20))
MEAT_FISH = (Family.VIANDES_VOLAILLES, Family.PRODUITS_DE_LA_MER)
LineKey = tuple[str, dt.date]


def cents(amount: Decimal) -> Decimal:
    """Round EUR to the cent, half up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def dec(value: float) -> Decimal:
    """A float written in the data as a decimal number."""
    return Decimal(repr(value))


@attrs.frozen
class Best:
    """The cheapest plan found: its cost on the budget's basis and its purchases."""

    cost: Decimal
    packs: Mapping[LineKey, int]
    trips: tuple[tuple[str, dt.date], ...]
    menu: tuple[str, ...]


@attrs.frozen
class Lot:
    start: dt.date
    until: dt.date
    quantity: Fraction


def _keeps_until(start: dt.date, shelf_life_days: int) -> dt.date:
    return start + dt.timedelta(days=max(shelf_life_days, 1) - 1)


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


class Enumerator:
    """All plans of one week of ``catalogue``; :meth:`best` returns the cheapest or None."""

    def __init__(self, catalogue: Catalogue, week_id: str) -> None:
        self.cat = catalogue
        self.week: Week = catalogue.week_by_id[week_id]
        self.ingredients = catalogue.ingredient_by_id
        self.last = max(s.date for s in self.week.services)
        self.courses = [
            (service, course) for service in self.week.services for course in service.courses
        ]
        self.possible_days = self._possible_need_days()
        self.lines = self._delivery_lines()
        self.rounds = self._collection_rounds()
        budget = self.week.budget
        self.limit: Decimal | None = None
        self.basis = "TTC"
        if budget is not None:
            amount = dec(budget.amount)
            self.limit = amount * self.week.covers if budget.per_cover else amount
            self.basis = budget.basis
        #: the total up to which every plan was searched (the budget, or the last room)
        self.searched: Decimal | None = self.limit
        if self.week.targets.max_co2_kg_per_cover is not None:
            assert not self.rounds, "CO2 with collection rounds is not enumerated"
        self._check_groups()

    def _check_groups(self) -> None:
        """The flexible lines this enumeration handles (module docstring)."""
        in_lines = {line.ingredient for r in self.cat.recipes for line in r.lines}
        kept = {lot.ingredient for lot in self.cat.stock}
        collected = {i.ingredient for c in self.cat.collections for i in c.items}
        options = [o.ingredient for r in self.cat.recipes for g in r.groups for o in g.options]
        assert all(len(g.options) == 2 for r in self.cat.recipes for g in r.groups)
        assert len(options) == len(set(options)), "an option in two groups"
        assert not set(options) & (in_lines | kept | collected), "an option used elsewhere"
        for ingredient in options:
            assert self.ingredients[ingredient].protein not in (
                ProteinClass.MEAT, ProteinClass.FISH), "meat in a group"

    # --- what can be bought ---------------------------------------------------------------

    def _possible_need_days(self) -> dict[str, set[dt.date]]:
        days: dict[str, set[dt.date]] = defaultdict(set)
        for service, course in self.courses:
            for recipe_id in course.recipes:
                for ingredient in self.cat.recipe_by_id[recipe_id].ingredient_ids():
                    days[ingredient].add(service.date)
        return days

    def _delivery_lines(self) -> list[LineKey]:
        lines = []
        for offer in self.cat.offers:
            supplier = self.cat.supplier_by_id[offer.supplier]
            shelf = self.ingredients[offer.ingredient].shelf_life_days
            first = self.week.order_date + dt.timedelta(days=supplier.lead_time_days)
            for day in _days(first, self.last):
                if day.weekday() not in supplier.delivery_weekdays:
                    continue
                if offer.months_available and day.month not in offer.months_available:
                    continue
                until = _keeps_until(day, shelf)
                if any(day <= d <= until for d in self.possible_days[offer.ingredient]):
                    lines.append((offer.id, day))
        return lines

    def _collection_rounds(self) -> list[tuple[str, dt.date]]:
        rounds = []
        for collection in self.cat.collections:
            if not any(i.ingredient in self.possible_days for i in collection.items):
                continue
            for day in _days(self.week.order_date, self.last):
                if day.weekday() == collection.weekday:
                    rounds.append((collection.id, day))
        return rounds

    # --- menus ----------------------------------------------------------------------------

    def _kind(self, recipe_id: str) -> tuple[bool, bool, bool]:
        proteins = {
            self.ingredients[line.ingredient].protein
            for line in self.cat.recipe_by_id[recipe_id].lines
        }
        meat = ProteinClass.MEAT in proteins
        fish = ProteinClass.FISH in proteins
        return (not meat and not fish, meat, fish)

    def menus(self) -> Iterator[tuple[str, ...]]:
        """Every menu (one recipe per course, in ``self.courses`` order) the rules allow."""
        rules, targets = self.week.menu_rules, self.week.targets
        if all(course.is_fixed for _, course in self.courses):
            yield tuple(course.recipes[0] for _, course in self.courses)
            return
        for menu in itertools.product(*(course.recipes for _, course in self.courses)):
            if rules.no_repeat and self._repeats(menu):
                continue
            mains = [self._kind(r) for r, (_, c) in zip(menu, self.courses, strict=True)
                     if c.course.value == "main"]
            if targets.min_vegetarian_mains is not None and (
                sum(k[0] for k in mains) < targets.min_vegetarian_mains
            ):
                continue
            if rules.max_meat_mains is not None and sum(k[1] for k in mains) > rules.max_meat_mains:
                continue
            if rules.min_fish_mains is not None and sum(k[2] for k in mains) < rules.min_fish_mains:
                continue
            yield menu

    def _repeats(self, menu: tuple[str, ...]) -> bool:
        """A chosen recipe served twice (a fixed course's own repeats are the week's)."""
        seen: dict[str, int] = defaultdict(int)
        fixed: dict[str, int] = defaultdict(int)
        for recipe, (_, course) in zip(menu, self.courses, strict=True):
            if course.course.value in ("starter", "main", "dessert"):
                seen[recipe] += 1
                fixed[recipe] += course.is_fixed
        return any(n > max(1, fixed[r]) for r, n in seen.items())

    def group_needs(self, menu: tuple[str, ...]
                    ) -> list[tuple[dt.date, int, IngredientGroup]]:
        """The flexible lines ``menu`` serves: (day, covers, group)."""
        out = []
        for recipe_id, (service, _) in zip(menu, self.courses, strict=True):
            for group in self.cat.recipe_by_id[recipe_id].groups:
                out.append((service.date, service.covers, group))
        served = [o.ingredient for _, _, g in out for o in g.options]
        assert len(served) == len(set(served)), "a flexible line served twice"
        return out

    def _co2_factor(self, ingredient_id: str, day: dt.date) -> Fraction:
        ingredient = self.ingredients[ingredient_id]
        factor = Fraction(repr(ingredient.co2_per_unit))
        if (ingredient.family is Family.FRUITS_ET_LEGUMES and ingredient.months_in_season
                and day.month not in ingredient.months_in_season):
            factor *= Fraction(repr(self.week.menu_rules.off_season_co2_factor))
        return factor

    def groups_fit(self, lots: dict[str, list[Lot]],
                   needs: Mapping[tuple[str, dt.date], Fraction],
                   groups: Sequence[tuple[dt.date, int, IngredientGroup]]) -> bool:
        """Some split of every flexible line fits the lots of its options on its day, and,
        with the CO2 cap, the least CO2 over those splits keeps the week within it."""
        kg = Fraction(0)
        for day, covers, group in groups:
            first, second = group.options
            low = max(Fraction(repr(first.min_share)), 1 - Fraction(repr(second.max_share)))
            high = min(Fraction(repr(first.max_share)), 1 - Fraction(repr(second.min_share)))
            gross = []
            for option in (first, second):
                per_share = covers * Fraction(repr(option.quantity_per_cover)) / Fraction(
                    repr(option.yield_ratio))
                held = sum((lot.quantity for lot in lots.get(option.ingredient, [])
                            if lot.start <= day <= lot.until), Fraction(0))
                gross.append((per_share, held))
            (need1, held1), (need2, held2) = gross
            high = min(high, held1 / need1)          # g × need1 <= held1
            low = max(low, 1 - held2 / need2)        # (1 − g) × need2 <= held2
            if low > high:
                return False
            co2 = [g * need1 * self._co2_factor(first.ingredient, day)
                   + (1 - g) * need2 * self._co2_factor(second.ingredient, day)
                   for g in (low, high)]
            kg += min(co2)
        cap = self.week.targets.max_co2_kg_per_cover
        if cap is None:
            return True
        kg += sum((q * self._co2_factor(i, day) for (i, day), q in needs.items()), Fraction(0))
        return kg <= Fraction(repr(cap)) * self.week.covers

    def needs(self, menu: tuple[str, ...]) -> dict[tuple[str, dt.date], Fraction]:
        out: dict[tuple[str, dt.date], Fraction] = defaultdict(Fraction)
        for recipe_id, (service, _) in zip(menu, self.courses, strict=True):
            for line in self.cat.recipe_by_id[recipe_id].lines:
                gross = Fraction(repr(line.quantity_per_cover)) / Fraction(repr(line.yield_ratio))
                out[(line.ingredient, service.date)] += service.covers * gross
        return out

    # --- one plan ---------------------------------------------------------------------------

    def _line_money(self, offer: Offer, packs: int) -> tuple[Decimal, Decimal]:
        price = offer.price_ht
        for tier in offer.tiers:
            if packs >= tier.min_packs:
                price = tier.price_ht
        ht = cents(dec(price) * packs)
        return ht, cents(ht * (1 + dec(offer.vat_rate)))

    def cost(self, packs: Mapping[LineKey, int], trips: Sequence[tuple[str, dt.date]]
             ) -> Decimal | None:
        """The plan's total on the budget's basis, or None when an order breaks a rule."""
        offers = self.cat.offer_by_id
        orders: dict[tuple[str, dt.date], list[tuple[Decimal, Decimal]]] = defaultdict(list)
        week_packs: dict[str, int] = defaultdict(int)
        for (oid, day), n in packs.items():
            if n == 0:
                continue
            offer = offers[oid]
            per_drop = getattr(offer, "max_packs_per_delivery", None)
            if per_drop is not None and n > per_drop:
                return None
            week_packs[oid] += n
            orders[(offer.supplier, day)].append(self._line_money(offer, n))
        for oid, n in week_packs.items():
            most = offers[oid].max_packs
            if most is not None and n > most:
                return None
        total = Decimal(0)
        for (sid, _), lines in orders.items():
            supplier = self.cat.supplier_by_id[sid]
            lines_ht = sum((ht for ht, _ in lines), Decimal(0))
            if lines_ht < dec(supplier.min_order_ht):
                return None
            fee = cents(dec(supplier.delivery_fee_ht))
            free = supplier.free_delivery_from_ht
            if free is not None and lines_ht >= cents(dec(free)):
                fee = Decimal(0)
            if self.basis == "HT":
                total += lines_ht + fee
            else:
                total += sum((ttc for _, ttc in lines), Decimal(0))
                total += cents(fee * (1 + dec(supplier.fee_vat_rate)))
        by_id = {c.id: c for c in self.cat.collections}
        total += sum((cents(dec(by_id[cid].trip_cost)) for cid, _ in trips), Decimal(0))
        return total

    def lots(self, packs: Mapping[LineKey, int], trips: Sequence[tuple[str, dt.date]]
             ) -> dict[str, list[Lot]]:
        out: dict[str, list[Lot]] = defaultdict(list)
        for stock in self.cat.stock:
            until = stock.best_before or self.last
            out[stock.ingredient].append(
                Lot(self.week.order_date, until, Fraction(repr(stock.quantity))))
        by_id = {c.id: c for c in self.cat.collections}
        for cid, day in trips:
            for item in by_id[cid].items:
                shelf = self.ingredients[item.ingredient].shelf_life_days
                out[item.ingredient].append(
                    Lot(day, _keeps_until(day, shelf), Fraction(repr(item.guaranteed))))
        for (oid, day), n in packs.items():
            if n:
                offer = self.cat.offer_by_id[oid]
                shelf = self.ingredients[offer.ingredient].shelf_life_days
                out[offer.ingredient].append(
                    Lot(day, _keeps_until(day, shelf), n * Fraction(repr(offer.pack_quantity))))
        return out

    @staticmethod
    def covered(lots: dict[str, list[Lot]], needs: Mapping[tuple[str, dt.date], Fraction]
                ) -> bool:
        """Earliest expiry first, day by day: exact for lots usable over windows of days
        and needs on single days (an exchange argument: serving from the lot that expires
        first never blocks a later need that another allocation could feed)."""
        left = {ing: [[lot, lot.quantity] for lot in sorted(ls, key=lambda x: x.until)]
                for ing, ls in lots.items()}
        for (ing, day), need in sorted(needs.items(), key=lambda kv: kv[0][1]):
            missing = need
            for entry in left.get(ing, []):
                lot = entry[0]
                assert isinstance(lot, Lot)
                if missing <= 0:
                    break
                if not lot.start <= day <= lot.until:
                    continue
                take = min(entry[1], missing)
                entry[1] -= take
                missing -= take
            if missing > 0:
                return False
        return True

    def shares_met(self, packs: Mapping[LineKey, int]) -> bool:
        targets = self.week.targets
        by_weight = targets.share_basis == "weight"
        sums: dict[str, list[Fraction]] = defaultdict(lambda: [Fraction(0), Fraction(0)])
        for (oid, _), n in packs.items():
            if n == 0:
                continue
            offer = self.cat.offer_by_id[oid]
            supplier = self.cat.supplier_by_id[offer.supplier]
            ingredient = self.ingredients[offer.ingredient]
            if by_weight:
                amount = n * Fraction(repr(offer.pack_quantity)) * Fraction(
                    repr(ingredient.kg_per_unit or 0.0))
            else:
                amount = Fraction(self._line_money(offer, n)[0])
            labels = set(offer.labels)
            flags = {
                "organic_share": bool(labels & ORGANIC_LABELS),
                "egalim_share": bool(labels & EGALIM_LABELS),
                "local_share": supplier.local is not None,
                "circuit_court_share": supplier.intermediaries <= 1,
                "meat_fish_egalim_share": bool(labels & EGALIM_LABELS),
            }
            for name, yes in flags.items():
                if name == "meat_fish_egalim_share" and ingredient.family not in MEAT_FISH:
                    continue
                sums[name][1] += amount
                if yes:
                    sums[name][0] += amount
        for name, (qualifying, total) in sums.items():
            wanted = getattr(targets, name)
            if wanted is not None and total > 0 and qualifying < Fraction(repr(wanted)) * total:
                return False
        return True

    def meat_met(self, needs: Mapping[tuple[str, dt.date], Fraction]) -> bool:
        cap = self.week.targets.max_meat_g_per_cover
        if cap is None:
            return True
        grams = sum(
            (1000 * q * Fraction(repr(self.ingredients[i].kg_per_unit or 0.0))
             for (i, _), q in needs.items()
             if self.ingredients[i].protein is ProteinClass.MEAT),
            Fraction(0),
        )
        return grams <= Fraction(repr(cap)) * self.week.covers

    def co2_met(self, needs: Mapping[tuple[str, dt.date], Fraction]) -> bool:
        cap = self.week.targets.max_co2_kg_per_cover
        if cap is None:
            return True
        kg = sum((q * self._co2_factor(i, day) for (i, day), q in needs.items()), Fraction(0))
        return kg <= Fraction(repr(cap)) * self.week.covers

    # --- search -----------------------------------------------------------------------------

    def _pack_vectors(self, room: Decimal) -> Iterator[dict[LineKey, int]]:
        """Every whole-pack purchase whose lines HT fit in ``room`` EUR (a bound valid on
        either basis: a line's TTC is at least its HT)."""
        offers = self.cat.offer_by_id
        cheapest = [
            min(dec(p) for p in [offers[o].price_ht] + [t.price_ht for t in offers[o].tiers])
            for o, _ in self.lines
        ]

        def rec(i: int, left: Decimal, chosen: dict[LineKey, int]) -> Iterator[dict[LineKey, int]]:
            if i == len(self.lines):
                yield dict(chosen)
                return
            n = 0
            while True:
                if n:
                    ht = self._line_money(offers[self.lines[i][0]], n)[0]
                    if ht > left:
                        if n * cheapest[i] > left:
                            break
                        n += 1
                        continue
                else:
                    ht = Decimal(0)
                chosen[self.lines[i]] = n
                yield from rec(i + 1, left - ht, chosen)
                n += 1
            chosen.pop(self.lines[i], None)

        yield from rec(0, room, {})

    def best(self) -> Best | None:
        """The cheapest plan meeting every rule, target and the budget; None when none does
        (without a budget: none within :attr:`searched`)."""
        if self.limit is not None:
            return self._best_within(self.limit)
        for room in ROOMS:
            self.searched = room
            found = self._best_within(room)
            if found is not None:
                return found
        return None

    def _best_within(self, limit: Decimal) -> Best | None:
        """The cheapest plan meeting every rule and target whose total is at most ``limit``."""
        best: Best | None = None
        for menu in self.menus():
            needs = self.needs(menu)
            groups = self.group_needs(menu)
            if not self.meat_met(needs) or not self.co2_met(needs):
                continue  # a flexible line only adds CO2 (and no meat)
            for k in range(len(self.rounds) + 1):
                for trips in itertools.combinations(self.rounds, k):
                    trip_cost = sum(
                        (cents(dec(next(c for c in self.cat.collections if c.id == cid).trip_cost))
                         for cid, _ in trips), Decimal(0))
                    for packs in self._pack_vectors(limit - trip_cost):
                        total = self.cost(packs, trips)
                        if total is None or total > limit:
                            continue
                        if best is not None and total >= best.cost:
                            continue
                        if not self.shares_met(packs):
                            continue
                        lots = self.lots(packs, trips)
                        if not self.covered(lots, needs):
                            continue
                        if groups and not self.groups_fit(lots, needs, groups):
                            continue
                        best = Best(total, packs, trips, menu)
        return best
