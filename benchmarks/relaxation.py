"""The relaxation and the solvers' own figures per week, with and without the valid
inequalities (``build_model(strengthen=...)``).

    python benchmarks/relaxation.py [--solve] [--limit S] [WEEK ...]

WEEK is a sample week (``2026-w48``) or a generated week (``standard:0`` is the first week
of the ``gen-standard-4w`` instance, ``small:0``, ``large:0``). For each: the model's size,
its LP relaxation (GLOP, before any solver cut) and, with ``--solve``, SCIP (1 thread) and
HiGHS to gap 0 within the limit: termination, objective, dual bound, nodes, the solver's
own time and the process CPU time of the solve, with the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ortools.math_opt.python import mathopt  # noqa: E402

SEEDS = {"small": 1, "standard": 2, "large": 3}


def _problem(name: str, cache: dict[str, Any]) -> Any:
    from cantine_supply.problem.week import week_problem

    if name.startswith("20"):
        if "sample" not in cache:
            import cantine_supply

            cache["sample"] = cantine_supply.load(ROOT / "data")
        return week_problem(cache["sample"], name)
    from benchmarks.generate import SIZES, generate

    kind, index = name.split(":")
    if kind not in cache:
        cache[kind] = generate(SEEDS[kind], **SIZES[kind])
    catalogue = cache[kind]
    return week_problem(catalogue, catalogue.weeks[int(index)].id)


def lp_relaxation(model: mathopt.Model) -> float:
    """The LP relaxation's optimum (integrality dropped, then put back)."""
    integers = [v for v in model.variables() if v.integer]
    for v in integers:
        v.integer = False
    try:
        return mathopt.solve(model, mathopt.SolverType.GLOP, remove_names=True).objective_value()
    finally:
        for v in integers:
            v.integer = True


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    from cantine_supply.optimize.build import build_model

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("weeks", nargs="*", default=["2026-w48", "2026-w49", "2026-w50",
                                                     "2026-w51", "standard:0"])
    parser.add_argument("--solve", action="store_true")
    parser.add_argument("--limit", type=float, default=60.0)
    args = parser.parse_args(argv)
    cache: dict[str, Any] = {}
    for name in args.weeks:
        problem = _problem(name, cache)
        basis = problem.budget.basis if problem.budget else "TTC"
        for strengthen in (False, True):
            built = build_model(problem, "cost", basis, strengthen=strengthen)
            model = built.model
            rows = len(list(model.linear_constraints()))
            size = f"{len(list(model.variables()))} vars {rows} rows"
            line = f"{name:12s} cuts={'on ' if strengthen else 'off'} {size:20s} " + (
                f"LP {lp_relaxation(model):10.2f}"
            )
            print(line, flush=True)
            if not args.solve:
                continue
            for solver, kind in (("scip", mathopt.SolverType.GSCIP),
                                 ("highs", mathopt.SolverType.HIGHS)):
                params = mathopt.SolveParameters(
                    relative_gap_tolerance=0.0,
                    absolute_gap_tolerance=0.0,
                    threads=1 if solver == "scip" else None,
                    random_seed=0,
                    time_limit=dt.timedelta(seconds=args.limit),
                )
                before = _cpu()
                result = mathopt.solve(model, kind, params=params)
                cpu = _cpu() - before
                best = (result.objective_value() if result.has_primal_feasible_solution()
                        else float("nan"))
                bound = result.termination.objective_bounds.dual_bound
                print(
                    f"    {solver:5s} {result.termination.reason.name.lower():9s} "
                    f"obj {best:10.2f} bound {bound:10.2f} "
                    f"nodes {result.solve_stats.node_count:6d} "
                    f"solve {result.solve_stats.solve_time.total_seconds():6.2f} s "
                    f"cpu {cpu:6.2f} s load {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
