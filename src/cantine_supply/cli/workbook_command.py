"""``cantine-supply workbook``: write a data folder as one data workbook (``.xlsx``).

``cantine-supply workbook DATA_DIR OUT.xlsx [--force]`` checks the folder as ``validate``
does, then writes its ingredients, suppliers and offers, recipes, stock, collections and
one sheet per week into OUT.xlsx (see ``docs/workbook.md``). ``plan OUT.xlsx --week ID``,
``validate OUT.xlsx`` and every other command then read the workbook like a folder.
Exit 0 when written, 2 for a folder with problems or an existing OUT.xlsx (without
``--force``).
"""

from __future__ import annotations

import argparse
from typing import Any

from cantine_supply import load, write_workbook


def add_parser(subparsers: Any) -> None:
    """Add the ``workbook`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "workbook",
        help="write a data folder as one .xlsx workbook (plan, validate... read it back)",
        description="Write the data folder DATA_DIR as the workbook OUT.xlsx: one sheet per"
        " kind of data (ingredients, suppliers, offers, recipes, stock, collections) and"
        " one sheet per week (fields, then the menu grid), with French headers. Every"
        " command reads OUT.xlsx like a data folder, with the same checks. Exit 0 when"
        " written, 2 when the folder has problems or OUT.xlsx exists (without --force).",
    )
    parser.add_argument("data_dir", metavar="DATA_DIR", help="data folder to write")
    parser.add_argument("out", metavar="OUT.xlsx", help="workbook to write (a new file)")
    parser.add_argument(
        "--force", action="store_true", help="replace OUT.xlsx if it exists"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the workbook; print a summary unless ``--quiet``. Raises InputError."""
    path = write_workbook(args.data_dir, args.out, force=args.force)
    if not getattr(args, "quiet", False):
        catalogue = load(path)
        print(
            f"wrote {args.out}: {len(catalogue.ingredients)} ingredients,"
            f" {len(catalogue.recipes)} recipes, {len(catalogue.suppliers)} suppliers,"
            f" {len(catalogue.offers)} offers, {len(catalogue.collections)} collections,"
            f" {len(catalogue.weeks)} week sheets"
        )
    return 0
