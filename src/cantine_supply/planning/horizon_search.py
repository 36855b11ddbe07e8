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
   purchases. The search stops when every week has been re-planned against the
   current solution without a gain (a local optimum), after at most
   :data:`MAX_PASSES` passes; when the whole model follows, after
   :data:`PASSES_BEFORE_WHOLE_MODEL` pass (see step 3).
   Each step is solved **to optimality** (gap 0, no time limit; at most
   :data:`STEP_NODE_LIMIT` nodes as a safeguard), so the search is deterministic: the
   same data give the same plan on every run and machine (same solver version).
2. **the whole model**, started from that solution, within the options' limits (a node
   limit keeps it deterministic; a time limit does not): it may improve the plan
   further, and its best bound gives the gap reported.
3. **one week at a time again** when the whole model found a better plan than the
   search (its heuristics move several weeks at once, which no one-week step can): the
   search of step 1 from that plan, for :data:`POLISH_PASSES` pass. Each step keeps or
   improves the plan, so the plan returned is never worse than the whole model's; the
   bound, and so the gap, stays the whole model's. On the sample horizon the whole
   model's root took the search's plan from 1314.07 to 1292.71 (net EUR HT) and this
   pass to 1274.06, below the 1279.24 that 900 s of HiGHS on the whole model reached
   (``docs/horizon.md``). When the whole model finds no better plan, the search of
   step 1 goes on from its own plan for the passes it had left, so the plan returned is
   a plan of step 1 run to its end, or better.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.optimize.decisions import PlanStatus, SolverReport
from cantine_supply.optimize.horizon_build import HorizonBuilt
from cantine_supply.optimize.interrupt import interruptible_solve
from cantine_supply.optimize.registry import Registry
from cantine_supply.optimize.solve import (
    SOLVERS,
    SolveOptions,
    plan_status,
    relative_gap,
    solve_parameters,
)

Values = dict[mathopt.Variable, float]


@attrs.frozen
class Step:
    """One step of the search: the pass, the first week re-planned (from 1) and how many
    weeks (``span``), or the ``supplier`` whose purchases were re-planned in every week
    (then ``week`` is the supplier's rank, from 1), the solver's termination, its
    branch-and-bound nodes and the objective it found."""

    pass_no: int
    week: int
    termination: str
    nodes: int
    objective: float | None
    span: int = 1
    supplier: str = ""

    def __str__(self) -> str:
        found = "-" if self.objective is None else f"{self.objective:.2f}"
        weeks = f"week {self.week}" if self.span == 1 else (
            f"weeks {self.week}-{self.week + self.span - 1}")
        if self.supplier:
            weeks = f"supplier {self.supplier}, every week"
        return (f"pass {self.pass_no} {weeks}: {self.termination}, {self.nodes} nodes,"
                f" objective {found}")

#: Most passes of the one-week-at-a-time search over the weeks (it stops earlier when a
#: pass improves nothing).
MAX_PASSES = 4
#: Node limit of one step of the search, a deterministic safeguard (the steps of the
#: sample four weeks close in 21 to 1657 nodes, see ``docs/horizon.md``).
STEP_NODE_LIMIT = 20_000
#: Passes of two-week steps after the one-week search (each such step is several times
#: slower than a one-week step).
PAIR_PASSES = 1
#: Passes of the one-week search after the whole model improved the plan (step 3 of the
#: module docstring). One: on the sample horizon a second pass gained nothing in 9 s.
POLISH_PASSES = 1
#: Passes of the first one-week search when the whole model follows (step 1 of the module
#: docstring); the search goes on for the rest of ``passes`` only when the whole model
#: finds no better plan (step 3). One: on the sample horizon the search's second pass
#: (3 steps, 14 s) gained nothing, it only showed the first pass's plan to be a local
#: optimum, which the whole model then improves anyway (the same plan in the end,
#: 1274.07 net, ``docs/horizon.md``).
PASSES_BEFORE_WHOLE_MODEL = 1


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
                    step_limit_s: float | None = None, passes: int = MAX_PASSES,
                    log: list[Step] | None = None, span: int = 1,
                    on_step: Callable[[Step], None] | None = None) -> tuple[Values, int]:
    """Step 1 of the module docstring: re-plan one week at a time with the other weeks'
    integer decisions fixed at ``values``, each step with ``options``' solver at gap 0
    (``step_limit_s``: a time limit per step, which makes the search depend on the
    machine; None, the default, is deterministic). Returns the best solution found and
    the number of steps that improved it; ``log`` (when given) gets each :class:`Step`.
    With ``span`` > 1 each step re-plans that many consecutive weeks together (weeks k
    to k + span − 1), which finds moves one week cannot make alone, such as a bulk buy
    in one week that the next week's budget pays for by buying less."""
    weeks = [week_decisions(reg) for reg in built.registry.weeks]
    span = max(1, min(span, len(weeks)))
    blocks = [(k + 1, "", [var for decisions in weeks[k:k + span] for var in decisions])
              for k in range(len(weeks) - span + 1)]
    return _improve(built, values, options, blocks, step_limit_s, passes, log, span,
                    on_step)


def supplier_decisions(built: HorizonBuilt) -> dict[str, list[mathopt.Variable]]:
    """Each supplier's integer decisions in every week: the packs and tiers of its
    offers, its orders and free deliveries (keyed by supplier id, in id order)."""
    out: dict[str, list[mathopt.Variable]] = {}
    for week, reg in zip(built.problem.weeks, built.registry.weeks, strict=True):
        for key, var in reg.packs.items():
            supplier = week.offers[key[0]].supplier
            out.setdefault(supplier, []).append(var)
            for use, amount, _ in reg.tiers.get(key, ()):
                out[supplier] += [use, amount]
        for table in (reg.ordered, reg.free):
            for (supplier, _), var in table.items():
                out.setdefault(supplier, []).append(var)
    return dict(sorted(out.items()))


def improve_by_supplier(built: HorizonBuilt, values: Values, options: SolveOptions,
                        step_limit_s: float | None = None, passes: int = MAX_PASSES,
                        log: list[Step] | None = None,
                        on_step: Callable[[Step], None] | None = None) -> tuple[Values, int]:
    """Fix-and-optimise by supplier: like :func:`improve_by_week`, but each step frees
    one supplier's integer decisions (:func:`supplier_decisions`) in **every** week and
    fixes all the others (every other supplier's, the collection rounds, the menu
    choices) at the current solution; what is served from which lot stays free. The
    current solution is a solution of each step's model, so no step makes the plan
    worse; a step can move a supplier's purchases from one week to another (a bulk buy
    in the first week instead of a pack each week), which one week's step cannot when
    the later weeks' packs are fixed. Returns the best solution and the number of
    improving steps; a :class:`Step` names its supplier."""
    blocks = [(rank, supplier, decisions) for rank, (supplier, decisions)
              in enumerate(supplier_decisions(built).items(), start=1)]
    return _improve(built, values, options, blocks, step_limit_s, passes, log, 1, on_step)


def _improve(built: HorizonBuilt, values: Values, options: SolveOptions,
             blocks: list[tuple[int, str, list[mathopt.Variable]]],
             step_limit_s: float | None, passes: int, log: list[Step] | None, span: int,
             on_step: Callable[[Step], None] | None) -> tuple[Values, int]:
    """The search's loop: for each block (its number, its supplier or "", the integer
    decisions it frees) in turn, every other integer decision of the weeks fixed at the
    best solution so far, until a round of all blocks gains nothing or ``passes``
    rounds. Returns the best solution and the number of improving steps."""
    every = [var for reg in built.registry.weeks for var in week_decisions(reg)]
    best, best_objective = dict(values), objective_value(built, values)
    improved = 0
    settled = 0  # blocks re-planned with no gain against the current solution
    for pass_no in range(1, passes + 1):
        for number, supplier, free in blocks:
            if settled >= len(blocks):
                break
            freed = set(free)
            saved = []
            for var in every:
                if var in freed:
                    continue
                saved.append((var, var.lower_bound, var.upper_bound))
                fixed = float(round(best[var]))
                var.lower_bound, var.upper_bound = fixed, fixed
            try:
                step = attrs_evolve_limit(options, step_limit_s)
                nodes: list[int] = []
                status, report, found = solve_horizon_model(built, step, best, nodes)
            except Exception as exc:  # noqa: BLE001 - a solver's internal error skips the step
                status, found = PlanStatus.ERROR, None
                report = SolverReport(options.solver, f"error: {exc}", 0.0, None, None, None)
            finally:
                for var, lower, upper in saved:
                    var.lower_bound, var.upper_bound = lower, upper
            done = Step(pass_no, number, report.termination, sum(nodes), report.objective,
                        span, supplier)
            if log is not None:
                log.append(done)
            if on_step is not None:
                on_step(done)
            objective = None
            if found is not None and status.has_plan:
                objective = objective_value(built, found)
            if objective is not None and objective < best_objective - 1e-6:
                assert found is not None
                best, best_objective = found, objective
                improved += 1
                settled = 1
            else:
                settled += 1
    return best, improved


def attrs_evolve_limit(options: SolveOptions, limit_s: float | None) -> SolveOptions:
    """A search step's options: ``options``' solver, threads and seed, gap 0, time limit
    ``limit_s`` and the step node limit."""
    return SolveOptions(solver=options.solver, time_limit_s=limit_s, relative_gap=0.0,
                        threads=options.threads, seed=options.seed,
                        node_limit=STEP_NODE_LIMIT)


def solve_horizon(built: HorizonBuilt, options: SolveOptions, hint: Values | None,
                  search: bool = True, log: list[Step] | None = None,
                  passes: int = MAX_PASSES, whole_model: bool = True, pairs: bool = True,
                  suppliers: bool = False, progress: Callable[[str], None] | None = None
                  ) -> tuple[PlanStatus, SolverReport, Values | None]:
    """Solve ``built`` (see the module docstring): the one-week-at-a-time search from
    ``hint`` (when given and ``search``; each step at gap 0 without a time limit), then
    the whole model from its result with ``options`` (their time, node and solution
    limits apply to this last solve only). The report's time covers both steps; its
    ``termination`` says how many search steps improved the plan, and the nodes of the
    search's steps and of the whole model; ``log`` gets each search :class:`Step`.
    ``passes`` bounds the search's passes (with the whole model, at most
    :data:`PASSES_BEFORE_WHOLE_MODEL` before it, and the rest after it when it found no
    better plan and the search had gained); with ``pairs`` (and two weeks or more) the
    one-week search is followed by one pass of two-week steps and, when that improved
    the plan, by the one-week search again; with ``suppliers`` the search by supplier
    across the weeks (:func:`improve_by_supplier`) follows; without ``whole_model`` (and
    with a hint) the search's plan is returned as ``feasible``, without a bound or gap.
    When the whole model finds a better plan than the search (and is not proven optimal),
    the one-week search runs again from it (step 3 of the module docstring; its steps are
    logged too and named in ``termination``). ``progress`` gets a line of text as each
    step ends and before the whole model is solved."""
    started = time.perf_counter()
    improved = 0
    steps: list[Step] = []
    on_step = None if progress is None else (lambda step: progress(f"  search: {step}"))
    before = min(passes, PASSES_BEFORE_WHOLE_MODEL) if whole_model else passes
    if hint is not None and search:
        hint, improved = improve_by_week(built, hint, options, passes=before, log=steps,
                                      on_step=on_step)
        if pairs and len(built.registry.weeks) >= 2:
            hint, gained = improve_by_week(built, hint, options, passes=PAIR_PASSES,
                                           log=steps, span=2, on_step=on_step)
            improved += gained
            if gained:
                hint, gained = improve_by_week(built, hint, options, passes=before,
                                               log=steps, on_step=on_step)
                improved += gained
        if suppliers:
            hint, gained = improve_by_supplier(built, hint, options, passes=passes,
                                               log=steps, on_step=on_step)
            improved += gained
    searched = len(steps)
    nodes: list[int] = []
    values: Values | None
    try:
        if hint is not None and not whole_model:
            status, values = PlanStatus.FEASIBLE, hint
            report = SolverReport(options.solver, "one-week search only", 0.0, None, None,
                                  objective_value(built, hint))
        else:
            if progress is not None:
                progress("  solving the whole model from the search's plan")
            status, report, values = solve_horizon_model(built, options, hint, nodes)
    except Exception as exc:  # the solver's own errors (pybind status) are not one class
        if hint is None:
            raise
        status, values = PlanStatus.ERROR, None
        report = SolverReport(options.solver, f"error: {exc}", 0.0, None, None, None)
    polished = 0
    resumed = False
    if (hint is not None and search and values is not None and status is PlanStatus.FEASIBLE
            and objective_value(built, values) < objective_value(built, hint) - 1e-6):
        values, polished = improve_by_week(built, values, options, passes=POLISH_PASSES,
                                           log=steps, on_step=on_step)
        if polished:
            objective = objective_value(built, values)
            gap = None if report.bound is None else relative_gap(objective, report.bound)
            report = SolverReport(report.solver, report.termination, report.time_s, gap,
                                  report.bound, objective)
    elif (hint is not None and search and improved and before < passes
          and status not in (PlanStatus.OPTIMAL, PlanStatus.INFEASIBLE)):
        # the whole model found no better plan: the search goes on from its own plan
        resumed = True
        hint, polished = improve_by_week(built, hint, options, passes=passes - before,
                                         log=steps, on_step=on_step)
    if log is not None:
        log.extend(steps)
    if hint is not None and status is not PlanStatus.INFEASIBLE and (
            values is None
            or objective_value(built, values) > objective_value(built, hint) + 1e-6):
        # the whole model did not keep the search's plan (a solver may drop a hint):
        # return that plan, with the gap to the solver's bound when there is one
        status, values = PlanStatus.FEASIBLE, hint
        objective = objective_value(built, hint)
        gap = None if report.bound is None else relative_gap(objective, report.bound)
        report = SolverReport(report.solver, report.termination, report.time_s, gap,
                              report.bound, objective)
    elapsed = time.perf_counter() - started
    termination = report.termination
    if nodes:
        termination += f", {nodes[0]} nodes"
    if hint is not None and search:
        first = steps[:searched]
        step_nodes = sum(step.nodes for step in first)
        paired = sum(1 for step in first if step.span == 2)
        by_supplier = sum(1 for step in first if step.supplier)
        alone = len(first) - paired - by_supplier
        more = f", {by_supplier} by supplier" if by_supplier else ""
        termination += (f" (after {alone} one-week and {paired} two-week steps{more}"
                        f" at gap 0, {improved} improving, {step_nodes} nodes)")
        if len(steps) > searched:
            origin = "the search's plan again" if resumed else "its plan"
            termination += (f", then {len(steps) - searched} one-week steps from {origin},"
                            f" {polished} improving")
    return status, SolverReport(report.solver, termination, elapsed, report.gap, report.bound,
                                report.objective), values


def solve_horizon_model(built: HorizonBuilt, options: SolveOptions, hint: Values | None,
                        nodes: list[int] | None = None
                        ) -> tuple[PlanStatus, SolverReport, Values | None]:
    """One solve of the horizon model with ``options``, started from ``hint``; the
    solver's branch-and-bound node count is appended to ``nodes`` when given."""
    params = solve_parameters(options)
    model_params = None
    if hint:
        model_params = mathopt.ModelSolveParameters(
            solution_hints=[mathopt.SolutionHint(variable_values=hint)])
    started = time.perf_counter()
    result = interruptible_solve(built.model, SOLVERS[options.solver], params=params,
                           model_params=model_params, remove_names=True)
    elapsed = time.perf_counter() - started
    if nodes is not None:
        nodes.append(int(result.solve_stats.node_count))
    reason = result.termination.reason
    has = result.has_primal_feasible_solution()
    objective = result.objective_value() if has else None
    bound = result.termination.objective_bounds.dual_bound
    gap = relative_gap(objective, bound) if objective is not None else None
    status = plan_status(reason, has)
    report = SolverReport(options.solver, reason.name.lower(), elapsed, gap,
                          bound if math.isfinite(bound) else None, objective)
    return status, report, (dict(result.variable_values()) if has else None)
