"""A week whose collections bring uncertain quantities: scenarios and their problems.

A *scenario* says what each collection round of the week brings of each item (base
units) and how likely that is. :func:`planning_scenarios` makes them from the data:

- **one scenario** is the week as today's planner sees it: every item at its guaranteed
  amount (probability 1), so the two-stage plan of one scenario is the weekly plan;
- **from the ranges** (items without history): each round independently brings *low*
  (the guaranteed amount), *expected* or *high* (``maximum``, else expected) with
  probabilities ``LEVEL_PROBABILITIES`` (1/4, 1/2, 1/4: a three-point picture of a
  triangular spread around the usual amount). **Correlation rule**: the items of one round
  move together (a poor day at the shop is poor for all it gives); rounds are independent
  of each other. With ``n >= 3^rounds`` scenarios every combination is listed with its
  exact probability; with fewer, ``n`` combinations are drawn with ``seed`` (sample average:
  probability 1/n each, repeats merged);
- **from the history** (a round whose every item lists past amounts of the same length):
  a draw picks one past round (one index into the lists, the same for every item of the
  round, so the items keep their observed correlation); rounds are drawn independently.

Each scenario becomes a :class:`~cantine_supply.problem.week.WeekProblem` in which every
collection item's guaranteed amount is what the scenario brings and, when the week names a
:class:`~cantine_supply.model.Recourse`, the day-of supplier (:func:`day_of_supplier`) can
deliver on any service day: the second stage of :mod:`cantine_supply.optimize.scenarios`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from cantine_supply.errors import InputError, Problem
from cantine_supply.model import Budget, Catalogue, Collection, CollectionItem, Offer, Supplier
from cantine_supply.model.unsold import Recourse
from cantine_supply.problem.week import WeekProblem, week_problem

#: Probability of the low, expected and high level of a round (ranges).
LEVEL_PROBABILITIES = (0.25, 0.5, 0.25)
LEVELS = ("low", "expected", "high")
#: Prefix of the ids of the day-of supplier and its offers.
DAY_OF = "day-of:"


@attrs.frozen
class Scenario:
    """What the rounds bring in one scenario: ``amounts`` maps ``(collection id,
    ingredient)`` to a quantity in the ingredient's base unit; ``probability`` in (0, 1]."""

    name: str
    probability: float
    amounts: tuple[tuple[tuple[str, str], float], ...]

    def amount(self, collection: str, ingredient: str) -> float:
        """What the round ``collection`` brings of ``ingredient`` (base unit)."""
        return dict(self.amounts)[(collection, ingredient)]


def week_rounds(problem: WeekProblem) -> tuple[Collection, ...]:
    """The collection rounds the week can make, in slot order, once each."""
    seen: dict[str, Collection] = {}
    for slot in problem.collection_slots:
        seen.setdefault(slot.collection, problem.collections[slot.collection])
    return tuple(seen.values())


def level_amounts(collection: Collection, level: str) -> dict[tuple[str, str], float]:
    """The round's amounts at ``level`` (low = guaranteed, expected, high = maximum)."""
    def pick(item: CollectionItem) -> float:
        if level == "low":
            return item.guaranteed
        return item.expected if level == "expected" else item.most

    return {(collection.id, item.ingredient): pick(item) for item in collection.items}


def guaranteed_scenario(problem: WeekProblem) -> Scenario:
    """Every round brings its guaranteed amounts (what the weekly planner counts on)."""
    return _scenario("guaranteed", 1.0, [level_amounts(c, "low") for c in week_rounds(problem)])


def expected_scenario(problem: WeekProblem) -> Scenario:
    """Every round brings its usual (expected) amounts."""
    return _scenario("expected", 1.0,
                     [level_amounts(c, "expected") for c in week_rounds(problem)])


def _scenario(name: str, probability: float,
              parts: Sequence[Mapping[tuple[str, str], float]]) -> Scenario:
    amounts: dict[tuple[str, str], float] = {}
    for part in parts:
        amounts.update(part)
    return Scenario(name, probability, tuple(sorted(amounts.items())))


def has_history(collection: Collection) -> bool:
    """True when every item of the round lists past amounts, all of the same length."""
    lengths = {len(item.history) for item in collection.items}
    return len(lengths) == 1 and 0 not in lengths


def _outcomes(collection: Collection) -> list[tuple[str, float, dict[tuple[str, str], float]]]:
    """What one round may bring: ``(label, probability, amounts)`` per level or past round."""
    if has_history(collection):
        count = len(collection.items[0].history)
        return [
            (f"past{k + 1}", 1.0 / count,
             {(collection.id, i.ingredient): i.history[k] for i in collection.items})
            for k in range(count)
        ]
    return [
        (level, p, level_amounts(collection, level))
        for level, p in zip(LEVELS, LEVEL_PROBABILITIES, strict=True)
    ]


def planning_scenarios(problem: WeekProblem, count: int, seed: int = 0) -> tuple[Scenario, ...]:
    """``count`` scenarios for the week (see the module docstring for the rules): one is
    :func:`guaranteed_scenario`; all combinations when there are at most ``count``; else
    ``count`` draws with ``seed``, 1/count each, repeats merged. Probabilities sum to 1."""
    if count < 1:
        raise InputError(Problem("(options)", "scenarios", f"must be >= 1, got {count}"))
    rounds = week_rounds(problem)
    if count == 1 or not rounds:
        return (guaranteed_scenario(problem),)
    outcomes = [_outcomes(c) for c in rounds]
    total = 1
    for options in outcomes:
        total *= len(options)
    if total <= count:
        combos = list(itertools.product(*outcomes))
        return tuple(
            _scenario("+".join(label for label, _, _ in combo), _product(p for _, p, _ in combo),
                      [amounts for _, _, amounts in combo])
            for combo in combos
        )
    rng = random.Random(seed)
    drawn: dict[tuple[str, ...], int] = defaultdict(int)
    picks: dict[tuple[str, ...], list[dict[tuple[str, str], float]]] = {}
    for _ in range(count):
        combo = [rng.choices(opts, weights=[p for _, p, _ in opts])[0] for opts in outcomes]
        labels = tuple(label for label, _, _ in combo)
        drawn[labels] += 1
        picks[labels] = [amounts for _, _, amounts in combo]
    return tuple(
        _scenario("+".join(labels), times / count, picks[labels])
        for labels, times in sorted(drawn.items())
    )


def _product(values: object) -> float:
    result = 1.0
    for value in values:  # type: ignore[attr-defined]
        result *= value
    return result


def day_of_supplier(supplier: Supplier, recourse: Recourse) -> Supplier:
    """The recourse shop as a supplier of the second stage: it "delivers" (the manager
    fetches) any day with no lead time and no minimum order, for ``trip_cost`` (EUR, no
    VAT) each day it is used."""
    return attrs.evolve(
        supplier,
        id=DAY_OF + supplier.id,
        delivery_weekdays=(0, 1, 2, 3, 4, 5, 6),
        lead_time_days=0,
        min_order_ht=0.0,
        delivery_fee_ht=recourse.trip_cost,
        free_delivery_from_ht=None,
        fee_vat_rate=0.0,
    )


def day_of_offers(catalogue: Catalogue, supplier_id: str) -> tuple[Offer, ...]:
    """The recourse shop's offers, as bought on the day (its prices and limits, ids
    prefixed)."""
    return tuple(
        attrs.evolve(o, id=DAY_OF + o.id, supplier=DAY_OF + o.supplier)
        for o in catalogue.offers
        if o.supplier == supplier_id
    )


def scenario_catalogue(catalogue: Catalogue, scenario: Scenario,
                       recourse: Recourse | None) -> Catalogue:
    """``catalogue`` with each round's guaranteed amounts set to what ``scenario`` brings
    (expected and maximum raised when needed) and the day-of supplier and its offers added."""
    amounts = dict(scenario.amounts)
    collections = []
    for collection in catalogue.collections:
        items = []
        for item in collection.items:
            amount = amounts.get((collection.id, item.ingredient))
            if amount is not None:
                item = attrs.evolve(item, guaranteed=amount, expected=max(amount, item.expected),
                                    maximum=max(amount, item.most), history=())
            items.append(item)
        collections.append(attrs.evolve(collection, items=tuple(items)))
    suppliers, offers = catalogue.suppliers, catalogue.offers
    if recourse is not None:
        shop = catalogue.supplier_by_id[recourse.supplier]
        suppliers = suppliers + (day_of_supplier(shop, recourse),)
        offers = offers + day_of_offers(catalogue, recourse.supplier)
    return attrs.evolve(catalogue, collections=tuple(collections), suppliers=suppliers,
                        offers=offers)


@attrs.frozen
class UncertainProblem:
    """A week planned over scenarios. ``base`` is the weekly problem (first stage: its
    delivery slots are the orders placed now); ``problems[k]`` is scenario ``k``'s week with
    its amounts and the day-of slots, and the targets and budget that hold in every
    scenario; ``full[k]`` the same with every target (for reports). ``in_expectation``
    names the targets that hold on average only. ``spend_bound`` (EUR, on either basis)
    is, for a week without a budget, the most a plan worth considering spends in
    expectation (see :meth:`day_of_slots` and :func:`with_spend_bound`)."""

    base: WeekProblem
    scenarios: tuple[Scenario, ...]
    problems: tuple[WeekProblem, ...]
    full: tuple[WeekProblem, ...]
    recourse: Recourse | None
    in_expectation: frozenset[str]
    spend_bound: float | None = None

    def known_on(self, k: int, day: dt.date) -> tuple[tuple[tuple[str, str], float], ...]:
        """What the manager knows of scenario ``k`` on ``day``: the amounts of the rounds
        made on or before ``day`` (a round's outcome is known once it is made)."""
        done = {s.collection for s in self.base.collection_slots if s.date <= day}
        return tuple(a for a in self.scenarios[k].amounts if a[0][0] in done)

    def expected_limit(self) -> float | None:
        """The most ``Σ_k π_k cost_k`` may be, in EUR on either basis: the budget (held in
        every scenario or in expectation), else :attr:`spend_bound`, else None."""
        limit = self.base.budget_limit()
        return limit if limit is not None else self.spend_bound

    def day_of_slots(self, k: int) -> WeekProblem:
        """Scenario ``k``'s problem with only the day-of delivery slots, whose lines are
        capped (:meth:`~cantine_supply.problem.week.WeekProblem.most_packs`) by the budget
        when it holds in every scenario, else by ``(E − Σ_{j ≠ k} π_j L_j) / π_k`` with
        ``E`` = :meth:`expected_limit` and ``L_j`` what scenario ``j``'s week spends at
        least (:attr:`~cantine_supply.problem.week.WeekProblem.least_spent_total`).

        Proof that this cuts no plan: a plan meets ``Σ_j π_j cost_j <= E`` (the budget in
        expectation, or the bound on plans worth considering), and ``cost_j >= L_j`` in
        every scenario (each buys what its needs less stock and collections leave, at no
        less than the cheapest price per unit: the day-of offers are the shop's own, at
        its prices). So ``π_k cost_k <= E − Σ_{j ≠ k} π_j L_j``, and the day-of line is
        part of ``cost_k``; :func:`~cantine_supply.problem.pack_caps.spend_cap` does the
        rest. The first stage's lines (``base``) are capped by ``E`` itself: each scenario
        pays for them, so ``line + what base spends at least on the other ingredients <=
        cost_j`` for every ``j``, hence ``<= Σ_j π_j cost_j <= E``."""
        problem = self.problems[k]
        slots = tuple(s for s in problem.delivery_slots if s.supplier.startswith(DAY_OF))
        problem = attrs.evolve(problem, delivery_slots=slots)
        limit = self.expected_limit()
        if problem.spend_limit() is not None or limit is None:
            return problem
        others = sum(s.probability * p.least_spent_total
                     for j, (s, p) in enumerate(zip(self.scenarios, self.problems, strict=True))
                     if j != k)
        return attrs.evolve(problem, spend_bound=(limit - others) / self.scenarios[k].probability)


def with_spend_bound(problem: UncertainProblem, spend: float) -> UncertainProblem:
    """``problem`` (a week without a budget) with ``spend_bound`` = ``spend``: the first
    stage's lines and every scenario's day-of lines capped by what plans spending at most
    ``spend`` in expectation can hold (:meth:`UncertainProblem.day_of_slots`)."""
    return attrs.evolve(problem, base=attrs.evolve(problem.base, spend_bound=spend),
                        spend_bound=spend)


def uncertain_problem(
    catalogue: Catalogue,
    week_id: str,
    scenarios: int | Sequence[Scenario] = 1,
    *,
    seed: int | None = None,
    budget: Budget | None = None,
    recourse: Recourse | None = None,
    in_expectation: Sequence[str] | None = None,
) -> UncertainProblem:
    """The week ``week_id`` over ``scenarios`` (a number: :func:`planning_scenarios` with
    ``seed``, default the week's ``recourse.seed``; or the scenarios themselves).
    ``recourse`` and ``in_expectation`` default to the week's ``[recourse]``."""
    base = week_problem(catalogue, week_id, budget=budget)
    recourse = recourse if recourse is not None else base.week.recourse
    if recourse is not None and recourse.supplier not in catalogue.supplier_by_id:
        raise InputError(Problem(f"weeks/{week_id}", "recourse.supplier",
                                 f"unknown supplier {recourse.supplier!r}"))
    if isinstance(scenarios, int):
        use_seed = seed if seed is not None else (recourse.seed if recourse else 0)
        chosen = planning_scenarios(base, scenarios, use_seed)
    else:
        chosen = tuple(scenarios)
    names = set(in_expectation if in_expectation is not None
                else (recourse.in_expectation if recourse else ()))
    full = tuple(
        _from_first_round(week_problem(scenario_catalogue(catalogue, s, recourse), week_id,
                                       budget=base.budget), base)
        for s in chosen
    )
    return UncertainProblem(base, chosen, tuple(_without(p, names) for p in full), full,
                            recourse, frozenset(names))


def _from_first_round(problem: WeekProblem, base: WeekProblem) -> WeekProblem:
    """``problem`` with day-of purchases only from the day of the week's first round: before
    it the manager knows no more than when ordering (buying then is a first-stage order)."""
    rounds = [s.date for s in base.collection_slots]
    first = min(rounds) if rounds else None
    slots = tuple(
        s for s in problem.delivery_slots
        if not s.supplier.startswith(DAY_OF) or (first is not None and s.date >= first)
    )
    return attrs.evolve(problem, delivery_slots=slots)


def _without(problem: WeekProblem, names: set[str]) -> WeekProblem:
    """``problem`` without the targets (and budget) that hold in expectation only."""
    if not names:
        return problem
    dropped: dict[str, Any] = {n: None for n in names if n != "budget"}
    targets = attrs.evolve(problem.targets, **dropped)
    week = attrs.evolve(problem.week, targets=targets)
    return attrs.evolve(problem, week=week,
                        budget=None if "budget" in names else problem.budget)
