"""The week's report: a self-contained HTML document of two A4 pages for the manager.

Page 1 (template ``templates/report.html.j2``): key figures, what to do (each order to send
or collect, each collection round, a box to tick), the targets with bars, why targets are
not met (the plan's diagnosis). Page 2, the details (:mod:`cantine_supply.report.details`
and the section functions here): where the money goes, EGalim shares against the legal
targets (counted by :mod:`cantine_supply.report.egalim`), the menu, flexible lines,
collections, stock used, leftovers and waste, notes. The section functions below still
build their HTML in Python (every value through :func:`~cantine_supply.report.html.esc`);
``cost_section``, ``egalim_section``, ``orders_section`` and ``food_sections`` are the
one-page-each versions, kept for callers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from cantine_supply.plan import Indicators, Plan, TargetResult, to_cents
from cantine_supply.problem import WeekProblem
from cantine_supply.report.details import egalim_details, food_details, money_details
from cantine_supply.report.egalim import egalim_indicators
from cantine_supply.report.html import BAD, GOOD, NEUTRAL, bar, esc, status_mark, table
from cantine_supply.report.i18n import Texts
from cantine_supply.report.purchases import plan_purchases
from cantine_supply.report.templating import render, safe


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
    return "\n".join(parts)


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


def todo_rows(problem: WeekProblem, plan: Plan, form_stems: Sequence[str],
              t: Texts) -> list[dict[str, str]]:
    """Page 1's list of what to do: each order to send (or to collect, for a pickup) with
    its day, supplier, channel, total HT as invoiced and form, then each collection round."""
    rows = []
    for i, order in enumerate(plan.orders):
        supplier = problem.suppliers[order.supplier]
        ordering = supplier.ordering
        reach = {"email": supplier.email, "phone": ordering.phone,
                 "web": ordering.website}[ordering.channel]
        how = t[f"channel_{ordering.channel}"] + (f" {reach}" if reach else "")
        if ordering.pickup:
            how = f"{t['pickup']}; {how}"
        total = order.lines_ht if ordering.pickup else order.total_ht
        rows.append({"when": t.short_date(order.delivery_date), "what": order.supplier_name,
                     "how": how, "total": t.money(total),
                     "link": f"orders/{form_stems[i]}.html" if i < len(form_stems) else ""})
    for run in plan.collections:
        rows.append({"when": t.short_date(run.date), "what": run.name,
                     "how": t["collections_section"], "total": t.money(run.trip_cost),
                     "link": ""})
    return rows


def weekly_report_html(problem: WeekProblem, plan: Plan, t: Texts, *,
                       form_stems: Sequence[str] = (), notes: Sequence[str] = (),
                       drafts: bool = False) -> str:
    """The week's report (template ``report.html.j2``): page 1 is the manager's summary
    (key figures, what to do, targets, why they are not met), the details follow on a
    page of their own. ``form_stems`` name the order forms written next to it (in plan
    order, linked from the list); ``notes`` are extra lines for the end; ``drafts`` says
    that e-mail drafts and the send list were written."""
    week = problem.week
    title = t["report_title"].format(week=week.id)
    subtitle = " · ".join(x for x in (week.canteen, week.name,
                                      f"{t.date(week.first_day)} – {t.date(week.last_day)}")
                          if x)
    ind = plan.indicators
    key = None
    details = []
    if ind is not None:
        key = {"cost_per_cover": t.money(ind.cost_per_cover_ttc), "total": t.money(ind.total_ttc),
               "covers": str(problem.covers)}
        details += [money_details(problem, plan, ind, t), egalim_details(problem, plan, t)]
    details += [menu_section(problem, plan, t), flexible_section(problem, plan, t)]
    if ind is not None:
        details.append(food_details(problem, plan, ind, t))
    solver = plan.solver
    lines = [t["solver_line"].format(solver=solver.solver, termination=solver.termination,
                                     time=t.number(solver.time_s, 1)), *notes]
    details.append(f"<h2>{esc(t['notes_section'])}</h2>"
                   + "".join(f"<p>{esc(line)}</p>" for line in lines))
    return render(
        "report.html.j2", lang=t.lang, t=t, title=title, subtitle=subtitle,
        status=t[f"status_{plan.status.value}"], key=key,
        diagnosis=safe(diagnosis_section(plan, t)),
        todo=todo_rows(problem, plan, form_stems, t),
        drafts_note=t["todo_drafts"] if drafts else "",
        targets=safe(targets_section(plan, t)),
        details=[safe(section) for section in details if section],
    )
