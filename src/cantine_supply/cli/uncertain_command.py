"""``cantine-supply plan ... --scenarios [N]``: the two-stage plan over uncertain collections.

Prints the orders to send now, the expected cost and its range, the recourse table and the
food at risk of waste (``--lang``); ``--json`` prints the plan of the first scenario with
a ``scenarios`` part (schema ``cantine_supply/schema/plan.schema.json``); ``--out DIR``
writes ``recourse.html`` (and ``plan.json``) into the new folder DIR (an existing folder is
refused, even with ``--force``: nothing there is replaced).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT = 0, 1, 2  # as cantine-supply plan


def add_scenario_arguments(p: argparse.ArgumentParser) -> None:
    """``--scenarios [N]`` and ``--seed S`` of ``plan``."""
    p.add_argument("--scenarios", type=int, nargs="?", const=0, metavar="N",
                   help="plan in two stages over N scenarios of what the collections bring"
                   " (without N: the week's [recourse] scenarios); see docs/uncertain.md")
    p.add_argument("--seed", type=int, default=None,
                   help="seed of the sampled scenarios (default: the week's, else 0)")


def run_uncertain(args: argparse.Namespace) -> int:
    """Plan the week over scenarios and print or write it (exit codes as ``plan``). The
    solver is imported here, not when the command line starts."""
    from cantine_supply import (
        Budget,
        OutputError,
        SolveOptions,
        load,
        plan_uncertain,
        week_to_plan,
    )
    from cantine_supply.report.outputs import check_out_dir
    from cantine_supply.report.recourse import recourse_html, recourse_text

    if args.scenarios < 0:
        print(f"error: --scenarios must be >= 1, got {args.scenarios}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.objective != "cost":
        print("error: --scenarios plans at least expected cost only (--objective cost)",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.out is not None:
        if Path(args.out).exists():
            print(f"error: {args.out} exists: with --scenarios, --out writes a new folder only"
                  " (an earlier plan's order forms would sit beside the new plan)",
                  file=sys.stderr)
            return EXIT_BAD_INPUT
        try:
            check_out_dir(args.out, force=False, protected=[args.data_dir])
        except OutputError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
    catalogue = load(Path(args.data_dir))
    week_id = week_to_plan(catalogue, args.week, source=args.data_dir, option="--week")
    budget = None
    if args.budget is not None:
        budget = Budget(args.budget, per_cover=args.per_cover, basis="HT" if args.ht else "TTC")
    options = SolveOptions(solver=args.solver, time_limit_s=args.time_limit,
                           relative_gap=args.gap, threads=args.threads)
    result = plan_uncertain(catalogue, week_id, args.scenarios or None, seed=args.seed,
                            budget=budget, options=options)
    data = None
    if result.scenarios:
        data = result.scenarios[0].plan.to_json() | {"scenarios": result.to_json()}
    if args.json:
        print(json.dumps(data or {"scenarios": result.to_json()}, indent=2, ensure_ascii=False))
    else:
        print(recourse_text(result, args.lang))
    if args.out is not None:
        out = Path(args.out)
        out.mkdir(parents=True)
        (out / "recourse.html").write_text(recourse_html(result, args.lang), encoding="utf-8")
        if data is not None:
            (out / "plan.json").write_text(json.dumps(data, indent=2, ensure_ascii=False),
                                           encoding="utf-8")
    met = result.status.has_plan and all(s.plan.targets_met for s in result.scenarios)
    return EXIT_OK if met else EXIT_NO_PLAN
