"""``cantine-supply validate``: check a data folder and report every problem at once."""

from __future__ import annotations

import argparse
from typing import Any

from cantine_supply import load


def add_parser(subparsers: Any) -> None:
    """Add the ``validate`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "validate",
        help="check a data folder and report every problem at once",
        description="Check every file of a data folder (see docs/data-format.md): values,"
        " units, cross-references. On success print one summary line and exit 0; otherwise"
        " print one line per problem (file:line: field: what is wrong) and exit 2.",
    )
    parser.add_argument(
        "data_dir", nargs="?", default="data", metavar="DATA_DIR",
        help="data folder, or .xlsx data workbook (default: data)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load ``args.data_dir``; print the summary unless ``--quiet``. Raises InputError."""
    catalogue = load(args.data_dir)
    if not getattr(args, "quiet", False):
        print(
            f"{len(catalogue.ingredients)} ingredients, {len(catalogue.recipes)} recipes,"
            f" {len(catalogue.suppliers)} suppliers, {len(catalogue.offers)} offers,"
            f" {len(catalogue.collections)} collections, {len(catalogue.weeks)} weeks"
        )
    return 0
