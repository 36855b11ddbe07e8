"""Offers before and after the reduction (``cantine_supply.problem.reduce``) on every
benchmark week.

``python benchmarks/reduction.py [--solve] [--limit S] [INSTANCE ...]``

INSTANCE is ``sample`` (the sample weeks of ``data/``) or a generated size (``small``,
``standard``, ``large``, the seeds of ``relaxation.py``). For each week: the offers with a
delivery slot before and after, the slots, and the time the reduction took. With
``--solve`` (sample and small weeks only): each week's model without and with the
reduction, solved to gap 0 with SCIP (the planner's default), the optimum and the solve
time of both, to check they agree.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEEDS = {"small": 1, "standard": 2, "large": 3}


def weeks_of(name: str) -> list[tuple[str, object]]:
    """``(label, WeekProblem)`` for each week of instance ``name``."""
    from cantine_supply.problem.week import week_problem

    if name == "sample":
        import cantine_supply

        catalogue = cantine_supply.load(ROOT / "data")
    else:
        from benchmarks.generate import SIZES, generate

        catalogue = generate(SEEDS[name], **SIZES[name])
    return [(f"{name}:{w.id}", week_problem(catalogue, w.id)) for w in catalogue.weeks]


def main(argv: list[str] | None = None) -> int:
    from cantine_supply.optimize.build import build_model
    from cantine_supply.optimize.solve import SolveOptions, solve_model
    from cantine_supply.problem.reduce import reduce_problem

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("instances", nargs="*", default=["sample", "small", "standard"])
    parser.add_argument("--solve", action="store_true")
    parser.add_argument("--limit", type=float, default=60.0)
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'week':28s} {'offers':>7s} {'after':>7s} {'slots':>7s} {'after':>7s} {'ms':>6s}")
    total = [0, 0]
    for name in args.instances:
        for label, problem in weeks_of(name):
            start = time.perf_counter()
            reduction = reduce_problem(problem)  # type: ignore[arg-type]
            ms = 1000 * (time.perf_counter() - start)
            slots = len(problem.delivery_slots)  # type: ignore[attr-defined]
            print(f"{label:28s} {reduction.offers_before:7d} {reduction.offers_after:7d} "
                  f"{slots:7d} {len(reduction.problem.delivery_slots):7d} {ms:6.1f}",
                  flush=True)
            total[0] += reduction.offers_before
            total[1] += reduction.offers_after
            if args.solve and name in ("sample", "small"):
                options = SolveOptions(time_limit_s=args.limit, relative_gap=0.0)
                for tag, week in (("full", problem), ("reduced", reduction.problem)):
                    start = time.perf_counter()
                    outcome = solve_model(build_model(week), options)  # type: ignore[arg-type]
                    print(f"    {tag:8s} {outcome.status.value:9s} "
                          f"{outcome.report.objective or 0.0:10.4f} "
                          f"{time.perf_counter() - start:6.2f} s", flush=True)
    print(f"{'all':28s} {total[0]:7d} {total[1]:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
