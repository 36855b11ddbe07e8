"""Plan a week: build the problem, solve it, assemble and verify the plan.

This is the public entry point for other software::

    import cantine_supply as cs

    catalogue = cs.load("data")
    result = cs.plan(catalogue, "2026-w48")
    print(result.status.value, result.indicators.cost_per_cover_ttc)
"""

from __future__ import annotations

from typing import Literal

import attrs

from cantine_supply.errors import InputError, Problem, VerificationError
from cantine_supply.model import Budget, Catalogue
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.decisions import PlanStatus, SolverReport
from cantine_supply.optimize.solve import (
    WARM_START_INTEGERS,
    ProgressCallback,
    SolveOptions,
    SolveOutcome,
    solve_model,
    whole_numbers,
)
from cantine_supply.optimize.split import split_and_serve_unsold_first
from cantine_supply.optimize.targets import greatest_share
from cantine_supply.planning.diagnose import DiagnosisWeights, diagnose, supply_diagnosis
from cantine_supply.planning.skipped_rounds import explain_skipped_rounds
from cantine_supply.plans.assemble import assemble_plan, empty_plan
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.checks import supply_findings
from cantine_supply.problem.pack_caps import TRIAL_SPEND_PER_COVER
from cantine_supply.problem.reduce import reduce_problem
from cantine_supply.problem.week import WeekProblem, lets_more_packs
from cantine_supply.problem.week_choice import problem_to_plan
from cantine_supply.verification.week import verify

Objective = Literal["cost", "co2", "organic"]



def plan(
    data: Catalogue | WeekProblem,
    week: str | None = None,
    *,
    budget: Budget | None = None,
    objective: Objective = "cost",
    options: SolveOptions | None = None,
    progress: ProgressCallback | None = None,
    weights: DiagnosisWeights | None = None,
) -> Plan:
    """Plan week ``week`` of the loaded ``data`` (a :class:`Catalogue`; ``week`` may be
    left out when it holds one week only), or the already built :class:`WeekProblem`
    ``data`` (:func:`~cantine_supply.problem.week_choice.problem_to_plan`).

    ``objective``: ``cost`` (least total cost, the default), ``co2`` (least kg CO2e within
    the budget and targets) or ``organic`` (greatest organic share within the budget and
    targets). ``budget`` replaces the week's own budget. The returned plan has passed
    :func:`~cantine_supply.verification.week.verify`; a plan that fails it raises
    :class:`~cantine_supply.errors.VerificationError` (a bug, never returned quietly).
    Infeasible weeks and time limits without a plan return a plan whose ``status`` says so
    and whose lists are empty.

    With the cost objective, each collection round the plan leaves out is explained in
    ``skipped_collections`` (:mod:`cantine_supply.planning.skipped_rounds`: one more solve per
    round left out, with it forced).

    The checks of :mod:`cantine_supply.problem.checks` run before every solve (they are cheap);
    when food cannot be had at all the week is infeasible without solving. An infeasible
    week's plan carries a ``diagnosis`` (:func:`cantine_supply.planning.diagnose.diagnose`): one
    line per target not met, with the best value reachable and the budget it needs;
    ``weights`` (:class:`~cantine_supply.optimize.elastic.DiagnosisWeights`) say which
    targets give way first.

    Without a budget, the lines that count for a share have no valid finite cap
    (:func:`~cantine_supply.problem.pack_caps.pack_cap`): the first solve caps them on the
    need, and a second solve, bounded by what the plan found may cost, finds the week's
    optimum (:func:`_bounded_by_cost`). When the first finds none and the least cost is
    sought, the week is solved again with every plan of at most
    :data:`TRIAL_SPEND_PER_COVER` EUR a cover allowed: a plan found then is the optimum
    (every cheaper plan was allowed); none found proves that none costs that much or less,
    and the plan says so.
    """
    problem = problem_to_plan(data, week, budget=budget)
    options = options or SolveOptions()
    findings = supply_findings(problem)
    if findings:
        found = supply_diagnosis(findings)
        report = SolverReport(options.solver, "not solved: checks failed", 0.0, None, None, None)
        return attrs.evolve(empty_plan(problem, PlanStatus.INFEASIBLE, report, found.messages),
                            diagnosis=found.items)
    cost_basis = problem.budget.basis if problem.budget else "TTC"
    if objective == "organic":
        problem = _seeking_organic(problem)
        built = build_model(problem, "cost", cost_basis)
        outcome = solve_model(built, options)
        if outcome.decisions is not None:
            outcome = greatest_share(built, "organic_share", options, cost_basis, outcome,
                                     step_limit_s=None).outcome
    else:
        reduced = reduce_problem(problem, objective).problem  # dominated offers left out
        built = build_model(reduced, objective, cost_basis)
        outcome = solve_model(built, options, progress=progress)
    outcome = split_and_serve_unsold_first(built, outcome)
    if (outcome.status is PlanStatus.INFEASIBLE and objective == "cost"
            and capped_on_the_need(problem)):
        trial = attrs.evolve(problem, spend_bound=TRIAL_SPEND_PER_COVER * problem.covers)
        return plan(trial, options=options, progress=progress, weights=weights)
    if outcome.decisions is None:
        messages = []
        if outcome.status is PlanStatus.INFEASIBLE:
            messages.append("no plan meets every need, the budget and every target")
            messages += capped_on_the_need(problem)
            if problem.budget is None and problem.spend_bound is not None:
                messages.append(f"no plan costs {problem.spend_bound:.2f} EUR or less; dearer"
                                " plans were not sought")
        elif outcome.status is PlanStatus.TIME_LIMIT:
            messages.append(_no_plan_found(options))
            if options.solver == "scip" and whole_numbers(built.model) > WARM_START_INTEGERS:
                messages.append(SCIP_ON_LARGE_WEEKS)
        result = empty_plan(problem, outcome.status, outcome.report, messages)
        if outcome.status is PlanStatus.INFEASIBLE:
            found = diagnose(problem, options, weights)
            result = attrs.evolve(result, diagnosis=found.items,
                                  messages=result.messages + found.messages)
        return result
    result = assemble_plan(problem, outcome.decisions, outcome.status, outcome.report)
    bounded = _bounded_by_cost(problem, result, objective, outcome)
    if bounded is not None:
        again = plan(bounded, objective=objective, options=options, progress=progress,
                     weights=weights)
        if again.status.has_plan:
            return again
    failures = verify(problem, result)
    if failures:
        raise VerificationError(failures)
    if objective == "cost":
        skipped = explain_skipped_rounds(built, outcome, options, result, cost_basis)
        result = attrs.evolve(result, skipped_collections=skipped)
    return result


def _bounded_by_cost(problem: WeekProblem, found: Plan, objective: Objective,
                     outcome: SolveOutcome) -> WeekProblem | None:
    """``problem`` with ``spend_bound`` set to the most a plan as good as ``found`` may
    cost, when the week has no budget, the objective is least cost or least CO2 and some
    line could then hold more packs than the first solve allowed; else None.

    Without a budget the first solve caps a line that counts for a share on the need
    (:func:`~cantine_supply.problem.pack_caps.pack_cap`), which may leave out a plan that
    buys more of it to lift the share. The bound, on the objective's basis (TTC, the
    week having no budget):

    - least cost: a plan as cheap as ``found`` costs no more than its ``total_ttc``;
    - least CO2 (objective ``co2 + 1e-4 × planner cost``, value ``z`` for ``found``): a
      plan as good has ``1e-4 × cost <= co2 + 1e-4 × planner cost <= z`` (its CO2 is 0 or
      more, and the planner cost is the cost plus terms of 0 or more), so it costs at
      most ``1e4 × z``.

    Capping each line by what that bound can pay (:func:`~cantine_supply.problem.
    pack_caps.spend_cap`) leaves out no plan as good as ``found``, so the second solve's
    optimum is the week's."""
    if problem.budget is not None or problem.spend_bound is not None:
        return None
    if found.indicators is None or objective == "organic":
        return None
    if objective == "cost":
        spend = float(found.indicators.total_ttc)
    else:
        if outcome.report.objective is None:
            return None
        assert outcome.result is not None
        spend = 1e4 * outcome.result.objective_value() * (1 + 1e-9) + 0.01
    bounded = attrs.evolve(problem, spend_bound=spend)
    return bounded if lets_more_packs(problem, bounded) else None


def capped_on_the_need(problem: WeekProblem) -> list[str]:
    """Said of an infeasible week without a budget whose lines that count for a share were
    capped on the need (:func:`~cantine_supply.problem.pack_caps.pack_cap`: no valid finite
    cap exists for them): more packs of them were not tried, so a plan buying more of them
    to lift a share may exist."""
    if problem.spend_limit() is not None:
        return []
    capped = sorted({
        slot.offer for slot in problem.delivery_slots
        if problem.counts_for_a_share(problem.offers[slot.offer])
        and problem.offers[slot.offer].max_packs is None
        and problem.offers[slot.offer].max_packs_per_delivery is None
    })
    if not capped:
        return []
    return [f"without a budget, lines that count for a share ({', '.join(capped[:3])}"
            f"{', ...' if len(capped) > 3 else ''}) were tried up to what the need, tiers and"
            " thresholds call for: a plan buying more of them to lift a share was not sought"]


def _seeking_organic(problem: WeekProblem) -> WeekProblem:
    """``problem`` with the organic share among the shares its lines count for, after
    checking that the greatest organic share exists.

    Without a budget (or ``spend_bound``) a plan can buy any number of packs of an
    organic line with no ``max_packs``: each lifts the organic share, which nears 100%
    without reaching it, so no plan has the greatest share. Raises :class:`InputError`
    then, naming such an offer."""
    if problem.budget is None and problem.spend_bound is None:
        unbounded = sorted(
            slot.offer for slot in problem.delivery_slots
            if problem.offers[slot.offer].is_organic
            and problem.offers[slot.offer].max_packs is None
            and problem.offers[slot.offer].max_packs_per_delivery is None
        )
        if unbounded:
            raise InputError(Problem(
                "weeks", "budget",
                f"the organic objective needs a budget: without one every extra pack of"
                f" {unbounded[0]} lifts the organic share, and no plan has the greatest"))
    return attrs.evolve(problem, shares_sought=("organic_share",))


#: Said when SCIP finds no plan on a week of more than ``WARM_START_INTEGERS`` whole-number
#: variables (on the generated 20,000-offer weeks SCIP found none in 60 s, HiGHS one each).
SCIP_ON_LARGE_WEEKS = (
    "on a week this size HiGHS finds plans where SCIP often finds none: try --solver highs"
)


def _no_plan_found(options: SolveOptions) -> str:
    """``no plan found in 60 s`` (with the node limit too, when one was set)."""
    limits = []
    if options.time_limit_s is not None:
        limits.append(f"{options.time_limit_s:g} s")
    if options.node_limit is not None:
        limits.append(f"{options.node_limit} nodes")
    return "no plan found in " + (" or ".join(limits) or "the solver's limits")


