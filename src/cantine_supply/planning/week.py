"""Plan a week: build the problem, solve it, assemble and verify the plan.

This is the public entry point for other software::

    import cantine_supply as cs
    from cantine_supply.planning.week import plan

    catalogue = cs.load("data")
    result = plan(catalogue, "2026-w48")
    print(result.status.value, result.indicators.cost_per_cover_ttc)
"""

from __future__ import annotations

from typing import Literal

import attrs

from cantine_supply.errors import VerificationError
from cantine_supply.model import Budget, Catalogue
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.decisions import PlanStatus, SolverReport
from cantine_supply.optimize.solve import (
    WARM_START_INTEGERS,
    ProgressCallback,
    SolveOptions,
    solve_model,
    whole_numbers,
)
from cantine_supply.optimize.split import complete_decisions
from cantine_supply.optimize.targets import greatest_share
from cantine_supply.planning.diagnose import DiagnosisWeights, diagnose, supply_diagnosis
from cantine_supply.planning.skipped_rounds import explain_skipped_rounds
from cantine_supply.plans.assemble import assemble_plan, empty_plan
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.checks import supply_findings
from cantine_supply.problem.reduce import reduce_problem
from cantine_supply.problem.week import WeekProblem, week_problem
from cantine_supply.problem.week_choice import week_to_plan
from cantine_supply.verification.week import verify

Objective = Literal["cost", "co2", "organic"]


def plan(
    catalogue: Catalogue | WeekProblem,
    week: str | None = None,
    *,
    budget: Budget | None = None,
    objective: Objective = "cost",
    options: SolveOptions | None = None,
    progress: ProgressCallback | None = None,
    weights: DiagnosisWeights | None = None,
) -> Plan:
    """Plan week ``week`` of ``catalogue`` (or an already built :class:`WeekProblem`).

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
    """
    problem = catalogue if isinstance(catalogue, WeekProblem) else week_problem(
        catalogue, _week_id(catalogue, week), budget=budget
    )
    options = options or SolveOptions()
    findings = supply_findings(problem)
    if findings:
        found = supply_diagnosis(findings)
        report = SolverReport(options.solver, "not solved: checks failed", 0.0, None, None, None)
        return attrs.evolve(empty_plan(problem, PlanStatus.INFEASIBLE, report, found.messages),
                            diagnosis=found.items)
    cost_basis = problem.budget.basis if problem.budget else "TTC"
    if objective == "organic":
        built = build_model(problem, "cost", cost_basis)
        outcome = solve_model(built, options)
        if outcome.decisions is not None:
            outcome = greatest_share(built, "organic_share", options, cost_basis, outcome,
                                     step_limit_s=None).outcome
    else:
        reduced = reduce_problem(problem, objective).problem  # dominated offers left out
        built = build_model(reduced, objective, cost_basis)
        outcome = solve_model(built, options, progress=progress)
    outcome = complete_decisions(built, outcome)
    if outcome.decisions is None:
        messages = []
        if outcome.status is PlanStatus.INFEASIBLE:
            messages.append("no plan meets every need, the budget and every target")
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
    bounded = _bounded_by_cost(problem, result, objective)
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


def _bounded_by_cost(problem: WeekProblem, found: Plan, objective: Objective) -> WeekProblem | None:
    """``problem`` with ``spend_bound`` set to the cost of the plan ``found``, when the week
    has no budget, the least cost is sought and some line could then hold more packs than
    the first solve allowed; else None.

    Without a budget the first solve caps each line on the need (:func:`~cantine_supply.
    problem.pack_cap`), which may leave out a dearer-looking line that a share target makes
    worth buying. A cheaper plan than ``found`` costs less than it on either basis, so no
    line of it costs more: capping each line by what that cost can pay leaves out no plan
    as cheap as ``found``, and the second solve's optimum is the week's."""
    if problem.budget is not None or problem.spend_bound is not None or objective != "cost":
        return None
    if found.indicators is None:
        return None
    bounded = attrs.evolve(problem, spend_bound=float(found.indicators.total_ttc))
    offers = {slot.offer for slot in problem.delivery_slots}
    if all(bounded.pack_cap(problem.offers[o]) <= problem.pack_cap(problem.offers[o])
           for o in offers):
        return None
    return bounded


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


def _week_id(catalogue: Catalogue, week: str | None) -> str:
    """The week to plan: ``week``, or the only one (see
    :mod:`cantine_supply.problem.week_choice`)."""
    return week_to_plan(catalogue, week)
