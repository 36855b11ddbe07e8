"""Solver limits: the best plan found (``feasible``, with its gap) or a clear "no plan found";
never a wrong plan. A plan that fails the verifier is an error, not a result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cantine_supply import load
from cantine_supply.cli.main import main
from cantine_supply.errors import VerificationError
from cantine_supply.model import Catalogue
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.solve import SolveOptions
from cantine_supply.planning.week import plan
from cantine_supply.verification.week import verify
from conftest import MINIMAL_FILES, MakeData

DATA = Path(__file__).resolve().parent.parent / "data"
WEEK = "2026-w48"


@pytest.fixture(scope="module")
def sample() -> Catalogue:
    return load(DATA)


def test_the_defaults_set_no_node_or_solution_limit() -> None:
    options = SolveOptions()
    assert (options.node_limit, options.solution_limit) == (None, None)
    assert (options.time_limit_s, options.relative_gap) == (60.0, 0.0)


def test_a_solution_limit_returns_the_first_plan_as_feasible_with_its_gap(
    sample: Catalogue,
) -> None:
    result = plan(sample, WEEK, options=SolveOptions(solution_limit=1))
    assert result.status is PlanStatus.FEASIBLE
    report = result.solver
    assert report.objective is not None and report.bound is not None
    assert report.gap is not None and report.gap > 0
    assert report.bound <= report.objective + 1e-6
    assert result.orders and result.indicators is not None
    assert result.solver.termination == "feasible"
    # plan() verified it already; check again against the week, independently.
    from cantine_supply.problem.week import week_problem

    assert verify(week_problem(sample, WEEK), result) == []
    data = result.to_json()
    assert data["status"] == "feasible" and data["solver"]["gap"] == round(report.gap, 6)


def test_a_tiny_time_limit_gives_no_plan_and_says_so(sample: Catalogue) -> None:
    result = plan(sample, WEEK, options=SolveOptions(time_limit_s=1e-3))
    assert result.status is PlanStatus.TIME_LIMIT
    assert not result.status.has_plan and not result.targets_met
    assert (result.orders, result.collections, result.indicators) == ((), (), None)
    assert result.messages == ("no plan found in 0.001 s",)


def test_a_node_limit_without_a_plan_names_it(sample: Catalogue) -> None:
    result = plan(sample, WEEK, options=SolveOptions(node_limit=1, time_limit_s=None))
    if result.status.has_plan:  # SCIP's heuristics may find one at the root
        assert result.status in (PlanStatus.FEASIBLE, PlanStatus.OPTIMAL)
    else:
        assert result.status is PlanStatus.TIME_LIMIT
        assert result.messages == ("no plan found in 1 nodes",)


def test_cli_time_limit_without_a_plan_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(DATA), "--week", WEEK, "--time-limit", "0.001", "--json"]) == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["status"] == "time_limit" and data["orders"] == []
    assert data["messages"] == ["no plan found in 0.001 s"]
    assert "Traceback" not in err


def test_a_verifier_failure_is_an_error(
    make_data: MakeData, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cantine_supply.planning.week as planner

    data_dir = make_data(base=MINIMAL_FILES)
    assert plan(load(data_dir), "w1").status is PlanStatus.OPTIMAL

    monkeypatch.setattr(planner, "verify", lambda problem, result: ["order 1: total is off"])
    with pytest.raises(VerificationError) as info:
        plan(load(data_dir), "w1")
    assert info.value.failures == ("order 1: total is off",)
    assert main(["plan", str(data_dir), "--week", "w1"]) == 3
    out, err = capsys.readouterr()
    assert err.splitlines() == ["error: plan failed verification:", "order 1: total is off"]
    assert "Traceback" not in err


def test_no_plan_from_scip_on_a_large_week_suggests_highs(
    sample: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above ``WARM_START_INTEGERS`` whole-number variables (here lowered below the sample
    week's) a time limit without a plan from SCIP says to try HiGHS; HiGHS is not told."""
    from cantine_supply.planning import week as planner

    monkeypatch.setattr(planner, "WARM_START_INTEGERS", 10)
    tiny = SolveOptions(time_limit_s=1e-3, warm_start=0.0)
    result = plan(sample, WEEK, options=tiny)
    assert result.status is PlanStatus.TIME_LIMIT
    assert result.messages == ("no plan found in 0.001 s", planner.SCIP_ON_LARGE_WEEKS)
    assert "--solver highs" in planner.SCIP_ON_LARGE_WEEKS
    highs = plan(sample, WEEK, options=SolveOptions(solver="highs", time_limit_s=1e-3))
    if not highs.status.has_plan:
        assert highs.messages == ("no plan found in 0.001 s",)
