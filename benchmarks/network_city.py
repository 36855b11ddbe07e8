"""A generated city of canteens pooling their orders: solve time, gap and saving.

``python benchmarks/network_city.py [--canteens 10] [--offers 1000] [--time-limit 60]
[--seed 0] [--ingredients 200] [--suppliers 40] [--alone-gap 0] [--solver scip]
[--workers 2] [--json]`` generates one shared catalogue (``--offers`` offers,
``--ingredients`` ingredients, ``--suppliers`` suppliers:
:func:`benchmarks.generate.generate`) and ``--canteens`` canteens using it, each with its
own week: its own menus (drawn from the catalogue's recipes) and covers (25 to 80 a
lunch, Tuesday to Friday), with targets and a budget that its virtuous greedy plan meets
(:func:`benchmarks.generate.with_reachable_targets`). It plans each canteen alone with
:func:`~cantine_supply.planning.batch.plan_many` (``--workers`` processes, ``--alone-gap``, the
time limit each), then runs :func:`cantine_supply.network.plan_network` on those plans
(the pooled model, with the time limit and gap 0) and prints: the pooled model's size,
its solve time and gap, the statuses of the canteens' own plans, the network's cost alone
and pooled, the saving, and the load (``uptime``) at the start. Same seed, same city.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def city(canteens: int, offers: int, seed: int, ingredients: int = 200,  # type: ignore[no-untyped-def]
         suppliers: int = 40):
    """The generated network: one catalogue, ``canteens`` canteens with their own weeks."""
    import attrs

    from benchmarks.generate import _weeks, generate, with_reachable_targets
    from cantine_supply.model.network import Network, NetworkCanteen

    shared = generate(seed, ingredients=ingredients, suppliers=suppliers, offers=offers,
                      targets=False)
    recipes: dict[str, list[str]] = {}
    for recipe in shared.recipes:
        recipes.setdefault(recipe.course.value, []).append(recipe.id)
    members = []
    for k in range(canteens):
        rng = random.Random(seed * 10_007 + k)
        low = rng.randint(25, 60)
        (week,) = _weeks(rng, 1, 4, (low, min(80, low + 20)), recipes)
        week = attrs.evolve(week, canteen=f"canteen {k:02d}")
        data = with_reachable_targets(attrs.evolve(shared, weeks=[week]))
        members.append(NetworkCanteen(f"c{k:02d}", f"canteen {k:02d}", f"c{k:02d}", data))
    return Network(f"generated city {seed}", members), shared.weeks[0].id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--canteens", type=int, default=10)
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ingredients", type=int, default=200)
    parser.add_argument("--suppliers", type=int, default=40)
    parser.add_argument("--alone-gap", type=float, default=0.0)
    parser.add_argument("--solver", choices=("scip", "highs"), default="scip")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from cantine_supply.network import plan_network
    from cantine_supply.optimize.network import Delivery, build_network_model
    from cantine_supply.optimize.solve import SolveOptions, whole_numbers
    from cantine_supply.planning.batch import PlanJob, plan_many
    from cantine_supply.problem.week import week_problem

    load = os.getloadavg()
    start = time.perf_counter()
    network, week = city(args.canteens, args.offers, args.seed, args.ingredients,
                         args.suppliers)
    generated = time.perf_counter() - start
    problems = [week_problem(c.catalogue, week) for c in network.canteens]
    start = time.perf_counter()
    jobs = [PlanJob(c.catalogue, week, name=c.id) for c in network.canteens]
    alone_options = SolveOptions(solver=args.solver, time_limit_s=args.time_limit,
                                 relative_gap=args.alone_gap, threads=1)
    plans = [r.plan for r in plan_many(jobs, options=alone_options, workers=args.workers)]
    alone_wall = time.perf_counter() - start
    alone_ttc = sum(float(p.indicators.total_ttc) for p in plans
                    if p is not None and p.indicators is not None)
    model = build_network_model(problems, Delivery(), alone_ttc).model
    size = {"variables": model.get_num_variables(), "integers": whole_numbers(model),
            "constraints": model.get_num_linear_constraints()}
    start = time.perf_counter()
    pooled_options = SolveOptions(solver=args.solver, time_limit_s=args.time_limit)
    result = plan_network(network, week, options=pooled_options,
                          alone=[p for p in plans if p is not None])
    wall = time.perf_counter() - start
    solver = result.solver
    out = {
        "canteens": args.canteens, "offers": args.offers, "seed": args.seed, "solver": args.solver,
        "time_limit_s": args.time_limit, "load": [round(x, 2) for x in load],
        "generated_s": round(generated, 1), "model": size,
        "alone_statuses": dict(Counter(p.alone.status.value for p in result.parts)),
        "alone_gap": args.alone_gap,
        "alone_wall_s": round(alone_wall, 1),
        "pooled_status": result.status.value, "messages": list(result.messages),
        "pooled_solve_s": None if solver is None else round(solver.time_s, 1),
        "pooled_gap": None if solver is None or solver.gap is None else round(solver.gap, 5),
        "pooled_wall_s": round(wall, 1), "alone_ttc": str(result.alone),
        "pooled_ttc": str(result.total), "saving_ttc": str(result.saving),
        "saving_share": float(result.saving / result.alone) if result.alone else None,
        "canteens_better_off": sum(p.share.saving > 0 for p in result.parts),
    }
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        for key, value in out.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
