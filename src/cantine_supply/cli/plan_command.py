"""``cantine-supply plan``: the week's orders per supplier and its indicators against targets.

With ``--out DIR`` it also writes what the manager takes away (order forms, the week's
report, the transparency sheet, plan.json and the ma cantine file) into the new folder
DIR; see :mod:`cantine_supply.report.outputs`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from cantine_supply import (
    Budget,
    OutputError,
    Plan,
    PlanStatus,
    WeekProblem,
    load,
    week_problem,
    week_to_plan,
    write_outputs,
)
from cantine_supply.cli import options
from cantine_supply.cli.display import print_plan
from cantine_supply.cli.options import LANGS
from cantine_supply.journal.stock import with_journal_stock
from cantine_supply.report.outputs import MACANTINE_FILE, PLACEHOLDER_SIRET, check_out_dir

EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT, EXIT_SOLVER_FAILED = 0, 1, 2, 3


def add_planning_arguments(p: argparse.ArgumentParser) -> None:
    """The data folder, week, budget and solver options shared by ``plan`` and ``report``."""
    p.add_argument("data_dir", nargs="?", default="data",
                   help="data folder, or .xlsx data workbook (default: data)")
    p.add_argument("--week", help="id of the week to plan (required when the folder has several)")
    p.add_argument("--budget", type=options.euros, metavar="EUR",
                   help="replace the week's budget: EUR for the week (see --per-cover, --ht)")
    p.add_argument("--per-cover", action="store_true", help="--budget is per cover")
    p.add_argument("--ht", action="store_true", help="--budget excludes VAT (default TTC)")
    p.add_argument("--objective", choices=("cost", "co2", "organic"), default="cost",
                   help="least cost (default), least CO2 or greatest organic share, within budget")
    options.add_solver_options(p)
    p.add_argument("--threads", type=options.threads, default=1,
                   help="solver threads, 1 to 4 per core (default 1)")


def add_output_arguments(p: argparse.ArgumentParser, *, required: bool) -> None:
    """``--out``, ``--force``, ``--lang`` and ``--siret``."""
    p.add_argument("--out", metavar="DIR", required=required,
                   help="write order forms, e-mail drafts, the list of orders to send,"
                   " report.html, transparency.html, plan.json and ma-cantine-achats.csv into"
                   " the new folder DIR (never inside the data folder)")
    p.add_argument("--force", action="store_true",
                   help="replace DIR when it is an earlier output folder, untouched (its"
                   " manifest.json lists exactly what it holds)")
    p.add_argument("--lang", choices=LANGS, default="en",
                   help="language of the console, report, transparency sheet and order forms"
                   " (default en)")
    p.add_argument("--csv", choices=LANGS, default=None,
                   help="spreadsheet style of the CSV files: en (comma, decimal point) or fr"
                   " (semicolon, decimal comma, UTF-8 with BOM, French headings; what a French"
                   " LibreOffice or Excel opens as numbers); default: the --lang")
    p.add_argument("--siret", metavar="NUMBER", default=PLACEHOLDER_SIRET,
                   help="the canteen's SIRET (14 digits) for ma-cantine-achats.csv (default: the"
                   f" placeholder {PLACEHOLDER_SIRET}, which ma cantine will refuse)")


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "plan",
        help="plan a week's purchases and print the orders per supplier",
        description="Plan a week's purchases at least cost, in whole packs, meeting the budget"
        " and every target; print one order per supplier and delivery day, and the indicators."
        " With --out DIR, also write order forms, reports and exports into the new folder DIR"
        " (when no plan meets the targets: plan.json and report.html with the diagnosis only)."
        " Exit 0 when every target is met, 1 when no plan meets them, 2 for bad input"
        " (including an --out folder that exists without --force, or inside the data folder).",
    )
    add_planning_arguments(p)
    p.add_argument("--json", action="store_true", help="print the plan as JSON on standard output")
    add_output_arguments(p, required=False)
    from cantine_supply.cli.uncertain_command import add_scenario_arguments

    add_scenario_arguments(p)
    p.set_defaults(run=run)


def _progress(quiet: bool) -> Callable[[float, float | None, float | None], None] | None:
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


def plan(problem: WeekProblem, **options: Any) -> Plan:
    """:func:`cantine_supply.planning.week.plan`, imported on the first solve (not when the
    command line starts: it imports the solver)."""
    from cantine_supply import plan as plan_problem

    return plan_problem(problem, **options)


def plan_week(args: argparse.Namespace) -> tuple[WeekProblem, Plan]:
    """Load the data, build the chosen week's problem and plan it with the options; the
    stock is the journal's latest count before the week when the data folder has a
    journal with one (:func:`~cantine_supply.journal.stock.with_journal_stock`). The solver
    is imported here, not when the command line starts."""
    from cantine_supply import SolveOptions

    catalogue = load(Path(args.data_dir))
    week_id = week_to_plan(catalogue, args.week, source=args.data_dir, option="--week")
    budget = None
    if args.budget is not None:
        budget = Budget(args.budget, per_cover=args.per_cover, basis="HT" if args.ht else "TTC")
    catalogue, start = with_journal_stock(catalogue, args.data_dir, week_id,
                                          getattr(args, "journal", None))
    if not getattr(args, "quiet", False):
        for warning in start.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    problem = week_problem(catalogue, week_id, budget=budget)
    options = SolveOptions(solver=args.solver, time_limit_s=args.time_limit,
                           relative_gap=args.gap, threads=args.threads)
    result = plan(problem, objective=args.objective, options=options,
                  progress=_progress(getattr(args, "quiet", False)))
    return problem, result


def check_output_options(args: argparse.Namespace) -> str | None:
    """Why ``--out``/``--siret`` cannot be used as given (None when they can), checked
    before planning so a bad folder fails fast and changes nothing."""
    siret = args.siret
    if not (len(siret) == 14 and siret.isascii() and siret.isdigit()):
        return f"--siret must be 14 digits without spaces, got {siret!r}"
    try:
        check_out_dir(args.out, force=args.force, protected=[args.data_dir])
    except OutputError as error:
        return str(error)
    return None


def write_or_refuse(problem: WeekProblem, result: Plan,
                    args: argparse.Namespace) -> list[Path] | None:
    """The files :func:`~cantine_supply.report.outputs.write_outputs` writes where ``args``
    say (``--out``, ``--force``, ``--lang``, ``--siret``, ``--csv``; never into the data
    folder); None after printing why the folder may not be written."""
    try:
        return write_outputs(problem, result, args.out, force=args.force, lang=args.lang,
                             siret=args.siret, protected=[args.data_dir], csv=args.csv)
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def write_from_args(problem: WeekProblem, result: Plan, args: argparse.Namespace,
                    info: TextIO) -> int | None:
    """Write the outputs named by ``args``; print what was written to ``info``.
    Returns :data:`EXIT_BAD_INPUT` when the folder may not be written, else None."""
    written = write_or_refuse(problem, result, args)
    if written is None:
        return EXIT_BAD_INPUT
    if not getattr(args, "quiet", False):
        print(f"wrote {len(written)} files into {args.out}", file=info)
    if result.status.has_plan and not any(path.name == MACANTINE_FILE for path in written):
        print(f"warning: {MACANTINE_FILE} not written (ma cantine would refuse a purchase;"
              " see report.html)", file=sys.stderr)
    return None


def solver_failed(result: Plan) -> bool:
    """True (after printing the solver's reason) when the solver itself failed: exit 3,
    nothing printed or written but the reason."""
    if result.status is not PlanStatus.ERROR:
        return False
    print(f"error: the solver failed ({result.solver.solver}: {result.solver.termination});"
          " nothing written", file=sys.stderr)
    return True


def plan_for_output(args: argparse.Namespace) -> tuple[WeekProblem, Plan] | int:
    """Check the output options (when ``--out`` is given) and plan the week: the problem
    and its plan, or the exit code when the options are bad or the solver failed (after
    saying why on standard error). ``plan`` and ``report`` both start this way."""
    if args.out is not None:
        problem_text = check_output_options(args)
        if problem_text is not None:
            print(f"error: {problem_text}", file=sys.stderr)
            return EXIT_BAD_INPUT
    problem, result = plan_week(args)
    if solver_failed(result):
        return EXIT_SOLVER_FAILED
    return problem, result


def run(args: argparse.Namespace) -> int:
    if getattr(args, "scenarios", None) is not None:
        from cantine_supply.cli.uncertain_command import run_uncertain

        return run_uncertain(args)
    planned = plan_for_output(args)
    if isinstance(planned, int):
        return planned
    problem, result = planned
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    elif not getattr(args, "quiet", False):
        names = {i.id: i.name for i in problem.catalogue.ingredients}
        print_plan(result, lang=args.lang, names=names)
    if args.out is not None:
        failed = write_from_args(problem, result, args, sys.stderr if args.json else sys.stdout)
        if failed is not None:
            return failed
    return EXIT_OK if result.targets_met else EXIT_NO_PLAN
