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
from cantine_supply.report.html import esc, page
from cantine_supply.report.i18n import Texts


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


_CSS = """
body { font-size: 17pt; line-height: 1.3; text-align: center; padding-top: 8mm; }
h1 { font-size: 26pt; margin-bottom: 2mm; }
.canteen { font-size: 15pt; color: #555; margin: 0 0 8mm; }
.lead { font-size: 19pt; margin: 6mm 0 2mm; }
.cost { font-size: 64pt; font-weight: bold; color: #2f6b3a; line-height: 1.05; margin: 2mm 0; }
.per { font-size: 20pt; margin: 0 0 4mm; }
.basis { font-size: 12pt; color: #555; margin: 0 auto 8mm; max-width: 150mm; }
.shares { display: flex; flex-wrap: wrap; justify-content: center; gap: 5mm; margin: 4mm 0 8mm; }
.shares div { flex: 1 1 45mm; border: 0.6mm solid #2f6b3a; border-radius: 4mm; padding: 4mm 2mm; }
.shares b { display: block; font-size: 36pt; color: #2f6b3a; }
.thanks { font-size: 18pt; border-top: 0.5mm solid #2f6b3a; padding-top: 6mm; margin-top: 6mm; }
"""


def transparency_html(problem: WeekProblem, plan: Plan, t: Texts) -> str:
    """The dining-room sheet for ``plan``, in ``t``'s language."""
    week = problem.week
    title = t["transparency_title"]
    parts = [f"<h1>{esc(title)}</h1>"]
    if week.canteen:
        parts.append(f'<p class="canteen">{esc(week.canteen)} &middot; {esc(week.name)}</p>')
    ind = plan.indicators
    if ind is None or not plan.status.has_plan:
        parts.append(f'<p class="lead">{esc(t["transparency_none"])}</p>')
        return page(title, "\n".join(parts), t.lang, _CSS)
    shares = food_shares(problem, plan)
    basis = t["transparency_basis"].format(
        covers=problem.covers, first=t.date(week.first_day), last=t.date(week.last_day)
    )
    parts += [
        f'<p class="lead">{esc(t["transparency_lead"])}</p>',
        f'<p class="cost" id="cost-per-cover">{esc(t.money(ind.cost_per_cover_ttc))}</p>',
        f'<p class="per">{esc(t["transparency_per_meal"])}</p>',
        f'<p class="basis">{esc(basis)}</p>',
        f"<p>{esc(t['transparency_shares'])}</p>",
        '<div class="shares">',
        f"<div><b>{esc(t.share(shares.organic))}</b>{esc(t['organic'].lower())}</div>",
        f"<div><b>{esc(t.share(shares.local))}</b>{esc(t['local'].lower())}</div>",
        f"<div><b>{esc(t.share(shares.unsold))}</b>{esc(t['transparency_unsold'])}</div>",
        "</div>",
        f'<p class="thanks">{esc(t["transparency_free_price"])}</p>',
    ]
    return page(title, "\n".join(parts), t.lang, _CSS)
