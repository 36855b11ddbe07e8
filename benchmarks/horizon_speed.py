"""The sample four-week horizon against the one-week plan, in one process.

``python benchmarks/horizon_speed.py [--reps 3]``

Plans the sample week ``2026-w48`` (``planner.plan``, the manager's defaults) ``--reps``
times, then the sample horizon ``2026-w48-w51`` as ``cantine-supply horizon data --horizon
2026-w48-w51`` does (the horizon file's weeks, budget and storage, the default search),
and prints the wall and CPU seconds of each, their ratio (the issue's target: at most 10),
the horizon's gap, the cash spent, the food left at the end (kg, what it would cost again,
its share of the spend: the target is under 10% unless the report shows it pays), what
it counts for, its split by origin and the same beside the weeks planned alone (it pays
when the weeks together spend no more cash: ``planning/horizon_end.py``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    import cantine_supply
    from cantine_supply.io.horizons import find_horizon
    from cantine_supply.io.storage import load_storage
    from cantine_supply.planning.horizon import plan_horizon
    from cantine_supply.planning.week import plan

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    data = ROOT / "data"
    catalogue = cantine_supply.load(data)
    loads = [os.getloadavg()[0]]
    week: list[tuple[float, float]] = []
    for _ in range(args.reps):
        cpu, wall = time.process_time(), time.perf_counter()
        result = plan(catalogue, "2026-w48")
        week.append((time.perf_counter() - wall, time.process_time() - cpu))
        assert result.status.value == "optimal"
    horizon = find_horizon(data, catalogue.week_by_id, "2026-w48-w51")
    cpu, wall = time.process_time(), time.perf_counter()
    together = plan_horizon(catalogue, horizon.weeks, storage=horizon.storage_over(
        load_storage(data)), horizon_budget=horizon.budget)
    h_wall, h_cpu = time.perf_counter() - wall, time.process_time() - cpu
    loads.append(os.getloadavg()[0])
    w_wall = statistics.median(w for w, _ in week)
    w_cpu = statistics.median(c for _, c in week)
    print(f"load average {min(loads):.2f}-{max(loads):.2f}")
    print(f"one week (2026-w48), median of {args.reps}: {w_wall:.2f} s wall, {w_cpu:.2f} s cpu")
    print(f"horizon 2026-w48-w51: {h_wall:.1f} s wall, {h_cpu:.1f} s cpu; ratio "
          f"{h_wall / w_wall:.0f}x wall, {h_cpu / w_cpu:.0f}x cpu")
    gap = together.solver.gap
    print(f"  {together.status.value}, gap {'-' if gap is None else f'{100 * gap:.2f}%'}, "
          f"{together.solver.termination}")
    cost = together.cost_ht
    if cost is not None and cost > 0:
        left = together.end_stock_replacement_ht
        print(f"  cash spent {cost} EUR HT ({together.cash_spent_ttc} TTC); food left "
              f"{together.end_stock_kg:.1f} kg, {left} EUR HT to buy again "
              f"({100 * left / cost:.1f}% of the spend), counted for "
              f"{together.end_stock_value_ht}; net {together.net_cost_ht}; week by week "
              f"net {together.week_by_week_net_cost_ht}, bulk savings "
              f"{together.bulk_savings_ht}; bulk lines {len(together.bulk_lines)}")
        end = together.end_stock
        share = end.bought_share
        print(f"  food left by origin: from the starting stock {end.from_start_ht}; bought "
              f"{end.bought_ht} ({'-' if share is None else f'{100 * share:.1f}%'} of the "
              f"spend, target met: {end.within_target}): less than one pack "
              f"{end.part_pack_ht}, a pack or more {end.whole_packs_ht}")
        if end.week_by_week_spend_ht is not None:
            print(f"  the weeks planned alone: cash spent {end.week_by_week_spend_ht}, food "
                  f"bought and left {end.week_by_week_bought_ht}; together "
                  f"{end.cash_saved_ht} less cash: pays {end.pays}, target (under 10% or "
                  f"pays) met: {end.meets_target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
