"""Rolling horizon on the sample data: plan four weeks together, keep the first week's
orders, then plan the remaining weeks again from the stock the first week actually left.

Run from anywhere: ``python examples/rolling_horizon.py``.
"""

from __future__ import annotations

from pathlib import Path

import cantine_supply as cs
from cantine_supply.horizon import StorageCapacity, plan_horizon
from cantine_supply.optimize.solve import SolveOptions

DATA = Path(__file__).resolve().parent.parent / "data"
WEEKS = ["2026-w48", "2026-w49", "2026-w50", "2026-w51"]
#: The canteen's dry store, cold room and freezer, in kg.
STORAGE = StorageCapacity(ambient_kg=400, chilled_kg=150, frozen_kg=40)
OPTIONS = SolveOptions(solver="scip", time_limit_s=120, relative_gap=0.01, node_limit=100)


def main() -> None:
    catalogue = cs.load(DATA)
    stock = catalogue.stock
    for start in range(len(WEEKS)):
        weeks = WEEKS[start:]
        result = plan_horizon(catalogue, weeks, stock=stock, storage=STORAGE,
                              options=OPTIONS)
        if not result.status.has_plan:
            print(f"{weeks[0]}: no plan ({result.status.value})")
            return
        week = result.plans[0]
        assert week.indicators is not None
        print(f"{week.week}: planned with {len(weeks)} week(s) ahead,"
              f" {result.status.value} in {result.solver.time_s:.1f} s")
        for order in week.orders:
            lines = ", ".join(f"{line.packs} x {line.pack_label or line.offer}"
                              for line in order.lines)
            print(f"  {order.delivery_date} {order.supplier}: {order.total_ht} EUR HT ({lines})")
        print(f"  week total {week.indicators.total_ht} EUR HT; stock at the week's end: "
              + ", ".join(f"{k} {v:.1f} kg" for k, v in result.week_ends[0].storage_kg.items()))
        # commit the first week's orders: the next plan starts from the stock it leaves
        stock = result.week_ends[0].lots


if __name__ == "__main__":
    main()
