"""Throughput of ``plan_many`` on generated canteen-weeks, with 1 and with 2 processes.

``python benchmarks/plan_many_speed.py [--count 200] [--offers 60] [--gap 0.01]
[--time-limit 20]`` generates ``--count`` small canteens (one week each, seeded 0..count-1,
``--offers`` offers, 40 ingredients, 6 suppliers), then plans them all with ``plan_many``
once with one process and once with two, in the same run, and prints the wall time of each,
their ratio, and how many weeks each found optimal/feasible. The catalogues travel to the
workers pickled (as a network office's would when loaded from a database). The ratio is the
figure: on a 2-core machine the best is 2.0; the load (``uptime``) is printed beside it.
Measured figures: ``benchmarks/README.md``, "plan_many: 200 canteen-weeks".
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--offers", type=int, default=60)
    parser.add_argument("--gap", type=float, default=0.01)
    parser.add_argument("--time-limit", type=float, default=20.0)
    args = parser.parse_args(argv)

    from benchmarks.generate import generate
    from cantine_supply.optimize.solve import SolveOptions
    from cantine_supply.planning.batch import PlanJob, plan_many

    start = time.perf_counter()
    jobs = []
    for seed in range(args.count):
        catalogue = generate(seed, ingredients=40, suppliers=6, offers=args.offers)
        jobs.append(PlanJob(catalogue, catalogue.weeks[0].id, name=f"gen-{seed:03d}"))
    print(f"generated {len(jobs)} canteen-weeks in {time.perf_counter() - start:.1f} s")
    options = SolveOptions(time_limit_s=args.time_limit, relative_gap=args.gap, threads=1)
    walls = {}
    for workers in (1, 2):
        load = os.getloadavg()[0]
        start = time.perf_counter()
        results = plan_many(jobs, options=options, workers=workers)
        walls[workers] = time.perf_counter() - start
        statuses = Counter(r.status for r in results)
        print(f"{workers} process(es): {walls[workers]:.1f} s wall, "
              f"{len(jobs) / walls[workers]:.2f} weeks/s, {dict(statuses)}, load {load:.2f}")
    print(f"ratio 1 process / 2 processes: {walls[1] / walls[2]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
