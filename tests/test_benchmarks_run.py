"""``benchmarks/run.py`` exits 1 when a plan fails the verifier (what CI relies on), and 0
when the only messages are the greedy baseline's missed targets."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import run  # noqa: E402
from benchmarks.greedy import greedy_plan  # noqa: E402

from cantine_supply import load  # noqa: E402
from cantine_supply.problem.week import week_problem  # noqa: E402
from cantine_supply.verification.week import verify  # noqa: E402


def fake_run(method: str, failures: list[str]) -> dict[str, Any]:
    week = {
        "week": "2026-w48",
        "build_s": 0.1,
        "solve_s": 0.1,
        "total_s": 0.2,
        "status": "heuristic" if method == "greedy" else "optimal",
        "cost_ttc": 1.0,
        "objective": 1.0,
        "bound": 1.0,
        "solver_gap": 0.0,
        "targets_met": 8,
        "targets": 8,
        "missed": [],
        "failures": failures,
        "size": {},
    }
    return {
        "instance": "sample-w48",
        "method": method,
        "weeks": [week],
        "catalogue_s": 0.0,
        "cpu_s": 0.2,
        "offers": 1,
        "ingredients": 1,
        "suppliers": 1,
        "peak_mb": 1.0,
    }


@pytest.fixture(scope="module")
def broken_plan_failures() -> list[str]:
    """The verifier's own messages for the sample week's greedy plan with an order left out
    (its needs are no longer covered)."""
    problem = week_problem(load(ROOT / "data"), "2026-w48")
    plan = greedy_plan(problem).plan
    broken = attrs.evolve(plan, orders=plan.orders[1:])
    failures = verify(problem, broken)
    assert failures
    return failures


def quick_with(monkeypatch: pytest.MonkeyPatch, failures: list[str], method: str) -> int:
    monkeypatch.setattr(run, "_spawned", lambda instance, m, jobs=1: fake_run(m, failures))
    return run.main(["--suite", "quick", "--methods", method, "--json"])


def test_a_plan_failing_the_verifier_fails_the_suite(
    monkeypatch: pytest.MonkeyPatch,
    broken_plan_failures: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert quick_with(monkeypatch, broken_plan_failures, "scip") == 1
    assert quick_with(monkeypatch, broken_plan_failures, "greedy") == 1  # a rule, not a target
    capsys.readouterr()


def test_plans_passing_the_verifier_pass_the_suite(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert quick_with(monkeypatch, [], "scip") == 0
    missed = ["organic_share 0.2000 by value below the target 0.3"]  # verify.py's wording
    assert quick_with(monkeypatch, missed, "greedy") == 0  # the baseline may miss targets
    assert quick_with(monkeypatch, missed, "scip") == 1  # the planner may not
    capsys.readouterr()


def test_weeks_run_apart_merge_into_one_run() -> None:
    """``--jobs``: the weeks' rows in order, CPU summed, memory the largest, the wall given."""
    first, second = fake_run("highs", []), fake_run("highs", [])
    second["weeks"] = [{**second["weeks"][0], "week": "2026-w49"}]
    second["cpu_s"], second["peak_mb"] = 0.5, 3.0
    merged = run.merge_weeks([first, second], wall_s=0.4, jobs=2)
    assert [w["week"] for w in merged["weeks"]] == ["2026-w48", "2026-w49"]
    assert merged["cpu_s"] == pytest.approx(0.7)
    assert merged["peak_mb"] == 3.0
    assert (merged["wall_s"], merged["jobs"]) == (0.4, 2)
    summary = run.summarise(merged)
    assert (summary["weeks"], summary["wall_s"], summary["jobs"]) == (2, 0.4, 2)
    assert summary["total_s"] == pytest.approx(0.4)


def test_jobs_and_instances_are_checked() -> None:
    with pytest.raises(SystemExit):
        run.main(["--suite", "quick", "--jobs", "0"])
    with pytest.raises(SystemExit):
        run.main(["--suite", "quick", "--instances", "no-such-instance"])
