"""The verifier's checks of what a plan decides on top of purchases: how each flexible
recipe line is split, and the report of collected food not used.

Like :mod:`cantine_supply.verification.week`, these recompute from the problem and the plan alone.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence

from cantine_supply.model import IngredientGroup
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem


def split_of(plan: Plan) -> dict[tuple[dt.date, str, str, str, str], dict[str, float]]:
    """The plan's share of each option, per (date, service, course, recipe, line label)."""
    out: dict[tuple[dt.date, str, str, str, str], dict[str, float]] = defaultdict(dict)
    for use in plan.group_uses:
        out[(use.date, use.service, use.course, use.recipe, use.label)][use.ingredient] = (
            use.share
        )
    return out


def check_flexible_lines(
    problem: WeekProblem, plan: Plan, served: Sequence[tuple[dt.date, str, str, str]]
) -> list[str]:
    """Each flexible line of a recipe ``served`` (date, service, course, recipe) is split
    once, between its own options only, with shares within their bounds and summing to 1,
    and quantities that match."""
    out: list[str] = []
    catalogue = problem.catalogue
    covers = {(s.date, s.name): s.covers for s in problem.week.services}
    expected: dict[tuple[dt.date, str, str, str, str], IngredientGroup] = {}
    for day, name, course, recipe_id in served:
        for line in catalogue.recipe_by_id[recipe_id].groups:
            expected[(day, name, course, recipe_id, line.label)] = line
    seen: set[tuple[object, ...]] = set()
    for use in plan.group_uses:
        key = (use.date, use.service, use.course, use.recipe, use.label)
        where = f"flexible line {use.label!r} of {use.recipe} on {use.date} {use.service}"
        found = expected.get(key)
        if found is None:
            out.append(f"{where}: not a line of a served recipe")
            continue
        if (*key, use.ingredient) in seen:
            out.append(f"{where}: {use.ingredient} listed twice")
        seen.add((*key, use.ingredient))
        option = next((o for o in found.options if o.ingredient == use.ingredient), None)
        if option is None:
            out.append(f"{where}: {use.ingredient} is not one of its options")
            continue
        if not option.min_share - 1e-6 <= use.share <= option.max_share + 1e-6:
            out.append(
                f"{where}: {use.ingredient} share {use.share:.4f} outside"
                f" [{option.min_share:g}, {option.max_share:g}]"
            )
        full = covers[(use.date, use.service)] * option.gross_per_cover
        if not math.isclose(use.quantity, use.share * full, rel_tol=1e-6, abs_tol=1e-6):
            out.append(
                f"{where}: {use.ingredient} quantity {use.quantity:.6f}, expected"
                f" {use.share * full:.6f} for its share"
            )
    shares = split_of(plan)
    for key, group in expected.items():
        where = f"flexible line {key[4]!r} of {key[3]} on {key[0]} {key[1]}"
        if key not in shares:
            out.append(f"{where}: no split in the plan")
            continue
        total = sum(shares[key].values())
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            out.append(f"{where}: shares add up to {total:.6f}, not 1")
        for option in group.options:
            if option.min_share > 0 and option.ingredient not in shares[key]:
                out.append(f"{where}: {option.ingredient} below its minimum share")
    return out


def check_collected_not_used(plan: Plan) -> list[str]:
    """The report of collected food not used matches the rounds and the servings: every
    item collected and not all served is listed, with what was collected and served."""
    served: dict[tuple[str, dt.date, str], float] = defaultdict(float)
    for s in plan.servings:
        if s.source == "collection":
            served[(s.source_ref, s.source_date, s.ingredient)] += s.quantity
    expected = {}
    for run in plan.collections:
        for item in run.items:
            used = served.get((run.collection, run.date, item.ingredient), 0.0)
            if item.quantity - used > 1e-6:
                expected[(run.collection, run.date, item.ingredient)] = (item.quantity, used)
    reported = {(c.collection, c.date, c.ingredient): (c.collected, c.served)
                for c in plan.collected_not_used}
    out = []
    for key in sorted(set(expected) | set(reported)):
        want, got = expected.get(key), reported.get(key)
        if want is None or got is None or not all(
            math.isclose(w, g, abs_tol=1e-6) for w, g in zip(want, got, strict=True)
        ):
            out.append(f"collected and not used {key}: reported {got}, recomputed {want}")
    return out
