"""What a plan reports on top of purchases: the split of each flexible recipe line, and
the food collected and not used. Pure functions of the problem and the decisions, used by
:func:`~cantine_supply.plans.assemble.assemble_plan`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence

from cantine_supply.optimize.decisions import Serving
from cantine_supply.plans.plan import CollectedNotUsed, CollectionRun, GroupUse
from cantine_supply.problem.slots import usable_until
from cantine_supply.problem.week import WeekProblem
from cantine_supply.units import LEAST_QUANTITY


def build_group_uses(
    problem: WeekProblem, split: Mapping[int, Mapping[str, float]]
) -> tuple[GroupUse, ...]:
    """Every option of every served flexible line with its share and quantity (base unit):
    ``quantity = share × full need``. Lines missing from ``split`` are left out (the
    verifier reports a served line without a split)."""
    uses = []
    for k, shares in sorted(split.items()):
        group = problem.groups[k]
        for option in group.options:
            share = float(shares.get(option.ingredient, 0.0))
            uses.append(
                GroupUse(
                    date=group.date,
                    service=group.service,
                    course=group.course,
                    recipe=group.recipe,
                    label=group.label,
                    ingredient=option.ingredient,
                    share=share,
                    quantity=share * option.full_need,
                    unit=problem.ingredients[option.ingredient].unit,
                )
            )
    return tuple(uses)


def collected_not_used(
    problem: WeekProblem, runs: Sequence[CollectionRun], servings: Sequence[Serving]
) -> tuple[CollectedNotUsed, ...]:
    """Per round and item, what was collected and not served this week (above 1e-6 of a
    base unit); ``waste`` as for leftovers (it does not keep to the same weekday next
    week)."""
    served: dict[tuple[str, dt.date, str], float] = defaultdict(float)
    for s in servings:
        if s.source == "collection":
            served[(s.source_ref, s.source_date, s.ingredient)] += s.quantity
    horizon = problem.week.last_day + dt.timedelta(days=7)
    out = []
    for run in runs:
        for item in run.items:
            used = served.get((run.collection, run.date, item.ingredient), 0.0)
            if item.quantity - used <= LEAST_QUANTITY:
                continue
            shelf = problem.ingredients[item.ingredient].shelf_life_days
            out.append(
                CollectedNotUsed(
                    collection=run.collection,
                    date=run.date,
                    ingredient=item.ingredient,
                    collected=item.quantity,
                    served=used,
                    unit=item.unit,
                    waste=usable_until(run.date, shelf) < horizon,
                )
            )
    return tuple(out)
