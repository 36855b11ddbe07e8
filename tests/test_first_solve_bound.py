"""The first solve of a model with amounts rounded to the cent, with its rounding relaxed
(``money.unrounded_start(relaxed=True)``): every bound it proves holds for the rounded
model, where the exact amounts' optimum does not; and the week keeps the stronger of the
two solves' bounds (``solve.stronger_bound``)."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from ortools.math_opt.python import mathopt

import cantine_supply
from builders import Budget, catalogue, ingredient, offer, recipe, supplier, week
from cantine_supply.model import Catalogue
from cantine_supply.optimize import solve as solve_module
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.interrupt import interruptible_solve
from cantine_supply.optimize.money import unrounded_start
from cantine_supply.optimize.registry import BuiltModel
from cantine_supply.optimize.solve import (
    SOLVERS,
    SolveOptions,
    relative_gap,
    relaxed_first_solve,
    solve_model,
    solve_parameters,
    stronger_bound,
)
from cantine_supply.problem.week import week_problem
from test_reduce import weeks_with_pack_ranges

DATA = Path(__file__).resolve().parent.parent / "data"
EXACT = SolveOptions(time_limit_s=60.0, relative_gap=0.0)


def first_solve(built: BuiltModel, *, relaxed: bool) -> float | None:
    """The optimum of ``built``'s first solve (SCIP, gap 0) with its rounding relaxed or
    exact, None when it has no plan."""
    seen: list[mathopt.SolveResult] = []

    def solve() -> Mapping[mathopt.Variable, float] | None:
        result = interruptible_solve(built.model, SOLVERS["scip"], params=solve_parameters(EXACT))
        seen.append(result)
        return result.variable_values() if result.has_primal_feasible_solution() else None

    unrounded_start(built.model, built.registry.rounding, solve, relaxed=relaxed)
    (result,) = seen
    if not result.has_primal_feasible_solution():
        return None
    assert result.termination.reason.name == "OPTIMAL"
    return float(result.objective_value())


def rounded_optimum(built: BuiltModel) -> float | None:
    """The rounded model's optimum (the planner's two solves), tie-break included."""
    outcome = solve_model(built, EXACT)
    if not outcome.status.has_plan:
        assert outcome.status.value == "infeasible", outcome.status
        return None
    assert outcome.status.value == "optimal"
    assert outcome.result is not None
    return float(outcome.result.objective_value())


def test_a_line_rounded_down_costs_less_than_its_exact_amount() -> None:
    """One 1 kg pack at 1.10 EUR HT with VAT 5.5%: 1.1605 EUR TTC exact, 1.16 rounded.
    The exact model's optimum is above the rounded one, so its bound is none; the relaxed
    model's is at most the rounded one."""
    c = catalogue(
        ingredients=[ingredient("carrot")],
        recipes=[recipe("dish", {"carrot": 0.1})],
        suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 1.10, vat_rate=0.055)],
        weeks=[week()],
    )
    built = build_model(week_problem(c, "w"))
    rounded = rounded_optimum(built)
    exact = first_solve(built, relaxed=False)
    relaxed = first_solve(built, relaxed=True)
    assert rounded is not None and exact is not None and relaxed is not None
    assert rounded == pytest.approx(1.16, abs=0.005)
    assert exact == pytest.approx(rounded + 0.0005, abs=1e-6)
    assert relaxed <= rounded + 1e-9


@st.composite
def weeks_with_vat_and_budget(draw: st.DrawFn) -> Catalogue:
    """The reduction's random weeks (test_reduce), each offer with VAT 5.5% or 20% (so
    each line's TTC is rounded), and a budget TTC of 10, 20 or 40 EUR or none."""
    c = draw(weeks_with_pack_ranges())
    vat = draw(st.sampled_from([0.055, 0.2]))
    limit = draw(st.sampled_from([None, 10.0, 20.0, 40.0]))
    budget = None if limit is None else Budget(limit, per_cover=False, basis="TTC")
    return attrs.evolve(
        c,
        offers=[attrs.evolve(o, vat_rate=vat) for o in c.offers],
        weeks=[attrs.evolve(w, budget=budget) for w in c.weeks],
    )


@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(weeks_with_vat_and_budget())
def test_the_relaxed_first_solve_bounds_the_rounded_optimum(c: Catalogue) -> None:
    built = build_model(week_problem(c, "w"))
    relaxed, rounded = first_solve(built, relaxed=True), rounded_optimum(built)
    if rounded is not None:
        assert relaxed is not None  # a relaxation: a plan of the rounded model is one of it
        assert relaxed <= rounded + 1e-9, (relaxed, rounded)


def test_the_random_weeks_include_weeks_whose_exact_optimum_is_no_bound() -> None:
    """The property above is not vacuous: the strategy draws weeks where the exact
    amounts' optimum is above the rounded optimum (a bound taken from it would be wrong)."""

    def exact_above(c: Catalogue) -> bool:
        built = build_model(week_problem(c, "w"))
        exact, rounded = first_solve(built, relaxed=False), rounded_optimum(built)
        return exact is not None and rounded is not None and exact > rounded + 1e-7

    c = find(weeks_with_vat_and_budget(), exact_above,
             settings=settings(database=None, max_examples=100, deadline=None),
             random=random.Random(22))
    assert exact_above(c)


def test_the_stronger_bound_is_kept_and_never_passes_the_plan() -> None:
    assert stronger_bound(10.0, None, 12.0) == 10.0
    assert stronger_bound(10.0, 11.0, 12.0) == 11.0
    assert stronger_bound(11.0, 10.0, 12.0) == 11.0
    assert stronger_bound(-math.inf, 11.0, None) == 11.0
    assert stronger_bound(10.0, 12.0 + 1e-9, 12.0) == 12.0  # a tolerance, clamped
    assert stronger_bound(10.0, math.nan, 12.0) == 10.0
    assert stronger_bound(10.0, 9.0, 8.0, maximize=True) == 9.0
    assert stronger_bound(10.0, 7.0, 8.0, maximize=True) == 8.0


def test_a_canteen_week_and_scip_keep_the_exact_first_solve(
        monkeypatch: pytest.MonkeyPatch) -> None:
    c = cantine_supply.load(DATA)
    for week_id in ("2026-w48", "2026-w48-choice"):
        built = build_model(week_problem(c, week_id))
        assert not relaxed_first_solve(built, "highs")
        assert not relaxed_first_solve(built, "scip")
    monkeypatch.setattr(solve_module, "RELAXED_ROUNDING_INTEGERS", 0)
    assert relaxed_first_solve(built, "highs")
    assert not relaxed_first_solve(built, "scip")


def test_the_week_reports_the_stronger_of_the_two_bounds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample week with its first solve relaxed and a short time limit: whatever each
    solve reaches, the report's bound is the stronger of the two (as a gap to its plan)."""
    monkeypatch.setattr(solve_module, "RELAXED_ROUNDING_INTEGERS", 0)
    results: list[mathopt.SolveResult] = []

    def spy(*args: object, **kwargs: object) -> mathopt.SolveResult:
        result = interruptible_solve(*args, **kwargs)  # type: ignore[arg-type]
        results.append(result)
        return result

    monkeypatch.setattr(solve_module, "interruptible_solve", spy)
    built = build_model(week_problem(cantine_supply.load(DATA), "2026-w48"))
    assert relaxed_first_solve(built, "highs")
    outcome = solve_model(built, SolveOptions(solver="highs", time_limit_s=0.6,
                                              relative_gap=0.0))
    first, second = results
    plan = (second.objective_value() if second.has_primal_feasible_solution() else None)
    expected = stronger_bound(second.termination.objective_bounds.dual_bound,
                              first.termination.objective_bounds.dual_bound, plan)
    if plan is None:
        assert outcome.report.bound == pytest.approx(expected)
    else:
        assert outcome.report.gap == pytest.approx(relative_gap(plan, expected), abs=1e-12)
        assert outcome.report.objective is not None and outcome.report.bound is not None
        assert (outcome.report.objective - outcome.report.bound
                == pytest.approx(plan - expected, abs=1e-9))
