"""plan_many: independent weeks side by side through any executor, and `plan-many`."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cantine_supply import load
from cantine_supply.cli.main import main
from cantine_supply.optimize.solve import SolveOptions
from cantine_supply.planning.batch import JobResult, PlanJob, plan_many
from cantine_supply.planning.week import plan

DATA = Path(__file__).resolve().parents[1] / "data"
WEEKS = ("2026-w48", "2026-w49")


def _without_timings(data: dict) -> dict:
    """The plan's JSON without the solver's figures (they depend on the machine's speed)
    and without the explanations of skipped rounds (compared by :func:`_same_rounds`)."""
    data = dict(data)
    data.pop("solver", None)
    data.pop("skipped_collections", None)
    return data


def _same_rounds(one: dict, other: dict) -> None:
    """The same rounds skipped, and the same explanation of each that both proved: each
    explanation is a forced solve under a time limit
    (:data:`~cantine_supply.planning.skipped_rounds.ROUND_SOLVE_TIME_S`), so under load
    one process may stop it before the proof and the other not."""
    ones = {(r["collection"], r["date"]): r for r in one.get("skipped_collections", [])}
    others = {(r["collection"], r["date"]): r for r in other.get("skipped_collections", [])}
    assert ones.keys() == others.keys()
    for key, entry in ones.items():
        if entry.get("proven") and others[key].get("proven"):
            assert entry == others[key], key


@pytest.mark.slow  # a process pool: two fresh interpreters importing the solver
def test_a_process_pool_gives_the_plans_of_planning_one_at_a_time() -> None:
    seen: list[tuple[str, int, int]] = []

    def progress(result: JobResult, done: int, total: int) -> None:
        seen.append((result.name, done, total))

    results = plan_many([PlanJob(DATA, w) for w in WEEKS], workers=2, progress=progress)
    catalogue = load(DATA)
    assert [r.week for r in results] == list(WEEKS)  # in the order of the jobs
    for result in results:
        alone = plan(catalogue, result.week, options=SolveOptions(threads=1))
        assert result.plan is not None and result.error is None
        assert result.total_ttc == alone.indicators.total_ttc  # type: ignore[union-attr]
        assert _without_timings(result.plan.to_json()) == _without_timings(alone.to_json())
        _same_rounds(result.plan.to_json(), alone.to_json())
    assert sorted(done for _, done, _ in seen) == [1, 2]
    assert {total for _, _, total in seen} == {2}
    assert {name for name, _, _ in seen} == {f"data/{w}" for w in WEEKS}


def test_any_executor_and_a_loaded_catalogue_are_accepted() -> None:
    catalogue = load(DATA)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = plan_many([PlanJob(catalogue, "2026-w48", name="here")], executor=pool)
    assert results[0].name == "here"
    assert results[0].status == "optimal"
    assert results[0].to_json()["total_ttc"] == float(results[0].total_ttc)  # type: ignore[arg-type]


def test_a_week_that_does_not_exist_is_a_result_with_its_error() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        (result,) = plan_many([PlanJob(DATA, "2031-w01")], executor=pool)
    assert result.plan is None and result.status == "error"
    assert result.error is not None and "2031-w01" in result.error


def test_no_jobs_no_results() -> None:
    assert plan_many([]) == ()


def test_plan_many_command_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan-many", str(DATA), "--weeks", "2026-w48", "--workers", "1"]) == 0
    out = capsys.readouterr()
    assert out.out == f"{DATA}/2026-w48: optimal, 352.34 EUR TTC\n"
    assert f"[1/1] {DATA}/2026-w48: optimal, 352.34 EUR TTC" in out.err
    assert main(["plan-many", str(DATA), "--weeks", "2031-w01", "--workers", "1"]) == 2
    assert main(["plan-many", str(DATA), "--workers", "0"]) == 2
    assert capsys.readouterr().err.strip().endswith("--workers must be at least 1")


def test_dask_executor_when_installed() -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.Client(processes=True, n_workers=2, threads_per_worker=1) as client:
        results = plan_many([PlanJob(DATA, w) for w in WEEKS],
                            executor=client.get_executor())
    assert [r.status for r in results] == ["optimal", "optimal"]
