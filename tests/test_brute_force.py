"""The planner against exhaustive enumeration on tiny random weeks.

``tests/brute_force.py`` enumerates every plan of a week from the documented rules, with
no import of the optimiser or the problem builder; here hypothesis draws tiny weeks from
explicit strategies (two pack sizes, minimum orders, fees and free delivery, all-units
tiers, weekly ``max_packs``, collection rounds with trip costs, stock with a best-before
date, short shelf lives, candidate recipes and menu rules, share targets by value and by
weight, meat caps, CO2 caps (on weeks without collection rounds), budgets TTC and HT, for
the week or per cover, weeks without a budget, and flexible lines split between two
options) and the planner must agree with the
enumeration on feasibility and, solved to gap 0, on the cost to the cent. Without a
budget the enumeration searches up to a total (``brute_force.ROOMS``): when it finds no
plan there, the planner's plan, if any, must cost more.

The default suite runs ``QUICK`` weeks (plus a quarter of them without a budget and half
with a flexible line); the slow suite (``pytest -m slow``) runs ``FULL`` (plus a quarter
each). Both are derandomized: the same weeks every run.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brute_force import Enumerator
from builders import (
    MONDAY,
    TUESDAY,
    Budget,
    Collection,
    CollectionItem,
    Locality,
    PriceTier,
    StockLot,
    Targets,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
)
from cantine_supply.model import (
    Catalogue,
    GroupOption,
    IngredientGroup,
    MenuCourse,
    MenuRules,
    Recipe,
    RecipeLine,
    Service,
    Week,
)
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.solve import SolveOptions
from cantine_supply.planning.week import plan

QUICK = 40
FULL = 320
THURSDAY = TUESDAY + dt.timedelta(days=2)
INGREDIENTS = ("carrot", "chicken", "lentils")
RECIPES = {
    "soupe": {"carrot": 0.1},
    "poulet": {"chicken": 0.05, "carrot": 0.05},
    "dahl": {"lentils": 0.07, "carrot": 0.03},
}
SHARES = ("organic_share", "egalim_share", "local_share", "circuit_court_share",
          "meat_fish_egalim_share")


def _money(low: int, high: int) -> st.SearchStrategy[float]:
    """EUR amounts with cents, from ``low`` to ``high`` cents."""
    return st.integers(low, high).map(lambda c: c / 100)


@st.composite
def tiny_suppliers(draw: st.DrawFn, in_time: bool = False) -> list[Any]:
    """One or two suppliers; ``in_time``: each delivers Tuesday and Thursday, ordered the
    day before (weeks that more often have a plan)."""
    out = []
    for k in range(draw(st.integers(1, 2))):
        fee = draw(st.sampled_from([0.0, 0.0, 2.5, 3.99]))
        out.append(supplier(
            f"s{k}",
            delivery_weekdays=(1, 3) if in_time else draw(
                st.sampled_from([(1,), (1, 3), (1, 3), (0, 1, 3), (1, 2)])),
            lead_time_days=1 if in_time else draw(st.sampled_from([1, 1, 2])),
            min_order_ht=draw(st.sampled_from([0.0, 0.0, 6.0, 9.5])),
            delivery_fee_ht=fee,
            free_delivery_from_ht=draw(st.sampled_from([None, 8.0, 12.5])) if fee else None,
            local=draw(st.sampled_from([None, Locality("DEPARTEMENT")])),
            intermediaries=draw(st.sampled_from([0, 1, 2])),
        ))
    return out


@st.composite
def tiny_offers(draw: st.DrawFn, suppliers: list[Any], used: list[str]) -> list[Any]:
    out = []
    count = len(used) + draw(st.integers(0, 2))
    for k in range(count):
        ing = used[k % len(used)] if k < len(used) else draw(st.sampled_from(used))
        price = draw(_money(150, 700))
        tiers = []
        if draw(st.booleans()) and draw(st.booleans()):
            tiers = [PriceTier(min_packs=draw(st.integers(2, 3)),
                               price_ht=round(price * draw(st.sampled_from([0.8, 0.9])), 2))]
        out.append(offer(
            draw(st.sampled_from(suppliers)).id, ing,
            draw(st.sampled_from([0.5, 1.0, 1.5, 2.0])), price,
            id=f"o{k}",
            vat_rate=draw(st.sampled_from([0.055, 0.2, 0.0])),
            labels=draw(st.sampled_from([(), (), ("BIO",), ("LABEL_ROUGE",)])),
            max_packs=draw(st.sampled_from([None, None, None, 1, 2, 3])),
            tiers=tiers,
        ))
    return out


@st.composite
def tiny_weeks(draw: st.DrawFn, without_budget: bool = False) -> Catalogue:
    """A week of one or two lunches (Tuesday, Thursday) for 5 to 10 covers each;
    ``without_budget``: no budget, suppliers that deliver in time."""
    days = [TUESDAY] + ([THURSDAY] if draw(st.booleans()) else [])
    services = []
    for day in days:
        if draw(st.booleans()):
            courses = [MenuCourse(course="main", recipes=[draw(st.sampled_from(list(RECIPES)))])]
        else:
            pair = draw(st.lists(st.sampled_from(list(RECIPES)), min_size=2, max_size=2,
                                 unique=True))
            courses = [MenuCourse(course="main", recipes=pair)]
        services.append(Service(date=day, covers=draw(st.sampled_from([5, 8, 10])),
                                courses=courses))
    used = sorted({i for s in services for c in s.courses for r in c.recipes for i in RECIPES[r]})
    ingredients = [
        ingredient("carrot", shelf_life_days=draw(st.sampled_from([1, 2, 3, 30, 30])),
                   co2_kg_per_kg=0.3),
        ingredient("chicken", family="VIANDES_VOLAILLES", protein="meat",
                   shelf_life_days=draw(st.sampled_from([1, 3, 30, 30])), co2_kg_per_kg=5.0),
        ingredient("lentils", shelf_life_days=365, co2_kg_per_kg=0.8),
    ]
    suppliers = draw(tiny_suppliers(in_time=without_budget))
    offers = draw(tiny_offers(suppliers, used))
    collections = []
    if draw(st.booleans()):
        collections.append(Collection(
            id="c0", name="c0", weekday=draw(st.sampled_from([0, 1, 3])),
            trip_cost=draw(st.sampled_from([0.0, 1.5, 4.0])),
            labels=draw(st.sampled_from([(), ("BIO",)])),
            items=[CollectionItem(ingredient="carrot", guaranteed=q, expected=q)
                   for q in [draw(st.sampled_from([0.3, 0.5, 1.0]))]],
        ))
    stock = []
    if draw(st.booleans()):
        stock.append(StockLot(ingredient=draw(st.sampled_from(["carrot", "lentils"])),
                              quantity=draw(st.sampled_from([0.2, 0.5])),
                              best_before=draw(st.sampled_from([None, TUESDAY]))))
    shares = {name: draw(st.sampled_from([None] * 5 + [0.25, 0.4, 0.5, 0.6])) for name in SHARES}
    targets = Targets(
        **shares,
        share_basis=draw(st.sampled_from(["value", "weight"])),
        max_meat_g_per_cover=draw(st.sampled_from([None, None, 10.0, 30.0])),
        min_vegetarian_mains=draw(st.sampled_from([None, None, 1])),
        # kg CO2e per cover: soupe 0.03, dahl 0.065, poulet 0.265
        max_co2_kg_per_cover=None if collections else draw(
            st.sampled_from([None, None, 0.05, 0.1, 0.2])),
    )
    per_cover = draw(st.booleans())
    covers = sum(s.covers for s in services)
    amount = draw(_money(600, 2400))
    budget: Budget | None = Budget(amount=round(amount / covers, 2) if per_cover else amount,
                                   per_cover=per_cover, basis=draw(st.sampled_from(["TTC", "HT"])))
    if without_budget or draw(st.sampled_from([False, False, True])):
        budget = None
    rules = MenuRules(max_meat_mains=draw(st.sampled_from([None, None, 0, 1])))
    week = Week(id="w", name="w", order_date=MONDAY, services=services, targets=targets,
                budget=budget, menu_rules=rules)
    return catalogue(
        ingredients=ingredients,
        recipes=[recipe(r, lines) for r, lines in RECIPES.items()],
        suppliers=suppliers, offers=offers, weeks=[week],
        collections=collections, stock=stock,
    )


@st.composite
def flexible_weeks(draw: st.DrawFn) -> Catalogue:
    """A week whose Tuesday lunch is (or may be) a potée: lentils and a flexible line of
    winter vegetables, leek or cabbage, split within drawn shares and yields; Thursday
    maybe another dish. Suppliers, offers, stock, collections, shares, meat and CO2 caps
    and budgets as in :func:`tiny_weeks`; the vegetables are never in stock or collected
    (what the enumeration handles: ``brute_force`` module docstring)."""
    low = draw(st.sampled_from([0.0, 0.0, 0.25]))
    high = draw(st.sampled_from([1.0, 1.0, 0.6]))
    group = IngredientGroup(label="legumes", options=[
        GroupOption(ingredient="leek", quantity_per_cover=0.15,
                    yield_ratio=draw(st.sampled_from([1.0, 0.7])), min_share=low,
                    max_share=high),
        GroupOption(ingredient="cabbage", quantity_per_cover=0.15,
                    yield_ratio=draw(st.sampled_from([1.0, 0.8])),
                    max_share=draw(st.sampled_from([1.0, 1.0, 0.75]))),
    ])
    potee = Recipe(id="potee", name="potee", course="main",
                   lines=[RecipeLine(ingredient="lentils", quantity_per_cover=0.05)],
                   groups=[group])
    tuesday = ["potee"] if draw(st.booleans()) else ["potee", draw(st.sampled_from(["soupe",
                                                                                    "dahl"]))]
    services = [Service(date=TUESDAY, covers=draw(st.sampled_from([5, 8, 10])),
                        courses=[MenuCourse(course="main", recipes=tuesday)])]
    if draw(st.booleans()):
        services.append(Service(date=THURSDAY, covers=draw(st.sampled_from([5, 8])),
                                courses=[MenuCourse(course="main", recipes=[
                                    draw(st.sampled_from(list(RECIPES)))])]))
    used = sorted({"leek", "cabbage", "lentils"} | {
        i for s in services for c in s.courses for r in c.recipes if r != "potee"
        for i in RECIPES[r]})
    ingredients = [
        ingredient("carrot", shelf_life_days=draw(st.sampled_from([2, 30])), co2_kg_per_kg=0.3),
        ingredient("chicken", family="VIANDES_VOLAILLES", protein="meat", shelf_life_days=30,
                   co2_kg_per_kg=5.0),
        ingredient("lentils", shelf_life_days=365, co2_kg_per_kg=0.8),
        ingredient("leek", shelf_life_days=draw(st.sampled_from([1, 3, 30])), co2_kg_per_kg=0.5),
        ingredient("cabbage", shelf_life_days=draw(st.sampled_from([3, 30])), co2_kg_per_kg=0.2),
    ]
    suppliers = draw(tiny_suppliers(in_time=True))
    offers = draw(tiny_offers(suppliers, used))
    stock = []
    if draw(st.booleans()):
        stock.append(StockLot(ingredient="lentils", quantity=0.2))
    share = draw(st.sampled_from([None, None, *SHARES]))
    targets = Targets(
        **({share: draw(st.sampled_from([0.25, 0.5]))} if share else {}),
        share_basis=draw(st.sampled_from(["value", "weight"])),
        max_meat_g_per_cover=draw(st.sampled_from([None, None, 10.0])),
        # kg CO2e per cover: potée 0.04 + 0.03 (all cabbage) to 0.075 (all leek at yield
        # 0.7), soupe 0.03, dahl 0.065, poulet 0.265
        max_co2_kg_per_cover=draw(st.sampled_from([None, None, 0.08, 0.09, 0.1])),
    )
    budget = None if draw(st.booleans()) else Budget(
        amount=draw(_money(2000, 6000)), basis=draw(st.sampled_from(["TTC", "HT"])))
    week = Week(id="w", name="w", order_date=MONDAY, services=services, targets=targets,
                budget=budget)
    return catalogue(
        ingredients=ingredients,
        recipes=[recipe(r, lines) for r, lines in RECIPES.items()] + [potee],
        suppliers=suppliers, offers=offers, weeks=[week], stock=stock,
    )


def check_against_enumeration(cat: Catalogue) -> None:
    """The planner finds a plan exactly when the enumeration does, at the same cost."""
    enumerator = Enumerator(cat, "w")
    best = enumerator.best()
    result = plan(cat, "w", options=SolveOptions(relative_gap=0.0, time_limit_s=60))
    budget = cat.weeks[0].budget
    basis = budget.basis if budget is not None else "TTC"
    if best is None:
        if budget is None and result.status is PlanStatus.OPTIMAL:
            assert result.indicators is not None and enumerator.searched is not None
            assert result.indicators.total_ttc > enumerator.searched, result.indicators
            return
        assert result.status is PlanStatus.INFEASIBLE, (result.status, result.orders)
        return
    assert result.status is PlanStatus.OPTIMAL, (result.status, result.messages, best)
    assert result.indicators is not None
    total = result.indicators.total_ttc if basis == "TTC" else result.indicators.total_ht
    assert total == best.cost, (total, best)
    limit = best.cost  # the enumeration's optimum is within the budget, so is the plan's
    assert total <= limit


SETTINGS: dict[str, Any] = dict(
    derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(max_examples=QUICK, **SETTINGS)
@given(tiny_weeks())
def test_planner_agrees_with_enumeration(cat: Catalogue) -> None:
    check_against_enumeration(cat)


@pytest.mark.slow
@settings(max_examples=FULL, **SETTINGS)
@given(tiny_weeks())
def test_planner_agrees_with_enumeration_at_ci_size(cat: Catalogue) -> None:
    check_against_enumeration(cat)


@settings(max_examples=QUICK // 4, **SETTINGS)
@given(tiny_weeks(without_budget=True))
def test_planner_agrees_with_enumeration_without_budget(cat: Catalogue) -> None:
    """Weeks without a budget: the lines that count for a share are capped, on the first
    solve, on the need; the second solve (bounded by the first plan's cost) must find the
    enumeration's optimum, to the cent."""
    check_against_enumeration(cat)


@pytest.mark.slow
@settings(max_examples=FULL // 4, **SETTINGS)
@given(tiny_weeks(without_budget=True))
def test_planner_agrees_with_enumeration_without_budget_at_ci_size(cat: Catalogue) -> None:
    check_against_enumeration(cat)


@settings(max_examples=QUICK // 2, **SETTINGS)
@given(flexible_weeks())
def test_planner_agrees_with_enumeration_on_flexible_lines(cat: Catalogue) -> None:
    """Weeks with a flexible line (the split fitted to the packs bought, CO2 caps that the
    split decides): same feasibility and cost to the cent."""
    check_against_enumeration(cat)


@pytest.mark.slow
@settings(max_examples=FULL // 4, **SETTINGS)
@given(flexible_weeks())
def test_planner_agrees_with_enumeration_on_flexible_lines_at_ci_size(cat: Catalogue) -> None:
    check_against_enumeration(cat)


def test_enumeration_counts_extra_packs_and_cents() -> None:
    """The enumerator itself on a hand-worked week: 3 packs cover the need, the organic
    share needs a 4th (organic) pack; the cost is the sum of the rounded lines."""
    cat = catalogue(
        ingredients=[ingredient("carrot")],
        recipes=[recipe("soupe", {"carrot": 0.3})],
        suppliers=[supplier("s0")],
        offers=[
            offer("s0", "carrot", 1.0, 2.00, id="plain", vat_rate=0.055),
            offer("s0", "carrot", 1.0, 3.15, id="bio", vat_rate=0.055, labels=("BIO",)),
        ],
        weeks=[Week(id="w", name="w", order_date=MONDAY,
                    services=[Service(date=TUESDAY, covers=10,
                                      courses=[MenuCourse(course="main", recipes=["soupe"])])],
                    targets=Targets(organic_share=0.55),
                    budget=Budget(amount=20.0))],
    )
    best = Enumerator(cat, "w").best()
    assert best is not None
    # 3 kg needed; organic by value >= 55%: 2 plain + 1 bio is 44%, 1 plain + 2 bio 76%:
    # 2.00 * 1.055 = 2.11 and 6.30 * 1.055 = 6.6465 -> 6.65, so 8.76 TTC (3 bio: 9.97)
    assert best.cost == Decimal("8.76")
    assert (best.packs[("plain", TUESDAY)], best.packs[("bio", TUESDAY)]) == (1, 2)
