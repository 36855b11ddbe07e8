"""Solving a horizon model: a search over single weeks, then the whole model.

Branch and bound finds the whole horizon model much harder than its weeks one by one:
the weeks are almost separate problems, joined only by the food carried from one to the
next, and the search has to close the gaps of all of them at once. So
:func:`solve_horizon` works in two steps:

1. **one week at a time** (:func:`improve_by_week`): starting from a solution (the
   weeks planned one at a time, given as a hint), for each week k in turn, every
   integer decision of the other weeks (packs and tiers, orders and free delivery,
   collection rounds, menu choices) is fixed at the current solution and week k's are
   free, while what each week serves from which lot (continuous) stays free everywhere.
   Each of these models is about the size of one week's and the current solution is
   one of its solutions, so each step finds a plan at least as good; a step that finds
   a better one replaces the current solution. A bulk buy in week k that feeds the
   later weeks (whose own purchases are then left over, valued at the end) is found by
   this step when it pays on its own; the next pass can then drop the later weeks'
   purchases.
2. **the whole model**, started from that solution, within the rest of the time limit:
   it may improve the plan further, and its best bound gives the gap reported.
"""

from __future__ import annotations

import datetime as dt
import math
import time

from ortools.math_opt.python import mathopt

from cantine_supply.optimize.build import Registry
from cantine_supply.optimize.horizon_build import HorizonBuilt
from cantine_supply.optimize.solve import SOLVERS, SolveOptions
from cantine_supply.plan import PlanStatus, SolverReport

Values = dict[mathopt.Variable, float]

#: Passes of the one-week-at-a-time search over the weeks.
PASSES = 2
#: Share of the time limit the one-week-at-a-time search may use.
SEARCH_SHARE = 0.5


def week_decisions(reg: Registry) -> list[mathopt.Variable]:
    """The integer decisions of a week: packs, tier choices and amounts, orders, free
    delivery, collection rounds and menu choices."""
    out = list(reg.packs.values())
    for parts in reg.tiers.values():
        for use, amount, _ in parts:
            out += [use, amount]
    out += list(reg.ordered.values()) + list(reg.free.values()) + list(reg.trip.values())
    return out + list(reg.menu.values())


def objective_value(built: HorizonBuilt, values: Values) -> float:
    """The horizon model's objective at ``values``."""
    expr = built.model.objective.as_linear_expression()
    return float(expr.evaluate(values))


def improve_by_week(built: HorizonBuilt, values: Values, options: SolveOptions,
                    step_limit_s: float | None, passes: int = PASSES) -> tuple[Values, int]:
    """Step 1 of the module docstring: re-plan one week at a time with the other weeks'
    integer decisions fixed at ``values``. Returns the best solution found and the number
    of steps that improved it."""
    weeks = [week_decisions(reg) for reg in built.registry.weeks]
    best, best_objective = dict(values), objective_value(built, values)
    improved = 0
    for _ in range(passes):
        improved_in_pass = False
        for k in range(len(weeks)):
            saved = []
            for j, decisions in enumerate(weeks):
                if j == k:
                    continue
                for var in decisions:
                    saved.append((var, var.lower_bound, var.upper_bound))
                    fixed = float(round(best[var]))
                    var.lower_bound, var.upper_bound = fixed, fixed
            try:
                step = attrs_evolve_limit(options, step_limit_s)
                status, _, found = solve_horizon_model(built, step, best)
            except Exception:  # noqa: BLE001 - a solver's internal error skips the step
                status, found = PlanStatus.ERROR, None
            finally:
                for var, lower, upper in saved:
                    var.lower_bound, var.upper_bound = lower, upper
            if found is None or not status.has_plan:
                continue
            objective = objective_value(built, found)
            if objective < best_objective - 1e-6:
                best, best_objective = found, objective
                improved += 1
                improved_in_pass = True
        if not improved_in_pass:
            break
    return best, improved


def attrs_evolve_limit(options: SolveOptions, limit_s: float | None) -> SolveOptions:
    """``options`` with time limit ``limit_s`` and no node or solution limit."""
    return SolveOptions(solver=options.solver, time_limit_s=limit_s,
                        relative_gap=options.relative_gap, threads=options.threads,
                        seed=options.seed)


def solve_horizon(built: HorizonBuilt, options: SolveOptions, hint: Values | None,
                  search: bool = True) -> tuple[PlanStatus, SolverReport, Values | None]:
    """Solve ``built`` (see the module docstring): the one-week-at-a-time search from
    ``hint`` (when given and ``search``), then the whole model from its result. The
    report's time covers both steps; its ``termination`` says how many search steps
    improved the plan."""
    started = time.perf_counter()
    total = options.time_limit_s
    improved = 0
    if hint is not None and search:
        steps = PASSES * len(built.registry.weeks)
        limit = None if total is None else SEARCH_SHARE * total / steps
        hint, improved = improve_by_week(built, hint, options, limit)
    rest = options
    if total is not None:
        left = max(total - (time.perf_counter() - started), 1.0)
        rest = SolveOptions(solver=options.solver, time_limit_s=left,
                            relative_gap=options.relative_gap, threads=options.threads,
                            seed=options.seed, node_limit=options.node_limit,
                            solution_limit=options.solution_limit)
    try:
        status, report, values = solve_horizon_model(built, rest, hint)
    except Exception as exc:  # the solver's own errors (pybind status) are not one class
        if hint is None:
            raise
        status, values = PlanStatus.ERROR, None
        report = SolverReport(options.solver, f"error: {exc}", 0.0, None, None, None)
    if hint is not None and status is not PlanStatus.INFEASIBLE and (
            values is None
            or objective_value(built, values) > objective_value(built, hint) + 1e-6):
        # the whole model did not keep the search's plan (a solver may drop a hint):
        # return that plan, with the gap to the solver's bound when there is one
        status, values = PlanStatus.FEASIBLE, hint
        objective = objective_value(built, hint)
        gap = None
        if report.bound is not None:
            gap = abs(objective - report.bound) / max(abs(objective), 1e-9)
        report = SolverReport(report.solver, report.termination, report.time_s, gap,
                              report.bound, objective)
    elapsed = time.perf_counter() - started
    termination = report.termination
    if hint is not None and search:
        termination += f" (after {improved} improving one-week steps)"
    return status, SolverReport(report.solver, termination, elapsed, report.gap, report.bound,
                                report.objective), values


def solve_horizon_model(built: HorizonBuilt, options: SolveOptions, hint: Values | None
                        ) -> tuple[PlanStatus, SolverReport, Values | None]:
    """One solve of the horizon model with ``options``, started from ``hint``."""
    params = mathopt.SolveParameters(
        relative_gap_tolerance=options.relative_gap,
        absolute_gap_tolerance=0.0 if options.relative_gap == 0 else None,
        threads=options.threads if options.solver != "highs" else None,
        random_seed=options.seed,
        enable_output=False,
    )
    if options.time_limit_s is not None:
        params.time_limit = dt.timedelta(seconds=options.time_limit_s)
    if options.node_limit is not None:
        params.node_limit = options.node_limit
    if options.solution_limit is not None:
        params.solution_limit = options.solution_limit
    model_params = None
    if hint:
        model_params = mathopt.ModelSolveParameters(
            solution_hints=[mathopt.SolutionHint(variable_values=hint)])
    started = time.perf_counter()
    result = mathopt.solve(built.model, SOLVERS[options.solver], params=params,
                           model_params=model_params, remove_names=True)
    elapsed = time.perf_counter() - started
    reason = result.termination.reason
    has = result.has_primal_feasible_solution()
    objective = result.objective_value() if has else None
    bound = result.termination.objective_bounds.dual_bound
    gap = None
    if objective is not None and math.isfinite(bound):
        gap = abs(objective - bound) / max(abs(objective), 1e-9)
    if reason == mathopt.TerminationReason.OPTIMAL:
        status = PlanStatus.OPTIMAL
    elif has:
        status = PlanStatus.FEASIBLE
    elif reason in (mathopt.TerminationReason.INFEASIBLE,
                    mathopt.TerminationReason.INFEASIBLE_OR_UNBOUNDED):
        status = PlanStatus.INFEASIBLE
    elif reason == mathopt.TerminationReason.NO_SOLUTION_FOUND:
        status = PlanStatus.TIME_LIMIT
    else:
        status = PlanStatus.ERROR
    report = SolverReport(options.solver, reason.name.lower(), elapsed, gap,
                          bound if math.isfinite(bound) else None, objective)
    return status, report, (dict(result.variable_values()) if has else None)
