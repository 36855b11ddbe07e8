"""Plan many independent weeks at once: :func:`plan_many`.

A network office plans the weeks of many canteens, or a contributor many generated weeks.
The weeks are independent (no shared orders: pooled orders are a different model), so they
run side by side, each in its own process with one solver thread, through any
:class:`concurrent.futures.Executor`: a process pool by default, or a cluster's executor
(Dask's ``distributed.Client.get_executor()``, Ray's ``RayExecutor``...) without this
library depending on either::

    from cantine_supply.planning.batch import PlanJob, plan_many

    jobs = [PlanJob("data", week) for week in ("2026-w48", "2026-w49")]
    for result in plan_many(jobs, workers=2):
        print(result.name, result.status, result.total_ttc)

A job names its data folder (loaded in the worker, so nothing big crosses processes) or
carries a :class:`~cantine_supply.model.Catalogue`. Results come back in the order of the
jobs; ``progress`` is called as each job finishes, in the order they finish.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from cantine_supply.errors import CantineSupplyError
from cantine_supply.io import load
from cantine_supply.model import Budget, Catalogue
from cantine_supply.optimize.solve import SolveOptions
from cantine_supply.planning.week import plan
from cantine_supply.plans.plan import Plan
from cantine_supply.plans.to_json import converter


@attrs.frozen
class PlanJob:
    """One week to plan: the canteen's data (a folder path or a loaded catalogue), the
    ``week`` id, an optional ``budget`` replacing the week's own, and a ``name`` for the
    results table (default ``"<folder>/<week>"``)."""

    data: str | Path | Catalogue
    week: str
    budget: Budget | None = None
    name: str = ""

    @property
    def label(self) -> str:
        """The job's name in the results table."""
        if self.name:
            return self.name
        where = "catalogue" if isinstance(self.data, Catalogue) else Path(self.data).name
        return f"{where}/{self.week}"


@attrs.frozen
class JobResult:
    """What one job gave: its ``plan`` (None when it failed with ``error``, the one-line
    message of the library's error) and the wall time of the job in its worker (s)."""

    name: str
    week: str
    plan: Plan | None
    error: str | None
    wall_s: float

    @property
    def status(self) -> str:
        """The plan's status (``optimal``, ``infeasible``...), or ``error``."""
        return "error" if self.plan is None else self.plan.status.value

    @property
    def total_ttc(self) -> Decimal | None:
        """The plan's total cost TTC (EUR), when it has a plan."""
        if self.plan is None or self.plan.indicators is None:
            return None
        return self.plan.indicators.total_ttc

    def to_json(self) -> dict[str, Any]:
        """A row of the results table as JSON-ready data (the plan's own JSON under
        ``plan``, null for a failed job)."""
        result: dict[str, Any] = converter.unstructure(self)
        return result


@converter.register(JobResult)
def _job_json(job: JobResult) -> dict[str, Any]:
    ind = None if job.plan is None else job.plan.indicators
    return {
        "name": job.name,
        "week": job.week,
        "status": job.status,
        "error": job.error,
        "total_ttc": None if ind is None else ind.total_ttc,
        "cost_per_cover_ttc": None if ind is None else ind.cost_per_cover_ttc,
        "targets_met": None if job.plan is None else job.plan.targets_met,
        "gap": None if job.plan is None else job.plan.solver.gap,
        "wall_s": round(job.wall_s, 3),
        "plan": job.plan,
    }


Progress = Callable[[JobResult, int, int], None]


def run_job(job: PlanJob, options: SolveOptions) -> JobResult:
    """Plan one job in this process: load its folder if needed and call :func:`plan`.

    An error of the library's (bad input, a week that does not exist) becomes the result's
    ``error``; anything else is a bug and propagates."""
    start = time.perf_counter()
    try:
        catalogue = job.data if isinstance(job.data, Catalogue) else load(job.data)
        result: Plan | None = plan(catalogue, job.week, budget=job.budget, options=options)
        error = None
    except CantineSupplyError as exc:
        result, error = None, str(exc)
    return JobResult(job.label, job.week, result, error, time.perf_counter() - start)


def plan_many(
    jobs: Iterable[PlanJob],
    *,
    options: SolveOptions | None = None,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> tuple[JobResult, ...]:
    """Plan every job and return the results in the order of ``jobs``.

    ``executor``: any :class:`~concurrent.futures.Executor`; by default a process pool of
    ``workers`` processes (default: the machine's cores, at most the number of jobs),
    created and shut down here. ``options`` apply to every job; one solver thread per job
    unless they say otherwise (the parallelism is across jobs). ``progress(result, done,
    total)`` is called in this process as each job finishes."""
    todo: Sequence[PlanJob] = tuple(jobs)
    options = options or SolveOptions(threads=1)
    if not todo:
        return ()
    if executor is not None:
        return _collect(executor, todo, options, progress)
    count = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    with ProcessPoolExecutor(max_workers=count) as pool:
        return _collect(pool, todo, options, progress)


def _collect(executor: Executor, jobs: Sequence[PlanJob], options: SolveOptions,
             progress: Progress | None) -> tuple[JobResult, ...]:
    """Submit every job, report each as it finishes, return the results in job order."""
    futures: dict[Future[JobResult], int] = {
        executor.submit(run_job, job, options): i for i, job in enumerate(jobs)
    }
    results: list[JobResult | None] = [None] * len(jobs)
    for done, future in enumerate(as_completed(futures), start=1):
        result = future.result()
        results[futures[future]] = result
        if progress is not None:
            progress(result, done, len(jobs))
    return tuple(r for r in results if r is not None)
