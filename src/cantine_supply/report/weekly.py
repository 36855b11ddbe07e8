"""The week's report: one self-contained A4 HTML page for the manager and the association.

Sections: key figures; what a meal costs and where the money goes (by kind, supplier and
product family, TTC); the targets with bars; EGalim shares against the legal targets
(counted by :mod:`cantine_supply.report.egalim`); the menu; orders to place; collections;
stock used; leftovers and waste; why targets are not met (the plan's diagnosis); notes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from cantine_supply.plan import Indicators, Plan, SkippedRound, TargetResult, to_cents
from cantine_supply.problem import WeekProblem
from cantine_supply.report.egalim import egalim_indicators
from cantine_supply.report.html import BAD, GOOD, NEUTRAL, bar, esc, page, status_mark, table
from cantine_supply.report.i18n import Texts
from cantine_supply.report.purchases import plan_purchases


def _per_cover(amount: Decimal, covers: int) -> Decimal:
    return to_cents(amount / Decimal(covers)) if covers else Decimal(0)


def _money_rows(items: Sequence[tuple[str, Decimal]], total: Decimal, covers: int,
                t: Texts) -> list[list[str]]:
    """Rows label | amount | per cover | share | bar, largest first."""
    rows = []
    top = max((amount for _, amount in items), default=Decimal(0))
    for label, amount in sorted(items, key=lambda kv: (-kv[1], kv[0])):
        share = float(amount / total) if total else None
        rows.append([esc(label), esc(t.money(amount)), esc(t.money(_per_cover(amount, covers))),
                     esc(t.share(share)), bar(float(amount), float(top), label=label)])
    return rows


def _money_table(title: str, items: Sequence[tuple[str, Decimal]], covers: int,
                 t: Texts) -> str:
    total = sum((amount for _, amount in items), Decimal(0))
    head = [esc(title), esc(f"{t['total']} {t['incl_vat']}"), esc(t["per_cover"]),
            esc(t["share_of_total"]), ""]
    foot = [esc(t["total"]), esc(t.money(total)), esc(t.money(_per_cover(total, covers))), "", ""]
    return table(head, _money_rows(items, total, covers, t), numeric=(1, 2, 3), foot=foot,
                 cell_class={4: "bar"})


def cost_section(problem: WeekProblem, plan: Plan, ind: Indicators, t: Texts) -> str:
    """What a meal costs per cover, and where the money goes (all TTC)."""
    covers = problem.covers
    kinds = [(t["purchases"], ind.purchases_ttc), (t["delivery_fees"], ind.fees_ttc),
             (t["collections_food"], ind.collections_ttc), (t["trips"], ind.trips)]
    by_supplier: dict[str, Decimal] = defaultdict(Decimal)
    by_family: dict[str, Decimal] = defaultdict(Decimal)
    for order in plan.orders:
        by_supplier[order.supplier_name] += order.total_ttc
        for line in order.lines:
            family = problem.ingredients[line.ingredient].family
            by_family[t.family(str(family))] += line.total_ttc
    parts = [
        f"<h2>{esc(t['cost_section'])}</h2>",
        f"<p><b>{esc(t['cost_per_cover'])}{esc(t.colon)} {esc(t.money(ind.cost_per_cover_ttc))}"
        f" {esc(t['incl_vat'])}</b> ({esc(t.money(ind.cost_per_cover_ht))} {esc(t['excl_vat'])})"
        f" &middot; {esc(t['total'])} {esc(t.money(ind.total_ttc))} {esc(t['incl_vat'])},"
        f" {esc(t.money(ind.total_ht))} {esc(t['excl_vat'])} &middot; {problem.covers}"
        f" {esc(t['covers'])}</p>",
        _money_table(t["by_kind"], [k for k in kinds if k[1]], covers, t),
    ]
    if by_supplier:
        parts.append(_money_table(t["by_supplier"], list(by_supplier.items()), covers, t))
    if by_family:
        parts.append(_money_table(t["by_family"], list(by_family.items()), covers, t))
    return "\n".join(parts)


def _target_value(result: TargetResult, value: float | None, t: Texts) -> str:
    if value is None:
        return t.share(None)
    if result.name.endswith("_share"):
        return t.share(value, 1)
    if result.name == "max_meat_g_per_cover":
        return f"{t.number(value, 1)} g"
    if result.name == "max_co2_kg_per_cover":
        return f"{t.number(value, 2)} kg CO2e"
    return t.money(Decimal(str(value)))


def targets_section(plan: Plan, t: Texts) -> str:
    """Each target: its limit, this week's value, a bar with the limit marked, met or not."""
    if not plan.targets:
        return ""
    rows = []
    for result in plan.targets:
        value = result.value
        if result.name.endswith("_share"):
            scale = 1.0
        else:
            scale = 1.15 * max(result.limit, value or 0.0) or 1.0
        sign = "≥" if result.kind == "min" else "≤"
        colour = GOOD if result.met else BAD
        label = t.target(result.name)
        if result.name == "budget":
            label = f"{label} ({plan.budget_basis})"
        rows.append([
            esc(label), esc(f"{sign} {_target_value(result, result.limit, t)}"),
            esc(_target_value(result, value, t)),
            bar(value, scale, marker=result.limit, colour=colour, label=label),
            status_mark(result.met if value is not None else None, t["met"], t["not_met"],
                        t["not_measurable"]),
        ])
    head = [esc(t["target"]), esc(t["limit"]), esc(t["value"]), "", ""]
    return f"<h2>{esc(t['targets_section'])}</h2>\n" + table(
        head, rows, numeric=(1, 2), cell_class={3: "bar"})


def egalim_section(problem: WeekProblem, plan: Plan, t: Texts) -> str:
    """Organic, EGalim and meat & fish shares of purchases (HT) against the legal targets."""
    region = problem.week.region
    parts = [f"<h2>{esc(t['egalim_section'])}</h2>",
             f"<p>{esc(t['egalim_intro'].format(region=t.region(str(region))))}</p>"]
    purchases = plan_purchases(problem, plan)
    if not purchases:
        parts.append(f"<p>{esc(t['egalim_none'])}</p>")
        return "\n".join(parts)
    eg = egalim_indicators(purchases, region)
    rows = []
    for label, share, target, met in (
        (t["organic"], eg.bio_share, eg.bio_target, eg.bio_met),
        (t["egalim"], eg.egalim_share, eg.egalim_target, eg.egalim_met),
        (t["meat_fish"], eg.meat_fish_egalim_share, eg.meat_fish_target, eg.meat_fish_met),
        (t["local"], eg.local_share, None, None),
        (t["short_chain"], eg.circuit_court_share, None, None),
    ):
        colour = NEUTRAL if met is None else (GOOD if met else BAD)
        rows.append([
            esc(label), esc(t.share(share, 1)),
            "" if target is None else esc(f"≥ {t.share(target)}"),
            bar(share, 1.0, marker=target, colour=colour, label=label),
            "" if target is None else status_mark(met, t["met"], t["not_met"],
                                                  t["not_measurable"]),
        ])
    head = ["", esc(t["value"]), esc(t["legal_target"]), "", ""]
    parts.append(table(head, rows, numeric=(1, 2), cell_class={3: "bar"}))
    return "\n".join(parts)


def menu_section(problem: WeekProblem, plan: Plan, t: Texts) -> str:
    """The week's services: date, name, covers and the recipe of each course; for a course
    with candidate recipes, the one the plan chose (all candidates when there is no plan)."""
    recipes = problem.catalogue.recipe_by_id
    ingredients = problem.ingredients
    chosen: dict[tuple[dt.date, str, str], list[str]] = {}
    for choice in plan.menu:
        chosen.setdefault((choice.date, choice.service, choice.course), []).append(choice.recipe)
    courses = ["starter", "main", "dessert", "other"]
    used = [c for c in courses if any(mc.course.value == c for s in problem.week.services
                                      for mc in s.courses)]
    rows = []
    for service in sorted(problem.week.services, key=lambda s: s.date):
        cells = [esc(t.short_date(service.date)), esc(t.service(service.name)), str(service.covers)]
        for course in used:
            names = []
            for mc in service.courses:
                if mc.course.value != course:
                    continue
                key = (service.date, service.name, course)
                served = mc.recipes if mc.is_fixed else chosen.get(key, mc.recipes)
                for rid in served:
                    recipe = recipes.get(rid)
                    name = esc(recipe.name if recipe else rid)
                    if course == "main" and recipe and recipe.is_vegetarian(ingredients):
                        name += f" <i>({esc(t['vegetarian'])})</i>"
                    names.append(name)
            cells.append(" / ".join(names))
        rows.append(cells)
    head = [esc(t["date"]), esc(t["service"]), esc(t["covers_title"])] + [
        esc(t[c]) for c in used]
    return f"<h2>{esc(t['menu_section'])}</h2>\n" + table(head, rows, numeric=(2,),
                                                            cell_class={0: "nw", 1: "kw"})


def flexible_section(problem: WeekProblem, plan: Plan, t: Texts) -> str:
    """How each served flexible line is split: the options used, with their share of the
    line and the quantity to buy (empty when the week has no flexible line)."""
    lines: dict[tuple[object, ...], list[str]] = {}
    for use in plan.group_uses:
        if use.share <= 1e-6:
            continue
        key = (use.date, use.service, use.recipe, use.label)
        lines.setdefault(key, []).append(
            f"{_name(problem, use.ingredient)} {t.number(100 * use.share, 0)} %"
            f" ({t.quantity(use.quantity, use.unit)})"
        )
    if not lines:
        return ""
    recipes = problem.catalogue.recipe_by_id
    rows = []
    for (day, service, recipe_id, label), parts in lines.items():
        assert isinstance(day, dt.date) and isinstance(service, str)
        assert isinstance(recipe_id, str) and isinstance(label, str)
        rows.append([esc(t.short_date(day)), esc(t.service(service)),
                     esc(f"{recipes[recipe_id].name}: {label}"), esc(", ".join(parts))])
    head = [esc(t["date"]), esc(t["service"]), esc(t["flexible_line"]), esc(t["flexible_split"])]
    return f"<h2>{esc(t['flexible_section'])}</h2>\n" + table(head, rows,
                                                                cell_class={0: "nw", 1: "kw"})


def orders_section(plan: Plan, form_stems: Sequence[str], t: Texts) -> str:
    """The orders to place, each with a link to its order form when one was written."""
    if not plan.orders:
        return ""
    rows = []
    for i, order in enumerate(plan.orders):
        link = ""
        if i < len(form_stems):
            stem = esc(form_stems[i])
            link = f'<a href="orders/{stem}.html">{esc(t["order_form"])}</a>'
        rows.append([esc(t.short_date(order.delivery_date)), esc(order.supplier_name),
                     str(len(order.lines)), esc(t.money(order.total_ht)),
                     esc(t.money(order.total_ttc)), link])
    head = [esc(t["delivery"]), esc(t["supplier"]), esc(t["lines"]), esc(t["total_ht"]),
            esc(t["total_ttc"]), ""]
    return f"<h2>{esc(t['orders_section'])}</h2>\n" + table(
        head, rows, numeric=(2, 3, 4), cell_class={0: "nw", 5: "nw"})


def _name(problem: WeekProblem, ingredient: str) -> str:
    found = problem.ingredients.get(ingredient)
    return found.name if found else ingredient


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


def food_sections(problem: WeekProblem, plan: Plan, ind: Indicators, t: Texts) -> str:
    """Collections to make, stock used, leftovers and waste."""
    parts = [f"<h2>{esc(t['collections_section'])}</h2>"]
    if plan.collections:
        rows = [[esc(t.short_date(run.date)), esc(run.name),
                 "<br>".join(esc(f"{t.quantity(i.quantity, i.unit)} {_name(problem, i.ingredient)}")
                             for i in run.items),
                 esc(t.money(run.trip_cost))] for run in plan.collections]
        parts.append(table([esc(t["date"]), esc(t["where"]), esc(t["collect"]),
                            esc(t["trip_cost"])], rows, numeric=(3,), cell_class={0: "nw"}))
    else:
        parts.append(f"<p>{esc(t['no_collections'])}</p>")
    parts += [f"<p>{esc(skipped_round_text(r, t))}</p>" for r in plan.skipped_collections]
    if plan.stock_used:
        rows = [[esc(_name(problem, s.ingredient)), esc(t.quantity(s.quantity, s.unit))]
                for s in plan.stock_used]
        parts += [f"<h2>{esc(t['stock_section'])}</h2>",
                  table([esc(t["ingredient"]), esc(t["quantity"])], rows, numeric=(1,))]
    parts.append(f"<h2>{esc(t['leftovers_section'])}</h2>")
    if plan.leftovers:
        rows = [[esc(_name(problem, left.ingredient)), esc(t.quantity(left.quantity, left.unit)),
                 esc(t[f"source_{left.source}"] if left.source in ("delivery", "collection",
                                                                   "stock") else left.source),
                 status_mark(not left.waste, t["waste_no"], t["waste_yes"], "")]
                for left in plan.leftovers]
        parts.append(table([esc(t["ingredient"]), esc(t["quantity"]), esc(t["source"]),
                            esc(t["waste"])], rows, numeric=(1,), cell_class={2: "nw"}))
        parts.append(f"<p>{esc(t['waste_total'].format(kg=t.number(ind.waste_kg, 1)))}</p>")
    else:
        parts.append(f"<p>{esc(t['no_leftovers'])}</p>")
    parts.append(beyond_needs_paragraph(problem, plan, t))
    return "\n".join(parts)


def beyond_needs_paragraph(problem: WeekProblem, plan: Plan, t: Texts) -> str:
    """One paragraph: the packs bought beyond the menus' needs and why, then how many lines
    only leave the rest of their last pack."""
    extra = [b for b in plan.bought_beyond_needs if b.extra_packs > 0]
    rest = len(plan.bought_beyond_needs) - len(extra)
    sentences = [
        t["beyond_line"].format(
            packs=b.extra_packs, product=_name(problem, b.ingredient),
            date=t.short_date(b.date),
            why=", ".join(t[f"why_{r}"] for r in b.reasons if r != "pack_size"),
        )
        for b in extra
    ]
    if not extra:
        sentences.append(t["beyond_none"])
    if rest:
        sentences.append(t["beyond_pack_size"].format(lines=rest))
    return f"<p>{esc(' '.join(sentences))}</p>"


def _diagnosis_value(target: str, value: object, t: Texts) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "–"
    if target.endswith("_share"):
        return t.share(float(value), 1)
    if target == "max_meat_g_per_cover":
        return f"{t.number(float(value), 1)} g"
    if target == "max_co2_kg_per_cover":
        return f"{t.number(float(value), 2)} kg CO2e"
    return t.money(Decimal(str(value)))


def diagnosis_table(plan: Plan, t: Texts) -> str:
    """The diagnosis lines about targets and the budget as a table: what was wanted, the
    best reachable within the budget, and the budget that reaching it needs."""
    rows = []
    for item in plan.diagnosis:
        target = str(item.get("target", ""))
        if target not in TARGET_KEYS:
            continue
        label = t["all_targets"] if target == "all" else t.target(target)
        wanted = "–" if target == "all" else _diagnosis_value(target, item.get("limit"), t)
        needed = item.get("needed_budget")
        rows.append([esc(label), esc(wanted), esc(_diagnosis_value(target, item.get("best"), t)),
                     esc(_diagnosis_value("budget", needed, t)) if needed is not None
                     else esc(t["diag_unreachable"])])
    if not rows:
        return ""
    head = [esc(t["target"]), esc(t["diag_wanted"]), esc(t["diag_best"]), esc(t["diag_needed"])]
    return table(head, rows, numeric=(1, 2, 3))


#: Diagnosis lines shown in the table; others (food that cannot be had) as sentences.
TARGET_KEYS = frozenset({"budget", "all", "organic_share", "egalim_share", "local_share",
                         "circuit_court_share", "meat_fish_egalim_share",
                         "max_meat_g_per_cover", "max_co2_kg_per_cover"})


def diagnosis_section(plan: Plan, t: Texts) -> str:
    """Why the targets are not met, when they are not: the planner's messages and each line
    of its diagnosis (:mod:`cantine_supply.diagnose`), in its words and as a table."""
    if plan.targets_met:
        return ""
    items = [str(m) for m in plan.messages]
    items += [str(d.get("message", d)) for d in plan.diagnosis]
    items += [f"{t.target(r.name)}{t.colon} {t['not_met']}" for r in plan.targets if not r.met]
    if not items:
        return ""
    lis = "".join(f"<li>{esc(item)}</li>" for item in items)
    return (f'<h2>{esc(t["diagnosis_section"])}</h2>\n<div class="box" id="diagnosis">'
            f"{diagnosis_table(plan, t)}<ul>{lis}</ul></div>")


def weekly_report_html(problem: WeekProblem, plan: Plan, t: Texts, *,
                       form_stems: Sequence[str] = (), notes: Sequence[str] = ()) -> str:
    """The week's report page. ``form_stems`` name the order forms written next to it (in
    plan order, linked from the orders table); ``notes`` are extra lines for the end."""
    week = problem.week
    title = t["report_title"].format(week=week.id)
    status = t[f"status_{plan.status.value}"]
    sub = " &middot; ".join(esc(x) for x in (week.canteen, week.name,
                                             f"{t.date(week.first_day)} – {t.date(week.last_day)}")
                            if x)
    parts = [f"<h1>{esc(title)}</h1>", f'<p class="sub">{sub}</p>',
             f"<p>{esc(t['status'])}{esc(t.colon)} <b>{esc(status)}</b></p>"]
    ind = plan.indicators
    if ind is not None:
        parts.append(
            '<div class="key">'
            f'<div>{esc(t["cost_per_cover"])} ({esc(t["incl_vat"])})<span class="big"'
            f' id="cost-per-cover">{esc(t.money(ind.cost_per_cover_ttc))}</span></div>'
            f'<div>{esc(t["total"])} ({esc(t["incl_vat"])})<span class="big" id="total-ttc">'
            f"{esc(t.money(ind.total_ttc))}</span></div>"
            f'<div>{esc(t["covers_title"])}<span class="big">{problem.covers}</span></div>'
            "</div>"
        )
    parts.append(diagnosis_section(plan, t))
    if ind is not None:
        parts.append(cost_section(problem, plan, ind, t))
    parts.append(targets_section(plan, t))
    if ind is not None:
        parts.append(egalim_section(problem, plan, t))
    parts.append(menu_section(problem, plan, t))
    parts.append(flexible_section(problem, plan, t))
    parts.append(orders_section(plan, form_stems, t))
    if ind is not None:
        parts.append(food_sections(problem, plan, ind, t))
    solver = plan.solver
    lines = [t["solver_line"].format(solver=solver.solver, termination=solver.termination,
                                     time=t.number(solver.time_s, 1)), *notes]
    parts.append(f"<h2>{esc(t['notes_section'])}</h2>")
    parts.append("".join(f"<p>{esc(line)}</p>" for line in lines))
    return page(title, "\n".join(p for p in parts if p), t.lang)
