"""Menu choice: candidate recipes chosen together with the purchases.

On the sample week ``2026-w48-choice`` (3,456 candidate menus, two of whose recipes have a
flexible line) the planner's optimum is proven (gap 0) over every combination at once.
Solving all 3,456 fixed menus would take hours, so the test solves the chosen menu as a
fixed menu (same cost) and every fixed menu that differs from it in one course and keeps
the menu rules (each costs at least as much). Small hand-made weeks check each menu rule,
and a property test checks that more candidates never cost more.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import (
    MONDAY,
    TUESDAY,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
)
from cantine_supply import load
from cantine_supply.model import Catalogue, MenuCourse, MenuRules, Service, Targets, Week
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.solve import SolveOptions
from cantine_supply.planning.week import plan
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.needs import recipe_kind
from cantine_supply.problem.week import REPEAT_COURSES, week_problem
from cantine_supply.verification.week import verify

DATA = Path(__file__).resolve().parents[1] / "data"
CHOICE_WEEK = "2026-w48-choice"
OPTIONS = SolveOptions(time_limit_s=300.0, relative_gap=0.0)
WEDNESDAY = TUESDAY + dt.timedelta(days=1)


@pytest.fixture(scope="module")
def sample() -> Catalogue:
    return load(DATA)


@pytest.fixture(scope="module")
def chosen(sample: Catalogue) -> Plan:
    """The sample week's plan with menu choice; HiGHS proves this model optimal about twice
    as fast as SCIP (the fixed menus below are solved with SCIP, also to gap 0)."""
    return plan(sample, CHOICE_WEEK, options=attrs.evolve(OPTIONS, solver="highs"))


def _fixed_week(week: Week, menu: dict[tuple[dt.date, str, str], str]) -> Week:
    """``week`` with every course fixed to the recipe ``menu`` names (or its only one)."""
    services = [
        attrs.evolve(
            s,
            courses=[
                MenuCourse(c.course, (menu.get((s.date, s.name, c.course.value), c.recipes[0]),))
                for c in s.courses
            ],
        )
        for s in week.services
    ]
    return attrs.evolve(week, services=services)


def _keeps_rules(sample: Catalogue, week: Week, menu: dict[tuple[dt.date, str, str], str]) -> bool:
    fixed = _fixed_week(week, menu)
    served = [(c.course.value, c.recipes[0]) for s in fixed.services for c in s.courses]
    repeated = [r for c, r in served if c in REPEAT_COURSES]
    chosen_ids = set(menu.values())
    if any(repeated.count(r) > 1 for r in chosen_ids):
        return False
    veg = sum(recipe_kind(sample, r)[0] for c, r in served if c == "main")
    return veg >= (week.targets.min_vegetarian_mains or 0)


def _solve_fixed(sample: Catalogue, week: Week, menu: dict[tuple[dt.date, str, str], str]) -> Plan:
    fixed = _fixed_week(week, menu)
    others = [w for w in sample.weeks if w.id != week.id]
    return plan(attrs.evolve(sample, weeks=[*others, fixed]), week.id, options=OPTIONS)


def test_sample_choice_week_meets_meat_cap_and_vegetarian_mains(
    sample: Catalogue, chosen: Plan
) -> None:
    assert chosen.status is PlanStatus.OPTIMAL
    assert chosen.solver.gap is None or chosen.solver.gap <= 1e-9
    assert chosen.targets_met
    ind = chosen.indicators
    assert ind is not None
    assert ind.meat_g_per_cover <= 60 + 1e-6
    assert ind.vegetarian_mains >= 2
    problem = week_problem(sample, CHOICE_WEEK)
    assert verify(problem, chosen) == []
    week = sample.week_by_id[CHOICE_WEEK]
    courses = {(s.date, s.name, c.course.value): c for s in week.services for c in s.courses}
    assert {(m.date, m.service, m.course) for m in chosen.menu} == set(courses)
    for m in chosen.menu:
        assert m.recipe in courses[(m.date, m.service, m.course)].recipes
        assert m.fixed == courses[(m.date, m.service, m.course)].is_fixed
    served = [m.recipe for m in chosen.menu if m.course in REPEAT_COURSES]
    assert len(served) == len(set(served))
    assert sum(s.vegetarian_mains for s in ind.services) == ind.vegetarian_mains
    assert sum(ind.protein_mix.values()) == pytest.approx(1.0)
    data = chosen.to_json()
    schema_path = Path(__file__).resolve().parents[1] / "src/cantine_supply/schema/plan.schema.json"
    jsonschema.validate(data, json.loads(schema_path.read_text(encoding="utf-8")))
    assert len(data["menu"]) == len(courses)
    assert data["indicators"]["vegetarian_mains"] == ind.vegetarian_mains


@pytest.mark.slow  # solves every fixed menu of the sample's choice week: about 30 s
def test_sample_choice_costs_no_more_than_fixed_menus(sample: Catalogue, chosen: Plan) -> None:
    """The chosen menu, solved as a fixed menu, costs the same; every rule-abiding fixed
    menu one course away from it costs at least as much (each solved to optimality)."""
    week = sample.week_by_id[CHOICE_WEEK]
    assert chosen.solver.objective is not None
    best = {(m.date, m.service, m.course): m.recipe for m in chosen.menu if not m.fixed}
    same = _solve_fixed(sample, week, best)
    assert same.status is PlanStatus.OPTIMAL and same.solver.objective is not None
    assert same.solver.objective == pytest.approx(chosen.solver.objective, abs=1e-4)
    tried = 0
    for s in week.services:
        for c in s.courses:
            key = (s.date, s.name, c.course.value)
            for other in c.recipes:
                if c.is_fixed or other == best[key]:
                    continue
                menu = {**best, key: other}
                if not _keeps_rules(sample, week, menu):
                    continue
                fixed = _solve_fixed(sample, week, menu)
                tried += 1
                if fixed.status is PlanStatus.OPTIMAL:
                    assert fixed.solver.objective is not None
                    assert chosen.solver.objective <= fixed.solver.objective + 1e-6
    assert tried >= 5


# --- menu rules on small weeks ----------------------------------------------------------


def _small(
    candidates: list[str],
    *,
    services: int = 2,
    rules: MenuRules | None = None,
    targets: Targets | None = None,
) -> Catalogue:
    """Mains to choose on ``services`` days among: ``cheap`` (lentils, 1 EUR/kg),
    ``pricey`` (beans, 4 EUR/kg), ``meat`` (beef, 0.5 EUR/kg), ``fish`` (cod, 6 EUR/kg);
    0.2 kg per cover, 10 covers, 1 kg packs."""
    prices = {"lentils": 1.0, "beans": 4.0, "beef": 0.5, "cod": 6.0}
    ingredients = [
        ingredient("lentils"),
        ingredient("beans"),
        ingredient("beef", protein="meat", family="VIANDES_VOLAILLES"),
        ingredient("cod", protein="fish", family="PRODUITS_DE_LA_MER"),
    ]
    dishes = {"cheap": "lentils", "pricey": "beans", "meat": "beef", "fish": "cod"}
    days = [TUESDAY + dt.timedelta(days=k) for k in range(services)]
    week = Week(
        id="w",
        name="w",
        order_date=MONDAY,
        services=[
            Service(date=d, covers=10, courses=[MenuCourse("main", candidates)]) for d in days
        ],
        targets=targets or Targets(),
        menu_rules=rules or MenuRules(),
    )
    return catalogue(
        ingredients=ingredients,
        recipes=[recipe(r, {i: 0.2}) for r, i in dishes.items()],
        suppliers=[supplier("s")],
        offers=[offer("s", i, 1.0, p) for i, p in prices.items()],
        weeks=[week],
    )


def _mains(result: Plan) -> list[str]:
    return [m.recipe for m in sorted(result.menu, key=lambda m: m.date)]


def test_no_repeat_forces_a_second_recipe() -> None:
    result = plan(_small(["cheap", "pricey"]))
    assert result.status is PlanStatus.OPTIMAL
    assert sorted(_mains(result)) == ["cheap", "pricey"]


def test_repeats_allowed_when_the_rule_is_off() -> None:
    result = plan(_small(["cheap", "pricey"], rules=MenuRules(no_repeat=False)))
    assert _mains(result) == ["cheap", "cheap"]
    assert result.needs[0].ingredient == "lentils" and result.needs[0].quantity == 4.0


def test_vegetarian_mains_and_meat_cap() -> None:
    free = plan(_small(["meat", "cheap", "pricey"], services=2, rules=MenuRules(no_repeat=False)))
    assert _mains(free) == ["meat", "meat"]
    veg = plan(
        _small(
            ["meat", "cheap", "pricey"],
            services=2,
            rules=MenuRules(no_repeat=False),
            targets=Targets(min_vegetarian_mains=1),
        )
    )
    assert sorted(_mains(veg)) == ["cheap", "meat"]
    assert veg.indicators is not None and veg.indicators.vegetarian_mains == 1
    capped = plan(
        _small(
            ["meat", "cheap"],
            rules=MenuRules(no_repeat=False),
            targets=Targets(max_meat_g_per_cover=100),
        )
    )
    assert sorted(_mains(capped)) == ["cheap", "meat"]
    assert capped.indicators is not None
    assert capped.indicators.meat_g_per_cover == pytest.approx(100.0)
    meat_rule = plan(_small(["meat", "cheap"], rules=MenuRules(no_repeat=False, max_meat_mains=0)))
    assert _mains(meat_rule) == ["cheap", "cheap"]


def test_fish_day() -> None:
    result = plan(_small(["cheap", "fish"], rules=MenuRules(no_repeat=False, min_fish_mains=1)))
    assert sorted(_mains(result)) == ["cheap", "fish"]
    assert result.indicators is not None
    assert result.indicators.protein_mix["fish"] == pytest.approx(0.5)


def test_verifier_rejects_a_recipe_outside_the_candidates() -> None:
    cat = _small(["cheap", "pricey"])
    result = plan(cat)
    bad = attrs.evolve(result, menu=tuple(attrs.evolve(m, recipe="meat") for m in result.menu))
    failures = verify(week_problem(cat, "w"), bad)
    assert any("not among" in f for f in failures)


# --- more candidates never cost more ----------------------------------------------------

DISHES = ("cheap", "pricey", "meat", "fish")


@settings(derandomize=True, max_examples=30, deadline=None)
@given(
    base=st.lists(st.sampled_from(DISHES), min_size=2, max_size=3, unique=True),
    extra=st.lists(st.sampled_from(DISHES), min_size=1, max_size=3, unique=True),
    services=st.integers(1, 3),
    no_repeat=st.booleans(),
    least_veg=st.one_of(st.none(), st.integers(0, 2)),
)
def test_more_candidates_never_cost_more(
    base: list[str], extra: list[str], services: int, no_repeat: bool, least_veg: int | None
) -> None:
    """Adding candidates to courses that already are choices only relaxes the model. (A
    fixed course turned into a choice may cost more: a fixed recipe may repeat, a chosen
    one may not, so ``base`` has at least two candidates.)"""
    rules = MenuRules(no_repeat=no_repeat)
    targets = Targets(min_vegetarian_mains=least_veg)
    more = base + [d for d in extra if d not in base]
    few = plan(_small(base, services=services, rules=rules, targets=targets))
    many = plan(_small(more, services=services, rules=rules, targets=targets))
    if few.status is PlanStatus.OPTIMAL:
        assert many.status is PlanStatus.OPTIMAL
    if few.status is PlanStatus.OPTIMAL and many.status is PlanStatus.OPTIMAL:
        assert few.solver.objective is not None and many.solver.objective is not None
        assert many.solver.objective <= few.solver.objective + 1e-6


def test_cli_display_lists_the_chosen_menu() -> None:
    import io

    from cantine_supply.cli.display import print_plan

    out = io.StringIO()
    print_plan(plan(_small(["cheap", "pricey"])), out)
    text = out.getvalue()
    assert "Menu chosen:" in text
    assert "main: cheap (vegetarian)" in text and "main: pricey (vegetarian)" in text


def test_weekly_report_shows_the_chosen_recipe_not_every_candidate() -> None:
    from cantine_supply.report.i18n import texts
    from cantine_supply.report.weekly import menu_section

    cat = _small(["cheap", "pricey"], services=1)
    result = plan(cat)
    assert _mains(result) == ["cheap"]
    section = menu_section(week_problem(cat, "w"), result, texts("en"))
    assert "<td>cheap" in section
    assert "pricey" not in section
