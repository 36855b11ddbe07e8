"""``cantine-supply horizon``: plan several weeks together and buy in bulk where it pays.

Prints, per week, the orders and the stock at the week's end, then the cost HT, the
stock left at the end and what planning the weeks together saves over planning them one
at a time (``bulk_savings_ht``). With ``--json`` it prints the horizon plan as JSON; with
``--out DIR`` it writes ``horizon.json`` and each week's order forms, e-mail drafts and
reports into ``DIR/weeks/<week>/`` (:mod:`cantine_supply.report.horizon`).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from cantine_supply import Budget, OutputError, StorageCapacity, load_folder
from cantine_supply.cli import options
from cantine_supply.cli.console_words import HORIZON_WORDS, STATUS_FR, STORAGE_FR
from cantine_supply.cli.options import WHOLE_MODEL_NODES, progress_lines
from cantine_supply.cli.plan_command import add_output_arguments, check_output_options
from cantine_supply.journal.stock import with_journal_stock
from cantine_supply.planning.horizon_end import END_STOCK_TARGET_SHARE
from cantine_supply.problem.horizon_problem import END_STOCK_SHARE, KEEPS_DAYS

if TYPE_CHECKING:
    from cantine_supply import Catalogue, HorizonPlan

EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT = 0, 1, 2


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "horizon",
        help="plan several weeks together (bulk buying, storage, cash)",
        description="Plan 1 to 8 consecutive weeks together: what to buy in which week, food"
        " carried while it keeps, stock at each week's end within the storage capacities,"
        " each week's budget (or --budget for the whole horizon, which replaces them), and"
        " the stock left at the end valued at what it would cost again. With --out DIR, also"
        " write horizon.json and, per week, its order forms, e-mail drafts and reports into"
        " DIR/weeks/<week>/. Exit 0 with a plan, 1 without, 2 for bad input.",
    )
    p.add_argument("data_dir", nargs="?", default="data", help="data folder (default: data)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--horizon", metavar="ID",
                       help="a horizon of the data folder (horizons/*.toml): its weeks, budget"
                       " and storage")
    which.add_argument("--weeks", metavar="IDS",
                       help="the weeks' ids, in order, separated by commas")
    p.add_argument("--budget", type=options.euros, metavar="EUR",
                   help="budget for the whole horizon, replacing the weeks' own (TTC) and"
                   " the horizon file's")
    p.add_argument("--per-cover", action="store_true", help="--budget is per cover")
    p.add_argument("--ht", action="store_true", help="--budget excludes VAT (default TTC)")
    for name in ("ambient", "chilled", "frozen"):
        p.add_argument(f"--{name}-kg", type=options.kilograms, metavar="KG",
                       help=f"{name} storage capacity in kg (default: storage.toml's,"
                       " else no limit)")
    p.add_argument("--no-compare", action="store_true",
                   help="do not plan the weeks one at a time (no bulk_savings_ht)")
    options.add_solver_options(
        p, solver="highs",
        solver_help="MIP solver (default highs: on the sample's four weeks it solves the"
        " one-week steps faster than scip)",
        time_limit=None,
        time_help="seconds for the whole-model solve after the one-week search (default:"
        " none; a time limit makes the result depend on the machine)",
        gap_help="relative optimality gap of the whole-model solve (default 0; the"
        " one-week steps and the weeks planned alone are always solved to gap 0)")
    p.add_argument("--node-limit", type=options.nodes, default=WHOLE_MODEL_NODES, metavar="N",
                   help="stop the whole-model solve after N branch-and-bound nodes (default"
                   f" {WHOLE_MODEL_NODES}; deterministic, unlike a time limit; the best plan"
                   " so far is returned with its gap)")
    p.add_argument("--pairs", action="store_true",
                   help="add a pass of two-week steps after the one-week search (a deeper"
                   " search, several times slower: about 14 minutes on the sample horizon"
                   " against 2 to 3; see docs/horizon.md)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    add_output_arguments(p, required=False)
    p.set_defaults(run=run)


def plan_horizon(catalogue: Catalogue, weeks: list[str], **options: Any) -> HorizonPlan:
    """:func:`cantine_supply.planning.horizon.plan_horizon`, imported when the command runs (not
    when the command line starts: it imports the solver)."""
    from cantine_supply import plan_horizon as plan_weeks

    return plan_weeks(catalogue, weeks, **options)


def run(args: argparse.Namespace) -> int:
    if args.out is not None:  # before solving: a folder that may not be written fails fast
        problem_text = check_output_options(args)
        if problem_text is not None:
            print(f"error: {problem_text}", file=sys.stderr)
            return EXIT_BAD_INPUT
    from cantine_supply import SolveOptions, write_horizon_outputs

    folder = load_folder(Path(args.data_dir))  # storage.toml and horizons/ read once, here
    catalogue = folder.catalogue
    storage = folder.storage or StorageCapacity()
    budget = None
    if args.horizon is not None:
        horizon = folder.horizon(args.horizon)
        weeks = list(horizon.weeks)
        budget = horizon.budget
        storage = horizon.storage_over(storage)
    else:
        weeks = [w.strip() for w in args.weeks.split(",") if w.strip()]
    if args.budget is not None:
        budget = Budget(args.budget, per_cover=args.per_cover, basis="HT" if args.ht else "TTC")
    if weeks:  # from the journal's latest count before the first week, when there is one
        catalogue, start = with_journal_stock(catalogue, args.data_dir, weeks[0])
        if not getattr(args, "quiet", False):
            for warning in start.warnings:
                print(f"warning: {warning}", file=sys.stderr)
    given = {"ambient_kg": args.ambient_kg, "chilled_kg": args.chilled_kg,
             "frozen_kg": args.frozen_kg}
    storage = attrs.evolve(storage, **{k: v for k, v in given.items() if v is not None})
    options = SolveOptions(solver=args.solver, time_limit_s=args.time_limit,
                           relative_gap=args.gap, node_limit=args.node_limit)
    result = plan_horizon(catalogue, weeks, storage=storage, horizon_budget=budget,
                          options=options, compare=not args.no_compare,
                          pairs=args.pairs, progress=progress_lines(args))
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    elif not getattr(args, "quiet", False):
        print_horizon(result, args.lang)
    if args.out is not None:
        try:
            written = write_horizon_outputs(result, args.out, force=args.force, lang=args.lang,
                                            csv=args.csv, siret=args.siret,
                                            protected=[args.data_dir])
        except OutputError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        if not getattr(args, "quiet", False):
            print(f"wrote {len(written)} files into {args.out} (each week's order forms in"
                  f" {Path(args.out) / 'weeks'}/<week>/)", file=sys.stderr if args.json
                  else sys.stdout)
    return EXIT_OK if result.status.has_plan else EXIT_NO_PLAN


def print_horizon(result: HorizonPlan, lang: str = "en") -> None:
    """The horizon plan as text in ``lang`` (``en`` or ``fr``, :data:`HORIZON_WORDS`):
    orders and stock per week, then the money."""
    from cantine_supply.report.horizon import bulk_kind_text

    w = HORIZON_WORDS[lang]

    def num(value: object, spec: str = "") -> str:
        text = "-" if value is None else format(value, spec)
        return text.replace(".", ",") if lang == "fr" else text

    def pct(value: float | Decimal | None, spec: str = ".0%") -> str:
        text = "-" if value is None else format(value, spec)
        return text.replace(".", ",").replace("%", " %") if lang == "fr" else text

    status = result.status.value
    gap = "-" if result.solver.gap is None else f"{num(100 * result.solver.gap, '.2f')}%"
    print(w["head"].format(weeks=", ".join(result.weeks), gap=gap,
                           status=STATUS_FR.get(status, status) if lang == "fr" else status,
                           solver=result.solver.solver, time=num(result.solver.time_s, ".1f")))
    print(w["solver"].format(termination=result.solver.termination))
    for message in result.messages:
        print(f"  {message}")
    for plan, end in zip(result.plans, result.week_ends, strict=True):
        total = plan.indicators.total_ht if plan.indicators else None
        print(w["week"].format(week=plan.week, total=num(total)))
        for order in plan.orders:
            print(w["order"].format(date=order.delivery_date, supplier=order.supplier_name,
                                    total=num(order.total_ht)))
            for line in order.lines:
                print(w["line"].format(packs=line.packs, product=line.product,
                                       price=num(line.price_per_pack_ht, ".2f")))
        held = ", ".join(f"{STORAGE_FR.get(k, k) if lang == 'fr' else k} {num(v, '.1f')} kg"
                         for k, v in end.storage_kg.items())
        print(w["week_end"].format(held=held))
    if result.bulk_lines:
        print(w["bulk_head"])
        for b in result.bulk_lines:
            versus = ("" if b.saved_ht is None
                      else w["bulk_saved"].format(saved=num(b.saved_ht), other=b.compared_with))
            print(w["bulk_line"].format(week=b.week, date=b.delivery_date, packs=b.packs,
                                        product=b.product, total=num(b.total_ht),
                                        kind=bulk_kind_text(b.kind, lang), versus=versus))
    else:
        print(w["no_bulk"])
    print(w["cash"].format(ht=num(result.cost_ht), ttc=num(result.cash_spent_ttc)))
    print(w["left"].format(kg=num(result.end_stock_kg, ".1f"),
                           again=num(result.end_stock_replacement_ht),
                           counted=num(result.end_stock_value_ht), days=KEEPS_DAYS,
                           share=pct(END_STOCK_SHARE)))
    left = result.end_stock
    print(w["origin"].format(start=num(left.from_start_ht), bought=num(left.bought_ht),
                             of_spend=pct(left.bought_share, ".1%"),
                             target=pct(END_STOCK_TARGET_SHARE),
                             over="" if left.within_target else w["over"],
                             part=num(left.part_pack_ht), whole=num(left.whole_packs_ht)))
    if left.week_by_week_spend_ht is not None and left.cash_saved_ht is not None:
        saved = left.cash_saved_ht
        print(w["alone"].format(spend=num(left.week_by_week_spend_ht),
                                bought=num(left.week_by_week_bought_ht), saved=num(abs(saved)),
                                more_less=w["less"] if saved >= 0 else w["more"],
                                pays=w["pays"] if left.pays else w["does_not_pay"]))
    print(w["net"].format(net=num(result.net_cost_ht)))
    if result.week_by_week_net_cost_ht is not None:
        print(w["week_by_week"].format(net=num(result.week_by_week_net_cost_ht),
                                       saved=num(result.bulk_savings_ht)))


