"""Fresh fruit and vegetables out of season: allowed, forbidden or penalised.

The week is in November; tomatoes (in season June to September) cost 1 EUR/kg and carrots
(in season all autumn) 2 EUR/kg. A salad of 0.1 kg per cover for 10 covers, either fixed
or chosen between a tomato and a carrot salad.
"""

from __future__ import annotations

import pytest

from builders import MONDAY, TUESDAY, catalogue, ingredient, offer, recipe, supplier
from cantine_supply.model import Catalogue, MenuCourse, MenuRules, Service, Week
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.planning.week import plan
from cantine_supply.problem.week import week_problem
from cantine_supply.verification.week import verify


def _salads(candidates: list[str], rules: MenuRules) -> Catalogue:
    week = Week(
        id="w",
        name="w",
        order_date=MONDAY,
        services=[Service(date=TUESDAY, covers=10, courses=[MenuCourse("starter", candidates)])],
        menu_rules=rules,
    )
    return catalogue(
        ingredients=[
            ingredient("tomato", months_in_season=[6, 7, 8, 9]),
            ingredient("carrot", months_in_season=[9, 10, 11, 12, 1, 2, 3]),
        ],
        recipes=[
            recipe("tomato-salad", {"tomato": 0.1}, course="starter"),
            recipe("carrot-salad", {"carrot": 0.1}, course="starter"),
        ],
        suppliers=[supplier("s")],
        offers=[offer("s", "tomato", 1.0, 1.0), offer("s", "carrot", 1.0, 2.0)],
        weeks=[week],
    )


def _chosen(cat: Catalogue) -> tuple[str, float, float]:
    result = plan(cat)
    assert result.status is PlanStatus.OPTIMAL
    assert verify(week_problem(cat, "w"), result) == []
    assert result.indicators is not None and result.solver.objective is not None
    return result.menu[0].recipe, result.solver.objective, result.indicators.off_season_kg


BOTH = ["tomato-salad", "carrot-salad"]


def test_allowed_out_of_season_is_bought_when_cheaper() -> None:
    recipe_id, objective, off_kg = _chosen(_salads(BOTH, MenuRules()))
    assert recipe_id == "tomato-salad"
    assert objective == pytest.approx(1.0, abs=1e-3)
    assert off_kg == pytest.approx(1.0)


def test_forbidden_out_of_season_is_avoided() -> None:
    recipe_id, objective, off_kg = _chosen(_salads(BOTH, MenuRules(off_season="forbid")))
    assert recipe_id == "carrot-salad"
    assert objective == pytest.approx(2.0, abs=1e-3)
    assert off_kg == 0.0


def test_forbidden_out_of_season_in_a_fixed_menu_has_no_plan() -> None:
    result = plan(_salads(["tomato-salad"], MenuRules(off_season="forbid")))
    assert result.status is PlanStatus.INFEASIBLE


def test_penalised_out_of_season_is_priced() -> None:
    """1 kg of tomatoes: a penalty of 0.5 EUR/kg keeps them (1 + 0.5 < 2), 3 EUR/kg does
    not (1 + 3 > 2)."""
    small = MenuRules(off_season="penalty", off_season_penalty_eur_per_kg=0.5)
    recipe_id, objective, off_kg = _chosen(_salads(BOTH, small))
    assert recipe_id == "tomato-salad"
    assert objective == pytest.approx(1.5, abs=1e-3)
    assert off_kg == pytest.approx(1.0)
    large = MenuRules(off_season="penalty", off_season_penalty_eur_per_kg=3.0)
    recipe_id, objective, _ = _chosen(_salads(BOTH, large))
    assert recipe_id == "carrot-salad"
    assert objective == pytest.approx(2.0, abs=1e-3)
    fixed, objective, _ = _chosen(_salads(["tomato-salad"], large))
    assert objective == pytest.approx(4.0, abs=1e-3)


def test_off_season_co2_factor_counts_in_the_co2_cap() -> None:
    """Both salads emit 0.1 kg CO2e per cover in season; tomatoes out of season at three
    times their factor emit 0.3, above a cap of 0.2, so the carrot salad is chosen."""
    import attrs

    from cantine_supply.model import Targets

    rules = MenuRules(off_season_co2_factor=3.0)
    cat = _salads(BOTH, rules)
    result = plan(cat)
    assert result.menu[0].recipe == "tomato-salad"
    assert result.indicators is not None
    assert result.indicators.co2_kg_per_cover == pytest.approx(0.3)
    week = attrs.evolve(cat.weeks[0], targets=Targets(max_co2_kg_per_cover=0.2))
    capped = attrs.evolve(cat, weeks=[week])
    recipe_id, objective, _ = _chosen(capped)
    assert recipe_id == "carrot-salad"
