"""``cantine-supply report``: plan a week and write what the manager takes away.

``cantine-supply report [DATA_DIR] --out DIR [--week ID] [--lang fr] [--force] [--siret N]``
plans the week exactly as ``plan`` does (same options, same solver defaults) and writes the
outputs into the new folder DIR (see :mod:`cantine_supply.report.outputs`), printing one
line per file instead of the plan. It plans again rather than re-reading a ``plan.json``:
the report needs the menu, recipes and suppliers, which the plan does not carry, and a
fresh plan cannot disagree with the data. Exit codes as ``plan``: 0 every target met,
1 no plan meets them (plan.json and report.html with the diagnosis are still written),
2 bad input or an output folder that may not be written.
"""

from __future__ import annotations

import argparse
from typing import Any

from cantine_supply.cli.plan_command import (
    EXIT_BAD_INPUT,
    EXIT_NO_PLAN,
    EXIT_OK,
    add_output_arguments,
    add_planning_arguments,
    plan_for_output,
    write_or_refuse,
)


def add_parser(subparsers: Any) -> None:
    """Add the ``report`` subcommand to ``subparsers``."""
    p = subparsers.add_parser(
        "report",
        help="plan a week and write order forms, reports and exports into a new folder",
        description="Plan a week (same options as `plan`) and write into the new folder DIR:"
        " one order form per supplier and delivery (orders/*.csv and *.html), an e-mail"
        " draft per supplier with an e-mail (emails/*.eml, never sent), the list of orders"
        " to send (a-envoyer.csv or to-send.csv), report.html, transparency.html, plan.json"
        " and ma-cantine-achats.csv. Exit 0 when every target"
        " is met, 1 when no plan meets them (plan.json and report.html are still written),"
        " 2 for bad input or when DIR exists (without --force) or is inside the data folder.",
    )
    add_planning_arguments(p)
    add_output_arguments(p, required=True)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Plan the week and write the outputs; print each file written unless ``--quiet``."""
    planned = plan_for_output(args)  # --out is required here
    if isinstance(planned, int):
        return planned
    problem, result = planned
    written = write_or_refuse(problem, result, args)
    if written is None:
        return EXIT_BAD_INPUT
    if not getattr(args, "quiet", False):
        print(f"week {result.week}: plan {result.status.value}")
        for path in written:
            print(path)
    return EXIT_OK if result.targets_met else EXIT_NO_PLAN
