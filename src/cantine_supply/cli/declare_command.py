"""``cantine-supply declare | prices``: the ma cantine file from received purchases, and
invoiced prices that moved from the price lists. See ``docs/journal.md``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from cantine_supply import InputError, Region, load
from cantine_supply.cli.journal_command import journal_path
from cantine_supply.journal import Journal
from cantine_supply.report.declare import declare, price_moves
from cantine_supply.report.egalim_period import period_lines
from cantine_supply.report.i18n import LANGS
from cantine_supply.report.journal_text import price_lines
from cantine_supply.report.macantine import MacantineExportError


def add_parser(subparsers: Any) -> None:
    """Register ``declare`` and ``prices``."""
    p = subparsers.add_parser(
        "declare", help="write the ma cantine file from received purchases, and the EGalim"
        " report of the period",
        description="Write the ma cantine import file (--out, a new file) with the purchases"
        " received from --from to --to that no earlier declare wrote (never a future date),"
        " record them as exported, and print the EGalim indicators of every purchase"
        " received in the period against the region's targets. Exit 0 done (also when"
        " there is nothing new to write), 2 bad input or an existing --out file.")
    p.add_argument("data_dir", nargs="?", default="data", help="data folder (default: data)")
    p.add_argument("--journal", metavar="FILE", help="the journal (default: DATA_DIR/"
                   "journal.sqlite)")
    p.add_argument("--from", dest="date_from", type=dt.date.fromisoformat, required=True,
                   metavar="YYYY-MM-DD", help="first day of the period")
    p.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, required=True,
                   metavar="YYYY-MM-DD", help="last day of the period")
    p.add_argument("--out", required=True, metavar="CSV", help="the new ma cantine file")
    p.add_argument("--siret", required=True, metavar="NUMBER",
                   help="the canteen's SIRET (14 digits), registered on ma cantine")
    p.add_argument("--region", choices=[r.value for r in Region], default=None,
                   help="region whose targets apply (default: that of the data's weeks)")
    p.add_argument("--today", type=dt.date.fromisoformat, default=None,
                   help=argparse.SUPPRESS)  # tests: the day taken as today
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the report")
    p.set_defaults(run=run_declare)

    p = subparsers.add_parser(
        "prices", help="offers whose invoiced price moved from the price list",
        description="List the offers whose latest invoiced price differs from the price"
        " list (for as many packs), for the manager to update the price lists. Exit 0.")
    p.add_argument("data_dir", nargs="?", default="data", help="data folder (default: data)")
    p.add_argument("--journal", metavar="FILE", help="the journal (default: DATA_DIR/"
                   "journal.sqlite)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language (default en)")
    p.set_defaults(run=run_prices)


def run_declare(args: argparse.Namespace) -> int:
    """Write the file, record the export, print the EGalim report."""
    siret = args.siret
    if not (len(siret) == 14 and siret.isascii() and siret.isdigit()):
        raise InputError(f"--siret must be 14 digits without spaces, got {siret!r}")
    catalogue = load(args.data_dir)
    region = Region(args.region) if args.region else (
        catalogue.weeks[0].region if catalogue.weeks else Region.METROPOLE)
    with Journal(journal_path(args), create=False) as journal:
        try:
            result = declare(journal, catalogue, args.date_from, args.date_to, siret=siret,
                             path=args.out, today=args.today, region=region)
        except MacantineExportError as error:  # bad purchase data: nothing written
            for problem in error.problems:
                print(f"error: {problem}", file=sys.stderr)
            print("nothing written: correct these purchases in the journal (receive) first",
                  file=sys.stderr)
            return 2
    quiet = bool(getattr(args, "quiet", False))
    if not quiet:
        if result.path is None:
            print(f"nothing new to declare from {args.date_from} to {args.date_to}"
                  f" ({result.already_exported} purchases already exported); no file written")
        else:
            print(f"wrote {result.rows} purchases into {result.path}"
                  f" ({result.already_exported} already exported, {result.future} in the"
                  " future left out)")
        for fixed in result.corrected_after_export:
            print(f"warning: {fixed.product} ({fixed.supplier_name}, {fixed.delivery_date})"
                  " was corrected after it was exported: correct it on ma cantine by hand",
                  file=sys.stderr)
        print()
        for line in period_lines(result.indicators, args.lang):
            print(line)
    return 0


def run_prices(args: argparse.Namespace) -> int:
    """Print the offers whose invoiced price moved."""
    catalogue = load(args.data_dir)
    with Journal(journal_path(args), create=False) as journal:
        moves = price_moves(journal, catalogue)
    for line in price_lines(moves, args.lang):
        print(line)
    return 0
