"""The verifier's checks of the menu: which recipe each course serves, the menu rules, and
the needs recomputed from the served recipes and the plan's split of their flexible lines.

Like :mod:`cantine_supply.verification.week`, these recompute from the problem and the plan
alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from cantine_supply.model.codes import ProteinClass
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import REPEAT_COURSES, WeekProblem
from cantine_supply.verification.use import split_of


def served_recipes(problem: WeekProblem, plan: Plan) -> list[tuple[dt.date, str, str, str]]:
    """(date, service, course, recipe) for every course: the fixed recipe, or the one the
    plan's menu chose (a course to choose without a choice in the plan is left out)."""
    chosen = {(m.date, m.service, m.course): m.recipe for m in plan.menu}
    out = []
    for service in problem.week.services:
        for course in service.courses:
            key = (service.date, service.name, course.course.value)
            recipe = course.recipes[0] if course.is_fixed else chosen.get(key)
            if recipe is not None and recipe in course.recipes:
                out.append((*key, recipe))
    return out


def recompute_needs(problem: WeekProblem, plan: Plan) -> dict[tuple[str, dt.date], float]:
    """Needs per ingredient and day from the served recipes' lines and, for their flexible
    lines, the plan's split: share × covers × quantity per cover ÷ yield of each option."""
    catalogue = problem.catalogue
    covers = {(s.date, s.name): s.covers for s in problem.week.services}
    shares = split_of(plan)
    needs: dict[tuple[str, dt.date], float] = defaultdict(float)
    for day, name, course, recipe_id in served_recipes(problem, plan):
        recipe = catalogue.recipe_by_id[recipe_id]
        for line in recipe.lines:
            needs[(line.ingredient, day)] += (
                covers[(day, name)] * line.quantity_per_cover / line.yield_ratio
            )
        for group in recipe.groups:
            split = shares.get((day, name, course, recipe_id, group.label), {})
            for option in group.options:
                share = split.get(option.ingredient, 0.0)
                needs[(option.ingredient, day)] += (
                    share * covers[(day, name)] * option.quantity_per_cover / option.yield_ratio
                )
    return needs



def check_menu(problem: WeekProblem, plan: Plan) -> list[str]:
    """Each course serves its fixed recipe or one of its candidates, once, and the menu
    rules hold (no repeat, vegetarian, meat and fish mains)."""
    out: list[str] = []
    ingredients = problem.ingredients
    courses = {
        (s.date, s.name, c.course.value): c for s in problem.week.services for c in s.courses
    }
    seen: set[tuple[dt.date, str, str]] = set()
    for m in plan.menu:
        key = (m.date, m.service, m.course)
        where = f"menu {m.date} {m.service} {m.course}"
        course = courses.get(key)
        if course is None:
            out.append(f"{where}: no such course in the week")
            continue
        if key in seen:
            out.append(f"{where}: chosen twice")
        seen.add(key)
        if m.recipe not in course.recipes:
            out.append(f"{where}: {m.recipe} is not among {', '.join(course.recipes)}")
        if course.is_fixed and m.recipe != course.recipes[0]:
            out.append(f"{where}: the fixed recipe {course.recipes[0]} was changed")
    for key, course in courses.items():
        if not course.is_fixed and key not in seen:
            out.append(f"menu {key[0]} {key[1]} {key[2]}: no recipe chosen")
    if problem.week.menu_rules.off_season == "forbid":
        for s in plan.servings:
            if s.quantity > 1e-6 and problem.off_season(s.ingredient, s.service_date):
                out.append(f"{s.ingredient} served out of season on {s.service_date}")
    if not problem.choices:
        return out
    served = served_recipes(problem, plan)
    rules = problem.week.menu_rules
    if rules.no_repeat:
        chosen = {
            r for (d, n, c, r) in served if c in REPEAT_COURSES and not courses[(d, n, c)].is_fixed
        }
        for recipe in sorted(chosen):
            times = sum(1 for (_, _, c, r) in served if r == recipe and c in REPEAT_COURSES)
            if times > 1:
                out.append(f"recipe {recipe} chosen but served {times} times in the week")
    mains = [problem.catalogue.recipe_by_id[r] for (_, _, c, r) in served if c == "main"]
    veg = sum(1 for r in mains if r.is_vegetarian(ingredients))
    meat = sum(
        1
        for r in mains
        if any(ingredients[i].protein is ProteinClass.MEAT for i in r.ingredient_ids())
    )
    fish = sum(
        1
        for r in mains
        if any(ingredients[i].protein is ProteinClass.FISH for i in r.ingredient_ids())
    )
    least = problem.targets.min_vegetarian_mains
    if least is not None and veg < least:
        out.append(f"{veg} vegetarian mains, fewer than {least}")
    if rules.max_meat_mains is not None and meat > rules.max_meat_mains:
        out.append(f"{meat} meat mains, more than {rules.max_meat_mains}")
    if rules.min_fish_mains is not None and fish < rules.min_fish_mains:
        out.append(f"{fish} fish mains, fewer than {rules.min_fish_mains}")
    if plan.indicators is not None and plan.indicators.vegetarian_mains != veg:
        out.append(f"vegetarian mains reported {plan.indicators.vegetarian_mains}, counted {veg}")
    return out
