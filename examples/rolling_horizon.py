"""Rolling horizon on the sample data: plan four weeks together, keep the first week's
orders, then plan the remaining weeks again from the stock the first week actually left.

The weeks and storage come from the sample horizon file
(``data/horizons/2026-w48-w51.toml``); each week keeps its own budget here (the file's
pooled budget is for planning the four weeks at once). Run from anywhere:
``python examples/rolling_horizon.py`` (deterministic: each week alone and each
one-week step at gap 0, then the whole model's root; without the two-week steps, which
would make it several times slower; a few minutes).
"""

from __future__ import annotations

from pathlib import Path

import cantine_supply as cs
from cantine_supply.planning.horizon import plan_horizon
from cantine_supply.io.horizons import find_horizon
from cantine_supply.io.storage import load_storage

DATA = Path(__file__).resolve().parent.parent / "data"
HORIZON = "2026-w48-w51"


def main() -> None:
    catalogue = cs.load(DATA)
    horizon = find_horizon(DATA, catalogue.week_by_id, HORIZON)
    # the dry store, cold room and freezer, in kg
    storage = horizon.storage_over(load_storage(DATA))
    stock = catalogue.stock
    for start in range(len(horizon.weeks)):
        weeks = list(horizon.weeks[start:])
        result = plan_horizon(catalogue, weeks, stock=stock, storage=storage, pairs=False)
        if not result.status.has_plan:
            print(f"{weeks[0]}: no plan ({result.status.value})")
            return
        week = result.plans[0]
        assert week.indicators is not None
        gap = "no gap" if result.solver.gap is None else f"gap {100 * result.solver.gap:.2f}%"
        print(f"{week.week}: planned with {len(weeks)} week(s) ahead,"
              f" {result.status.value} in {result.solver.time_s:.1f} s ({gap})")
        for order in week.orders:
            lines = ", ".join(f"{line.packs} x {line.pack_label or line.offer}"
                              for line in order.lines)
            print(f"  {order.delivery_date} {order.supplier}: {order.total_ht} EUR HT ({lines})")
        for bulk in result.bulk_lines:
            if bulk.week == week.week:
                print(f"  bulk: {bulk.packs} x {bulk.product} ({bulk.kind};"
                      f" {bulk.saved_ht} EUR HT less than in small packs)")
        print(f"  horizon saves {result.bulk_savings_ht} EUR HT against planning these"
              " weeks one at a time")
        print(f"  week total {week.indicators.total_ht} EUR HT; stock at the week's end: "
              + ", ".join(f"{k} {v:.1f} kg" for k, v in result.week_ends[0].storage_kg.items()))
        # commit the first week's orders: the next plan starts from the stock it leaves
        stock = result.week_ends[0].lots


if __name__ == "__main__":
    main()
