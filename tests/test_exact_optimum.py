"""Named regressions of issue 15: optimal is optimal, infeasible is infeasible, to the cent.

Each week is small and worked out by hand in its docstring; the brute-force enumeration
(``tests/brute_force.py``) confirms the hand figures where it applies.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest

from brute_force import Enumerator
from builders import (
    MONDAY,
    TUESDAY,
    Budget,
    Targets,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
)
from cantine_supply.cli.main import main
from cantine_supply.model import Catalogue, MenuCourse, MenuRules, Recourse, Service, Week
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.solve import SOLVERS, SolveOptions
from cantine_supply.planning.tradeoff import tradeoff
from cantine_supply.planning.uncertain import plan_uncertain
from cantine_supply.planning.week import plan
from cantine_supply.problem.scenarios import Scenario, uncertain_problem

EXACT = SolveOptions(relative_gap=0.0)
THURSDAY = TUESDAY + dt.timedelta(days=2)


def _week(lines: dict[str, float], *, targets: Targets | None = None,
          budget: Budget | None = None, days: tuple[dt.date, ...] = (TUESDAY,),
          rules: MenuRules | None = None, recipes: list[str] | None = None) -> Week:
    courses = [MenuCourse(course="main", recipes=recipes or ["dish"])]
    return Week(id="w", name="w", order_date=MONDAY,
                services=[Service(date=d, covers=10, courses=courses) for d in days],
                targets=targets or Targets(), budget=budget, menu_rules=rules or MenuRules())


def _carrots_and_apples(budget: Budget | None, with_organic_carrots: bool) -> Catalogue:
    """3 kg of carrots (conventional, 1 kg at 2.00) and 0.5 kg of apples (organic, 1 kg at
    3.00) for 10 covers; organic share by value >= 55%. The menus need 3 + 1 packs: 3.00 of
    9.00 is organic (33%). A 2nd and 3rd apple pack lift it to 9.00 / 15.00 = 60% (the 2nd
    alone: 6/12 = 50%): 15.00 EUR. Organic carrots at 8.50 the kilo give another route:
    2 conventional + 1 organic carrot + 1 apple pack = 15.50 (74%), dearer. VAT 0."""
    offers = [
        offer("s", "carrot", 1.0, 2.00, id="s/carottes"),
        offer("s", "apple", 1.0, 3.00, id="s/pommes-bio", labels=("BIO",)),
    ]
    if with_organic_carrots:
        offers.append(offer("s", "carrot", 1.0, 8.50, id="s/carottes-bio", labels=("BIO",)))
    return catalogue(
        ingredients=[ingredient("carrot"), ingredient("apple")],
        recipes=[recipe("dish", {"carrot": 0.3, "apple": 0.05})],
        suppliers=[supplier("s")], offers=offers,
        weeks=[_week({}, targets=Targets(organic_share=0.55), budget=budget)],
    )


def test_share_needing_extra_packs_is_optimal() -> None:
    """The optimum buys two apple packs more than the menus need (15.00), not the organic
    carrot (15.50) that the old cap on packs (need plus thresholds) left as the only route."""
    cat = _carrots_and_apples(Budget(amount=40.0, basis="HT"), with_organic_carrots=True)
    result = plan(cat, "w", options=EXACT)
    assert result.status is PlanStatus.OPTIMAL and result.indicators is not None
    assert result.indicators.total_ht == Decimal("15.00")
    packs = {line.offer: line.packs for o in result.orders for line in o.lines}
    assert packs == {"s/carottes": 3, "s/pommes-bio": 3}
    best = Enumerator(cat, "w").best()
    assert best is not None and best.cost == Decimal("15.00")


def test_share_needing_extra_packs_is_feasible_without_another_route() -> None:
    """Without organic carrots the extra apple packs are the only way: a plan at 15.00
    within a 15.00 budget, and none at 14.99 (the enumeration agrees)."""
    cat = _carrots_and_apples(Budget(amount=15.00, basis="HT"), with_organic_carrots=False)
    result = plan(cat, "w", options=EXACT)
    assert result.status is PlanStatus.OPTIMAL and result.indicators is not None
    assert result.indicators.total_ht == Decimal("15.00")
    short = _carrots_and_apples(Budget(amount=14.99, basis="HT"), with_organic_carrots=False)
    assert plan(short, "w", options=EXACT).status is PlanStatus.INFEASIBLE
    assert Enumerator(short, "w").best() is None


def test_share_needing_extra_packs_without_a_budget() -> None:
    """Without a budget the first solve caps lines on the need; the planner solves again
    with each line capped by what the plan found costs, and finds the 15.00 plan."""
    cat = _carrots_and_apples(None, with_organic_carrots=True)
    result = plan(cat, "w", options=EXACT)
    assert result.status is PlanStatus.OPTIMAL and result.indicators is not None
    assert result.indicators.total_ht == Decimal("15.00")


def _three_lines(price: float, budget: float) -> Catalogue:
    """Three ingredients, one pack each at ``price`` HT, VAT 5.5%, each a line of its own."""
    names = ("a", "b", "c")
    return catalogue(
        ingredients=[ingredient(n) for n in names],
        recipes=[recipe("dish", dict.fromkeys(names, 0.1))],
        suppliers=[supplier("s")],
        offers=[offer("s", n, 1.0, price, id=f"s/{n}", vat_rate=0.055) for n in names],
        weeks=[_week({}, budget=Budget(amount=budget))],
    )


def test_budget_one_cent_below_the_rounded_total_is_infeasible() -> None:
    """1.56 HT × 1.055 = 1.6458, a line of 1.65 TTC: 4.95 for three, though the unrounded
    sum (4.9374) is within a 4.94 budget. The plan reports 4.95, so 4.94 is infeasible."""
    assert plan(_three_lines(1.56, 4.94), "w", options=EXACT).status is PlanStatus.INFEASIBLE
    result = plan(_three_lines(1.56, 4.95), "w", options=EXACT)
    assert result.indicators is not None and result.indicators.total_ttc == Decimal("4.95")
    assert result.targets[0].met


def test_budget_equal_to_the_rounded_total_is_met() -> None:
    """2.03 HT × 1.055 = 2.14165, a line of 2.14 TTC: 6.42 for three, though the unrounded
    sum (6.42495) is above a 6.42 budget. The plan at exactly the budget is found."""
    result = plan(_three_lines(2.03, 6.42), "w", options=EXACT)
    assert result.status is PlanStatus.OPTIMAL and result.indicators is not None
    assert result.indicators.total_ttc == Decimal("6.42")
    assert plan(_three_lines(2.03, 6.41), "w", options=EXACT).status is PlanStatus.INFEASIBLE


def test_max_packs_is_per_week() -> None:
    """A producer sells at most 3 packs a week; carrots keep 1 day and two lunches need 2 kg
    each: 4 packs over the week are more than it sells, so the rest comes from the
    wholesaler (dearer), and the plan buys 3 packs from the producer in the week, not 3 per
    delivery."""
    cat = catalogue(
        ingredients=[ingredient("carrot", shelf_life_days=1)],
        recipes=[recipe("dish", {"carrot": 0.2})],
        suppliers=[supplier("p"), supplier("w")],
        offers=[offer("p", "carrot", 1.0, 1.00, id="p/carottes", max_packs=3),
                offer("w", "carrot", 1.0, 2.00, id="w/carottes")],
        weeks=[_week({}, days=(TUESDAY, THURSDAY))],
    )
    result = plan(cat, "w", options=EXACT)
    assert result.status is PlanStatus.OPTIMAL and result.indicators is not None
    bought = {}
    for order in result.orders:
        for line in order.lines:
            bought[line.offer] = bought.get(line.offer, 0) + line.packs
    assert bought == {"p/carottes": 3, "w/carottes": 1}
    assert result.indicators.total_ht == Decimal("5.00")


def test_max_packs_per_delivery() -> None:
    """``max_packs_per_delivery`` 2: one lunch needs 3 kg; the producer's single drop holds
    2 packs, the 3rd comes from the wholesaler."""
    cat = catalogue(
        ingredients=[ingredient("carrot")],
        recipes=[recipe("dish", {"carrot": 0.3})],
        suppliers=[supplier("p", delivery_weekdays=(1,)), supplier("w")],
        offers=[offer("p", "carrot", 1.0, 1.00, id="p/carottes", max_packs_per_delivery=2),
                offer("w", "carrot", 1.0, 2.00, id="w/carottes")],
        weeks=[_week({})],
    )
    result = plan(cat, "w", options=EXACT)
    assert result.indicators is not None and result.indicators.total_ht == Decimal("4.00")


def test_cp_sat_is_not_offered(capsys: object) -> None:
    """CP-SAT cannot take this model (continuous quantities): it is not an option, and
    asking for it is a usage error (exit 2), not "no plan"."""
    assert "cp-sat" not in SOLVERS
    assert main(["plan", "data", "--week", "2026-w48", "--solver", "cp-sat"]) == 2


def test_tradeoff_uses_the_planners_cost_with_an_off_season_penalty() -> None:
    """Tomatoes out of season in November cost 1.00 the kilo, carrots in season 1.50; the
    week penalises off-season produce 2.00 EUR per kg. The planner serves the carrot dish;
    the trade-off's cheapest point is the same plan (its cost left the penalty out)."""
    cat = catalogue(
        ingredients=[ingredient("tomato", months_in_season=(6, 7, 8, 9)),
                     ingredient("carrot", months_in_season=(10, 11, 12))],
        recipes=[recipe("salade-tomates", {"tomato": 0.1}),
                 recipe("salade-carottes", {"carrot": 0.1})],
        suppliers=[supplier("s")],
        offers=[offer("s", "tomato", 1.0, 1.00, id="s/tomates"),
                offer("s", "carrot", 1.0, 1.50, id="s/carottes")],
        weeks=[_week({}, recipes=["salade-tomates", "salade-carottes"],
                     rules=MenuRules(off_season="penalty", off_season_penalty_eur_per_kg=2.0))],
    )
    planned = plan(cat, "w", options=EXACT)
    assert [m.recipe for m in planned.menu] == ["salade-carottes"]
    curve = tradeoff(cat, "w", target="organic", steps=1, up_to=0.0, options=EXACT)
    first = curve.points[0].plan
    assert first is not None
    assert [m.recipe for m in first.menu] == ["salade-carottes"]


def test_two_stage_plan_buys_extra_packs_for_a_share_without_a_budget() -> None:
    """The two-stage planner, like the week's: without a budget its first solve caps the
    lines on the need; it solves again with the lines capped by what the plan found costs
    on average, and finds the 15.00 plan (one scenario: the weekly plan)."""
    cat = _carrots_and_apples(None, with_organic_carrots=True)
    result = plan_uncertain(cat, "w", 1, options=EXACT)
    assert result.status is PlanStatus.OPTIMAL
    assert result.expected_ht == Decimal("15.00")


def test_two_stage_plan_tries_more_money_when_the_need_caps_leave_no_plan() -> None:
    """Without organic carrots the extra apple packs are the only route: the first solve
    (lines capped on the need) finds no plan, the trial up to 100 EUR a cover finds it."""
    cat = _carrots_and_apples(None, with_organic_carrots=False)
    result = plan_uncertain(cat, "w", 1, options=EXACT)
    assert result.status is PlanStatus.OPTIMAL
    assert result.expected_ht == Decimal("15.00")


def test_day_of_lines_are_capped_by_the_budget_in_expectation() -> None:
    """With the budget held on average, a scenario of probability ``π`` may spend up to
    ``(B − what the others spend at least) / π``: its day-of lines are capped by that, not
    left on the need (proof in ``UncertainProblem.day_of_slots``)."""
    cat = _carrots_and_apples(Budget(amount=20.0, basis="HT"), with_organic_carrots=True)
    shop = Recourse(supplier="s", trip_cost=1.0, in_expectation=("budget",))
    two = (Scenario("low", 0.25, ()), Scenario("high", 0.75, ()))
    problem = uncertain_problem(cat, "w", two, recourse=shop)
    assert problem.problems[0].budget is None
    least = [p.least_spent_total for p in problem.problems]
    for k, other in ((0, 1), (1, 0)):
        day_of = problem.day_of_slots(k)
        pi = two[k].probability
        others = two[other].probability * least[other]
        assert day_of.spend_bound == pytest.approx((20.0 - others) / pi)
        apples = next(o for o in day_of.offers.values() if o.id.endswith("s/pommes-bio"))
        assert day_of.most_packs(apples) >= math.floor((20.0 - 9.0) / pi / 3.00)
