"""Plan a week whose collections bring uncertain quantities: the two-stage plan.

::

    import cantine_supply as cs
    from cantine_supply.planning.uncertain import plan_uncertain

    result = plan_uncertain(cs.load("data"), "2026-w48", scenarios=9)
    for order in result.orders:            # send these now
        print(order.supplier_name, order.delivery_date, order.total_ht)
    for row in result.recourse:            # print beside the order forms
        print(row.collection_name, row.ingredient, row.below, row.packs, row.product)
    print(result.expected_ttc, result.cost_range_ttc)

The scenarios (:mod:`cantine_supply.problem.scenarios`) say what the rounds may bring; the
model (:mod:`cantine_supply.optimize.scenarios`) decides the orders now and, per scenario,
the day-of purchases at the week's recourse shop, at least expected cost, so that every
service is fed and every target holds in every scenario (or on average, per target).
Every scenario's plan passes the weekly verifier and the two-stage checks of
:mod:`cantine_supply.verification.uncertain`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from decimal import Decimal

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.errors import VerificationError
from cantine_supply.model import Budget, Catalogue, Recourse
from cantine_supply.optimize.decisions import PlanStatus, SolverReport
from cantine_supply.optimize.read_back import read_decisions
from cantine_supply.optimize.scenarios import (
    TwoStageModel,
    build_two_stage,
    first_stage_variables,
    fix_first_stage,
)
from cantine_supply.optimize.solve import SolveOptions, SolveOutcome, solve_model
from cantine_supply.optimize.split import split_and_serve_unsold_first
from cantine_supply.planning.week import capped_on_the_need, plan
from cantine_supply.plans.assemble import assemble_plan
from cantine_supply.plans.indicators import compute_indicators, evaluate_targets
from cantine_supply.plans.plan import CollectionRun, Plan, to_cents
from cantine_supply.plans.uncertain import (
    UncertainPlan,
    at_risk,
    expected_money,
    first_stage_of,
    first_stage_orders,
    recourse_table,
    scenario_result,
)
from cantine_supply.problem.checks import supply_findings
from cantine_supply.problem.pack_caps import TRIAL_SPEND_PER_COVER
from cantine_supply.problem.scenarios import (
    Scenario,
    UncertainProblem,
    expected_scenario,
    scenario_catalogue,
    uncertain_problem,
    with_spend_bound,
)
from cantine_supply.problem.week import WeekProblem, lets_more_packs
from cantine_supply.verification.uncertain import verify_uncertain


def plan_uncertain(
    catalogue: Catalogue,
    week: str,
    scenarios: int | Sequence[Scenario] | None = None,
    *,
    seed: int | None = None,
    budget: Budget | None = None,
    recourse: Recourse | None = None,
    in_expectation: Sequence[str] | None = None,
    options: SolveOptions | None = None,
) -> UncertainPlan:
    """The two-stage plan of week ``week`` over ``scenarios`` (a number, made by
    :func:`~cantine_supply.problem.scenarios.planning_scenarios` with ``seed``, or the
    scenarios themselves; None: the week's ``[recourse] scenarios``, else 1). ``recourse``
    and ``in_expectation`` replace the week's ``[recourse]``. Only the least-cost objective. Raises
    :class:`~cantine_supply.errors.VerificationError` when a scenario's plan fails the
    verifier (a bug)."""
    if scenarios is None:
        known = catalogue.week_by_id.get(week)
        setting = recourse or (known.recourse if known is not None else None)
        scenarios = (setting.scenarios if setting is not None else None) or 1
    problem = uncertain_problem(catalogue, week, scenarios, seed=seed, budget=budget,
                                recourse=recourse, in_expectation=in_expectation)
    return solve_uncertain(problem, options)


def solve_uncertain(problem: UncertainProblem,
                    options: SolveOptions | None = None) -> UncertainPlan:
    """Build, solve, assemble and verify the two-stage plan of ``problem``. With several
    scenarios the search starts from :func:`warm_start` (its time is in the report's)."""
    options = attrs.evolve(options or SolveOptions(), warm_start=0.0)
    if supply_findings(problem.base):
        report = SolverReport(options.solver, "not solved: checks failed", 0.0, None, None, None)
        return _no_plan(problem, PlanStatus.INFEASIBLE, report,
                        ("some food cannot be had in time: run the weekly plan for details",))
    basis = problem.base.budget.basis if problem.base.budget else "TTC"
    built = build_two_stage(problem, basis)
    started = time.perf_counter()
    hint = warm_start(problem, built, options) if len(problem.scenarios) > 1 else None
    warm_s = time.perf_counter() - started
    outcome = solve_model(built.to_solve(), options, remove_names=True, hint=hint)
    outcome = attrs.evolve(outcome, report=attrs.evolve(
        outcome.report, time_s=outcome.report.time_s + warm_s))
    if problem.expected_limit() is None:
        if outcome.status is PlanStatus.INFEASIBLE and capped_on_the_need(problem.base):
            return solve_uncertain(
                with_spend_bound(problem, TRIAL_SPEND_PER_COVER * problem.base.covers), options)
        if outcome.result is not None and outcome.decisions is not None:
            bounded = _bounded_by_cost(problem, outcome.result.objective_value())
            if bounded is not None:
                again = solve_uncertain(bounded, options)
                if again.status.has_plan:
                    return again
    if outcome.decisions is None or outcome.result is None:
        messages = ["no first-stage orders feed every service in every scenario"]
        if problem.base.budget is None and problem.spend_bound is not None:
            messages.append(f"no plan costs {problem.spend_bound:.2f} EUR or less on average;"
                            " dearer plans were not sought")
        return _no_plan(problem, outcome.status, outcome.report,
                        tuple(messages) if outcome.status is PlanStatus.INFEASIBLE else ())
    values = outcome.result.variable_values()
    made = sorted(key for key, trip in built.scenarios[0].trip.items() if values[trip] > 0.5)
    plans = []
    for k in range(len(problem.scenarios)):
        scenario = built.scenario_model(k)
        decisions = read_decisions(scenario, outcome.result)
        done = split_and_serve_unsold_first(scenario, SolveOutcome(outcome.status, outcome.report,
                                                         decisions, outcome.result))
        assert done.decisions is not None
        plans.append(with_rounds_made(problem.problems[k], assemble_plan(
            problem.problems[k], done.decisions, outcome.status, outcome.report), made))
    result = uncertain_plan(problem, plans, outcome.status, outcome.report)
    failures = verify_uncertain(problem, result)
    if failures:
        raise VerificationError(failures)
    return result


def _bounded_by_cost(problem: UncertainProblem, objective: float) -> UncertainProblem | None:
    """``problem`` (a week without a budget or spend bound) capped by what a plan as good as
    the one found may spend in expectation, when some line could then hold more packs than
    the first solve allowed; else None (the first solve's optimum is the week's).

    Without a budget the first solve caps a line that counts for a share on the need
    (:func:`~cantine_supply.problem.pack_caps.pack_cap`), which may leave out a plan that
    buys more of it to lift a share. A plan as good as the one found has an objective of
    at most ``z`` (its value); the objective is ``Σ_k π_k (cost_k + off-season penalty_k)``
    plus tie-breaks of 0 or more, so ``Σ_k π_k cost_k <= z``: capping the lines by what
    that can pay (:func:`~cantine_supply.problem.scenarios.with_spend_bound`, proof in
    :meth:`~cantine_supply.problem.scenarios.UncertainProblem.day_of_slots`) leaves out no
    such plan, so the second solve's optimum is the two-stage plan's."""
    bounded = with_spend_bound(problem, objective * (1 + 1e-9) + 0.01)
    pairs = [(problem.base, bounded.base)] + [
        (problem.day_of_slots(k), bounded.day_of_slots(k)) for k in range(len(problem.problems))]
    return bounded if any(lets_more_packs(old, new) for old, new in pairs) else None


def warm_start(problem: UncertainProblem, built: TwoStageModel,
               options: SolveOptions) -> dict[mathopt.Variable, float] | None:
    """A whole solution of ``built`` to start the search from: the weekly plan on the
    expected amounts as the first stage (:func:`.optimize.scenarios.fix_first_stage`),
    with its best day-of fixes in every scenario (the model solved with the first stage
    fixed). None when that plan cannot hold every target in every scenario. The solver
    then starts from a plan at least as good as "plan on the expected amounts and fix on
    the day", in expectation over the scenarios."""
    base = problem.base
    on_expected = plan(scenario_catalogue(base.catalogue, expected_scenario(base), None),
                       base.week.id, budget=base.budget, options=options)
    if not on_expected.status.has_plan:
        return None
    variables = first_stage_variables(built)
    bounds = [(v.lower_bound, v.upper_bound) for v in variables]
    try:
        fix_first_stage(built, first_stage_of(on_expected))
        fixed = solve_model(built.to_solve(), options, remove_names=True)
    finally:
        for var, (low, high) in zip(variables, bounds, strict=True):
            var.lower_bound, var.upper_bound = low, high
    if fixed.result is None or not fixed.status.has_plan:
        return None
    values = fixed.result.variable_values()
    return {var: values[var] for var in built.model.variables()}


def with_rounds_made(week: WeekProblem, plan: Plan,
                     made: Sequence[tuple[str, dt.date]]) -> Plan:
    """``plan`` with every round made listed, an empty one too (a round is made before
    knowing what it brings, and its trip is paid even when it brings nothing); the
    indicators and targets then count its trip."""
    listed = {(run.collection, run.date) for run in plan.collections}
    empty = [
        CollectionRun(cid, week.collections[cid].name, day,
                      to_cents(week.collections[cid].trip_cost), ())
        for cid, day in made if (cid, day) not in listed
    ]
    if not empty:
        return plan
    runs = tuple(sorted(plan.collections + tuple(empty), key=lambda r: (r.date, r.collection)))
    indicators = compute_indicators(week, plan.orders, runs, plan.servings, plan.leftovers,
                                    plan.menu)
    return attrs.evolve(plan, collections=runs, indicators=indicators,
                        targets=evaluate_targets(week, indicators))


def uncertain_plan(problem: UncertainProblem, plans: Sequence[Plan], status: PlanStatus,
                   report: SolverReport) -> UncertainPlan:
    """The two-stage plan from each scenario's weekly plan (same orders now in each)."""
    results = tuple(scenario_result(s, p) for s, p in zip(problem.scenarios, plans, strict=True))
    expected_ttc, expected_ht = expected_money(results)
    return UncertainPlan(
        week=problem.base.week.id,
        status=status,
        solver=report,
        orders=first_stage_orders(plans[0]),
        scenarios=results,
        recourse=recourse_table(problem, results),
        expected_ttc=expected_ttc,
        expected_ht=expected_ht,
        at_risk=at_risk(results),
        in_expectation=tuple(sorted(problem.in_expectation)),
    )


def _no_plan(problem: UncertainProblem, status: PlanStatus, report: SolverReport,
             messages: tuple[str, ...]) -> UncertainPlan:
    return UncertainPlan(problem.base.week.id, status, report, (), (), (), Decimal(0),
                         Decimal(0), (), tuple(sorted(problem.in_expectation)), messages)
