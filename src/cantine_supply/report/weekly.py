"""The week's report: a self-contained HTML document of two A4 pages for the manager.

Page 1 (template ``templates/report.html.j2``): key figures, what to do (each order to send
or collect, each collection round, a box to tick), the targets with bars, why targets are
not met (the plan's diagnosis). Page 2, the details (:mod:`cantine_supply.report.details`
and the section functions here): where the money goes, EGalim shares against the legal
targets (counted by :mod:`cantine_supply.report.egalim`), the menu, flexible lines,
collections, stock used, leftovers and waste, notes. The section functions below
give the data of each section (texts, and markup only for the bars and status marks built
by :mod:`cantine_supply.report.templating`) to the templates ``section.html.j2`` and
``diagnosis.html.j2``, which escape everything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from cantine_supply.model.targets import TARGETS
from cantine_supply.plans.plan import Plan, TargetResult
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report.details import egalim_details, food_details, money_details
from cantine_supply.report.i18n import Texts
from cantine_supply.report.templating import (
    BAD,
    GOOD,
    bar,
    render,
    safe,
    section,
    status_mark,
    table_data,
)


def _target_value(result: TargetResult, value: float | None, t: Texts) -> str:
    return t.share(None) if value is None else t.target_value(result.name, value)


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
            label, f"{sign} {_target_value(result, result.limit, t)}",
            _target_value(result, value, t),
            bar(value, scale, marker=result.limit, colour=colour, label=label),
            status_mark(result.met if value is not None else None, t["met"], t["not_met"],
                        t["not_measurable"]),
        ])
    head = [t["target"], t["limit"], t["value"], "", ""]
    return section(t["targets_section"],
                   tables=[table_data(head, rows, numeric=(1, 2), classes={3: "bar"})])


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
        cells: list[object] = [t.short_date(service.date), t.service(service.name),
                               str(service.covers)]
        for course in used:
            names = []
            for mc in service.courses:
                if mc.course.value != course:
                    continue
                key = (service.date, service.name, course)
                served = mc.recipes if mc.is_fixed else chosen.get(key, mc.recipes)
                for rid in served:
                    recipe = recipes.get(rid)
                    name = escape(recipe.name if recipe else rid)
                    if course == "main" and recipe and recipe.is_vegetarian(ingredients):
                        name += Markup(" <i>({})</i>").format(t["vegetarian"])
                    names.append(name)
            cells.append(Markup(" / ").join(names))
        rows.append(cells)
    head = [t["date"], t["service"], t["covers_title"]] + [t[c] for c in used]
    return section(t["menu_section"], tables=[
        table_data(head, rows, numeric=(2,), classes={0: "nw", 1: "kw"})])


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
        rows.append([t.short_date(day), t.service(service), f"{recipes[recipe_id].name}: {label}",
                     ", ".join(parts)])
    head = [t["date"], t["service"], t["flexible_line"], t["flexible_split"]]
    return section(t["flexible_section"], tables=[
        table_data(head, rows, classes={0: "nw", 1: "kw"})])


def _name(problem: WeekProblem, ingredient: str) -> str:
    found = problem.ingredients.get(ingredient)
    return found.name if found else ingredient


def _diagnosis_value(target: str, value: object, t: Texts) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "–"
    return t.target_value(target, float(value))


def diagnosis_rows(plan: Plan, t: Texts) -> list[list[str]]:
    """The diagnosis lines about targets and the budget as table rows: what was wanted, the
    best reachable within the budget, and the budget that reaching it needs."""
    rows = []
    for item in plan.diagnosis:
        target = str(item.get("target", ""))
        if target not in TARGET_KEYS:
            continue
        label = t["all_targets"] if target == "all" else t.target(target)
        wanted = "–" if target == "all" else _diagnosis_value(target, item.get("limit"), t)
        needed = item.get("needed_budget")
        rows.append([label, wanted, _diagnosis_value(target, item.get("best"), t),
                     _diagnosis_value("budget", needed, t) if needed is not None
                     else t["diag_unreachable"]])
    return rows


#: Diagnosis lines shown in the table; others (food that cannot be had) as sentences.
TARGET_KEYS = frozenset({"all", *TARGETS})


def late_line(item: Mapping[str, Any], t: Texts, names: Mapping[str, str] | None = None) -> str:
    """A diagnosis line's ``late`` needs (a share missed because of when the orders are
    placed, :mod:`cantine_supply.planning.diagnose_timing`) in ``t``'s language: the
    English message already says it, other languages get this line after it. ``names``
    maps ingredient ids to the names to show (default: the ids)."""
    names = names or {}
    needs = ", ".join(
        f"{names.get(n['ingredient'], n['ingredient'])}"
        f" ({t.short_date(dt.date.fromisoformat(n['date']))})" for n in item["late"])
    return t["diag_late"].format(
        target=t.target(str(item["target"])), needs=needs,
        order_date=t.short_date(dt.date.fromisoformat(str(item["ordered_on"]))))


def diagnosis_section(plan: Plan, t: Texts, names: Mapping[str, str] | None = None) -> str:
    """Why the targets are not met, when they are not: the planner's messages and each line
    of its diagnosis (:mod:`cantine_supply.planning.diagnose`), in its words and as a table."""
    if plan.targets_met:
        return ""
    items = [str(m) for m in plan.messages]
    for d in plan.diagnosis:
        items.append(str(d.get("message", d)))
        if t.lang != "en" and d.get("late"):
            items.append(late_line(d, t, names))
    items += [f"{t.target(r.name)}{t.colon} {t['not_met']}" for r in plan.targets if not r.met]
    if not items:
        return ""
    return render("diagnosis.html.j2", title=t["diagnosis_section"], items=items,
                  rows=diagnosis_rows(plan, t),
                  head=[t["target"], t["diag_wanted"], t["diag_best"], t["diag_needed"]])


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
                       send_list: str = "") -> str:
    """The week's report (template ``report.html.j2``): page 1 is the manager's summary
    (key figures, what to do, targets, why they are not met), the details follow on a
    page of their own. ``form_stems`` name the order forms written next to it (in plan
    order, linked from the list); ``notes`` are extra lines for the end; ``send_list`` is
    the file name of the send list written with the e-mail drafts (empty: none)."""
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
    details.append(section(t["notes_section"], after=lines))
    return render(
        "report.html.j2", lang=t.lang, t=t, title=title, subtitle=subtitle,
        status=t[f"status_{plan.status.value}"], key=key,
        diagnosis=safe(diagnosis_section(
            plan, t, {i: ing.name for i, ing in problem.ingredients.items()})),
        todo=todo_rows(problem, plan, form_stems, t),
        drafts_note=t["todo_drafts"].format(file=send_list) if send_list else "",
        targets=safe(targets_section(plan, t)),
        details=[safe(section) for section in details if section],
    )
