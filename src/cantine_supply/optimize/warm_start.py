"""A first plan early: search first among the orders the relaxation places.

On a big week the MIP solver can spend its whole time limit without finding a plan (the
first large generated week, 20,000 offers: HiGHS finds none in 60 s). The linear
relaxation (whole packs and yes/no orders dropped) solves in seconds with HiGHS and places
few of the possible orders: ``y[s,d] > 0`` for 55 of the 386 (supplier, delivery day) pairs
of that week. The search restricted to those, with ``y[s,d] <= 0`` wherever the relaxation
has ``y[s,d] = 0``, is much smaller and finds a plan in seconds.

Every plan of the restricted model is a plan of the whole model (the restriction only
lowers upper bounds), so it can start the search of the whole model as a complete hint.
That search then proves its own bound on the whole model: the optimum is the same with or
without a warm start; only where the search starts changes.
"""

from __future__ import annotations

import datetime as dt
import time

from ortools.math_opt.python import mathopt

from cantine_supply.optimize.interrupt import interruptible_solve, solve
from cantine_supply.optimize.registry import BuiltModel

#: An order is placed in the relaxation when ``y[s,d]`` exceeds this.
PLACED = 1e-6

OrderKey = tuple[str, dt.date]


def relaxation_orders(built: BuiltModel) -> frozenset[OrderKey] | None:
    """The orders ``(supplier, day)`` the linear relaxation places (``y[s,d] > 0``), solved
    with HiGHS (on the first large week 3 s against 27 s for GLOP); None when the
    relaxation has no solution (then neither has the model). The model is left as it was."""
    model = built.model
    integers = [v for v in model.variables() if v.integer]
    for v in integers:
        v.integer = False
    try:
        result = solve(model, mathopt.SolverType.HIGHS)
    finally:
        for v in integers:
            v.integer = True
    if result.termination.reason != mathopt.TerminationReason.OPTIMAL:
        return None
    values = result.variable_values()
    return frozenset(key for key, y in built.registry.ordered.items() if values[y] > PLACED)


def restricted_plan(
    built: BuiltModel,
    placed: frozenset[OrderKey],
    solver: mathopt.SolverType,
    params: mathopt.SolveParameters,
) -> dict[mathopt.Variable, float] | None:
    """A plan of the model with only the orders in ``placed`` allowed (``y[s,d] <= 0`` for
    the others), as a value for every variable; None when the search finds none within
    ``params``. The model's bounds are put back afterwards."""
    closed = [y for key, y in built.registry.ordered.items() if key not in placed]
    saved = [(y, y.upper_bound) for y in closed]
    for y in closed:
        y.upper_bound = 0.0
    try:
        result = interruptible_solve(built.model, solver, params=params)
    finally:
        for y, upper in saved:
            y.upper_bound = upper
    if not result.has_primal_feasible_solution():
        return None
    return dict(result.variable_values())


def relaxation_start(
    built: BuiltModel, solver: mathopt.SolverType, params: mathopt.SolveParameters
) -> tuple[dict[mathopt.Variable, float] | None, float]:
    """A starting plan from the orders the relaxation places (:func:`relaxation_orders`,
    then :func:`restricted_plan` within ``params``), or None; and the seconds it took."""
    started = time.perf_counter()
    placed = relaxation_orders(built)
    plan = restricted_plan(built, placed, solver, params) if placed is not None else None
    return plan, time.perf_counter() - started
