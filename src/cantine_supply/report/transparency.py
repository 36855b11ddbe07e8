"""The transparency sheet: one A4 page in large print for the dining room.

It shows the real food cost of a meal this week (total TTC, fees and collection trips
included, divided by the week's covers), what share of the food received was organic,
local and collected unsold food, and a sentence about free-price contributions.
"""

from __future__ import annotations

import attrs

from cantine_supply.model.codes import ORGANIC_LABELS
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report.i18n import Texts
from cantine_supply.report.templating import render


@attrs.frozen
class FoodShares:
    """Shares of the week's food received (purchased and collected), by weight (kg).

    Stock is left out (it was bought another week); ingredients counted in pieces or
    litres without a known mass weigh nothing here. A share is None when nothing weighs.
    """

    total_kg: float
    organic: float | None
    local: float | None
    unsold: float | None


def food_shares(problem: WeekProblem, plan: Plan) -> FoodShares:
    """Organic, local and collected-unsold shares of the food ``plan`` brings in, by kg.

    Organic: offers with an organic label, and collections whose labels are organic.
    Local: offers from a supplier with a locality. Unsold: everything collected.
    """
    ingredients = problem.ingredients
    total = organic = local = unsold = 0.0
    for order in plan.orders:
        for line in order.lines:
            kg = line.quantity * (ingredients[line.ingredient].kg_per_unit or 0.0)
            total += kg
            organic += kg if problem.offers[line.offer].is_organic else 0.0
            local += kg if line.local else 0.0
    for run in plan.collections:
        labels = frozenset(problem.collections[run.collection].labels)
        for item in run.items:
            kg = item.quantity * (ingredients[item.ingredient].kg_per_unit or 0.0)
            total += kg
            unsold += kg
            organic += kg if labels & ORGANIC_LABELS else 0.0

    def share(part: float) -> float | None:
        return None if total <= 0 else part / total

    return FoodShares(total, share(organic), share(local), share(unsold))


def transparency_html(problem: WeekProblem, plan: Plan, t: Texts) -> str:
    """The dining-room sheet for ``plan``, in ``t``'s language (``transparency.html.j2``)."""
    week = problem.week
    ind = plan.indicators
    sheet: dict[str, str] | None = None
    if ind is not None and plan.status.has_plan:
        shares = food_shares(problem, plan)
        sheet = {
            "cost_per_cover": t.money(ind.cost_per_cover_ttc),
            "basis": t["transparency_basis"].format(
                covers=problem.covers, first=t.date(week.first_day), last=t.date(week.last_day)
            ),
            "organic": t.share(shares.organic),
            "local": t.share(shares.local),
            "unsold": t.share(shares.unsold),
        }
    return render("transparency.html.j2", title=t["transparency_title"], lang=t.lang, t=t,
                  canteen=week.canteen, week_name=week.name, sheet=sheet)
