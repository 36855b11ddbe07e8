"""The costs of plans that must not change when the model is reorganised (issue 16).

    python benchmarks/same_plans.py [weeks] [organic] [generated] [uncertain] [horizon]

Prints one line per plan: its status and total TTC and HT, to the cent. Every solve here
is deterministic (gap 0 without a time limit, or a node limit; one thread), so the same
code gives the same lines on any machine, and two versions of the code can be compared
with ``diff``: the sample weeks with SCIP and HiGHS, the organic objective on two of them
and the CO2 objective on one, the generated small week at a node limit of 300 (gap 1%),
the two-stage plan of the sample week over 4 scenarios and the sample horizon (four
weeks, the defaults of ``plan_horizon``: minutes). Not a speed figure.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import SIZES, generate  # noqa: E402
from cantine_supply import load  # noqa: E402
from cantine_supply.optimize.solve import SolveOptions  # noqa: E402
from cantine_supply.planning.horizon import plan_horizon  # noqa: E402
from cantine_supply.planning.uncertain import plan_uncertain  # noqa: E402
from cantine_supply.planning.week import plan  # noqa: E402
from cantine_supply.plans.plan import Plan  # noqa: E402

WEEKS = ("2026-w48", "2026-w49", "2026-w50", "2026-w51")
PARTS = ("weeks", "organic", "generated", "uncertain", "horizon")


def line(name: str, result: Plan) -> str:
    totals = result.indicators
    if totals is None:
        return f"{name} {result.status.value}"
    return f"{name} {result.status.value} {totals.total_ttc} TTC {totals.total_ht} HT"


def main(argv: list[str]) -> int:
    parts = argv or list(PARTS)
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        print(f"unknown part(s): {', '.join(unknown)}; choose among {', '.join(PARTS)}")
        return 2
    sample = load(ROOT / "data")
    exact = SolveOptions(time_limit_s=None)
    if "weeks" in parts:
        for week in WEEKS:
            for solver in ("scip", "highs"):
                options = SolveOptions(solver=solver, time_limit_s=None)
                print(line(f"{week} {solver}", plan(sample, week, options=options)), flush=True)
    if "organic" in parts:
        for week in WEEKS[:2]:
            print(line(f"{week} organic", plan(sample, week, objective="organic",
                                               options=exact)), flush=True)
        print(line(f"{WEEKS[0]} co2", plan(sample, WEEKS[0], objective="co2", options=exact)))
    if "generated" in parts:
        generated = generate(1, **SIZES["small"])
        for week in generated.weeks:
            for solver in ("scip", "highs"):
                options = SolveOptions(solver=solver, time_limit_s=None, node_limit=300,
                                       relative_gap=0.01)
                print(line(f"gen-small {week.id} {solver}", plan(generated, week.id,
                                                                 options=options)), flush=True)
    if "uncertain" in parts:
        two_stage = plan_uncertain(sample, WEEKS[0], 4)
        print(f"two-stage {WEEKS[0]} {two_stage.status.value} {two_stage.expected_ttc} TTC "
              f"{two_stage.expected_ht} HT (expected)", flush=True)
    if "horizon" in parts:
        horizon = plan_horizon(sample, list(WEEKS))
        weeks = " ".join(str(p.indicators.total_ttc) for p in horizon.plans if p.indicators)
        print(f"horizon {horizon.status.value} cost {horizon.cost_ht} HT, end stock "
              f"{horizon.end_stock_value_ht}, net {horizon.net_cost_ht}, week by week "
              f"{horizon.week_by_week_net_cost_ht}; weeks TTC {weeks}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
