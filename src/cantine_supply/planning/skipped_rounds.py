"""Why a collection round was not made: what it would bring, and what making it costs.

A round is a yes/no trip (``t[c,d]`` in :mod:`cantine_supply.optimize.build`); the
least-cost plan leaves it out when the trip costs more than the purchases its food
replaces. For each round of the week the plan does not make, :func:`explain_skipped_rounds`
solves the same model once more with that round forced (``t[c,d] = 1``), starting from the
plan with the round made and nothing taken from it, and reports the difference of the two
least costs: the exact price of making it, not an estimate.

That start is a plan of the forced model: a round enters the rules only through ``q[c,d,i]
<= guaranteed_i · t[c,d]`` (:func:`cantine_supply.optimize.rules.add_collection_rules`),
which ``q = 0`` meets, and the cost through its trip (a constant times ``t``). So the solver
starts with an incumbent at the plan's cost plus the trip and only has to prove what
making the round can save (on the sample weeks 2.4 times faster than from the plan
without the round: w49 and w50, 16.6 s of CPU for three forced solves against 6.9 s).

The extra solves run only for rounds left out (none in the sample week 2026-w48), and only
for the cost objective, each for at most :data:`ROUND_SOLVE_TIME_S` (within the options'
own limit); a figure not proven optimal says so (``proven`` false).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.registry import BuiltModel
from cantine_supply.optimize.solve import SolveOptions, SolveOutcome, solve_model
from cantine_supply.optimize.targets import solution_values
from cantine_supply.plans.plan import Plan, Quantity, SkippedRound, to_cents

#: Seconds each forced solve may take at most: the plan is already made, this only
#: explains it (the sample's rounds are decided in well under a second).
ROUND_SOLVE_TIME_S = 10.0


def explain_skipped_rounds(
    built: BuiltModel, outcome: SolveOutcome, options: SolveOptions, plan: Plan, basis: str
) -> tuple[SkippedRound, ...]:
    """One :class:`SkippedRound` per collection round of ``built`` that ``plan`` does not
    make. ``outcome`` is the least-cost solve of ``built`` that ``plan`` was assembled
    from; ``basis`` (TTC or HT) the basis of its cost. The model is left as it was."""
    if outcome.report.objective is None:
        return ()
    made = {(run.collection, run.date) for run in plan.collections}
    hint = solution_values(outcome)
    limit = ROUND_SOLVE_TIME_S if options.time_limit_s is None else min(
        options.time_limit_s, ROUND_SOLVE_TIME_S)
    options = attrs.evolve(options, time_limit_s=limit)
    skipped = []
    for (cid, day), trip in built.registry.trip.items():
        if (cid, day) in made:
            continue
        lower = trip.lower_bound
        trip.lower_bound = 1.0
        start = dict(hint)  # the plan, with the round made and nothing taken from it
        start[trip] = 1.0
        try:
            forced = solve_model(built, options, hint=start)
        finally:
            trip.lower_bound = lower
        skipped.append(_skipped(built, cid, day, outcome, forced, basis))
    return tuple(skipped)


def _skipped(
    built: BuiltModel,
    cid: str,
    day: dt.date,
    outcome: SolveOutcome,
    forced: SolveOutcome,
    basis: str,
) -> SkippedRound:
    """The round ``cid`` on ``day``, with the cost of the plan that makes it."""
    problem = built.problem
    collection = problem.collections[cid]
    needed = problem.most_need_by_ingredient()
    bring = tuple(
        Quantity(item.ingredient, item.guaranteed, problem.ingredients[item.ingredient].unit)
        for item in collection.items
        if item.ingredient in needed and item.guaranteed > 0
    )
    extra: Decimal | None = None
    if forced.decisions is not None and forced.report.objective is not None:
        assert outcome.report.objective is not None
        extra = to_cents(forced.report.objective - outcome.report.objective)
    proven = outcome.status is PlanStatus.OPTIMAL and forced.status in (
        PlanStatus.OPTIMAL, PlanStatus.INFEASIBLE
    )
    return SkippedRound(
        collection=cid,
        name=collection.name,
        date=day,
        trip_cost=to_cents(collection.trip_cost),
        would_bring=bring,
        extra_cost=extra,
        basis=basis,
        proven=proven,
    )
