"""``cantine-supply plan``: the week's orders per supplier and its indicators against targets."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cantine_supply.cli.display import print_plan
from cantine_supply.io import load
from cantine_supply.model import Budget
from cantine_supply.optimize.solve import SOLVERS, SolveOptions
from cantine_supply.plan import Plan
from cantine_supply.planner import plan

EXIT_OK, EXIT_NO_PLAN = 0, 1


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "plan",
        help="plan a week's purchases and print the orders per supplier",
        description="Plan a week's purchases at least cost, in whole packs, meeting the budget"
        " and every target; print one order per supplier and delivery day, and the indicators."
        " Exit 0 when every target is met, 1 when no plan meets them, 2 for bad input.",
    )
    p.add_argument("data_dir", nargs="?", default="data", help="data folder (default: data)")
    p.add_argument("--week", help="id of the week to plan (default: the only or first week)")
    p.add_argument("--budget", type=float, metavar="EUR",
                   help="replace the week's budget: EUR for the week (see --per-cover, --ht)")
    p.add_argument("--per-cover", action="store_true", help="--budget is per cover")
    p.add_argument("--ht", action="store_true", help="--budget excludes VAT (default TTC)")
    p.add_argument("--objective", choices=("cost", "co2", "organic"), default="cost",
                   help="least cost (default), least CO2 or greatest organic share, within budget")
    p.add_argument("--solver", choices=tuple(SOLVERS), default="scip", help="MIP solver (default scip)")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="S", help="seconds (default 60)")
    p.add_argument("--gap", type=float, default=0.0, help="relative optimality gap (default 0)")
    p.add_argument("--threads", type=int, default=1, help="solver threads (default 1: deterministic)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON on standard output")
    p.set_defaults(run=run)


def _progress(quiet: bool):  # type: ignore[no-untyped-def]
    if quiet or not sys.stderr.isatty():
        return None

    def show(elapsed: float, best: float | None, gap: float | None) -> None:
        if elapsed < 2.0:
            return
        best_text = "-" if best is None else f"{best:.2f} EUR"
        gap_text = "-" if gap is None else f"{100 * gap:.2f}%"
        print(f"\r  solving: {elapsed:6.1f} s  best {best_text}  gap {gap_text}   ",
              end="", file=sys.stderr, flush=True)

    return show


def make_plan(args: argparse.Namespace) -> Plan:
    """Load the data and plan the chosen week with the command line's options."""
    catalogue = load(Path(args.data_dir))
    week_id = args.week or (catalogue.weeks[0].id if catalogue.weeks else None)
    budget = None
    if args.budget is not None:
        budget = Budget(args.budget, per_cover=args.per_cover, basis="HT" if args.ht else "TTC")
    options = SolveOptions(solver=args.solver, time_limit_s=args.time_limit,
                           relative_gap=args.gap, threads=args.threads)
    return plan(catalogue, week_id, budget=budget, objective=args.objective, options=options,
                progress=_progress(getattr(args, "quiet", False)))


def run(args: argparse.Namespace) -> int:
    result = make_plan(args)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    elif not getattr(args, "quiet", False):
        print_plan(result)
    return EXIT_OK if result.targets_met else EXIT_NO_PLAN
