"""The report's second page: the details, compact enough for one A4 page on a sample week.

Where the money goes (by kind in a sentence, by supplier and by product family side by
side), EGalim shares, the menu and the flexible lines come from
:mod:`cantine_supply.report.weekly`; collections, stock used and leftovers are written
here as short lists (a table row per leftover took a page of its own), the food that will
not keep marked first.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from cantine_supply.plan import Indicators, Plan, to_cents
from cantine_supply.problem import WeekProblem
from cantine_supply.report.egalim import egalim_indicators
from cantine_supply.report.html import esc, status_mark, table
from cantine_supply.report.i18n import Texts
from cantine_supply.report.purchases import plan_purchases


def _name(problem: WeekProblem, ingredient: str) -> str:
    found = problem.ingredients.get(ingredient)
    return found.name if found else ingredient


def _money_rows(items: dict[str, Decimal], covers: int, t: Texts) -> list[list[str]]:
    total = sum(items.values(), Decimal(0))
    rows = []
    for label, amount in sorted(items.items(), key=lambda kv: (-kv[1], kv[0])):
        per_cover = to_cents(amount / Decimal(covers)) if covers else Decimal(0)
        share = float(amount / total) if total else None
        rows.append([esc(label), esc(t.money(amount)), esc(t.money(per_cover)),
                     esc(t.share(share))])
    return rows


def money_details(problem: WeekProblem, plan: Plan, ind: Indicators, t: Texts) -> str:
    """Where the money goes (TTC): by kind in one sentence, then by supplier (fees
    included) and by product family (purchases) in two tables side by side."""
    kinds = [(t["purchases"], ind.purchases_ttc), (t["delivery_fees"], ind.fees_ttc),
             (t["collections_food"], ind.collections_ttc), (t["trips"], ind.trips)]
    by_supplier: dict[str, Decimal] = defaultdict(Decimal)
    by_family: dict[str, Decimal] = defaultdict(Decimal)
    for order in plan.orders:
        by_supplier[order.supplier_name] += order.total_ttc
        for line in order.lines:
            by_family[t.family(str(problem.ingredients[line.ingredient].family))] += (
                line.total_ttc)
    sentence = " · ".join(f"{label} {t.money(amount)}" for label, amount in kinds if amount)
    head = [esc(t["total"]), esc(t["incl_vat"]), esc(t["per_cover"]), esc(t["share_of_total"])]
    pair = "".join(
        "<div>" + table([esc(title), *head[1:]], _money_rows(items, problem.covers, t),
                        numeric=(1, 2, 3)) + "</div>"
        for title, items in ((t["by_supplier"], by_supplier), (t["by_family"], by_family))
        if items)
    return (f"<h2>{esc(t['cost_section'])}</h2>\n"
            f"<p><b>{esc(t['cost_per_cover'])}{esc(t.colon)} {esc(t.money(ind.cost_per_cover_ttc))}"
            f" {esc(t['incl_vat'])}</b> ({esc(t.money(ind.cost_per_cover_ht))}"
            f" {esc(t['excl_vat'])}) &middot; {esc(t['total'])} {esc(t.money(ind.total_ttc))}"
            f" {esc(t['incl_vat'])}, {esc(t.money(ind.total_ht))} {esc(t['excl_vat'])}"
            f" &middot; {problem.covers} {esc(t['covers'])}</p>\n"
            f"<p>{esc(t['by_kind'])}{esc(t.colon)} {esc(sentence)}</p>\n"
            f'<div class="pair">{pair}</div>')


def food_details(problem: WeekProblem, plan: Plan, ind: Indicators, t: Texts) -> str:
    """Collections to make (one row each, what to take in a sentence), stock used and
    leftovers as lists, the food at risk of waste first and marked."""
    parts = [f"<h2>{esc(t['collections_section'])}</h2>"]
    if plan.collections:
        rows = [[esc(t.short_date(run.date)), esc(run.name),
                 esc(", ".join(f"{t.quantity(i.quantity, i.unit)} {_name(problem, i.ingredient)}"
                               for i in run.items)),
                 esc(t.money(run.trip_cost))] for run in plan.collections]
        parts.append(table([esc(t["date"]), esc(t["where"]), esc(t["collect"]),
                            esc(t["trip_cost"])], rows, numeric=(3,), cell_class={0: "nw"}))
    else:
        parts.append(f"<p>{esc(t['no_collections'])}</p>")
    if plan.stock_used:
        used = ", ".join(f"{_name(problem, s.ingredient)} {t.quantity(s.quantity, s.unit)}"
                         for s in plan.stock_used)
        parts += [f"<h2>{esc(t['stock_section'])}</h2>", f"<p>{esc(used)}</p>"]
    parts.append(f"<h2>{esc(t['leftovers_section'])}</h2>")
    if plan.leftovers:
        ordered = sorted(plan.leftovers, key=lambda left: not left.waste)
        items = []
        for left in ordered:
            source = (t[f"source_{left.source}"]
                      if left.source in ("delivery", "collection", "stock") else left.source)
            text = esc(f"{_name(problem, left.ingredient)} {t.quantity(left.quantity, left.unit)}"
                       f" ({source})")
            items.append(f'<span class="bad">{text}</span>' if left.waste else text)
        parts.append(f"<p>{esc(t['waste_total'].format(kg=t.number(ind.waste_kg, 1)))}"
                     f" {esc(t['waste'])} <span class=\"bad\">{esc(t['waste_yes'])}</span></p>")
        parts.append(f"<p>{', '.join(items)}</p>")
    else:
        parts.append(f"<p>{esc(t['no_leftovers'])}</p>")
    return "\n".join(parts)


def egalim_details(problem: WeekProblem, plan: Plan, t: Texts) -> str:
    """Organic, EGalim, meat & fish, local and short-chain shares of purchases (HT) as ma
    cantine counts them, in one paragraph, each against its legal target when it has one."""
    region = problem.week.region
    parts = [f"<h2>{esc(t['egalim_section'])}</h2>"]
    purchases = plan_purchases(problem, plan)
    if not purchases:
        return "\n".join([*parts, f"<p>{esc(t['egalim_none'])}</p>"])
    eg = egalim_indicators(purchases, region)
    items = []
    for label, share, target, met in (
        (t["organic"], eg.bio_share, eg.bio_target, eg.bio_met),
        (t["egalim"], eg.egalim_share, eg.egalim_target, eg.egalim_met),
        (t["meat_fish"], eg.meat_fish_egalim_share, eg.meat_fish_target, eg.meat_fish_met),
        (t["local"], eg.local_share, None, None),
        (t["short_chain"], eg.circuit_court_share, None, None),
    ):
        text = f"<b>{esc(label)}</b> {esc(t.share(share, 1))}"
        if target is not None:
            text += (f" ({esc(t['legal_target'])} ≥ {esc(t.share(target))}{esc(t.colon)} "
                     + status_mark(met, t["met"], t["not_met"], t["not_measurable"]) + ")")
        items.append(text)
    intro = esc(t["egalim_intro"].format(region=t.region(str(region))))
    return "\n".join([*parts, f"<p>{intro}</p>", f"<p>{' &middot; '.join(items)}</p>"])
