"""``weeks/*.toml``: one week to plan per file: services, menus, budget and targets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cantine_supply.io.budget import read_budget
from cantine_supply.io.context import LoadContext
from cantine_supply.io.fields import Table
from cantine_supply.io.unsold import RECOURSE_KEYS, read_recourse
from cantine_supply.io.values import show
from cantine_supply.model import (
    Course,
    MenuCourse,
    MenuRules,
    Region,
    Service,
    Targets,
    Week,
)

WEEK_FILE_KEYS = ("week", "budget", "targets", "service", "menu_rules", "recourse")
MENU_RULE_KEYS = (
    "no_repeat",
    "max_meat_mains",
    "min_fish_mains",
    "off_season",
    "off_season_penalty_eur_per_kg",
    "off_season_co2_factor",
)
WEEK_KEYS = ("id", "name", "canteen", "order_date", "region")
TARGET_KEYS = (
    "organic_share",
    "egalim_share",
    "local_share",
    "circuit_court_share",
    "meat_fish_egalim_share",
    "share_basis",
    "max_meat_g_per_cover",
    "max_co2_kg_per_cover",
    "min_vegetarian_mains",
)
COURSE_KEYS = tuple(course.value for course in Course)
SERVICE_KEYS = ("date", "covers", "name", *COURSE_KEYS)

Refs = dict[str, tuple[str, int | None]]


def load_week(ctx: LoadContext, path: Path) -> Week | None:
    """Read the week of ``path``; None (after recording problems) when it is invalid."""
    doc = ctx.read_toml(path)
    if doc is None:
        ctx.unsure.add("week")
        return None
    mark = ctx.start()
    root = Table(doc.source, (), doc.data, WEEK_FILE_KEYS, ctx.problems, lines=doc.lines)
    table = root.subtable("week", WEEK_KEYS, required=True)
    week_id = ""
    fields: dict[str, object] = {}
    if table is not None:
        week_id = table.identifier("id")
        fields = {
            "name": table.text("name"),
            "canteen": table.text("canteen", ""),
            "order_date": table.date("order_date"),
            "region": table.choice("region", Region, "region", Region.METROPOLE),
        }
    budget, _ = read_budget(root)
    targets = _read_targets(root)
    menu_rules = _read_menu_rules(root)
    recourse_table = root.subtable("recourse", RECOURSE_KEYS)
    recourse = read_recourse(recourse_table)
    refs: Refs = {}
    if recourse is not None and recourse_table is not None:
        where = (recourse_table.field("supplier"), recourse_table.line("supplier"))
        refs[recourse.supplier] = where
    services = _read_services(root, fields.get("order_date"), refs)
    if week_id and table is not None:
        ctx.remember("week", week_id, table)
        ctx.add_refs("week", week_id, refs)
    week = None
    if ctx.clean_since(mark) and table is not None:
        week = table.construct(
            Week,
            id=week_id,
            services=services,
            budget=budget,
            targets=targets,
            menu_rules=menu_rules,
            recourse=recourse,
            **fields,
        )
    if week is None:
        ctx.fail("week", week_id)
    return week


def _read_targets(root: Table) -> Targets:
    table = root.subtable("targets", TARGET_KEYS)
    if table is None:
        return Targets()
    before = len(root.problems)
    shares = {key: table.optional_share(key) for key in Targets.SHARES}
    basis = table.text("share_basis", "value")
    if basis not in ("value", "weight"):
        table.problem("share_basis", f"expected 'value' or 'weight', got {show(basis)}")
    limits = {
        "max_meat_g_per_cover": table.optional_number("max_meat_g_per_cover"),
        "max_co2_kg_per_cover": table.optional_number("max_co2_kg_per_cover"),
        "min_vegetarian_mains": table.optional_integer("min_vegetarian_mains"),
    }
    if len(root.problems) > before or table.problem_count:
        return Targets()
    return table.construct(Targets, share_basis=basis, **shares, **limits) or Targets()


def _read_menu_rules(root: Table) -> MenuRules:
    """``[menu_rules]``: how candidate recipes may be chosen (every key optional)."""
    table = root.subtable("menu_rules", MENU_RULE_KEYS)
    if table is None:
        return MenuRules()
    before = len(root.problems)
    no_repeat = table.boolean("no_repeat", True)
    max_meat = table.optional_integer("max_meat_mains")
    min_fish = table.optional_integer("min_fish_mains")
    off_season = table.text("off_season", "allow")
    if off_season not in ("allow", "forbid", "penalty"):
        wanted = "expected 'allow', 'forbid' or 'penalty'"
        table.problem("off_season", f"{wanted}, got {show(off_season)}")
    penalty = table.optional_number("off_season_penalty_eur_per_kg")
    co2_factor = table.optional_number("off_season_co2_factor", positive=True)
    if len(root.problems) > before or table.problem_count:
        return MenuRules()
    rules = table.construct(
        MenuRules,
        no_repeat=no_repeat,
        max_meat_mains=max_meat,
        min_fish_mains=min_fish,
        off_season=off_season,
        off_season_penalty_eur_per_kg=penalty or 0.0,
        off_season_co2_factor=1.0 if co2_factor is None else co2_factor,
    )
    return rules or MenuRules()


def _read_services(root: Table, order_date: object, refs: Refs) -> list[Service]:
    services: list[Service] = []
    seen: dict[tuple[str, str], str] = {}
    for table in root.subtables("service", SERVICE_KEYS, required=True):
        before = len(root.problems)
        date = table.date("date")
        covers = table.integer("covers", minimum=1)
        name = table.text("name", "lunch")
        if table.has("date") and len(root.problems) == before:
            if isinstance(order_date, dt.date) and date < order_date:
                table.problem(
                    "date",
                    f"must be on or after the order date {order_date.isoformat()},"
                    f" got {date.isoformat()}",
                )
            key = (date.isoformat(), name)
            if key in seen:
                table.problem(
                    "date", f"{seen[key]} is already a {name!r} service on {date.isoformat()}"
                )
            seen.setdefault(key, table.field())
        courses = [
            course
            for key in COURSE_KEYS
            if (course := _read_course(table, key, date.isoformat(), refs)) is not None
        ]
        if not any(table.has(key) for key in COURSE_KEYS) and not table.unknown_keys:
            table.problem(None, f"a service needs at least one course ({', '.join(COURSE_KEYS)})")
        if len(root.problems) == before and not table.problem_count:
            service = table.construct(
                Service, date=date, covers=covers, courses=courses, name=name
            )
            if service is not None:
                services.append(service)
    return services


def _read_course(table: Table, key: str, date: str, refs: Refs) -> MenuCourse | None:
    """A course: one recipe id (fixed) or a non-empty list of candidate recipe ids."""
    if not table.has(key):
        return None
    value = table.data[key]
    if isinstance(value, str):
        recipes = [value]
    elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        recipes = list(value)
    else:
        table.problem(
            key,
            f'expected a recipe id or a non-empty list of recipe ids, got {show(value)}',
        )
        return None
    for index, recipe in enumerate(recipes):
        if not recipe.strip():
            table.problem(key, "a recipe id must not be empty")
            return None
        if recipe in recipes[:index]:
            table.problem(key, f"{recipe!r} is listed twice")
            return None
        where = (table.field(key), table.line(key))
        refs.setdefault(f"{date}:{recipe}", where)
        refs.setdefault(recipe, where)
    return table.construct(MenuCourse, course=key, recipes=recipes)
