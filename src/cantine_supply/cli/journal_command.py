"""``cantine-supply commit | receive | count | journal``: the weekly loop on the journal.

The journal is ``journal.sqlite`` in the data folder unless ``--journal FILE`` says
otherwise; see ``docs/journal.md``. Exit codes: 0 done, 1 no plan to commit, 2 bad input
or a refused write (a week committed twice without ``--force``, a file that exists).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from cantine_supply import InputError, NoPlanError, load
from cantine_supply.cli.plan_command import add_planning_arguments, plan_week
from cantine_supply.io.journal_files import (
    load_count_file,
    read_collected_csv,
    read_receipt_csv,
    read_waste_csv,
    write_receipt_template,
)
from cantine_supply.journal import (
    JOURNAL_FILE,
    Journal,
    JournalError,
    collection_history,
    commit_plan,
    count_stock,
    receive_week,
    week_summaries,
)
from cantine_supply.journal.schema import transaction
from cantine_supply.report.i18n import LANGS
from cantine_supply.report.journal_text import journal_lines


def journal_path(args: argparse.Namespace) -> Path:
    """``--journal`` or the data folder's ``journal.sqlite``."""
    given = getattr(args, "journal", None)
    return Path(given) if given else Path(args.data_dir) / JOURNAL_FILE


def _data_and_journal(p: argparse.ArgumentParser) -> None:
    p.add_argument("data_dir", nargs="?", default="data", help="data folder (default: data)")
    p.add_argument("--journal", metavar="FILE",
                   help=f"the journal (default: DATA_DIR/{JOURNAL_FILE})")


def add_parser(subparsers: Any) -> None:
    """Register ``commit``, ``receive``, ``count`` and ``journal``."""
    p = subparsers.add_parser(
        "commit", help="plan a week and record the plan sent to the suppliers",
        description="Plan the week (from the journal's stock when it has a count, as plan"
        " does) and record its orders and collection rounds in the journal as the plan sent."
        " A week already committed is refused unless --force (the new commit replaces it;"
        " the old one stays in the journal). Exit 0 recorded, 1 no plan, 2 bad input.")
    add_planning_arguments(p)
    p.add_argument("--journal", metavar="FILE",
                   help=f"the journal (default: DATA_DIR/{JOURNAL_FILE})")
    p.add_argument("--force", action="store_true", help="commit a week committed before")
    p.set_defaults(run=run_commit)

    p = subparsers.add_parser(
        "receive", help="record what was delivered and collected for a committed week",
        description="Record the week's deliveries and collections: by default every order"
        " line as ordered and every collection item as planned, then the corrections of"
        " --file (delivery notes: date,offer,packs,invoiced_ht,replaces; packs 0 for a"
        " missing item, replaces for a substitute) and --collected (date,collection,"
        "ingredient,quantity). Run it again with more corrections: they are added as new"
        " rows, nothing is overwritten. --template FILE writes the order lines as a CSV to"
        " fill in, and records nothing. Exit 0 recorded, 2 bad input.")
    _data_and_journal(p)
    p.add_argument("--week", required=True, help="id of the committed week")
    p.add_argument("--file", metavar="CSV", help="corrections from the delivery notes")
    p.add_argument("--collected", metavar="CSV", help="what the collection rounds brought")
    p.add_argument("--template", metavar="CSV",
                   help="write the committed order lines to this new CSV and stop")
    p.set_defaults(run=run_receive)

    p = subparsers.add_parser(
        "count", help="record a stock count (the next plan starts from it)",
        description="Record the stock counted at the end of --date, from a file in the"
        " format of stock.toml ([[lot]] ingredient, quantity, best_before, unit_cost_ht)."
        " The next week's plan starts from the latest count made before its first service."
        " --served DATE=COVERS records the covers actually served, --waste CSV the food thrown"
        " away. Exit 0, 2 bad input.")
    _data_and_journal(p)
    p.add_argument("--file", metavar="TOML", help="the counted lots")
    p.add_argument("--date", type=dt.date.fromisoformat, default=None,
                   help="day of the count, YYYY-MM-DD (default today)")
    p.add_argument("--served", action="append", default=[], metavar="DATE=COVERS",
                   help="covers actually served on DATE (repeat for several days)")
    p.add_argument("--waste", metavar="CSV",
                   help="food thrown away: a CSV date,ingredient,quantity (5 kg)")
    p.set_defaults(run=run_count)

    p = subparsers.add_parser(
        "journal", help="what happened, per week",
        description="Print, per committed week, what was ordered and invoiced, the lines"
        " delivered, missing, substituted and corrected, each collection round against"
        " its guarantee; then the stock counts and the ma cantine exports. Exit 0.")
    _data_and_journal(p)
    p.add_argument("--lang", choices=LANGS, default="en", help="language (default en)")
    p.set_defaults(run=run_journal)


def _quiet(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "quiet", False))


def run_commit(args: argparse.Namespace) -> int:
    """Plan the week with the command line's options and record it."""
    path = journal_path(args)
    if path.exists():  # before planning: a bad journal or a second commit fails fast
        with Journal(path, create=False) as journal:
            week = args.week
            if week and journal.latest_commit(week) is not None and not args.force:
                raise JournalError(path, f"{week} is already committed (use --force to"
                                   " commit it again)")
    _problem, plan = plan_week(args)
    if not plan.status.has_plan:
        raise NoPlanError(f"{plan.week}: {plan.status.value}, nothing committed")
    with Journal(path) as journal:
        commit_id = commit_plan(journal, plan, force=args.force)
    if not _quiet(args):
        total = plan.indicators.total_ht if plan.indicators is not None else 0
        print(f"committed {plan.week} (commit {commit_id}): {len(plan.orders)} orders,"
              f" {len(plan.collections)} collection rounds, {total} EUR HT, in {path}")
    return 0


def run_receive(args: argparse.Namespace) -> int:
    """Record the week's deliveries (or write the template)."""
    path = journal_path(args)
    catalogue = load(args.data_dir)
    with Journal(path, create=False) as journal:
        commit = journal.latest_commit(args.week)
        if commit is None:
            raise JournalError(path, f"{args.week} has no committed plan (run commit first)")
        if args.template:
            rows = [(x.delivery_date.isoformat(), x.supplier, x.offer, x.product, str(x.packs),
                     str(x.packs), f"{x.total_ht_cents / 100:.2f}", "") for x in commit.lines]
            count = write_receipt_template(args.template, rows)
            if not _quiet(args):
                print(f"wrote {count} order lines into {args.template}")
            return 0
        corrections = read_receipt_csv(args.file) if args.file else []
        collected = read_collected_csv(args.collected, catalogue) if args.collected else []
        source = ", ".join(x for x in (args.file, args.collected) if x) or "as ordered"
        receipt = receive_week(journal, catalogue, args.week, corrections, collected,
                               source=source)
        delivered = journal.deliveries(args.week)
    if not _quiet(args):
        missing = sum(1 for line in delivered if line.packs == 0)
        invoiced = sum(line.invoiced_ht_cents for line in delivered) / 100
        print(f"received {args.week} (receipt {receipt}): {len(delivered) - missing} lines"
              f" delivered, {missing} missing, {invoiced:.2f} EUR HT invoiced")
    return 0


def _served(texts: list[str]) -> list[tuple[dt.date, int]]:
    out = []
    for text in texts:
        day, _, covers = text.partition("=")
        try:
            out.append((dt.date.fromisoformat(day.strip()), int(covers)))
        except ValueError as error:
            raise InputError(f"--served: expected DATE=COVERS like 2026-11-24=40,"
                             f" got {text!r}") from error
    return out


def run_count(args: argparse.Namespace) -> int:
    """Record the stock count and the covers served."""
    if not args.file and not args.served and not args.waste:
        raise InputError("count: give --file (the counted lots), --served DATE=COVERS"
                         " or --waste CSV")
    catalogue = load(args.data_dir)
    lots = load_count_file(args.file, catalogue) if args.file else None
    waste = read_waste_csv(args.waste, catalogue) if args.waste else []
    served = _served(args.served)
    day = args.date or dt.date.today()
    with Journal(journal_path(args)) as journal, transaction(journal.conn):  # one write
        if lots is not None:
            count_stock(journal, catalogue, day, lots, source=str(args.file))
        for served_day, covers in served:
            journal.add_served(served_day, covers)
        for thrown in waste:
            journal.add_waste(thrown.date, thrown.ingredient, thrown.quantity, thrown.unit)
    if not _quiet(args):
        if lots is not None:
            print(f"counted {len(lots)} lots on {day.isoformat()}")
        for served_day, covers in served:
            print(f"served {covers} covers on {served_day.isoformat()}")
        for thrown in waste:
            print(f"thrown away {thrown.quantity:g} {thrown.unit} of {thrown.ingredient}"
                  f" on {thrown.date.isoformat()}")
    return 0


def run_journal(args: argparse.Namespace) -> int:
    """Print what happened, per week."""
    with Journal(journal_path(args), create=False) as journal:
        weeks = week_summaries(journal)
        counts = journal.counts()
        exports = journal.exports()
        rounds = collection_history(journal)
        served = journal.served()
        waste = journal.waste()
    names = {i.id: i.name for i in load(args.data_dir).ingredients} if args.lang == "fr" else {}
    for line in journal_lines(weeks, counts, served, waste, rounds, exports, args.lang, names):
        print(line)
    if not weeks and not counts:
        print("the journal is empty", file=sys.stderr)
    return 0
