"""``cantine-supply tradeoff``: what each level of one target costs, as a table or a chart."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cantine_supply import load, week_to_plan
from cantine_supply.cli import options
from cantine_supply.cli.display import table
from cantine_supply.cli.options import TRADEOFF_TARGETS, progress_lines

if TYPE_CHECKING:
    from cantine_supply import TradeoffCurve

EXIT_OK, EXIT_NO_PLAN = 0, 1


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "tradeoff",
        help="least cost of a week against one target (organic, EGalim, local, CO2, meat)",
        description="Solve the week for a series of levels of one target, from the level of"
        " the cheapest plan to the best any plan reaches, without the budget and with the"
        " other targets as they are; print the least cost of each level and what each step"
        " costs per cover. Exit 0 when the curve has a plan, 1 when the other targets leave"
        " no plan, 2 for bad input.",
    )
    p.add_argument("data_dir", nargs="?", default="data",
                   help="data folder, or .xlsx data workbook (default: data)")
    p.add_argument("--week", help="id of the week (required when the folder has several)")
    p.add_argument("--target", choices=TRADEOFF_TARGETS, default="organic",
                   help="the target to vary (default organic)")
    p.add_argument("--steps", type=options.steps, default=10, metavar="N",
                   help="number of equal steps between the cheapest and the best level"
                   " (default 10)")
    p.add_argument("--up-to", type=options.level, metavar="LEVEL",
                   help="tightest level to draw: a share as a fraction (0.6) or a cap per"
                   " cover (default: the best level any plan reaches, which can be slow to"
                   " find on a large week)")
    p.add_argument("--chart", type=Path, metavar="FILE.svg", help="also write an SVG chart")
    p.add_argument("--json", action="store_true", help="print the curve as JSON")
    options.add_solver_options(p, time_help="seconds per solve (default 60)", gap_help=None)
    p.set_defaults(run=run)


def print_curve(curve: TradeoffCurve) -> None:
    """The curve as a table, then what each step costs and the notes."""
    from cantine_supply import TARGETS

    name = curve.constraint
    kind = TARGETS[name]
    word = kind.word_en
    sign = ">=" if kind.bound == "min" else "<="
    budget = "" if curve.budget_limit is None else (
        f"; budget {curve.budget_limit:.2f} EUR {curve.budget_basis}")
    print(f"Week {curve.week}: least cost against {word}"
          f" ({curve.covers} covers{budget})")
    if curve.points:
        rows = [[word, "reached", "cost TTC", "per cover", "step per cover", "status"]]
        for p in curve.points:
            rows.append([
                f"{sign} {kind.value_text(p.level)}",
                kind.value_text(p.value),
                "-" if p.cost_ttc is None else f"{p.cost_ttc:.2f}",
                "-" if p.cost_per_cover is None else f"{p.cost_per_cover:.2f}",
                "-" if p.marginal_per_cover is None else f"+{p.marginal_per_cover:.2f}",
                p.status.value + (" *" if p.over_buying else ""),
            ])
        print(table(rows, right=(0, 1, 2, 3, 4)))
    for line in curve.step_lines() + list(curve.messages):
        print(f"  {line}")
    if any(p.over_buying for p in curve.points):
        print("  * reached by buying packs the menus do not use (bought_beyond_needs in"
              " plan.json says which)")


def run(args: argparse.Namespace) -> int:
    from cantine_supply import SolveOptions, tradeoff
    from cantine_supply.planning.tradeoff_chart import curve_svg

    catalogue = load(Path(args.data_dir))
    options = SolveOptions(solver=args.solver, time_limit_s=args.time_limit)
    week = week_to_plan(catalogue, args.week, source=args.data_dir, option="--week")
    curve = tradeoff(catalogue, week, target=args.target, steps=args.steps,
                     up_to=args.up_to, options=options, progress=progress_lines(args))
    if args.json:
        print(json.dumps(curve.to_json(), indent=2, ensure_ascii=False))
    elif not getattr(args, "quiet", False):
        print_curve(curve)
    if args.chart is not None:
        args.chart.write_text(curve_svg(curve), encoding="utf-8")
        if not args.json and not getattr(args, "quiet", False):
            print(f"chart written to {args.chart}")
    return EXIT_OK if any(p.plan is not None for p in curve.points) else EXIT_NO_PLAN
