"""Why a week has no plan, and what it would take: one line per target that is not met.

:func:`diagnose` runs on an infeasible week (the planner calls it when the solve says
infeasible). On one elastic model (:mod:`cantine_supply.optimize.elastic`) it solves:

1. the cheapest plan ignoring the budget and every target: the reference for share points,
   and the figure a budget below it is compared with;
2. the elastic plan: every target and the budget may give way, the least important first
   (:class:`~cantine_supply.optimize.elastic.DiagnosisWeights`); its values are the *best*
   reachable, and the targets it meets are kept as they are;
3. for each target the elastic plan misses, the least cost with that target and the ones
   the elastic plan met, and no budget: the *needed budget*. When no budget is enough,
   the target alone (is it reachable at all?), then with each met target in turn (which
   one does it collide with?); a target that no plan reaches gets its real bound (the
   greatest share, by Dinkelbach's method; the least CO2; the meat the menus serve).

"No budget" is never unlimited money: with it, a share has no greatest value in general
(each extra pack of a qualifying line lifts it). The elastic model holds every plan up to
a stated spending, ``Y`` = :attr:`~cantine_supply.optimize.elastic.ElasticModel.spend`
(:func:`~cantine_supply.problem.pack_caps.considered_spend`: 100 EUR a cover, or the
budget when larger), and the lines say so: "not reachable by any plan up to Y", "at most
X% by any plan up to Y". A least cost at or below ``Y`` is the least of all plans; one
above it only says that no plan up to ``Y`` does it (:func:`_cost_text`).

Each line is a dict ``{target, limit, best, needed_budget, message}`` (``collides_with``
and ``bound`` when they apply) for :attr:`Plan.diagnosis <cantine_supply.plans.plan.Plan>`;
``message`` is the line to show. Blocking findings of :mod:`cantine_supply.problem.checks` (food
that cannot be had) become lines of their own, with ``target`` ``"supply"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from cantine_supply.model.targets import TARGETS
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.elastic import DiagnosisWeights, ElasticModel, build_elastic
from cantine_supply.optimize.solve import SolveOptions, SolveOutcome
from cantine_supply.optimize.split import split_and_serve_unsold_first
from cantine_supply.optimize.targets import (
    expression_value,
    greatest_share,
    least_co2,
    least_meat,
    meat_expression,
    solution_values,
)
from cantine_supply.planning.diagnose_points import plan_cost, point_sizes
from cantine_supply.planning.diagnose_timing import (
    LateNeed,
    in_time_cost,
    late_needs,
    late_text,
)
from cantine_supply.plans.assemble import assemble_plan
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.checks import (
    Finding,
    least_meat_g_per_cover,
    meat_over_cap,
    without_qualifying_offer,
)
from cantine_supply.problem.week import WeekProblem

__all__ = ["Diagnosis", "DiagnosisWeights", "diagnose", "supply_diagnosis"]



@attrs.frozen
class Diagnosis:
    """The lines of a diagnosis (dicts, as :attr:`Plan.diagnosis` holds them) and the
    messages that go with it (the elastic plan's figures)."""

    items: tuple[dict[str, Any], ...]
    messages: tuple[str, ...] = ()


def limit_label(name: str, value: float) -> str:
    """A target's limit as the canteen writes it: ``organic 20%``, ``meat 60 g per cover``."""
    kind = TARGETS[name]
    if kind.is_share:
        return f"{kind.word_en} {round(100 * value, 1):g}%"
    return f"{kind.word_en} {value:g} {kind.per_cover_unit} per cover"


def value_label(name: str, value: float | None) -> str:
    """A plan's value of a target: ``17.3%``, ``100.0 g``, ``0.456 kg``."""
    return TARGETS[name].value_text(value)


def money(amount: float, basis: str) -> str:
    return f"{amount:.2f} EUR {basis}"


def supply_diagnosis(findings: Sequence[Finding]) -> Diagnosis:
    """Diagnosis lines for blocking findings of the checks (food that cannot be had)."""
    items = tuple(
        {"target": "supply", "ingredient": f.subject, "limit": None, "best": None,
         "needed_budget": None, "message": f.message}
        for f in findings
    )
    return Diagnosis(items, ("no plan can serve every need: see the diagnosis",))


@attrs.define
class _Diagnoser:
    """One diagnosis: the elastic model and the solves already made on it."""

    problem: WeekProblem
    options: SolveOptions
    model: ElasticModel
    hard_costs: dict[frozenset[str], float | None] = attrs.Factory(dict)

    def assemble(self, outcome: SolveOutcome) -> Plan:
        outcome = split_and_serve_unsold_first(self.model.built, outcome)
        assert outcome.decisions is not None
        return assemble_plan(self.problem, outcome.decisions, outcome.status, outcome.report)

    @property
    def up_to(self) -> str:
        """``by any plan up to 1000.00 EUR TTC``: the plans every statement is about."""
        return f"by any plan up to {money(self.model.spend, self.model.basis)}"

    def least_cost(self, hard: frozenset[str]) -> float | None:
        """Least cost (on the budget's basis) with the targets ``hard`` and no budget;
        None when no plan meets them (or none was found in the time limit)."""
        if hard not in self.hard_costs:
            self.model.configure(hard=hard)
            self.model.minimise_cost()
            outcome = self.model.solve(self.options)
            cost = None
            if outcome.decisions is not None:
                cost = float(plan_cost(self.assemble(outcome), self.model.basis))
            self.hard_costs[hard] = cost
        return self.hard_costs[hard]


def diagnose(problem: WeekProblem, options: SolveOptions | None = None,
             weights: DiagnosisWeights | None = None) -> Diagnosis:
    """Explain why ``problem`` has no plan meeting its budget and targets (see the module).

    Solves with ``options`` (each solve within its time limit); ``weights`` decide which
    targets give way first in the elastic plan.
    """
    options = options or SolveOptions()
    weights = weights or DiagnosisWeights()
    model = build_elastic(problem)
    run = _Diagnoser(problem, options, model)
    model.configure()
    model.minimise_cost()
    cheapest = model.solve(options)
    if cheapest.decisions is None:
        if cheapest.status is PlanStatus.INFEASIBLE:
            text = ("no plan serves every need (and keeps the menu rules) even ignoring the"
                    " budget and every target: see the pack limits, stock, collections,"
                    " delivery days and menu rules")
        else:
            text = "the diagnosis found no plan within the time limit"
        return Diagnosis(({"target": "needs", "limit": None, "best": None,
                           "needed_budget": None, "message": text},))
    reference = run.assemble(cheapest)
    cheapest_cost = float(plan_cost(reference, model.basis))
    run.hard_costs[frozenset()] = cheapest_cost
    points = point_sizes(problem, reference)
    model.configure(elastic=model.names)
    model.minimise_shortfall(weights, points, cheapest_cost)
    outcome = model.solve(options, hint=solution_values(cheapest))
    if outcome.decisions is None:
        return Diagnosis(({"target": "needs", "limit": None, "best": None,
                           "needed_budget": None,
                           "message": "the diagnosis found no plan within the time limit"},))
    closest = run.assemble(outcome)
    results = {t.name: t for t in closest.targets}
    unmet = [n for n in model.names if n in results and not results[n].met]
    met = frozenset(n for n in model.names if n != "budget" and n in results and results[n].met)
    items = []
    for name in unmet:
        if name == "budget":
            items.append(_budget_line(run, closest, met, cheapest_cost))
        else:
            items.append(_target_line(run, closest, name, met))
    items += _together_line(run, unmet)
    basis = model.basis
    messages = [
        f"cheapest plan ignoring the budget and every target: {money(cheapest_cost, basis)}",
        "closest plan (targets relaxed by weight; not a plan to order): "
        + _figures(closest, basis),
    ]
    if not unmet:
        items.append({"target": "all", "limit": None, "best": None, "needed_budget": None,
                      "message": "the closest plan meets every target within rounding;"
                                 " try again with a tighter solver tolerance"})
    return Diagnosis(tuple(items), tuple(messages))


def _figures(plan: Plan, basis: str) -> str:
    ind = plan.indicators
    assert ind is not None
    total = float(ind.total_ttc if basis == "TTC" else ind.total_ht)
    parts = [f"{money(total, basis)} ({total / plan.covers:.2f} per cover)"]
    for t in plan.targets:
        if t.name != "budget":
            parts.append(f"{TARGETS[t.name].word_en} {value_label(t.name, t.value)}")
    return ", ".join(parts)


def _cost_text(run: _Diagnoser, cost: float) -> str:
    """``cost`` (a least cost the model found) as it can be said: the amount, when at most
    the spending every plan up to which is in the model (then no cheaper plan exists: a
    cheaper plan spends less, so it is in the model); else ``more than Y EUR (a plan
    found at C EUR)``, since plans above ``Y`` may have been capped out."""
    basis, spend = run.model.basis, run.model.spend
    if cost <= spend + 0.005:
        return money(cost, basis)
    return f"more than {money(spend, basis)} (a plan found at {money(cost, basis)})"


def _more(needed: float, limit: float) -> str:
    """`` (+12.34 EUR)``: how much ``needed`` is above ``limit``; empty when it is not."""
    extra = needed - limit
    return f" (+{extra:.2f} EUR)" if extra >= 0.005 else ""


def _budget_line(run: _Diagnoser, closest: Plan, met: frozenset[str],
                 cheapest: float) -> dict[str, Any]:
    """The budget given way: below the cheapest plan, or below what the met targets need."""
    basis = run.model.basis
    limit = run.problem.budget_limit()
    assert limit is not None
    best = float(plan_cost(closest, basis))
    needed = run.least_cost(met)
    if cheapest > limit:
        text = (f"budget {money(limit, basis)} is below the cheapest possible plan,"
                f" {money(cheapest, basis)}, even ignoring every target")
        if needed is not None and needed > cheapest + 0.005:
            text += (f"; with the targets met here it needs {_cost_text(run, needed)}"
                     f"{_more(needed, limit)}")
        else:
            text += _more(cheapest, limit)
    else:
        text = f"budget {money(limit, basis)} exceeded: best {money(best, basis)}"
        if needed is not None and needed >= limit + 0.005:
            text += (f"; the targets met here need {_cost_text(run, needed)}"
                     f"{_more(needed, limit)}")
    return {"target": "budget", "limit": limit, "best": best,
            "needed_budget": needed if needed is not None and needed >= limit else None,
            "message": text}


def _target_line(run: _Diagnoser, closest: Plan, name: str,
                 met: frozenset[str]) -> dict[str, Any]:
    problem, basis = run.problem, run.model.basis
    limit = getattr(problem.targets, name)
    best = next(t.value for t in closest.targets if t.name == name)
    budget = problem.budget_limit()
    head = limit_label(name, limit)
    item: dict[str, Any] = {"target": name, "limit": limit, "best": best, "needed_budget": None}
    needed = run.least_cost(met | {name})
    if needed is not None:
        item["needed_budget"] = needed
        reach = limit_label(name, limit).removeprefix(TARGETS[name].word_en + " ")
        if budget is not None and needed < budget + 0.005:
            item["needed_budget"] = None
            item["message"] = (f"{head} not met, and not for want of money: best"
                               f" {value_label(name, best)}; plans reaching {reach} with the"
                               f" targets met here cost {money(needed, basis)}, within the"
                               f" budget, but another rule stops them (when the orders are"
                               f" placed, the delivery days, or another target)")
        elif budget is not None:
            item["message"] = (f"{head} not reachable within {money(budget, basis)}:"
                               f" best {value_label(name, best)}; reaching {reach} needs"
                               f" {_cost_text(run, needed)}{_more(needed, budget)}")
        else:
            item["message"] = (f"{head} not met by the closest plan: best"
                               f" {value_label(name, best)}; with the targets met here it"
                               f" needs {_cost_text(run, needed)}")
        return item
    alone = run.least_cost(frozenset({name}))
    if alone is None:
        return _unreachable(run, item, name, best)
    partners = sorted((m for m in met if run.least_cost(frozenset({name, m})) is None),
                      key=lambda m: tuple(TARGETS).index(m))
    item["collides_with"] = partners or sorted(met, key=lambda m: tuple(TARGETS).index(m))
    others = " and ".join(limit_label(m, getattr(problem.targets, m))
                          for m in item["collides_with"])
    together = "" if partners else " (no two of them clash, all together do)"
    item["message"] = (f"{head} not reachable together with {others} {run.up_to}"
                       f"{together}: best {value_label(name, best)}; {head} alone needs"
                       f" {_cost_text(run, alone)}")
    return item


def _unreachable(run: _Diagnoser, item: dict[str, Any], name: str,
                 best: float | None) -> dict[str, Any]:
    """A target that no plan reaches, even alone with unlimited money: its real bound."""
    problem, model = run.problem, run.model
    head = limit_label(name, item["limit"])
    if name == "max_meat_g_per_cover":
        return _meat_unreachable(run, item, best)
    model.configure()
    model.minimise_cost()
    start = model.solve(run.options)
    bound: float | None = None
    proven = True
    if start.decisions is not None and name == "max_co2_kg_per_cover":
        low = least_co2(model.built, run.options, model.basis, solution_values(start))
        if low.decisions is not None:
            indicators = run.assemble(low).indicators
            assert indicators is not None
            bound = indicators.co2_kg_per_cover
    elif start.decisions is not None:
        greatest = greatest_share(model.built, name, run.options, model.basis, start)
        bound, proven = greatest.share, greatest.proven
    item["bound"] = bound
    if name == "max_co2_kg_per_cover":
        text = f"{head} not reachable {run.up_to}"
        if bound is not None:
            text += f": at least {bound:.3f} kg per cover with these menus"
        item["message"] = text + f"; best {value_label(name, best)}"
        return item
    late = late_needs(problem, name)
    late_ingredients = {n.ingredient for n in late}
    missing = [i for i in without_qualifying_offer(problem, name) if i not in late_ingredients]
    why = f" (no {TARGETS[name].word_en} offer for {', '.join(missing)})" if missing else ""
    if not proven:
        why += " (the most found within the time limit)"
    if late:
        why += "; " + _late_reason(run, item, name, late)
    if bound is not None and best is not None and abs(bound - best) > 5e-4:
        text = (f"{head} not reachable {run.up_to}: best {value_label(name, best)},"
                f" at most {value_label(name, bound)}{why}")
    else:
        shown = bound if bound is not None else best
        text = f"{head} not reachable {run.up_to}: at most {value_label(name, shown)}{why}"
    item["message"] = text
    return item


def _late_reason(run: _Diagnoser, item: dict[str, Any], name: str,
                 late: Sequence[LateNeed]) -> str:
    """The share ``name`` and its late needs (:mod:`.diagnose_timing`): *missed because of
    when the orders are placed* with what a plan ordered in time costs, when one meets the
    target (``item`` then gets ``ordered_on`` and the ``late`` needs); else the facts alone."""
    facts = late_text(run.problem, TARGETS[name].word_en, late)
    cost = in_time_cost(run.problem, name, late, run.options)
    if cost is None:
        return facts
    item["ordered_on"] = run.problem.week.order_date.isoformat()
    item["late"] = [n.to_json() for n in late]
    basis, budget = run.model.basis, run.problem.budget_limit()
    said = f"ordered in time, a plan reaching it costs {_cost_text(run, cost)}"
    if budget is not None:
        said += (", within the budget" if cost < budget + 0.005
                 else f", {money(cost - budget, basis)} over the budget")
    return f"missed because of when the orders are placed: {facts}; {said}"


def _meat_unreachable(run: _Diagnoser, item: dict[str, Any],
                      best: float | None) -> dict[str, Any]:
    """The meat cap no plan meets: the menus serve more, whichever recipes are chosen."""
    found = meat_over_cap(run.problem)
    if found:
        item["bound"] = least_meat_g_per_cover(run.problem)
        item["message"] = found[0].message
        return item
    model = run.model
    model.configure()
    low = least_meat(model.built, run.options, model.basis)
    bound = None
    if low.decisions is not None:
        bound = expression_value(meat_expression(model.built), low) / run.problem.covers
    item["bound"] = bound
    least = "" if bound is None else f": the menu rules leave at least {bound:.1f} g per cover"
    name = "max_meat_g_per_cover"
    item["message"] = (f"{limit_label(name, item['limit'])} not reachable {run.up_to}"
                       f"{least}; best {value_label(name, best)}")
    return item


def _together_line(run: _Diagnoser, unmet: Sequence[str]) -> list[dict[str, Any]]:
    """With several targets missed for want of money: what meeting them all would cost."""
    targets = [n for n in unmet if n != "budget"]
    budget = run.problem.budget_limit()
    if len(targets) < 2 or budget is None:
        return []
    needed = run.least_cost(frozenset(n for n in run.model.names if n != "budget"))
    if needed is None or needed < budget + 0.005:
        return []
    return [{"target": "all", "limit": budget, "best": None, "needed_budget": needed,
             "message": f"meeting every target together needs {_cost_text(run, needed)}"
                        f"{_more(needed, budget)}"}]
