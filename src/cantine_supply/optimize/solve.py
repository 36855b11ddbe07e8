"""Solve a built model and read the decisions back through the registry."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Mapping

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.errors import InputError
from cantine_supply.model import _validators as v
from cantine_supply.optimize.decisions import Decisions, PlanStatus, SolverReport
from cantine_supply.optimize.interrupt import interruptible_solve
from cantine_supply.optimize.money import unrounded_start
from cantine_supply.optimize.read_back import read_decisions
from cantine_supply.optimize.registry import BuiltModel
from cantine_supply.optimize.warm_start import relaxation_start

#: The MIP solvers the planner offers. CP-SAT is not one: it takes only whole-number
#: variables and coefficients, and the model has continuous quantities (servings, the
#: split of flexible lines) and fractional coefficients (pack sizes, shares), which math_opt
#: refuses to pass it (every solve failed); rewriting the model for it is not worth it
#: while SCIP and HiGHS solve a canteen's week in seconds.
SOLVERS: dict[str, mathopt.SolverType] = {
    "scip": mathopt.SolverType.GSCIP,
    "highs": mathopt.SolverType.HIGHS,
}


@attrs.frozen
class SolveOptions:
    """How to solve: ``solver`` (scip or highs), ``time_limit_s``, ``relative_gap``
    (0 proves optimality), ``threads`` (None: the solver's default), ``seed``.

    ``node_limit`` and ``solution_limit`` (None: no limit) stop the search early after that
    many branch-and-bound nodes or improving solutions, deterministically, unlike a time
    limit; the best plan found so far is returned as ``feasible`` with its gap.

    ``warm_start`` (0: off) is the share of the time limit first spent searching among the
    orders the relaxation places (:mod:`.warm_start`); the plan found there starts the
    search of the whole model, which gets the rest of the time. ``None`` (the default)
    lets the size of the week decide (:func:`warm_start_share`): on for a model with more
    than ``WARM_START_INTEGERS`` whole-number variables, where the solvers may otherwise
    find no plan at all in the time limit, off on a canteen's week."""

    solver: str = attrs.field(default="scip", validator=attrs.validators.in_(tuple(SOLVERS)))
    time_limit_s: float | None = attrs.field(default=60.0, validator=v.optional_positive)
    relative_gap: float = attrs.field(
        default=0.0, validator=[v.finite_non_negative, attrs.validators.lt(1.0)]
    )
    threads: int | None = attrs.field(default=1, validator=v.optional_positive)
    seed: int = 0
    node_limit: int | None = None
    solution_limit: int | None = None
    warm_start: float | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            [attrs.validators.ge(0.0), attrs.validators.lt(1.0)]
        ),
    )


@attrs.frozen
class SolveOutcome:
    """The status, the solver's report, and the decisions when a plan was found."""

    status: PlanStatus
    report: SolverReport
    decisions: Decisions | None
    result: mathopt.SolveResult | None


ProgressCallback = Callable[[float, float | None, float | None], None]


def solve_model(
    built: BuiltModel,
    options: SolveOptions,
    *,
    progress: ProgressCallback | None = None,
    hint: Mapping[mathopt.Variable, float] | None = None,
    remove_names: bool = False,
) -> SolveOutcome:
    """Solve ``built`` and return its status, report and decisions.

    ``progress(elapsed_s, best_objective, gap)`` is called on each new solution when the
    solver supports callbacks (SCIP through math_opt), for live progress lines.
    ``hint`` is a starting solution (value per variable): SCIP and HiGHS try it
    first, so a feasible hint gives the search an incumbent from the start. Without one,
    ``options.warm_start > 0`` finds one first (:func:`.warm_start.relaxation_start`); the
    report's time then includes it. A model with amounts rounded to the cent starts from
    the plan of the same model unrounded (:func:`.money.unrounded_start`: solved within
    :data:`UNROUNDED_SHARE` of the time limit, or, on a model the warm start is for,
    found by the warm start), also counted (not with a node or solution limit, which then
    count the solver's own search only).
    ``remove_names`` solves without the names of the variables and constraints (a model
    built from several registries, such as the scenarios of :mod:`.scenarios` or a
    network's model, named ``network``, repeats them, which math_opt refuses; the registry
    maps the solution back, never a name).
    """
    solver_type = SOLVERS[options.solver]
    started = time.perf_counter()
    warm_s = 0.0
    roundings = built.registry.rounding
    share = warm_start_share(built, options)
    unrounded = (hint is None and bool(roundings) and options.solution_limit is None
                 and options.node_limit is None)
    if unrounded:
        limit = options.time_limit_s
        first = attrs.evolve(options, time_limit_s=None if limit is None else (
            (share or UNROUNDED_SHARE) * limit))
        params_first = solver_parameters(built, first)

        def find() -> Mapping[mathopt.Variable, float] | None:
            if share > 0:  # a big model: the warm start, on the unrounded model
                return relaxation_start(built, solver_type, params_first)[0]
            result = interruptible_solve(built.model, solver_type, params=params_first)
            return result.variable_values() if result.has_primal_feasible_solution() else None

        try:
            hint, warm_s = unrounded_start(built.model, roundings, find)
        except Exception as exc:  # the solver's own errors (pybind status) are not one class
            return _solver_error(options, exc, started)
        if limit is not None:
            options = attrs.evolve(options, time_limit_s=max(limit - warm_s, 0.01))
    if hint is None and share > 0 and not unrounded:
        limit = options.time_limit_s
        first = attrs.evolve(options, time_limit_s=None if limit is None else share * limit)
        hint, relaxed_s = relaxation_start(built, solver_type, solver_parameters(built, first))
        warm_s += relaxed_s
        if limit is not None:
            options = attrs.evolve(options, time_limit_s=max(limit - relaxed_s, 0.01))
    model_params = None
    if hint:
        model_params = mathopt.ModelSolveParameters(
            solution_hints=[mathopt.SolutionHint(variable_values=dict(hint))]
        )
    params = solver_parameters(built, options)
    callback_reg = None
    callback = None
    if progress is not None and options.solver == "scip":
        callback_reg = mathopt.CallbackRegistration(events={mathopt.Event.MIP_SOLUTION})

        def callback(data: mathopt.CallbackData) -> mathopt.CallbackResult:
            stats = data.mip_stats
            best, bound = stats.primal_bound, stats.dual_bound
            gap = relative_gap(best, bound)
            progress(time.perf_counter() - started, best if math.isfinite(best) else None, gap)
            return mathopt.CallbackResult()

    try:
        if callback is not None:
            result = interruptible_solve(
                built.model,
                solver_type,
                params=params,
                model_params=model_params,
                callback_reg=callback_reg,
                cb=callback,
                remove_names=remove_names or built.model.name == "network",
            )
        else:
            result = interruptible_solve(
                built.model, solver_type, params=params, model_params=model_params,
                remove_names=remove_names or built.model.name == "network",
            )
    except Exception as exc:  # the solver's own errors (pybind status) are not one class
        return _solver_error(options, exc, started)
    return _outcome(built, options, result, warm_s)



def _solver_error(options: SolveOptions, exc: Exception, started: float) -> SolveOutcome:
    """The outcome of a solver that failed: status ``error`` with the solver's reason (an
    invalid model is a bad input, raised as :class:`InputError`)."""
    if "invalid" in str(exc).lower():
        raise InputError(f"the model could not be solved: {exc}") from exc
    report = SolverReport(
        options.solver, f"error: {exc}", time.perf_counter() - started, None, None, None
    )
    return SolveOutcome(PlanStatus.ERROR, report, None, None)


def relative_gap(best: float, bound: float) -> float | None:
    """The one relative gap of every solve (week, horizon, network, scenarios):
    ``|best - bound| / max(|best|, 1e-9)``, None without a finite best and bound; under
    1e-12 it is the rounding of the solver's two sums, so 0."""
    if not (math.isfinite(best) and math.isfinite(bound)):
        return None
    gap = abs(best - bound) / max(abs(best), 1e-9)
    return gap if gap > 1e-12 else 0.0


def plan_status(reason: mathopt.TerminationReason, has_solution: bool) -> PlanStatus:
    """The one table from the solver's termination to the plan's status, for a week and
    for a horizon:

    ==========================================  ==============
    termination                                 status
    ==========================================  ==============
    ``OPTIMAL``                                 ``optimal``
    any other, with a solution                  ``feasible``
    ``INFEASIBLE``, ``INFEASIBLE_OR_UNBOUNDED``  ``infeasible``
    ``NO_SOLUTION_FOUND``                       ``time_limit``
    any other, without a solution               ``error``
    ==========================================  ==============

    A solution is kept whatever the termination that came with it (``FEASIBLE`` at a
    time, node or solution limit, or ``IMPRECISE``): every plan is checked by the
    verifier before it is returned, so a plan the solver found is never dropped."""
    if reason == mathopt.TerminationReason.OPTIMAL:
        return PlanStatus.OPTIMAL
    if has_solution:
        return PlanStatus.FEASIBLE
    if reason in (mathopt.TerminationReason.INFEASIBLE,
                  mathopt.TerminationReason.INFEASIBLE_OR_UNBOUNDED):
        return PlanStatus.INFEASIBLE
    if reason == mathopt.TerminationReason.NO_SOLUTION_FOUND:
        return PlanStatus.TIME_LIMIT
    return PlanStatus.ERROR


def _outcome(
    built: BuiltModel, options: SolveOptions, result: mathopt.SolveResult, warm_s: float = 0.0
) -> SolveOutcome:
    reason = result.termination.reason
    has_solution = result.has_primal_feasible_solution()
    objective = result.objective_value() if has_solution else None
    bounds = result.termination.objective_bounds
    bound = bounds.dual_bound if math.isfinite(bounds.dual_bound) else None
    gap = relative_gap(objective, bounds.dual_bound) if objective is not None else None
    objective, bound = _without_tie_break(built, result, objective, bound)
    status = plan_status(reason, has_solution)
    report = SolverReport(
        solver=options.solver,
        termination=reason.name.lower(),
        time_s=warm_s + result.solve_stats.solve_time.total_seconds(),
        gap=gap,
        bound=bound,
        objective=objective,
    )
    decisions = read_decisions(built, result) if status.has_plan else None
    return SolveOutcome(status, report, decisions, result)


def _without_tie_break(built: BuiltModel, result: mathopt.SolveResult, objective: float | None,
                       bound: float | None) -> tuple[float | None, float | None]:
    """The objective and bound as reported: less the tie-break's value in the solution
    (under half a cent, :mod:`.tie_break`), so that the objective is the plan's cost (or
    CO2); the bound moves by the same amount (exact when the plan is optimal). The gap is
    the solver's own, tie-break included."""
    reg = built.registry
    term, probe = reg.objective_tie_break, reg.tie_break_probe
    if term is None or probe is None or objective is None:
        return objective, bound
    if built.model.objective.get_linear_coefficient(probe[0]) != probe[1]:
        return objective, bound  # another objective was set since (trade-off, diagnosis)
    shift = mathopt.evaluate_expression(term, result.variable_values())
    return objective - shift, None if bound is None else bound - shift


def solve_parameters(options: SolveOptions) -> mathopt.SolveParameters:
    """math_opt's parameters for ``options``: gap (an absolute gap of 0 too when proving
    optimality), threads (HiGHS takes its own), seed, node, solution and time limits."""
    params = mathopt.SolveParameters(
        relative_gap_tolerance=options.relative_gap,
        absolute_gap_tolerance=0.0 if options.relative_gap == 0 else None,
        threads=options.threads if options.solver != "highs" else None,
        random_seed=options.seed,
        enable_output=False,
    )
    if options.node_limit is not None:
        params.node_limit = options.node_limit
    if options.solution_limit is not None:
        params.solution_limit = options.solution_limit
    if options.time_limit_s is not None:
        params.time_limit = dt.timedelta(seconds=options.time_limit_s)
    return params


#: The share of the time limit the unrounded first solve of a model with rounded amounts
#: (:func:`.money.unrounded_start`) may take, so that the rounded solve, started from its
#: plan, always has the rest: before this limit the first solve of a large week could take
#: the whole limit and leave the second 0.01 s.
UNROUNDED_SHARE = 0.5

#: Whole-number variables above which a week is warm-started by default.
WARM_START_INTEGERS = 5000
#: The share of the time limit the default warm start takes (0.6: on the generated large
#: weeks at 60 s with HiGHS, since money is rounded to the cent, a plan in every week at
#: 6.1-11.9% from the bound, against 3 weeks of 4 at 5.4-18.5% with 0.3; the restricted
#: search needs about 40 s to find a plan in the hardest week; ``benchmarks/README.md``).
WARM_START_SHARE = 0.6


def warm_start_share(built: BuiltModel, options: SolveOptions) -> float:
    """The share of the time limit for the warm start: ``options.warm_start`` when given;
    by default ``WARM_START_SHARE`` on a model with more than ``WARM_START_INTEGERS``
    whole-number variables and a time limit, else 0. The generated large weeks (20,000
    offers, over 20,000 such variables) need it with HiGHS: without it HiGHS finds a plan
    in at most one week of four in 60 s, with it in every week (6.1-11.9% from its bounds
    since the money is rounded to the cent; 5.9% before). SCIP finds none in 60 s either
    way (measured in ``benchmarks/README.md``). On the generated
    standard weeks (about 1,900) it did not help, and a canteen's week (500 to 800) solves
    to optimality in about a second."""
    if options.warm_start is not None:
        return options.warm_start
    if options.time_limit_s is None:
        return 0.0
    return WARM_START_SHARE if whole_numbers(built.model) > WARM_START_INTEGERS else 0.0


def whole_numbers(model: mathopt.Model) -> int:
    """How many of ``model``'s variables are whole numbers (integer or yes/no): the size
    that decides the warm start and SCIP's settings."""
    return sum(1 for variable in model.variables() if variable.integer)


#: Most integer variables of a week SCIP solves with a light root (:func:`scip_settings`).
LIGHT_ROOT_INTEGERS = 1000


def solver_parameters(built: BuiltModel, options: SolveOptions) -> mathopt.SolveParameters:
    """:func:`solve_parameters` with SCIP's settings for ``built`` (:func:`scip_settings`)."""
    params = solve_parameters(options)
    if options.solver == "scip":
        params.gscip.int_params.update(
            scip_settings(built.model, rounding=len(built.registry.rounding))
        )
    return params


def scip_settings(model: mathopt.Model, *, rounding: int = 0) -> dict[str, int]:
    """SCIP parameters for ``model``: on a model with at most ``LIGHT_ROOT_INTEGERS``
    integer variables (a canteen's week: the sample weeks have 500 to 800), no
    aggregation separator (c-MIR and flow-cover cuts over aggregated rows) and no restart.
    The ``rounding`` variables of the money to the cent (one per rounded amount,
    :mod:`.money`: fixed by the packs, they add no choice) are not counted.

    On the sample weeks that separator took half of SCIP's time for a few cuts and SCIP
    restarted up to seven times, each time repeating the root; without both, the four
    sample weeks solve in about half the CPU time, to the same optimum. On the generated
    standard weeks (1,600 to 1,900 integer variables) both help: with a time limit SCIP
    ends further from the optimum without them. Measured in ``benchmarks/README.md``.
    """
    if whole_numbers(model) - rounding > LIGHT_ROOT_INTEGERS:
        return {}
    return {"separating/aggregation/freq": -1, "presolving/maxrestarts": 0}
