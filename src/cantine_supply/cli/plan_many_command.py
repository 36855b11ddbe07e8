"""``cantine-supply plan-many``: plan many weeks of one or several data folders side by side.

Each week is planned in its own process (one solver thread each); a line is printed as each
finishes, then the results table (or, with ``--json``, the table as JSON with every plan).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from cantine_supply import InputError, load
from cantine_supply.cli import options

if TYPE_CHECKING:
    from cantine_supply import JobResult, PlanJob

EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT = 0, 1, 2


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "plan-many",
        help="plan many weeks of one or several data folders side by side",
        description="Plan every week of each data folder (or those of --weeks), each in its"
        " own process, and print one line per week as it finishes, then the table."
        " Exit 0 when every week has a plan meeting every target, 1 when a week has none,"
        " 2 for bad input (a folder that does not load, a week that does not exist).",
    )
    p.add_argument("data_dirs", nargs="+", metavar="DATA_DIR", help="data folders")
    p.add_argument("--weeks", metavar="W1,W2",
                   help="ids of the weeks to plan in every folder (default: all its weeks)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="processes (default: the machine's cores)")
    options.add_solver_options(p, time_help="seconds per week (default 60)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(run=run)


def jobs_from_args(args: argparse.Namespace) -> list[PlanJob]:
    """One job per folder and week; a folder that does not load is an :class:`InputError`."""
    from cantine_supply import PlanJob

    wanted = [w.strip() for w in args.weeks.split(",") if w.strip()] if args.weeks else None
    jobs: list[PlanJob] = []
    for folder in args.data_dirs:
        weeks = wanted or [w.id for w in load(folder).weeks]
        jobs.extend(PlanJob(folder, week, name=f"{folder}/{week}") for week in weeks)
    return jobs


def _line(result: JobResult) -> str:
    total = "-" if result.total_ttc is None else f"{result.total_ttc} EUR TTC"
    return f"{result.name}: {result.status}, {total}" + (
        f" ({result.error})" if result.error else "")


def run(args: argparse.Namespace) -> int:
    from cantine_supply import SolveOptions, plan_many

    if args.workers is not None and args.workers < 1:
        raise InputError("--workers must be at least 1")
    jobs = jobs_from_args(args)
    quiet = args.quiet or args.json

    def show(result: JobResult, done: int, total: int) -> None:
        if not quiet:
            print(f"[{done}/{total}] {_line(result)}", file=sys.stderr, flush=True)

    options = SolveOptions(solver=args.solver, time_limit_s=args.time_limit,
                           relative_gap=args.gap, threads=1)
    results = plan_many(jobs, options=options, workers=args.workers, progress=show)
    if args.json:
        json.dump([r.to_json() for r in results], sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        for result in results:
            print(_line(result))
    if any(r.error for r in results):
        return EXIT_BAD_INPUT
    if all(r.plan is not None and r.plan.targets_met for r in results):
        return EXIT_OK
    return EXIT_NO_PLAN
