"""The report's second page: the details, compact enough for one A4 page on a sample week.

Where the money goes (by kind in a sentence, by supplier and by product family side by
side), EGalim shares in one paragraph, then collections, stock used and leftovers as short
lists (a table row per leftover took a page of its own), the food that will not keep
marked first. Each function gives its data to the template ``section.html.j2``, which
escapes every text; only the status marks of :mod:`cantine_supply.report.templating` and the
red marking of the leftovers are markup.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from markupsafe import Markup

from cantine_supply.plans.plan import Indicators, Plan, SkippedRound, to_cents
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report.egalim import egalim_indicators
from cantine_supply.report.i18n import Texts
from cantine_supply.report.purchases import plan_purchases
from cantine_supply.report.templating import section, status_mark, table_data


def _name(problem: WeekProblem, ingredient: str) -> str:
    found = problem.ingredients.get(ingredient)
    return found.name if found else ingredient


def _money_rows(items: dict[str, Decimal], covers: int, t: Texts) -> list[list[str]]:
    """Rows label | amount | per cover | share, largest first."""
    total = sum(items.values(), Decimal(0))
    rows = []
    for label, amount in sorted(items.items(), key=lambda kv: (-kv[1], kv[0])):
        per_cover = to_cents(amount / Decimal(covers)) if covers else Decimal(0)
        share = float(amount / total) if total else None
        rows.append([label, t.money(amount), t.money(per_cover), t.share(share)])
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
    summary = Markup("<b>{}{} {} {}</b> ({} {}) · {} {} {}, {} {} · {} {}").format(
        t["cost_per_cover"], t.colon, t.money(ind.cost_per_cover_ttc), t["incl_vat"],
        t.money(ind.cost_per_cover_ht), t["excl_vat"], t["total"], t.money(ind.total_ttc),
        t["incl_vat"], t.money(ind.total_ht), t["excl_vat"], problem.covers, t["covers"])
    tables = [table_data([title, t["incl_vat"], t["per_cover"], t["share_of_total"]],
                         _money_rows(items, problem.covers, t), numeric=(1, 2, 3))
              for title, items in ((t["by_supplier"], by_supplier), (t["by_family"], by_family))
              if items]
    return section(t["cost_section"], before=[summary, f"{t['by_kind']}{t.colon} {sentence}"],
                   tables=tables, pair=True)


def egalim_details(problem: WeekProblem, plan: Plan, t: Texts) -> str:
    """Organic, EGalim, meat & fish, local and short-chain shares of purchases (HT) as ma
    cantine counts them, in one paragraph, each against its legal target when it has one."""
    region = problem.week.region
    intro = t["egalim_intro"].format(region=t.region(str(region)))
    purchases = plan_purchases(problem, plan)
    if not purchases:
        return section(t["egalim_section"], before=[t["egalim_none"]])
    eg = egalim_indicators(purchases, region)
    items = []
    for label, share, target, met in (
        (t["organic"], eg.bio_share, eg.bio_target, eg.bio_met),
        (t["egalim"], eg.egalim_share, eg.egalim_target, eg.egalim_met),
        (t["meat_fish"], eg.meat_fish_egalim_share, eg.meat_fish_target, eg.meat_fish_met),
        (t["local"], eg.local_share, None, None),
        (t["short_chain"], eg.circuit_court_share, None, None),
    ):
        text = Markup("<b>{}</b> {}").format(label, t.share(share, 1))
        if target is not None:
            mark = status_mark(met, t["met"], t["not_met"], t["not_measurable"])
            text += Markup(" ({} ≥ {}{} {})").format(t["legal_target"], t.share(target),
                                                     t.colon, mark)
        items.append(text)
    return section(t["egalim_section"], before=[intro, Markup(" · ").join(items)])


def skipped_round_text(skipped: SkippedRound, t: Texts) -> str:
    """One sentence: a collection round the plan leaves out, and why (its extra cost)."""
    if skipped.extra_cost is None:
        why = t["skipped_no_plan"]
    elif skipped.extra_cost <= 0:
        why = t["skipped_saves_nothing"]
    else:
        why = t["skipped_costs_more"].format(
            extra=f"{t.money(skipped.extra_cost)} {skipped.basis}", trip=t.money(skipped.trip_cost)
        )
    return t["skipped_round"].format(name=skipped.name, date=t.short_date(skipped.date), why=why)


def beyond_needs_text(problem: WeekProblem, plan: Plan, t: Texts) -> str:
    """The packs bought beyond the menus' needs and why, then how many lines only leave
    the rest of their last pack."""
    extra = [b for b in plan.bought_beyond_needs if b.extra_packs > 0]
    rest = len(plan.bought_beyond_needs) - len(extra)
    sentences = [
        t["beyond_line"].format(
            packs=b.extra_packs, product=_name(problem, b.ingredient),
            date=t.short_date(b.date),
            why=", ".join(t.why(r) for r in b.reasons if r != "pack_size"),
        )
        for b in extra
    ]
    if not extra:
        sentences.append(t["beyond_none"])
    if rest:
        sentences.append(t["beyond_pack_size"].format(lines=rest))
    return " ".join(sentences)


def food_details(problem: WeekProblem, plan: Plan, ind: Indicators, t: Texts) -> str:
    """Collections to make (one row each, what to take in a sentence) and the rounds left
    out with why, stock used, leftovers as lists (the food at risk of waste first and
    marked), and what was bought beyond the menus and why."""
    skipped = [skipped_round_text(r, t) for r in plan.skipped_collections]
    beyond = beyond_needs_text(problem, plan, t)
    if plan.collections:
        rows = [[t.short_date(run.date), run.name,
                 ", ".join(f"{t.quantity(i.quantity, i.unit)} {_name(problem, i.ingredient)}"
                           for i in run.items),
                 t.money(run.trip_cost)] for run in plan.collections]
        parts = [section(t["collections_section"], tables=[table_data(
            [t["date"], t["where"], t["collect"], t["trip_cost"]], rows, numeric=(3,),
            classes={0: "nw"})], after=skipped)]
    else:
        parts = [section(t["collections_section"], before=[t["no_collections"], *skipped])]
    if plan.stock_used:
        used = ", ".join(f"{_name(problem, s.ingredient)} {t.quantity(s.quantity, s.unit)}"
                         for s in plan.stock_used)
        parts.append(section(t["stock_section"], before=[used]))
    if not plan.leftovers:
        parts.append(section(t["leftovers_section"], before=[t["no_leftovers"], beyond]))
        return "".join(parts)
    items = []
    for left in sorted(plan.leftovers, key=lambda left: not left.waste):
        source = (t[f"source_{left.source}"]
                  if left.source in ("delivery", "collection", "stock") else left.source)
        text = (f"{_name(problem, left.ingredient)} {t.quantity(left.quantity, left.unit)}"
                f" ({source})")
        items.append(Markup('<span class="bad">{}</span>').format(text) if left.waste
                     else Markup.escape(text))
    waste = Markup('{} {} <span class="bad">{}</span>').format(
        t["waste_total"].format(kg=t.number(ind.waste_kg, 1)), t["waste"], t["waste_yes"])
    parts.append(section(t["leftovers_section"],
                         before=[waste, Markup(", ").join(items), beyond]))
    return "".join(parts)
