"""What was tried on the sample horizon's gap: each stage's CPU time and objective.

``python benchmarks/horizon_tries.py [--suppliers] [--solver highs|scip] [--nodes N]
[--threads T]``

Builds the sample horizon ``2026-w48-w51`` as ``cantine-supply horizon data --horizon
2026-w48-w51`` does, plans the weeks one at a time (the start), runs the one-week search
(:func:`~cantine_supply.planning.horizon_search.improve_by_week`), then with
``--suppliers`` the search by supplier across the weeks (``--step-s``: each step's time limit)
(:func:`~cantine_supply.planning.horizon_search.improve_by_supplier`), then solves the
whole model from the result with ``--solver``, ``--nodes`` (node limit) and
``--threads``, and prints each stage's CPU seconds and objective (cost HT less the end
value), the whole model's bound and the gap from it. Only solver figures; the plan is
not assembled.
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


def main(argv: list[str] | None = None) -> int:
    import attrs

    import cantine_supply
    from cantine_supply.io.horizons import find_horizon
    from cantine_supply.io.storage import load_storage
    from cantine_supply.optimize.horizon_build import build_horizon_model
    from cantine_supply.optimize.solve import SolveOptions, relative_gap
    from cantine_supply.planning.horizon import _hint, plan_week_by_week
    from cantine_supply.planning.horizon_search import (
        improve_by_supplier,
        improve_by_week,
        objective_value,
        solve_horizon_model,
    )
    from cantine_supply.problem.horizon_problem import horizon_problem, stock_value

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suppliers", action="store_true")
    parser.add_argument("--solver", default="highs")
    parser.add_argument("--nodes", type=int, default=1)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--time", type=float, default=None, help="whole model's time limit")
    parser.add_argument("--step-s", type=float, default=None,
                        help="time limit of each supplier step (default none)")
    args = parser.parse_args(argv)
    data = ROOT / "data"
    catalogue = cantine_supply.load(data)
    horizon = find_horizon(data, catalogue.week_by_id, "2026-w48-w51")
    stock = tuple(attrs.evolve(lot, unit_cost_ht=stock_value(catalogue, lot))
                  for lot in catalogue.stock)
    options = SolveOptions(solver="highs", time_limit_s=None, relative_gap=0.0)
    print(f"load average {os.getloadavg()[0]:.2f}")
    cpu = time.process_time()
    problem = horizon_problem(catalogue, horizon.weeks, stock=stock,
                              storage=horizon.storage_over(load_storage(data)),
                              budget=horizon.budget)
    alone = plan_week_by_week(catalogue, horizon.weeks, stock=stock,
                              horizon_budget=horizon.budget, options=options)
    built = build_horizon_model(problem)
    hint = _hint(built, alone)
    assert hint is not None

    print(f"week by week: {objective_value(built, hint):.2f}, "
          f"{time.process_time() - cpu:.1f} s cpu", flush=True)
    cpu = time.process_time()
    hint, gained = improve_by_week(built, hint, options)
    print(f"one-week search: {objective_value(built, hint):.2f} ({gained} improving), "
          f"{time.process_time() - cpu:.1f} s cpu", flush=True)
    if args.suppliers:
        cpu = time.process_time()
        hint, gained = improve_by_supplier(built, hint, options, step_limit_s=args.step_s,
                                           on_step=lambda step: print(f"  {step}",
                                                                      flush=True))
        print(f"supplier search: {objective_value(built, hint):.2f} ({gained} improving), "
              f"{time.process_time() - cpu:.1f} s cpu", flush=True)
    whole = SolveOptions(solver=args.solver, time_limit_s=args.time, relative_gap=0.0,
                         node_limit=args.nodes, threads=args.threads)
    cpu, wall = time.process_time(), time.perf_counter()
    nodes: list[int] = []
    status, report, values = solve_horizon_model(built, whole, hint, nodes)
    best = objective_value(built, hint)
    if values is not None:
        best = min(best, objective_value(built, values))
    gap = None if report.bound is None else relative_gap(best, report.bound)
    print(f"whole model ({args.solver}, {args.nodes} nodes, threads {args.threads}): "
          f"{status.value}, {report.termination}, {nodes[0]} nodes, best {best:.2f}, bound "
          f"{report.bound}, gap {'-' if gap is None else f'{100 * gap:.2f}%'}; "
          f"{time.process_time() - cpu:.1f} s cpu, {time.perf_counter() - wall:.1f} s wall")
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
