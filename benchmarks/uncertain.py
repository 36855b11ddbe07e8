"""Uncertain collections: what three ways of planning really cost over many draws.

``python benchmarks/uncertain.py [--draws 40] [--scenarios 9] [--time-limit 60] [--gap 0]
[--json] [--svg benchmarks/uncertain.svg]``

For each instance (sample weeks 2026-w48 and 2026-w49, whose recourse is the
cash-and-carry at 5 EUR the trip, and generated weeks with two collection rounds added,
``with_collections``), three first stages are planned:

- **guaranteed** (today): the weekly plan on the guaranteed amounts;
- **expected**: the weekly plan on the expected amounts, shortfalls fixed on the day;
- **two-stage**: :func:`cantine_supply.planning.uncertain.plan_uncertain` over ``--scenarios``
  scenarios (levels per round, :mod:`cantine_supply.problem.scenarios`).

Each is then evaluated (:func:`cantine_supply.planning.uncertain_eval.evaluate_orders`: the cheapest
day-of fixes, first stage fixed, targets not imposed) on the same ``--draws`` draws from a
distribution *different* from the planning scenarios (:func:`evaluation_draws`: every item
on its own, not the round as a whole; 15% of the time the shop gives nothing, below the
guaranteed amount; otherwise a triangular draw between guaranteed and maximum with the
expected amount as its mode). Reported per method: mean and 95th percentile of the real
cost TTC, services that lacked food (over all draws), mean kg at risk of waste; the value
of the stochastic solution (VSS, EUR per week: mean real cost of *expected* minus that of
*two-stage*); and the two-stage solve time against the weekly model's, in the same run.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

METHODS = ("guaranteed", "expected", "two-stage")
COLOURS = {"guaranteed": "#7f7f7f", "expected": "#d62728", "two-stage": "#1f77b4"}


def evaluation_draws(catalogue: Any, week: str, count: int, seed: int) -> list[Any]:
    """``count`` draws of what the week's rounds bring, item by item (see the module
    docstring), seeded, each with probability 1."""
    from cantine_supply.problem.scenarios import Scenario, week_rounds
    from cantine_supply.problem.week import week_problem

    rng = random.Random(seed)
    rounds = week_rounds(week_problem(catalogue, week))
    draws = []
    for k in range(count):
        amounts = []
        for collection in rounds:
            for item in collection.items:
                if rng.random() < 0.15:
                    amount = 0.0
                elif item.most > item.guaranteed:
                    amount = rng.triangular(item.guaranteed, item.most, item.expected)
                else:
                    amount = item.guaranteed
                amounts.append(((collection.id, item.ingredient), round(amount, 3)))
        draws.append(Scenario(f"draw{k + 1}", 1.0, tuple(sorted(amounts))))
    return draws


def with_collections(catalogue: Any, seed: int) -> Any:
    """A generated canteen with two rounds (Tuesday and Thursday), each of five fresh
    ingredients its week uses (guaranteed 0-1 kg, expected 2-6 kg, maximum 1.5-2 × expected,
    no trip cost beyond 3 EUR), and its largest supplier with a lead time of 0 as the
    week's recourse at 5 EUR the trip."""
    import attrs

    from cantine_supply.model import Collection, CollectionItem, Recourse
    from cantine_supply.problem.week import week_problem

    rng = random.Random(seed)
    week = catalogue.weeks[0]
    needed = sorted(week_problem(catalogue, week.id).need_by_ingredient())
    fresh = [i for i in needed if catalogue.ingredient_by_id[i].family.value
             == "FRUITS_ET_LEGUMES" and catalogue.ingredient_by_id[i].unit == "kg"]
    rounds = []
    for n, weekday in enumerate((1, 3)):
        items = []
        for ing in rng.sample(fresh, min(5, len(fresh))):
            expected = round(rng.uniform(2, 6), 1)
            items.append(CollectionItem(
                ingredient=ing, guaranteed=round(rng.uniform(0, 1), 1), expected=expected,
                maximum=round(expected * rng.uniform(1.5, 2.0), 1)))
        rounds.append(Collection(id=f"round{n + 1}", name=f"Round {n + 1}", weekday=weekday,
                                 items=tuple(items), trip_cost=round(rng.uniform(0, 3), 2),
                                 labels=("BIO",)))
    counts: dict[str, int] = {}
    for offer in catalogue.offers:
        counts[offer.supplier] = counts.get(offer.supplier, 0) + 1
    shop = max(counts, key=lambda s: (counts[s], s))
    recourse = Recourse(supplier=shop, trip_cost=5.0)
    weeks = tuple(attrs.evolve(w, recourse=recourse) for w in catalogue.weeks)
    return attrs.evolve(catalogue, collections=tuple(rounds), weeks=weeks)


def instances(generated: int) -> list[tuple[str, Any, str]]:
    """``(name, catalogue, week id)``: the sample weeks and ``generated`` generated ones."""
    import attrs

    import cantine_supply as cs
    from benchmarks.generate import generate
    from cantine_supply.model import Recourse

    sample = cs.load(ROOT / "data")
    shop = Recourse(supplier="grand-marche-pro", trip_cost=5.0)
    weeks = tuple(w if w.recourse is not None else attrs.evolve(w, recourse=shop)
                  for w in sample.weeks)
    sample = attrs.evolve(sample, weeks=weeks)
    out = [(f"sample-{w}", sample, w) for w in ("2026-w48", "2026-w49")]
    for seed in range(generated):
        catalogue = with_collections(
            generate(seed, ingredients=40, suppliers=6, offers=150, targets=False), seed)
        out.append((f"generated-{seed}", catalogue, catalogue.weeks[0].id))
    return out


def run_instance(name: str, catalogue: Any, week: str, args: argparse.Namespace) -> dict[str, Any]:
    """Plan the three first stages, evaluate them on the draws, return the figures."""
    from cantine_supply.optimize.solve import SolveOptions
    from cantine_supply.planning.uncertain import plan_uncertain
    from cantine_supply.planning.uncertain_eval import evaluate_orders, first_stage_of
    from cantine_supply.planning.week import plan
    from cantine_supply.problem.scenarios import expected_scenario, scenario_catalogue
    from cantine_supply.problem.week import week_problem

    options = SolveOptions(time_limit_s=args.time_limit, relative_gap=args.gap)
    base = week_problem(catalogue, week)
    started = time.perf_counter()
    weekly = plan(catalogue, week, options=options)
    weekly_s = time.perf_counter() - started
    on_expected = plan(scenario_catalogue(catalogue, expected_scenario(base), None), week,
                       options=options)
    started = time.perf_counter()
    two_stage = plan_uncertain(catalogue, week, args.scenarios, options=options)
    two_stage_s = time.perf_counter() - started
    firsts = {"guaranteed": weekly, "expected": on_expected,
              "two-stage": two_stage.scenarios[0].plan if two_stage.scenarios else None}
    draws = evaluation_draws(catalogue, week, args.draws, seed=2026)
    row: dict[str, Any] = {
        "instance": name, "scenarios": len(two_stage.scenarios),
        "weekly_status": weekly.status.value, "two_stage_status": two_stage.status.value,
        "weekly_solve_s": round(weekly.solver.time_s, 3),
        "two_stage_solve_s": round(two_stage.solver.time_s, 3),
        "weekly_total_s": round(weekly_s, 3), "two_stage_total_s": round(two_stage_s, 3),
        "two_stage_gap": two_stage.solver.gap,
        "planned_expected_ttc": float(two_stage.expected_ttc),
        "methods": {},
    }
    for method, first in firsts.items():
        if first is None or not first.status.has_plan:
            row["methods"][method] = None
            continue
        results = evaluate_orders(catalogue, week, first_stage_of(first), draws,
                                  options=SolveOptions(time_limit_s=60, relative_gap=0.0))
        costs = sorted(r.cost_ttc for r in results)
        row["methods"][method] = {
            "mean_ttc": round(statistics.fmean(costs), 2),
            "p95_ttc": round(costs[min(len(costs) - 1, math.ceil(0.95 * len(costs)) - 1)], 2),
            "services_lacking": sum(r.services_lacking for r in results),
            "waste_kg": round(statistics.fmean(r.waste_kg for r in results), 2),
            "day_of_ht": round(statistics.fmean(r.day_of_ht for r in results), 2),
        }
    methods = row["methods"]
    if methods.get("expected") and methods.get("two-stage"):
        row["vss_eur"] = round(
            methods["expected"]["mean_ttc"] - methods["two-stage"]["mean_ttc"], 2)
    if methods.get("guaranteed") and methods.get("two-stage"):
        row["saving_vs_today_eur"] = round(
            methods["guaranteed"]["mean_ttc"] - methods["two-stage"]["mean_ttc"], 2)
    return row


def markdown(rows: list[dict[str, Any]]) -> str:
    """The results table (one line per instance and method) and the timing table."""
    out = ["| instance | method | mean cost TTC | p95 cost TTC | services lacking | waste kg"
           " | day-of HT |", "|---|---|---:|---:|---:|---:|---:|"]
    for row in rows:
        for method in METHODS:
            m = row["methods"].get(method)
            if m is None:
                out.append(f"| {row['instance']} | {method} | no plan | | | | |")
                continue
            out.append(f"| {row['instance']} | {method} | {m['mean_ttc']:.2f} | {m['p95_ttc']:.2f}"
                       f" | {m['services_lacking']} | {m['waste_kg']:.2f} | {m['day_of_ht']:.2f} |")
    out += ["", "| instance | scenarios | VSS EUR/week | saving vs today EUR/week | weekly solve s"
            " | two-stage solve s | ratio | two-stage status (gap) |",
            "|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        ratio = row["two_stage_solve_s"] / max(row["weekly_solve_s"], 1e-9)
        gap = row["two_stage_gap"]
        gap_text = "-" if gap is None else f"{100 * gap:.2f}%"
        out.append(f"| {row['instance']} | {row['scenarios']} | {row.get('vss_eur', '-')} |"
                   f" {row.get('saving_vs_today_eur', '-')} | {row['weekly_solve_s']:.2f} |"
                   f" {row['two_stage_solve_s']:.2f} | {ratio:.1f} |"
                   f" {row['two_stage_status']} ({gap_text}) |")
    return "\n".join(out)


def svg(rows: list[dict[str, Any]]) -> str:
    """Bars of the mean real cost per instance and method, a tick at the 95th percentile
    (hand-written SVG, no dependency, like :mod:`benchmarks.chart`)."""
    from xml.sax.saxutils import escape

    width, height, left, top, bottom = 760, 380, 60, 40, 70
    values = [m["p95_ttc"] for r in rows for m in r["methods"].values() if m]
    top_value = max(values or [1.0]) * 1.1
    group = (width - left - 20) / max(len(rows), 1)
    bar = group / (len(METHODS) + 1)

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - v / top_value)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
             ' font-family="sans-serif" font-size="11">',
             f'<text x="{left}" y="20" font-size="13">Real cost TTC over the evaluation draws:'
             " mean (bar) and 95th percentile (tick)</text>",
             f'<line x1="{left}" y1="{y(0)}" x2="{width - 20}" y2="{y(0)}" stroke="#000"/>']
    step = 10 ** math.floor(math.log10(top_value)) if top_value > 0 else 1
    tick = 0.0
    while tick <= top_value:
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}'
                     "</text>")
        tick += step
    for i, row in enumerate(rows):
        x0 = left + i * group + bar / 2
        for j, method in enumerate(METHODS):
            m = row["methods"].get(method)
            if not m:
                continue
            x = x0 + j * bar
            parts.append(f'<rect x="{x:.1f}" y="{y(m["mean_ttc"]):.1f}" width="{bar * 0.9:.1f}"'
                         f' height="{y(0) - y(m["mean_ttc"]):.1f}" fill="{COLOURS[method]}"/>')
            parts.append(f'<line x1="{x:.1f}" x2="{x + bar * 0.9:.1f}" y1="{y(m["p95_ttc"]):.1f}"'
                         f' y2="{y(m["p95_ttc"]):.1f}" stroke="#000" stroke-width="2"/>')
        parts.append(f'<text x="{x0 + bar * 1.4:.1f}" y="{y(0) + 16}" text-anchor="middle">'
                     f"{escape(row['instance'])}</text>")
    for j, method in enumerate(METHODS):
        parts.append(f'<rect x="{left + j * 130}" y="{height - 24}" width="12" height="12"'
                     f' fill="{COLOURS[method]}"/><text x="{left + j * 130 + 16}"'
                     f' y="{height - 14}">{method}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=40)
    parser.add_argument("--scenarios", type=int, default=9)
    parser.add_argument("--generated", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--gap", type=float, default=0.0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--svg", type=Path, default=None)
    args = parser.parse_args(argv)
    rows = []
    for name, catalogue, week in instances(args.generated):
        row = run_instance(name, catalogue, week, args)
        rows.append(row)
        print(f"{name}: done", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(markdown(rows))
    if args.svg is not None:
        args.svg.write_text(svg(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
