"""Build + solve time of the sample weeks, the figure of issue 8's first target.

``python benchmarks/sample_speed.py [--weeks W,...] [--solvers scip,highs] [--reps 3]
[--budget EUR]`` builds and solves each week to gap 0 (``build_model`` then ``solve_model``, as the
planner does, without the checks, the serving step and the verifier), ``--reps`` times,
the solvers and weeks interleaved so that a change in the machine's load falls on all of
them alike. It prints, per week and solver, the median CPU time of this process (build,
solve, both) and of the wall clock, the objective and the solver's node count; CPU time is
the figure to compare on a shared machine. ``--budget`` replaces each week's budget by that
total TTC (``--budget 10000000``: a budget that bounds nothing, the loosest pack caps).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEEKS = ("2026-w48", "2026-w49", "2026-w50", "2026-w51")


def measure(weeks: list[str], solvers: list[str], reps: int,
            budget: float | None = None) -> list[str]:
    """One line per week and solver: median CPU s of build, solve and both, median wall s."""
    import cantine_supply
    from cantine_supply.model import Budget
    from cantine_supply.optimize.build import build_model
    from cantine_supply.optimize.solve import SolveOptions, solve_model
    from cantine_supply.problem.week import week_problem

    catalogue = cantine_supply.load(ROOT / "data")
    total = None if budget is None else Budget(amount=budget)
    problems = {w: week_problem(catalogue, w, budget=total) for w in weeks}
    runs: dict[tuple[str, str], list[tuple[float, float, float]]] = defaultdict(list)
    found: dict[tuple[str, str], str] = {}
    for _ in range(reps):
        for week in weeks:
            for solver in solvers:
                cpu, wall = time.process_time(), time.perf_counter()
                built = build_model(problems[week], "cost", "TTC")
                built_cpu = time.process_time()
                outcome = solve_model(built, SolveOptions(solver=solver))
                done = time.process_time()
                runs[(week, solver)].append(
                    (built_cpu - cpu, done - built_cpu, time.perf_counter() - wall)
                )
                nodes = outcome.result.solve_stats.node_count if outcome.result else None
                found[(week, solver)] = (
                    f"{outcome.status.value} {outcome.report.objective or 0.0:.4f} "
                    f"gap {outcome.report.gap} nodes {nodes}"
                )
    lines = []
    for week in weeks:
        for solver in solvers:
            got = runs[(week, solver)]
            build = statistics.median(r[0] for r in got)
            solve = statistics.median(r[1] for r in got)
            both = [round(r[0] + r[1], 2) for r in got]
            wall = statistics.median(r[2] for r in got)
            lines.append(
                f"{week:16s} {solver:6s} cpu build {build:.3f} solve {solve:.3f} "
                f"total {statistics.median(both):.2f} (runs {both}) wall {wall:.2f}; "
                f"{found[(week, solver)]}"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", default=",".join(WEEKS))
    parser.add_argument("--solvers", default="scip,highs")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--budget", type=float, default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    for line in measure(args.weeks.split(","), args.solvers.split(","), args.reps, args.budget):
        print(line, flush=True)


if __name__ == "__main__":
    main()
