"""The menu-choice week against the fixed week, with and without the menu-choice rows.

``python benchmarks/menu_choice.py [--solvers scip,highs] [--reps 3]``

In one process, ``--reps`` times with the runs interleaved (so a change in the machine's
load falls on all alike): the fixed sample week ``2026-w48`` and the menu-choice week
``2026-w48-choice``, the latter built without and with the rows of
``cantine_supply.optimize.menu_cuts`` (``build_model(menu_cuts=...)``), each solved to gap 0
as the planner does (``build_model`` then ``solve_model``). Prints per run the LP
relaxation (GLOP), the optimum, the solver's nodes, and the median CPU and wall seconds of
build + solve, then the ratio of each choice run's median CPU to the fixed week's with the
same solver: the issue's target is at most 2.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RUNS = (("2026-w48", True, "fixed week"), ("2026-w48-choice", False, "choice, no menu rows"),
        ("2026-w48-choice", True, "choice, menu rows"))


def main(argv: list[str] | None = None) -> int:
    import cantine_supply
    from benchmarks.relaxation import lp_relaxation
    from cantine_supply.optimize.build import build_model
    from cantine_supply.optimize.solve import SolveOptions, solve_model
    from cantine_supply.problem.week import week_problem

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--solvers", default="scip,highs")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    solvers = args.solvers.split(",")
    catalogue = cantine_supply.load(ROOT / "data")
    problems = {w: week_problem(catalogue, w) for w, _, _ in RUNS}
    times: dict[tuple[int, str], list[tuple[float, float]]] = defaultdict(list)
    seen: dict[tuple[int, str], str] = {}
    lp: dict[int, float] = {}
    loads = []
    for _ in range(args.reps):
        for k, (week, rows, _) in enumerate(RUNS):
            for solver in solvers:
                cpu, wall = time.process_time(), time.perf_counter()
                built = build_model(problems[week], "cost", "TTC", menu_cuts=rows)
                outcome = solve_model(built, SolveOptions(solver=solver))
                times[(k, solver)].append((time.process_time() - cpu, time.perf_counter() - wall))
                nodes = outcome.result.solve_stats.node_count if outcome.result else None
                seen[(k, solver)] = (f"{outcome.status.value} {outcome.report.objective or 0:.2f}"
                                     f" nodes {nodes}")
                if k not in lp:
                    lp[k] = lp_relaxation(build_model(problems[week], "cost", "TTC",
                                                      menu_cuts=rows).model)
                loads.append(os.getloadavg()[0])
    print(f"load average {min(loads):.2f}-{max(loads):.2f}, {args.reps} reps, medians")
    print(f"{'run':24s} {'solver':6s} {'LP':>8s} {'cpu s':>6s} {'wall s':>6s} "
          f"{'ratio':>6s}  result")
    for k, (_, _, label) in enumerate(RUNS):
        for solver in solvers:
            cpu = statistics.median(t[0] for t in times[(k, solver)])
            wall = statistics.median(t[1] for t in times[(k, solver)])
            fixed = statistics.median(t[0] for t in times[(0, solver)])
            print(f"{label:24s} {solver:6s} {lp[k]:8.2f} {cpu:6.2f} {wall:6.2f} "
                  f"{cpu / fixed:6.2f}  {seen[(k, solver)]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
