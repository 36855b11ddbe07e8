"""One termination → status table and one gap for a week and a horizon (issue 16).

The small horizon is the lentils case of ``test_horizon.py``: 10 kg a week for two weeks,
5 kg bags at 10.00 or a 25 kg sack at 30.00.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from ortools.math_opt.python import mathopt

from builders import catalogue, ingredient, offer, recipe, supplier
from cantine_supply.model import Catalogue
from cantine_supply.optimize import solve as week_solve
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.horizon_build import build_horizon_model
from cantine_supply.optimize.solve import SolveOptions, plan_status, relative_gap, solve_model
from cantine_supply.planning import horizon_search
from cantine_supply.planning.horizon_search import solve_horizon_model
from cantine_supply.problem.horizon_problem import horizon_problem
from cantine_supply.problem.week import week_problem
from test_horizon import WEEKS, weekly

Reason = mathopt.TerminationReason
HIGHS = SolveOptions(solver="highs", time_limit_s=30)


def lentils() -> Catalogue:
    return catalogue(
        ingredients=[ingredient("lentils", family="AUTRES")],
        recipes=[recipe("dish", {"lentils": 1.0})],
        suppliers=[supplier("a")],
        offers=[offer("a", "lentils", 5, 10.0), offer("a", "lentils", 25, 30.0)],
        weeks=[weekly(k) for k in range(2)],
    )


@pytest.mark.parametrize(
    ("reason", "has_solution", "status"),
    [
        (Reason.OPTIMAL, True, PlanStatus.OPTIMAL),
        (Reason.FEASIBLE, True, PlanStatus.FEASIBLE),
        (Reason.IMPRECISE, True, PlanStatus.FEASIBLE),
        (Reason.NUMERICAL_ERROR, True, PlanStatus.FEASIBLE),
        (Reason.OTHER_ERROR, True, PlanStatus.FEASIBLE),
        (Reason.INFEASIBLE, False, PlanStatus.INFEASIBLE),
        (Reason.INFEASIBLE_OR_UNBOUNDED, False, PlanStatus.INFEASIBLE),
        (Reason.NO_SOLUTION_FOUND, False, PlanStatus.TIME_LIMIT),
        (Reason.FEASIBLE, False, PlanStatus.ERROR),
        (Reason.IMPRECISE, False, PlanStatus.ERROR),
        (Reason.OTHER_ERROR, False, PlanStatus.ERROR),
    ],
)
def test_the_one_status_table(reason: Reason, has_solution: bool, status: PlanStatus) -> None:
    assert plan_status(reason, has_solution) is status


def test_the_one_gap() -> None:
    assert relative_gap(100.0, 90.0) == pytest.approx(0.1)
    assert relative_gap(100.0, 100.0 - 1e-11) == 0.0  # the solver's rounding, not a gap
    assert relative_gap(100.0, float("-inf")) is None


def _imprecise(solve: Any) -> Any:
    """``solve`` whose result says IMPRECISE instead of its own termination (the solution
    kept): a termination other than FEASIBLE that comes with a plan."""

    def wrapped(*args: Any, **kwargs: Any) -> mathopt.SolveResult:
        result = solve(*args, **kwargs)
        termination = dataclasses.replace(result.termination, reason=Reason.IMPRECISE)
        return dataclasses.replace(result, termination=termination)

    return wrapped


def test_a_horizon_solve_with_a_solution_under_another_termination_keeps_its_plan_like_the_week(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both paths map the solver's termination with the one table: a solution that comes
    with IMPRECISE is kept as ``feasible``, in the week (which used to drop it as an error)
    and in the horizon."""
    data = lentils()
    monkeypatch.setattr(week_solve, "interruptible_solve",
                        _imprecise(week_solve.interruptible_solve))
    monkeypatch.setattr(horizon_search, "interruptible_solve",
                        _imprecise(horizon_search.interruptible_solve))
    week = solve_model(build_model(week_problem(data, "w0")), HIGHS)
    assert week.status is PlanStatus.FEASIBLE
    assert week.report.termination == "imprecise"
    assert week.decisions is not None and sum(week.decisions.packs.values()) == 2
    built = build_horizon_model(horizon_problem(data, WEEKS))
    status, report, values = solve_horizon_model(built, HIGHS, None)
    assert status is PlanStatus.FEASIBLE and report.termination == "imprecise"
    assert values is not None
    sack = next(v for k, v in built.registry.weeks[0].packs.items() if k[0] == "a/lentils-25")
    assert round(values[sack]) == 1  # the horizon's plan: one sack in the first week


def test_a_model_the_solver_refuses_raises_the_solvers_own_reason() -> None:
    """OR-Tools 9.15's wrapper hides a refusal behind ``AttributeError: 'StatusNotOk'
    object has no attribute 'canonical_code'``; the one call of ``mathopt.solve`` gives
    the reason (here a NaN bound) whatever the wrapper does."""
    from cantine_supply.optimize.interrupt import interruptible_solve, solve

    model = mathopt.Model()
    x = model.add_variable(lb=0.0, ub=float("nan"), name="x")
    model.minimize(x)
    for call in (solve, interruptible_solve):
        with pytest.raises(Exception, match="NaN") as caught:
            call(model, mathopt.SolverType.HIGHS)
        assert "canonical_code" not in str(caught.value)


@pytest.mark.parametrize("solver", ["scip", "highs"])
def test_an_invalid_week_model_is_an_input_error_that_says_why(solver: str) -> None:
    """An invalid model is a bad input (:class:`InputError`), not a solver failure: with the
    wrapper's ``AttributeError`` the word "invalid" was lost and the week came back with
    status ``error`` and no reason."""
    from cantine_supply.errors import InputError

    built = build_model(week_problem(lentils(), "w0"))
    variable = next(iter(built.registry.packs.values()))
    variable.upper_bound = float("nan")
    with pytest.raises(InputError, match="NaN"):
        solve_model(built, SolveOptions(solver=solver, time_limit_s=10))
