"""``cantine-supply network``: plan a network's week with pooled orders.

Prints each canteen's cost alone, what it pays in the pooled plan and its saving, then the
pooled orders (supplier, day, value, fees, packs per canteen); ``--json`` prints the whole
result; ``--out DIR`` writes the pooled order forms, the split and each canteen's folder
(:mod:`cantine_supply.report.network`).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from cantine_supply import OutputError
from cantine_supply.cli import options
from cantine_supply.report.outputs import check_out_dir

if TYPE_CHECKING:
    from cantine_supply import NetworkPlan


EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT = 0, 1, 2


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "network",
        help="plan a network's week with pooled orders and a fair split",
        description="Plan the week of every canteen of a network folder (network.toml)"
        " with one pooled order per supplier and delivery, each canteen paying its goods at"
        " the pooled prices and its part of the fees, never more than alone. Exit 0 with a"
        " pooled plan, 1 when pooling cannot beat ordering alone (each canteen keeps its own"
        " plan), 2 for bad input.",
    )
    p.add_argument("network_dir", metavar="NETWORK_DIR", help="folder holding network.toml")
    p.add_argument("--week", required=True, metavar="ID", help="week id (the same in every"
                   " canteen)")
    options.add_solver_options(p, time_help="seconds for each solve (default 60)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--out", metavar="DIR", help="write the order forms and the split there")
    p.add_argument("--force", action="store_true", help="replace an earlier --out folder")
    p.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the files")
    p.set_defaults(run=run)


def summary(result: NetworkPlan) -> list[str]:
    """The console lines: one per canteen, the network's total, one per pooled order."""
    lines = [f"{result.network}, week {result.week} ({result.status.value},"
             f" delivery by {result.delivery})"]
    lines += list(result.messages)
    lines.append(f"{'canteen':<16} {'alone':>10} {'pays':>10} {'saving':>9}")
    for part in result.parts:
        share = part.share
        lines.append(f"{part.canteen:<16} {share.alone:>10.2f} {share.total:>10.2f}"
                     f" {share.saving:>9.2f}")
    lines.append(f"{'network':<16} {result.alone:>10.2f} {result.total:>10.2f}"
                 f" {result.saving:>9.2f}  EUR TTC")
    for order in result.orders:
        drops = ", ".join(order.drops)
        lines.append(f"{order.delivery_date} {order.supplier}: {order.lines_ht:.2f} HT,"
                     f" fees {order.fee_ht:.2f} HT, for {drops}")
    return lines


def run(args: argparse.Namespace) -> int:
    try:
        if args.out:  # before solving: a folder that may not be written is refused first
            check_out_dir(args.out, force=args.force, protected=[args.network_dir])
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from cantine_supply import (  # solver: now
        SolveOptions,
        load_network,
        plan_network,
        write_network_outputs,
    )

    network = load_network(args.network_dir)
    options = SolveOptions(solver=args.solver, time_limit_s=args.time_limit,
                           relative_gap=args.gap)
    result = plan_network(network, args.week, options=options)
    if args.json:
        json.dump(result.to_json(), sys.stdout, indent=1, ensure_ascii=False)
        print()
    elif not args.quiet:
        print("\n".join(summary(result)))
    if args.out:
        try:
            written = write_network_outputs(result, args.out, force=args.force,
                                            lang=args.lang, protected=[args.network_dir])
        except OutputError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        if not args.quiet and not args.json:
            print(f"wrote {len(written)} files to {args.out}")
    return EXIT_OK if result.status.has_plan else EXIT_NO_PLAN
