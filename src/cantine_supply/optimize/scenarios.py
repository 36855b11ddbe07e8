"""The two-stage plan's deterministic equivalent: one MIP over every scenario.

First stage (decided now, the same in every scenario): the packs ``p[o,d]`` of the week's
offers, the orders ``y[s,d]``, ``f[s,d]`` and discount tiers, the menu ``x[c,r]`` and
whether each collection round is made, ``t[c,d]``. Second stage, per scenario ``k``: what
is taken of each round, ``q^k[c,d,i] <= amount^k_i · t[c,d]``, the day-of purchases at
the recourse shop ``p^k[o,d]`` with their trips ``y^k[s,d]``, the split of flexible
lines ``g^k`` and the serving ``a^k[i,l,s]``.

Every family is the weekly model's own: the first stage's (packs, the week's most packs per
offer, orders, the packs put to use, order rules, menu, menu rules) once, and each
scenario's week composed by :mod:`.compose` (:data:`SCENARIO_WEEK`) with its own
:class:`~.registry.Registry`, which starts from the first stage's variables (so they are
shared, not copied): collections, allocation, flexible lines, costs, coverage, season
rule, lot capacity, collection rules and every target held in every scenario. The day-of
offers get their own packs, orders and order rules in each scenario. The rounds
made are the first scenario's ``t`` with ``t^k[c,d] = t^1[c,d]`` (non-anticipativity: the
manager sets off before knowing what the shop gives). Targets held *in expectation* are
``Σ_k π_k · expr_k`` against the limit, with the same expressions as the weekly model
(:func:`.shares.share_expression`, :func:`.shares.served_kg`, the cost and CO2 sums).

Objective: least expected cost ``Σ_k π_k · (cost_k + off-season penalty_k)`` plus the
weekly model's tie-break on what is bought (:data:`.objective.LEFTOVER_TIE_BREAK`). As every
``cost_k`` holds the first stage's cost once and ``Σ π_k = 1``, this is the first stage's
cost plus the expected second-stage cost. The weekly model's strengthening is kept where it
holds scenario by scenario: the packs put to use (:func:`.purchases.add_useful_packs`, whose
limits depend on the needs only) and the whole-pack cuts of :mod:`.pack_cuts` over each
scenario's week (valid for every plan of that week, so for its share of the two-stage
model). Folding early order days (:mod:`.delivery_days`) is left out: it changes the
problem's slots, which the scenarios share. Each only removes plans another plan does at
least as well, so the optimum is unchanged (the tests compare one scenario against the
weekly plan).

Day-of purchases are made from the week's first round on, and those on day ``d`` are the
same in scenarios that agree on every round made by ``d``
(:func:`add_day_of_nonanticipativity`): the plan never acts on what it cannot know yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.optimize.compose import WeekParts, compose_week
from cantine_supply.optimize.objective import LEFTOVER_TIE_BREAK
from cantine_supply.optimize.purchases import add_useful_packs, add_week_purchases
from cantine_supply.optimize.registry import BuiltModel, Registry
from cantine_supply.optimize.rules import add_menu_rules, add_order_rules
from cantine_supply.optimize.shares import served_kg, share_expression
from cantine_supply.optimize.tie_break import tie_break
from cantine_supply.optimize.variables import add_menu_variables
from cantine_supply.problem.scenarios import DAY_OF, UncertainProblem

#: EUR per EUR HT bought on the day, added to the objective so that between plans of equal
#: cost the one that orders now wins; on a week's few hundred euros it changes no cost by
#: a cent.
DAY_OF_TIE_BREAK = 1e-6


#: A scenario's week (:mod:`.compose`): the packs, orders and menu are the first stage's
#: (with the day-of purchases) and so are their rules; the collected food unrounded (the
#: weekly model's rounded first solve is one scenario's only, :meth:`TwoStageModel.to_solve`);
#: no menu-choice cuts.
SCENARIO_WEEK = WeekParts(purchases=None, menu=False, order_rules=False, rounded=False,
                          menu_cuts=False)


@attrs.frozen
class FirstStage:
    """Orders placed now: packs per ``(offer, delivery day)``, the rounds made
    ``(collection, day)`` and the recipe chosen per course (``(date, service, course)``)."""

    packs: Mapping[tuple[str, dt.date], int]
    rounds: frozenset[tuple[str, dt.date]]
    menu: Mapping[tuple[dt.date, str, str], str] = attrs.field(factory=dict)


@attrs.frozen
class TwoStageModel:
    """The deterministic equivalent with the first stage's registry and one registry per
    scenario (each holding the shared first-stage variables and its own second stage)."""

    model: mathopt.Model
    first: Registry
    scenarios: tuple[Registry, ...]
    problem: UncertainProblem

    def scenario_model(self, k: int) -> BuiltModel:
        """Scenario ``k`` as a weekly :class:`BuiltModel` (to read its decisions back)."""
        return BuiltModel(self.model, self.scenarios[k], self.problem.problems[k])

    def to_solve(self) -> BuiltModel:
        """The model as :func:`.solve.solve_model` takes it: scenario 1's view, without the
        weekly model's unrounded first solve (its roundings are one scenario's only)."""
        reg = attrs.evolve(self.scenarios[0], rounding=[])
        return BuiltModel(self.model, reg, self.problem.problems[0])


def build_two_stage(problem: UncertainProblem,
                    cost_basis: Literal["TTC", "HT"] = "TTC") -> TwoStageModel:
    """Build the deterministic equivalent of ``problem`` (see the module docstring)."""
    model = mathopt.Model(name=f"two-stage-{problem.base.week.id}")
    first = add_first_stage(model, problem)
    regs: list[Registry] = []
    for k in range(len(problem.scenarios)):
        regs.append(add_second_stage(model, problem, k, first, regs[0] if regs else None))
    add_day_of_nonanticipativity(model, problem, regs)
    add_expectation_targets(model, problem, regs)
    set_expected_objective(model, problem, regs, cost_basis)
    return TwoStageModel(model, first, tuple(regs), problem)


def add_first_stage(model: mathopt.Model, problem: UncertainProblem) -> Registry:
    """The orders placed now and the menu: packs (with tiers), orders, the packs put to use
    (:func:`.purchases.add_useful_packs`), the order rules (minimum order, free delivery), menu
    variables and menu rules of the weekly model."""
    base, first = problem.base, Registry()
    add_week_purchases(model, base, first)
    add_useful_packs(model, base, first)
    add_menu_variables(model, base, first)
    add_order_rules(model, base, first)
    add_menu_rules(model, base, first)
    return first


def add_second_stage(model: mathopt.Model, problem: UncertainProblem, k: int,
                     first: Registry, leader: Registry | None) -> Registry:
    """Scenario ``k``'s registry: the first stage's variables, its day-of purchases (packs,
    trips, order rules) and every per-scenario family; its rounds tied to ``leader``'s."""
    week = problem.problems[k]
    day_of = Registry()
    if problem.recourse is not None:
        shop = problem.day_of_slots(k)
        add_week_purchases(model, shop, day_of)
        add_useful_packs(model, shop, day_of)
        add_order_rules(model, shop, day_of)
    reg = Registry(
        packs={**first.packs, **day_of.packs},
        useful={**first.useful, **day_of.useful},
        tiers={**first.tiers, **day_of.tiers},
        ordered={**first.ordered, **day_of.ordered},
        free={**first.free, **day_of.free},
        line_value_ht={**first.line_value_ht, **day_of.line_value_ht},
        line_value_ttc={**first.line_value_ttc, **day_of.line_value_ttc},
        caps={**first.caps, **day_of.caps},
        menu=first.menu,
    )
    compose_week(model, week, reg, SCENARIO_WEEK)
    if leader is not None:
        for key, trip in reg.trip.items():
            model.add_linear_constraint(trip == leader.trip[key], name=f"same_round[{k},{key}]")
    return reg


def add_day_of_nonanticipativity(model: mathopt.Model, problem: UncertainProblem,
                                 regs: list[Registry]) -> None:
    """A day-of purchase on day ``d`` can only depend on what the rounds made by ``d``
    brought: for scenarios ``k`` and ``j`` that agree on those rounds (``j`` the first of
    them), ``p^k[o,d] = p^j[o,d]`` and ``y^k[s,d] = y^j[s,d]`` for the day-of offers and
    shop (tiers and fees then follow)."""
    if problem.recourse is None:
        return
    for k in range(1, len(regs)):
        shop = problem.day_of_slots(k)
        leaders: dict[dt.date, int] = {}
        for slot in shop.delivery_slots:
            if slot.date not in leaders:
                known = problem.known_on(k, slot.date)
                leaders[slot.date] = next(
                    j for j in range(k + 1) if problem.known_on(j, slot.date) == known
                )
            j = leaders[slot.date]
            if j == k:
                continue
            key = (slot.offer, slot.date)
            model.add_linear_constraint(regs[k].packs[key] == regs[j].packs[key])
            order = (slot.supplier, slot.date)
            model.add_linear_constraint(regs[k].ordered[order] == regs[j].ordered[order])


def add_expectation_targets(model: mathopt.Model, problem: UncertainProblem,
                            regs: list[Registry]) -> None:
    """Each target held in expectation: ``Σ_k π_k · cost_k <= budget``;
    ``Σ_k π_k (Σ qualifying − share × Σ all)_k >= 0``; ``1000 Σ_k π_k meat_k <= cap ×
    covers``; ``Σ_k π_k CO2_k <= cap × covers``."""
    base = problem.base
    weights = [s.probability for s in problem.scenarios]
    names = problem.in_expectation
    limit = base.budget_limit()
    if "budget" in names and limit is not None and base.budget is not None:
        basis = base.budget.basis
        model.add_linear_constraint(
            mathopt.fast_sum(w * r.cost[basis] for w, r in zip(weights, regs, strict=True))
            <= limit, name="expected_budget")
    for name in base.targets.SHARES:
        share = getattr(base.targets, name)
        if name in names and share is not None:
            model.add_linear_constraint(mathopt.fast_sum(
                w * share_expression(week, r, name, share)
                for w, r, week in zip(weights, regs, problem.problems, strict=True)) >= 0,
                name=f"expected_{name}")
    meat = base.targets.max_meat_g_per_cover
    if "max_meat_g_per_cover" in names and meat is not None:
        model.add_linear_constraint(1000.0 * mathopt.fast_sum(
            w * served_kg(week, r, include_collections=True, meat_only=True)
            for w, r, week in zip(weights, regs, problem.problems, strict=True))
            <= meat * base.covers, name="expected_meat")
    co2 = base.targets.max_co2_kg_per_cover
    if "max_co2_kg_per_cover" in names and co2 is not None:
        model.add_linear_constraint(mathopt.fast_sum(
            w * r.co2 for w, r in zip(weights, regs, strict=True) if r.co2 is not None)
            <= co2 * base.covers, name="expected_co2")


def expected_cost(problem: UncertainProblem, regs: list[Registry] | tuple[Registry, ...],
                  basis: Literal["TTC", "HT"]) -> mathopt.LinearExpression:
    """``Σ_k π_k · cost_k`` in EUR on ``basis``."""
    return mathopt.fast_sum(
        s.probability * r.cost[basis] for s, r in zip(problem.scenarios, regs, strict=True)
    )


def set_expected_objective(model: mathopt.Model, problem: UncertainProblem,
                           regs: list[Registry], basis: Literal["TTC", "HT"]) -> None:
    """Minimise ``Σ_k π_k (cost_k + penalty × off_season_kg_k)`` plus
    ``LEFTOVER_TIE_BREAK × Σ_k π_k · base units bought_k``, ``DAY_OF_TIE_BREAK ×
    Σ_k π_k · day-of purchases HT_k`` (between plans of equal cost, order now rather than
    buy on the day) and the weekly model's :func:`.tie_break.tie_break` over the packs and
    rounds of the first scenario's week (the orders now and the rounds made; at most half a
    cent, proof in :mod:`.tie_break`), so that one plan is chosen among plans of equal
    expected cost."""
    rules = problem.base.week.menu_rules
    objective = expected_cost(problem, regs, basis)
    orders_now = Registry(
        packs={k: p for k, p in regs[0].packs.items() if not k[0].startswith(DAY_OF)},
        trip=regs[0].trip,
    )
    objective += tie_break(problem.base, orders_now)
    for scenario, reg, week in zip(problem.scenarios, regs, problem.problems, strict=True):
        bought = mathopt.fast_sum(
            week.offers[o].pack_quantity * p for (o, _), p in reg.packs.items()
        )
        objective += scenario.probability * LEFTOVER_TIE_BREAK * bought
        day_of = mathopt.fast_sum(
            v for (o, _), v in reg.line_value_ht.items() if o.startswith(DAY_OF)
        )
        objective += scenario.probability * DAY_OF_TIE_BREAK * day_of
        if rules.off_season == "penalty" and reg.off_season_kg is not None:
            objective += (scenario.probability * rules.off_season_penalty_eur_per_kg
                          * reg.off_season_kg)
    model.minimize(objective)


def first_stage_variables(built: TwoStageModel) -> list[mathopt.Variable]:
    """The variables :func:`fix_first_stage` fixes (packs, orders, rounds, menu)."""
    return [*built.first.packs.values(), *built.first.ordered.values(),
            *built.scenarios[0].trip.values(), *built.first.menu.values()]


def fix_first_stage(built: TwoStageModel, first: FirstStage) -> None:
    """Fix the packs, orders, rounds and menu of ``built`` to ``first`` (by their bounds;
    packs of lines ``first`` does not list are fixed to 0)."""
    reg, problem = built.first, built.problem.base
    ordered_days = {
        (problem.offers[o].supplier, day) for (o, day), packs in first.packs.items() if packs > 0
    }
    for key, var in reg.packs.items():
        _fix(var, first.packs.get(key, 0))
    for key, var in reg.ordered.items():
        _fix(var, 1 if key in ordered_days else 0)
    for key, var in built.scenarios[0].trip.items():
        _fix(var, 1 if key in first.rounds else 0)
    for (index, recipe), var in reg.menu.items():
        choice = problem.choices[index]
        chosen = first.menu.get((choice.date, choice.service, choice.course))
        _fix(var, 1 if chosen == recipe else 0)


def _fix(var: mathopt.Variable, value: float) -> None:
    var.lower_bound = value
    var.upper_bound = value
