"""Flexible recipe lines: a line that accepts any ingredient of a group.

Hand-made canteens: one lunch on Tuesday 2026-11-24 (November) for 10 covers, a potée
whose "légumes de saison" line takes 0.1 kg per cover of carrot, leek or tomato (tomato is
in season June to September only). Packs of 0.1 kg keep costs linear in the split, so the
optimum is exact and easy to work out by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import attrs
import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import MONDAY, TUESDAY, catalogue, ingredient, offer, recipe, supplier
from cantine_supply.cli.display import print_plan
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
from cantine_supply.planning.horizon import plan_horizon
from cantine_supply.planning.week import plan
from cantine_supply.plans.plan import GroupUse, Plan
from cantine_supply.problem.week import week_problem
from cantine_supply.verification.week import verify

SCHEMA = Path(__file__).resolve().parents[1] / "src/cantine_supply/schema/plan.schema.json"

#: EUR HT per 0.1 kg pack: tomato cheapest (but out of season in November), then carrot.
PRICES = {"tomato": 0.08, "carrot": 0.10, "leek": 0.15}


def _potee(shares: dict[str, tuple[float, float]] | None = None, rid: str = "potee") -> Recipe:
    shares = shares or {}
    options = [
        GroupOption(i, 0.1, 1.0, *shares.get(i, (0.0, 1.0))) for i in ("carrot", "leek", "tomato")
    ]
    return Recipe(
        id=rid,
        name="Potée",
        course="main",
        lines=[RecipeLine("potato", 0.1)],
        groups=[IngredientGroup("légumes de saison", options)],
    )


def _canteen(
    potee: Recipe,
    rules: MenuRules | None = None,
    candidates: tuple[str, ...] = ("potee",),
    extra: tuple[Recipe, ...] = (),
) -> Catalogue:
    week = Week(
        id="w",
        name="w",
        order_date=MONDAY,
        services=[Service(date=TUESDAY, covers=10, courses=[MenuCourse("main", candidates)])],
        menu_rules=rules or MenuRules(),
    )
    return catalogue(
        ingredients=[
            ingredient("potato"),
            ingredient("carrot", months_in_season=[9, 10, 11, 12, 1, 2, 3]),
            ingredient("leek", months_in_season=[10, 11, 12, 1, 2, 3]),
            ingredient("tomato", months_in_season=[6, 7, 8, 9]),
            ingredient("lentils"),
        ],
        recipes=[potee, *extra],
        suppliers=[supplier("s")],
        offers=[offer("s", "potato", 1.0, 1.0), offer("s", "lentils", 0.1, 0.5)]
        + [offer("s", i, 0.1, p) for i, p in PRICES.items()],
        weeks=[week],
    )


def _solve(cat: Catalogue) -> Plan:
    result = plan(cat)
    assert result.status is PlanStatus.OPTIMAL
    assert result.solver.gap == 0.0
    assert verify(week_problem(cat, "w"), result) == []
    return result


def _split(result: Plan) -> dict[str, float]:
    return {u.ingredient: round(u.share, 6) for u in result.group_uses}


def _bought(result: Plan) -> dict[str, float]:
    out: dict[str, float] = {}
    for order in result.orders:
        for line in order.lines:
            out[line.ingredient] = round(out.get(line.ingredient, 0.0) + line.quantity, 6)
    return out


def test_allowed_the_cheapest_option_fills_the_line() -> None:
    result = _solve(_canteen(_potee()))
    assert _split(result) == {"carrot": 0.0, "leek": 0.0, "tomato": 1.0}
    assert _bought(result) == {"potato": 1.0, "tomato": 1.0}
    assert result.indicators is not None
    assert result.indicators.purchases_ht == Decimal("1.80")  # 1 kg potato, 10 packs


def test_forbidden_out_of_season_the_cheapest_in_season_option_is_picked() -> None:
    result = _solve(_canteen(_potee(), MenuRules(off_season="forbid")))
    assert _split(result) == {"carrot": 1.0, "leek": 0.0, "tomato": 0.0}
    assert _bought(result) == {"potato": 1.0, "carrot": 1.0}
    use = next(u for u in result.group_uses if u.ingredient == "carrot")
    assert use == GroupUse(TUESDAY, "lunch", "main", "potee", "légumes de saison", "carrot",
                           1.0, pytest.approx(1.0), "kg")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("penalty", "chosen"),
    [(0.1, "tomato"), (0.3, "carrot")],  # the price gap is 0.20 EUR per kg
)
def test_penalised_out_of_season_is_used_only_when_the_penalty_is_below_the_gap(
    penalty: float, chosen: str
) -> None:
    rules = MenuRules(off_season="penalty", off_season_penalty_eur_per_kg=penalty)
    result = _solve(_canteen(_potee(), rules))
    assert _split(result)[chosen] == 1.0


def test_the_maximum_share_binds() -> None:
    result = _solve(_canteen(_potee({"tomato": (0.0, 0.3)})))
    assert _split(result) == {"carrot": 0.7, "leek": 0.0, "tomato": 0.3}
    assert _bought(result) == {"potato": 1.0, "carrot": 0.7, "tomato": 0.3}


def test_the_minimum_share_binds() -> None:
    rules = MenuRules(off_season="forbid")
    result = _solve(_canteen(_potee({"leek": (0.4, 1.0)}), rules))
    assert _split(result) == {"carrot": 0.6, "leek": 0.4, "tomato": 0.0}
    assert _bought(result) == {"potato": 1.0, "carrot": 0.6, "leek": 0.4}
    needs = {n.ingredient: round(n.quantity, 6) for n in result.needs}
    assert needs == {"potato": 1.0, "carrot": 0.6, "leek": 0.4}


def test_a_group_in_a_candidate_recipe() -> None:
    dahl = recipe("dahl", {"lentils": 0.1})  # 10 × 0.5 = 5.00 EUR, dearer than the potée
    cat = _canteen(_potee(), MenuRules(off_season="forbid"), ("dahl", "potee"), (dahl,))
    result = _solve(cat)
    assert [m.recipe for m in result.menu] == ["potee"]
    assert _split(result) == {"carrot": 1.0, "leek": 0.0, "tomato": 0.0}
    # with the potée dearer than the dahl, the dahl is served and no split is reported
    cheap = attrs.evolve(dahl, lines=[RecipeLine("lentils", 0.01)])
    result = _solve(_canteen(_potee(), MenuRules(off_season="forbid"), ("dahl", "potee"),
                             (cheap,)))
    assert [m.recipe for m in result.menu] == ["dahl"]
    assert result.group_uses == ()


def test_the_plan_json_lists_the_split_and_is_schema_valid() -> None:
    result = _solve(_canteen(_potee({"tomato": (0.0, 0.3)})))
    data = result.to_json()
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert data["flexible_lines"] == [
        {
            "date": "2026-11-24",
            "service": "lunch",
            "course": "main",
            "recipe": "potee",
            "label": "légumes de saison",
            "options": [
                {"ingredient": "carrot", "share": 0.7, "quantity": 0.7, "unit": "kg"},
                {"ingredient": "leek", "share": 0.0, "quantity": 0.0, "unit": "kg"},
                {"ingredient": "tomato", "share": 0.3, "quantity": 0.3, "unit": "kg"},
            ],
        }
    ]


def _tampered(result: Plan, shares: dict[str, float]) -> Plan:
    uses = tuple(
        attrs.evolve(u, share=shares.get(u.ingredient, u.share),
                     quantity=shares.get(u.ingredient, u.share) * 1.0)
        for u in result.group_uses
    )
    return attrs.evolve(result, group_uses=uses)


def test_the_verifier_recomputes_the_needs_from_the_split() -> None:
    cat = _canteen(_potee({"tomato": (0.0, 0.3)}))
    problem = week_problem(cat, "w")
    result = _solve(cat)
    # the same servings claimed for another split within bounds: leek is not served
    moved = _tampered(result, {"carrot": 0.5, "leek": 0.2, "tomato": 0.3})
    assert verify(problem, moved) == [
        "need of 0.2000 kg leek on 2026-11-24 served only 0.0000"
    ]


def test_the_verifier_rejects_a_split_beyond_its_bounds_or_not_summing_to_one() -> None:
    cat = _canteen(_potee({"tomato": (0.0, 0.3)}))
    problem = week_problem(cat, "w")
    result = _solve(cat)
    over = _tampered(result, {"carrot": 0.6, "tomato": 0.4})
    assert (
        "flexible line 'légumes de saison' of potee on 2026-11-24 lunch: tomato share 0.4000"
        " outside [0, 0.3]"
    ) in verify(problem, over)
    short = _tampered(result, {"carrot": 0.5})
    assert (
        "flexible line 'légumes de saison' of potee on 2026-11-24 lunch: shares add up to"
        " 0.800000, not 1"
    ) in verify(problem, short)
    foreign = attrs.evolve(
        result, group_uses=(*result.group_uses, attrs.evolve(result.group_uses[0],
                                                             ingredient="potato", share=0.0,
                                                             quantity=0.0))
    )
    assert (
        "flexible line 'légumes de saison' of potee on 2026-11-24 lunch: potato is not one"
        " of its options"
    ) in verify(problem, foreign)
    missing = attrs.evolve(result, group_uses=())
    assert verify(problem, missing) == [
        "flexible line 'légumes de saison' of potee on 2026-11-24 lunch: no split in the plan"
    ]


def test_model_rules_of_a_group() -> None:
    with pytest.raises(ValueError, match="at least 2 options"):
        IngredientGroup("g", [GroupOption("carrot", 0.1)])
    with pytest.raises(ValueError, match="minimum shares add up to more than 1"):
        IngredientGroup("g", [GroupOption("carrot", 0.1, 1.0, 0.6), GroupOption("leek", 0.1,
                                                                                 1.0, 0.6)])
    with pytest.raises(ValueError, match="maximum shares add up to less than 1"):
        IngredientGroup("g", [GroupOption("carrot", 0.1, 1.0, 0.0, 0.4),
                              GroupOption("leek", 0.1, 1.0, 0.0, 0.4)])
    with pytest.raises(ValueError, match="min_share 0.5 is above max_share 0.4"):
        GroupOption("carrot", 0.1, 1.0, 0.5, 0.4)
    with pytest.raises(ValueError, match="ingredient listed twice: carrot"):
        Recipe(id="r", name="r", course="main", lines=[RecipeLine("carrot", 0.1)],
               groups=[IngredientGroup("g", [GroupOption("carrot", 0.1),
                                             GroupOption("leek", 0.1)])])


def test_a_meat_option_makes_the_recipe_not_vegetarian() -> None:
    cat = _canteen(_potee())
    ingredients = dict(cat.ingredient_by_id)
    ingredients["leek"] = attrs.evolve(ingredients["leek"], family="VIANDES_VOLAILLES",
                                       protein="meat")
    assert _potee().is_vegetarian(cat.ingredient_by_id)
    assert not _potee().is_vegetarian(ingredients)


def test_a_horizon_splits_flexible_lines_week_by_week_and_together() -> None:
    """Two weeks of the potée (10 covers, 1 kg of vegetables each). Carrots come in 5 kg
    sacks at 4.00 EUR (0.80 EUR/kg), leeks in 0.1 kg bags at 0.15 EUR (1.50 EUR/kg), tomato
    is forbidden out of season. Week by week, leeks are cheaper for 1 kg (1.50 EUR a week,
    3.00 EUR). Together, one sack of carrots serves both weeks and the 3 kg left, valued
    at 0.80 EUR/kg, count for half: 4.00 - 1.20 = 2.80 EUR, a saving of 0.20 EUR. Each
    week's plan, split
    included, passes the verifier (``plan_horizon`` checks it)."""
    base = _canteen(_potee(), MenuRules(off_season="forbid"))
    weeks = [
        attrs.evolve(
            base.weeks[0],
            id=f"w{k}",
            order_date=MONDAY + dt.timedelta(days=7 * k),
            services=[attrs.evolve(base.weeks[0].services[0],
                                   date=TUESDAY + dt.timedelta(days=7 * k))],
        )
        for k in range(2)
    ]
    offers = [o for o in base.offers if o.ingredient != "carrot"]
    offers.append(offer("s", "carrot", 5.0, 4.0))
    cat = attrs.evolve(base, weeks=weeks, offers=offers)
    result = plan_horizon(cat, ("w0", "w1"), options=SolveOptions(time_limit_s=60))
    assert result.status is PlanStatus.OPTIMAL
    for week_plan in result.plans:
        assert {u.ingredient: round(u.share, 6) for u in week_plan.group_uses} == {
            "carrot": 1.0, "leek": 0.0, "tomato": 0.0
        }
    carrots = [line.packs for p in result.plans for o in p.orders for line in o.lines
               if line.ingredient == "carrot"]
    assert carrots == [1]
    assert result.week_by_week is not None
    for week_plan in result.week_by_week.plans:
        assert {u.ingredient for u in week_plan.group_uses if u.share > 0} == {"leek"}
    assert result.bulk_savings_ht == Decimal("0.20")


def test_the_greedy_baseline_splits_a_flexible_line_by_price() -> None:
    from benchmarks.greedy import greedy_plan

    cat = _canteen(_potee({"tomato": (0.0, 0.3), "leek": (0.2, 1.0)}))
    problem = week_problem(cat, "w")
    result = greedy_plan(problem).plan
    assert verify(problem, result) == []
    # leek its minimum 0.2, tomato (cheapest) up to 0.3, carrot (next) the rest
    assert _split(result) == {"carrot": 0.5, "leek": 0.2, "tomato": 0.3}
    with pytest.raises(ValueError, match="1 course"):
        greedy_plan(week_problem(_canteen(_potee(), candidates=("potee", "x"),
                                          extra=(recipe("x", {"lentils": 0.1}),)), "w"))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_pulp_model_splits_a_flexible_line_like_the_planner() -> None:
    pytest.importorskip("pulp")  # the benchmarks' extra, not needed by the library
    from benchmarks.pulp_model import build_pulp, solve_pulp

    cat = _canteen(_potee({"tomato": (0.0, 0.3)}))
    problem = week_problem(cat, "w")
    outcome = solve_pulp(build_pulp(problem), time_limit_s=30.0, relative_gap=0.0, threads=1)
    assert outcome.decisions is not None
    assert dict(outcome.decisions.groups[0]) == pytest.approx(
        {"carrot": 0.7, "leek": 0.0, "tomato": 0.3}
    )


# --- property: a flexible line costs what its cheapest split costs ----------------------------

CENTS = st.sampled_from([5, 8, 10, 12, 15, 20])  # EUR cents per 0.1 kg pack
CAPS = st.sampled_from([0.3, 0.5, 1.0])


def _priced(prices: dict[str, int], caps: dict[str, float]) -> Catalogue:
    options = [GroupOption(i, 0.1, 1.0, 0.0, caps[i]) for i in prices]
    potee = Recipe(id="potee", name="Potée", course="main", lines=[RecipeLine("potato", 0.1)],
                   groups=[IngredientGroup("légumes", options)])
    cat = _canteen(potee)
    offers = [o for o in cat.offers if o.ingredient not in PRICES]
    offers += [offer("s", i, 0.1, c / 100) for i, c in prices.items()]
    return attrs.evolve(cat, offers=offers)


@settings(derandomize=True, max_examples=20, deadline=None)
@given(
    prices=st.fixed_dictionaries({"carrot": CENTS, "leek": CENTS, "tomato": CENTS}),
    caps=st.fixed_dictionaries({"carrot": CAPS, "leek": CAPS, "tomato": CAPS}),
)
def test_the_optimum_fills_the_cheapest_options_first_and_more_options_never_cost_more(
    prices: dict[str, int], caps: dict[str, float]
) -> None:
    """With packs of 0.1 kg, 1 kg to split between options at fixed prices per kg, the least
    cost fills the cheapest options up to their maximum share, in price order; dropping an
    option (when the others can still fill the line) never lowers the cost."""
    if sum(caps.values()) < 1:  # no split possible: the model refuses such a group
        return
    three = _priced(prices, caps)
    result = plan(three)
    assert result.status is PlanStatus.OPTIMAL and result.solver.gap == 0.0
    assert verify(week_problem(three, "w"), result) == []
    left, expected = 1.0, 100  # the line's kg, then cents: 1 kg of potato at 1.00 EUR
    for ingredient_id in sorted(prices, key=lambda i: prices[i]):
        kg = min(left, caps[ingredient_id])
        expected += round(10 * kg) * prices[ingredient_id]
        left -= kg
    assert result.indicators is not None
    assert result.indicators.purchases_ht == Decimal(expected) / 100
    for dropped in prices:
        rest = {i: c for i, c in prices.items() if i != dropped}
        if sum(caps[i] for i in rest) < 1:
            continue
        fewer = plan(_priced(rest, {i: caps[i] for i in rest}))
        assert fewer.status is PlanStatus.OPTIMAL and fewer.indicators is not None
        assert fewer.indicators.purchases_ht >= result.indicators.purchases_ht


def test_the_terminal_shows_the_split() -> None:
    result = _solve(_canteen(_potee({"tomato": (0.0, 0.3)})))
    out = io.StringIO()
    print_plan(result, out)
    assert (
        "Flexible lines:\n  Tue 24 Nov main, légumes de saison: carrot 70% (0.7 kg),"
        " tomato 30% (0.3 kg)"
    ) in out.getvalue()


def _without(cat: Catalogue, *ingredients: str) -> Catalogue:
    return attrs.evolve(cat, offers=[o for o in cat.offers if o.ingredient not in ingredients])


def test_checks_name_an_option_with_a_minimum_share_that_nothing_provides() -> None:
    cat = _without(_canteen(_potee({"leek": (0.2, 1.0)})), "leek")
    result = plan(cat)
    assert result.status is PlanStatus.INFEASIBLE
    assert result.solver.termination == "not solved: checks failed"
    assert [d["message"] for d in result.diagnosis] == [
        "no supplier offers leek (needed Tue 24 Nov), and no collection or stock has any"
    ]
    # without a minimum share the line just does without leek
    assert plan(_without(_canteen(_potee()), "leek")).status is PlanStatus.OPTIMAL


def test_checks_name_a_flexible_line_none_of_whose_options_can_be_served() -> None:
    result = plan(_without(_canteen(_potee()), "carrot", "leek", "tomato"))
    assert result.status is PlanStatus.INFEASIBLE
    assert [d["message"] for d in result.diagnosis] == [
        "no option of the flexible line 'légumes de saison' of potee (carrot, leek, tomato)"
        " can be served on Tue 24 Nov"
    ]


def test_the_weekly_report_lists_the_split() -> None:
    from cantine_supply.report.i18n import texts
    from cantine_supply.report.weekly import weekly_report_html

    cat = _canteen(_potee({"tomato": (0.0, 0.3)}))
    problem = week_problem(cat, "w")
    html = weekly_report_html(problem, _solve(cat), texts("fr"))
    assert "<h2>Lignes flexibles des recettes</h2>" in html
    assert "Potée: légumes de saison" in html
    assert "carrot 70 % (0,7 kg), tomato 30 % (0,3 kg)" in html
    unsplit = _canteen(recipe("potee", {"potato": 0.1}))
    assert "Lignes flexibles" not in weekly_report_html(
        week_problem(unsplit, "w"), _solve(unsplit), texts("fr")
    )
