"""What orders placed now really cost when the collections bring what they bring.

:func:`evaluate_orders` takes the orders of a plan (the first stage: packs per offer and
day, the rounds made, the menu) and, for each *draw* of what the rounds bring, works out
the cheapest day-of fixes at the week's recourse shop with the two-stage model of
:mod:`cantine_supply.optimize.scenarios`, the first stage fixed. Targets and budget are
not imposed (this measures what happens, not what was promised). Food no fix can bring is
bought from a *shortfall* line at ``SHORTFALL_EUR`` per base unit, counted apart: the
services it feeds are the services that would have lacked food, its cost is not in the
real cost. Waste is what the plan leaves over and counts as waste (``waste_kg``).

The three ways of planning compared by ``benchmarks/uncertain.py`` are evaluated this
way on the same draws: the weekly plan on the guaranteed amounts (today), the weekly plan
on the expected amounts, and the two-stage plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from cantine_supply.errors import InputError
from cantine_supply.model import Catalogue, Offer, Recourse
from cantine_supply.optimize.read_back import read_decisions
from cantine_supply.optimize.scenarios import (
    FirstStage,
    TwoStageModel,
    build_two_stage,
    fix_first_stage,
)
from cantine_supply.optimize.solve import SolveOptions, SolveOutcome, solve_model
from cantine_supply.optimize.split import split_and_serve_unsold_first
from cantine_supply.planning.uncertain import with_rounds_made
from cantine_supply.plans.assemble import assemble_plan
from cantine_supply.plans.uncertain import first_stage_of
from cantine_supply.problem.scenarios import DAY_OF, Scenario, uncertain_problem

#: EUR per base unit of the shortfall line (food no fix can bring): dear enough that it is
#: bought only when nothing else feeds the service.
SHORTFALL_EUR = 100.0
SHORTFALL = "shortfall-"


@attrs.frozen
class DrawResult:
    """One draw: the real cost TTC (EUR, shortfall lines left out), the day-of purchases
    HT, the number of services that lacked food, and the kg counted as waste."""

    cost_ttc: float
    day_of_ht: float
    services_lacking: int
    waste_kg: float


def shortfall_offers(catalogue: Catalogue, recourse: Recourse) -> tuple[Offer, ...]:
    """A shortfall line per ingredient at the recourse shop: packs of 0.1 base unit at
    ``SHORTFALL_EUR / 10`` EUR HT, no VAT."""
    ingredients = sorted({o.ingredient for o in catalogue.offers}
                         | {i.ingredient for c in catalogue.collections for i in c.items})
    return tuple(
        Offer(id=f"{recourse.supplier}/{SHORTFALL}{ing}", supplier=recourse.supplier,
              ingredient=ing, product=f"shortfall {ing}", pack_quantity=0.1,
              price_ht=SHORTFALL_EUR / 10, vat_rate=0.0)
        for ing in ingredients
    )


def evaluate_orders(
    catalogue: Catalogue,
    week: str,
    first: FirstStage,
    draws: Sequence[Scenario],
    *,
    recourse: Recourse | None = None,
    options: SolveOptions | None = None,
) -> list[DrawResult]:
    """The real outcome of ``first`` in each draw (see the module docstring); one model
    per draw, so that draws never share day-of decisions."""
    recourse = recourse or catalogue.week_by_id[week].recourse
    if recourse is None:
        raise InputError(f"week {week} names no [recourse]: no day-of fix to evaluate")
    with_shortfall = attrs.evolve(
        catalogue, offers=catalogue.offers + shortfall_offers(catalogue, recourse))
    base = catalogue.week_by_id[week]
    no_targets: dict[str, Any] = dict.fromkeys(
        (*base.targets.SHARES, "max_meat_g_per_cover", "max_co2_kg_per_cover",
         "min_vegetarian_mains"))
    relaxed = attrs.evolve(base, targets=attrs.evolve(base.targets, **no_targets), budget=None)
    relaxed_catalogue = attrs.evolve(
        with_shortfall, weeks=tuple(relaxed if w.id == week else w for w in catalogue.weeks))
    options = attrs.evolve(options or SolveOptions(), warm_start=0.0)
    results = []
    for draw in draws:
        problem = uncertain_problem(relaxed_catalogue, week, [attrs.evolve(draw, probability=1.0)],
                                    recourse=recourse, in_expectation=())
        built = build_two_stage(problem)
        unknown = sorted(set(first.packs) - set(built.first.packs))
        if unknown:
            raise InputError(f"orders on days the week cannot deliver: {unknown}")
        fix_first_stage(built, first)
        outcome = solve_model(built.to_solve(), options, remove_names=True)
        if outcome.decisions is None or outcome.result is None:
            raise InputError(f"draw {draw.name}: no day-of fix found ({outcome.status.value})")
        results.append(_draw_result(built, outcome, first))
    return results


def _draw_result(built: TwoStageModel, outcome: SolveOutcome, first: FirstStage) -> DrawResult:
    assert outcome.result is not None
    scenario = built.scenario_model(0)
    decisions = read_decisions(scenario, outcome.result)
    done = split_and_serve_unsold_first(scenario, attrs.evolve(outcome, decisions=decisions))
    assert done.decisions is not None
    week = built.problem.problems[0]
    plan = with_rounds_made(week, assemble_plan(week, done.decisions, outcome.status,
                                                outcome.report), sorted(first.rounds))
    lacking_days: set[dt.date] = set()
    shortfall_ttc = Decimal(0)
    day_of_ht = Decimal(0)
    for order in plan.orders:
        for line in order.lines:
            if SHORTFALL in line.offer:
                lacking_days.add(order.delivery_date)
                shortfall_ttc += line.total_ttc
            elif order.supplier.startswith(DAY_OF):
                day_of_ht += line.total_ht
        if order.supplier.startswith(DAY_OF):
            day_of_ht += order.delivery_fee_ht
    assert plan.indicators is not None
    return DrawResult(
        cost_ttc=float(plan.indicators.total_ttc - shortfall_ttc),
        day_of_ht=float(day_of_ht),
        services_lacking=len(lacking_days),
        waste_kg=plan.indicators.waste_kg,
    )


__all__ = ["DrawResult", "FirstStage", "evaluate_orders", "first_stage_of", "shortfall_offers"]
