"""A week's planning problem: the week, the data it draws on, and what it needs.

:func:`week_problem` gathers, for one week, the needs per ingredient and service day and
every *lot* that can cover them: deliveries of offers, collection rounds and stock on hand,
each usable from one day to another. The optimiser, the verifier and the reports all start
from this object, so the rules about dates (delivery weekdays, lead times, shelf life,
best-before dates, months available) live in one place: what the menus need is worked
out in :mod:`~cantine_supply.problem.needs`, when food can arrive in
:mod:`~cantine_supply.problem.slots`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Literal

import attrs

from cantine_supply.errors import InputError, Problem
from cantine_supply.io.references import check_references
from cantine_supply.model import Budget, Catalogue, Ingredient, Offer, Supplier, Targets, Week
from cantine_supply.model.canonical import canonical
from cantine_supply.model.codes import MEAT_FISH_FAMILIES, Family
from cantine_supply.model.unsold import Collection, StockLot
from cantine_supply.problem.needs import (
    CourseChoice,
    GroupNeed,
    Need,
    course_choices,
    fixed_needs,
    flexible_lines,
    recipe_kind,
)
from cantine_supply.problem.pack_caps import counted_shares, counts_for, least_spent, pack_cap
from cantine_supply.problem.slots import (
    CollectionSlot,
    DeliverySlot,
    collection_slots,
    delivery_slots,
)

LotKind = Literal["stock", "collection", "delivery"]

#: Courses in which a chosen recipe may not repeat within the week (bread may).
REPEAT_COURSES = ("starter", "main", "dessert")


@attrs.frozen
class WeekProblem:
    """Everything the planner needs for one week, with dates and windows worked out.

    ``needs`` are in each ingredient's base unit, from the fixed courses:
    covers × quantity per cover ÷ yield, summed per ingredient and service day.
    ``choices`` are the courses with candidate recipes, each candidate with its own needs;
    the plan adds the needs of the candidate it chooses. Slots and stock consider the
    ingredients of every candidate. ``groups`` are the flexible lines of the served and
    candidate recipes; the plan splits each between its options, and slots, stock and
    ``most_need_by_ingredient`` consider every option. ``budget`` overrides the week's own
    budget when given. ``spend_bound`` (EUR, on either basis) is the most a plan worth
    considering spends when the week has no budget: the cost of a plan already found, when
    the least cost is sought (see :meth:`most_packs`). ``budget_caps`` False: the budget
    does not bound the packs (a model whose budget gives way: the diagnosis, the trade-off).
    ``shares_sought``: shares the objective raises (``organic_share`` for the organic
    objective), counted like the targets when capping the lines (:meth:`most_packs`).
    """

    catalogue: Catalogue
    week: Week
    budget: Budget | None
    needs: tuple[Need, ...]
    delivery_slots: tuple[DeliverySlot, ...]
    collection_slots: tuple[CollectionSlot, ...]
    stock: tuple[StockLot, ...]
    choices: tuple[CourseChoice, ...] = ()
    groups: tuple[GroupNeed, ...] = ()
    spend_bound: float | None = None
    budget_caps: bool = True
    shares_sought: tuple[str, ...] = ()
    _need_totals: dict[str, float] = attrs.field(init=False, eq=False, repr=False)
    _max_totals: dict[str, float] = attrs.field(init=False, eq=False, repr=False)
    _max_by_day: dict[tuple[str, dt.date], float] = attrs.field(init=False, eq=False, repr=False)
    _collections: dict[str, Collection] = attrs.field(init=False, eq=False, repr=False)
    _least_spent: dict[str, float] = attrs.field(init=False, eq=False, repr=False)
    _least_spent_total: float = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        totals: dict[str, float] = defaultdict(float)
        for need in self.needs:
            totals[need.ingredient] += need.quantity
        by_day: dict[tuple[str, dt.date], float] = defaultdict(float)
        for need in self.needs:
            by_day[(need.ingredient, need.date)] += need.quantity
        for choice in self.choices:
            largest: dict[str, float] = defaultdict(float)
            for candidate in choice.candidates:
                for ing, qty in candidate.needs:
                    largest[ing] = max(largest[ing], qty)
            for ing, qty in largest.items():
                by_day[(ing, choice.date)] += qty
        for group in self.groups:
            for option in group.options:
                by_day[(option.ingredient, group.date)] += option.max_share * option.full_need
        most: dict[str, float] = defaultdict(float)
        for (ing, _), qty in by_day.items():
            most[ing] += qty
        object.__setattr__(self, "_need_totals", dict(totals))
        object.__setattr__(self, "_max_totals", dict(most))
        object.__setattr__(self, "_max_by_day", dict(by_day))
        object.__setattr__(self, "_collections", {c.id: c for c in self.catalogue.collections})
        stock: dict[str, float] = defaultdict(float)
        for lot in self.stock:
            stock[lot.ingredient] += lot.quantity
        lines: dict[str, int] = defaultdict(int)
        for slot in self.delivery_slots:
            lines[slot.ingredient] += 1
        collected = {i.ingredient for c in self.catalogue.collections for i in c.items}
        least = least_spent(totals, stock, self.catalogue.offers, lines, collected)
        object.__setattr__(self, "_least_spent", least)
        object.__setattr__(self, "_least_spent_total", sum(least.values()))

    @property
    def targets(self) -> Targets:
        return self.week.targets

    @property
    def covers(self) -> int:
        return self.week.covers

    @property
    def ingredients(self) -> Mapping[str, Ingredient]:
        return self.catalogue.ingredient_by_id

    @property
    def offers(self) -> Mapping[str, Offer]:
        return self.catalogue.offer_by_id

    @property
    def suppliers(self) -> Mapping[str, Supplier]:
        return self.catalogue.supplier_by_id

    @property
    def collections(self) -> Mapping[str, Collection]:
        return self._collections

    def need_by_ingredient(self) -> Mapping[str, float]:
        """The week's total need per ingredient of the fixed courses, in its base unit."""
        return self._need_totals

    def most_need_by_ingredient(self) -> Mapping[str, float]:
        """The most the week can need of each ingredient, whichever candidates are chosen
        (the fixed needs plus, per course to choose, its largest candidate need, plus per
        flexible line ``max_share × full need`` of each option)."""
        return self._max_totals

    def most_need_by_day(self) -> Mapping[tuple[str, dt.date], float]:
        """The most each service day can need of each ingredient, keyed
        ``(ingredient, day)``, counted as in :meth:`most_need_by_ingredient`."""
        return self._max_by_day

    def off_season(self, ingredient_id: str, day: dt.date) -> bool:
        """True when ``ingredient_id`` is a fresh fruit or vegetable with a season that does
        not include the month of ``day``."""
        ingredient = self.ingredients[ingredient_id]
        return (
            ingredient.family is Family.FRUITS_ET_LEGUMES
            and bool(ingredient.months_in_season)
            and not ingredient.in_season(day.month)
        )

    def co2_per_unit(self, ingredient_id: str, day: dt.date) -> float:
        """kg CO2e per base unit of ``ingredient_id`` served on ``day``: its factor, times
        the week's ``off_season_co2_factor`` when it is out of season then."""
        factor = self.ingredients[ingredient_id].co2_per_unit
        rules = self.week.menu_rules
        if rules.off_season_co2_factor != 1.0 and self.off_season(ingredient_id, day):
            return factor * rules.off_season_co2_factor
        return factor

    def need_days(self) -> Mapping[str, tuple[dt.date, ...]]:
        """The service days that need (or may need, by a candidate) each ingredient."""
        days: dict[str, set[dt.date]] = defaultdict(set)
        for need in self.needs:
            days[need.ingredient].add(need.date)
        for choice in self.choices:
            for candidate in choice.candidates:
                for ing, _ in candidate.needs:
                    days[ing].add(choice.date)
        for group in self.groups:
            for option in group.options:
                days[option.ingredient].add(group.date)
        return {ing: tuple(sorted(d)) for ing, d in days.items()}

    def budget_limit(self) -> float | None:
        """The budget in EUR for the week (on the budget's basis), or None."""
        return None if self.budget is None else self.budget.limit(self.covers)

    def spend_limit(self) -> float | None:
        """The most any plan considered may spend, in EUR on either basis: the budget, else
        :attr:`spend_bound`, else None (nothing bounds the spending)."""
        limit = self.budget_limit() if self.budget_caps else None
        return limit if limit is not None else self.spend_bound

    @property
    def least_spent_total(self) -> float:
        """EUR (on either basis) that every plan of the week spends at least on what it
        buys (:func:`~cantine_supply.problem.pack_caps.least_spent`, summed)."""
        return self._least_spent_total

    def most_packs(self, offer: Offer) -> int:
        """Most packs of ``offer`` one delivery may hold in a plan:
        :func:`~cantine_supply.problem.pack_caps.pack_cap` with what the week's budget (or
        :attr:`spend_bound`) lets a line cost, less what every plan spends at least on the
        other ingredients (:func:`~cantine_supply.problem.pack_caps.least_spent`: the total
        is at least the line plus that), and, for a line that counts for no share the
        model counts, what can pay beyond the week's most need."""
        need = self.most_need_by_ingredient().get(offer.ingredient, 0.0)
        spend = self.spend_limit()
        if spend is not None:
            spend -= self._least_spent_total - self._least_spent.get(offer.ingredient, 0.0)
        return pack_cap(offer, self.suppliers[offer.supplier], need, spend,
                        counts_for_a_share=self.counts_for_a_share(offer))

    def counts_for_a_share(self, offer: Offer) -> bool:
        """Whether a line of ``offer`` counts for a share target of the week or for the
        share its objective raises (:attr:`shares_sought`)."""
        meat_fish = self.ingredients[offer.ingredient].family in MEAT_FISH_FAMILIES
        counted = counted_shares(self.targets, self.shares_sought)
        return bool(counts_for(offer, self.suppliers[offer.supplier], meat_fish) & counted)


def lets_more_packs(old: WeekProblem, new: WeekProblem) -> bool:
    """Whether some delivery line of ``old`` may hold more packs in ``new`` (the same week
    with a larger spending bound, :meth:`WeekProblem.most_packs`): a solve capped as
    ``old`` may then have left out a plan that ``new`` allows, so it must be solved again."""
    return any(new.most_packs(old.offers[slot.offer]) > old.most_packs(old.offers[slot.offer])
               for slot in old.delivery_slots)


def week_problem(
    catalogue: Catalogue, week_id: str, *, budget: Budget | None = None
) -> WeekProblem:
    """Build the planning problem for week ``week_id`` of ``catalogue``.

    Raises :class:`InputError` when the week does not exist, or when the catalogue (built
    in code) has a duplicate id or a reference to an unknown item
    (:func:`~cantine_supply.io.references.check_references`; an ingredient that nothing
    provides is left to the checks before the solve, :mod:`~cantine_supply.problem.checks`).
    Courses
    with candidate recipes become ``choices``; the optimiser picks one recipe for each. The
    catalogue is taken in its canonical order (:func:`~cantine_supply.model.canonical.canonical`).
    """
    catalogue = canonical(catalogue)  # the same model however the files are ordered
    check_references(catalogue, unprovided=False)  # a dangling reference is an InputError
    week = catalogue.week_by_id.get(week_id)
    if week is None:
        known = ", ".join(sorted(catalogue.week_by_id)) or "none"
        raise InputError(Problem("weeks", "week", f"unknown week {week_id!r} (known: {known})"))
    needs = fixed_needs(catalogue, week)
    choices = course_choices(catalogue, week)
    groups = flexible_lines(catalogue, week, choices)
    possible = list(needs) + [
        Need(ing, choice.date, qty)
        for choice in choices
        for candidate in choice.candidates
        for ing, qty in candidate.needs
    ]
    possible += [
        Need(option.ingredient, group.date, option.max_share * option.full_need)
        for group in groups
        for option in group.options
    ]
    needed = {n.ingredient for n in possible}
    dates = sorted({s.date for s in week.services})
    return WeekProblem(
        catalogue=catalogue,
        week=week,
        budget=budget if budget is not None else week.budget,
        needs=needs,
        delivery_slots=delivery_slots(catalogue, week, tuple(possible), dates),
        collection_slots=collection_slots(catalogue, week, needed, dates),
        stock=tuple(lot for lot in catalogue.stock if lot.ingredient in needed),
        choices=choices,
        groups=groups,
    )


@attrs.frozen
class FixedMenuCounts:
    """What the fixed courses already bring to the menu rules: how often each recipe is
    served (starters, mains, desserts) and how many mains are vegetarian, meat, fish."""

    fixed_recipes: dict[str, int]
    vegetarian: int
    meat: int
    fish: int


def menu_counts(problem: WeekProblem) -> FixedMenuCounts:
    """Count the fixed courses of ``problem``'s week for the menu rules."""
    recipes: dict[str, int] = defaultdict(int)
    vegetarian = meat = fish = 0
    for service in problem.week.services:
        for course in service.courses:
            if not course.is_fixed:
                continue
            if course.course.value in REPEAT_COURSES:
                recipes[course.recipes[0]] += 1
            if course.course.value == "main":
                veg, has_meat, has_fish = recipe_kind(problem.catalogue, course.recipes[0])
                vegetarian += veg
                meat += has_meat
                fish += has_fish
    return FixedMenuCounts(dict(recipes), vegetarian, meat, fish)
