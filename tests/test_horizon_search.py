"""The horizon's fix-and-optimise search (``planning/horizon_search.py``): by week and by
supplier across the weeks. Small horizons (one lunch a week of 10 kg of lentils, VAT 0),
each optimum worked out by hand in the docstring."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import MONDAY, TUESDAY, catalogue, ingredient, offer, recipe, supplier
from cantine_supply.model import Catalogue, MenuCourse, Offer, Service, Week
from cantine_supply.optimize.horizon_build import build_horizon_model
from cantine_supply.optimize.solve import SolveOptions
from cantine_supply.planning.horizon import _hint as horizon_hint
from cantine_supply.planning.horizon import plan_horizon, plan_week_by_week
from cantine_supply.planning.horizon_search import (
    Step,
    improve_by_supplier,
    improve_by_week,
    objective_value,
    supplier_decisions,
)
from cantine_supply.problem.horizon_problem import horizon_problem

HIGHS = SolveOptions(solver="highs", time_limit_s=30, relative_gap=0.0)


def weekly(k: int, covers: int = 10) -> Week:
    day = TUESDAY + dt.timedelta(days=7 * k)
    return Week(id=f"w{k}", name=f"w{k}", order_date=MONDAY + dt.timedelta(days=7 * k),
                services=[Service(date=day, covers=covers,
                                  courses=[MenuCourse(course="main", recipes=["dish"])])])


def lentils(offers: list[Offer], covers: list[int]) -> Catalogue:
    return catalogue(
        ingredients=[ingredient("lentils", shelf_life_days=365, family="AUTRES")],
        recipes=[recipe("dish", {"lentils": 1.0})],
        suppliers=[supplier("a"), supplier("b")],
        offers=offers,
        weeks=[weekly(k, n) for k, n in enumerate(covers)],
    )


def test_each_supplier_step_names_its_supplier_and_keeps_a_local_optimum() -> None:
    """Three weeks of 10 kg; a's 5 kg bags at 10.00, b's 25 kg sack at 30.00. Week by
    week: two bags a week, 60.00. Freeing b in every week (a's bags fixed): a sack only
    adds cost. Freeing a in every week (no sack): two bags a week is a's best. So the
    search by supplier stays at 60.00 (within the tie-break's cents), never above its
    start, and each step it logs names its supplier."""
    c = lentils([offer("a", "lentils", 5, 10.0), offer("b", "lentils", 25, 30.0)],
                [10, 10, 10])
    ids = ("w0", "w1", "w2")
    built = build_horizon_model(horizon_problem(c, ids))
    hint = horizon_hint(built, plan_week_by_week(c, ids, options=HIGHS))
    assert hint is not None
    start = objective_value(built, hint)
    assert start == pytest.approx(60.0, abs=0.01)
    assert sorted(supplier_decisions(built)) == ["a", "b"]
    steps: list[Step] = []
    best, _ = improve_by_supplier(built, hint, HIGHS, log=steps)
    assert objective_value(built, best) <= start + 1e-6
    assert objective_value(built, best) == pytest.approx(60.0, abs=0.01)
    assert {s.supplier for s in steps} == {"a", "b"}
    assert str(steps[0]).startswith("pass 1 supplier a, every week: optimal")


def test_a_supplier_step_finds_the_bulk_buy_the_week_steps_miss() -> None:
    """One supplier, three weeks of 10 kg: 5 kg bags at 10.00, a 25 kg sack at 20.50
    (0.82/kg) and a 50 kg sack at 35.00 (0.70/kg). Week by week: two bags a week (20.00 <
    20.50), 60.00. The supplier's step frees every week's packs at once, so it solves the
    whole model: one 50 kg sack in the first week (35.00; the 20 kg left would cost 14.00
    again, counted for half: 7.00; net 28.00) beats a 25 kg sack and a bag (30.50, nothing
    left) and two sacks of 25 kg (41.00 − 7.00 = 34.00). The one-week search stops at
    30.50: from there, a 50 kg sack in the first week with the other week's bag still
    bought costs 45.00 less 25 kg left counted for half of 0.70/kg (8.75): 36.25.
    The search by supplier reaches 28.00 in one step."""
    c = lentils([offer("a", "lentils", 5, 10.0), offer("a", "lentils", 25, 20.5),
                 offer("a", "lentils", 50, 35.0)], [10, 10, 10])
    ids = ("w0", "w1", "w2")
    built = build_horizon_model(horizon_problem(c, ids))
    hint = horizon_hint(built, plan_week_by_week(c, ids, options=HIGHS))
    assert hint is not None
    assert objective_value(built, hint) == pytest.approx(60.0, abs=0.01)
    by_week, _ = improve_by_week(built, hint, HIGHS)
    assert objective_value(built, by_week) == pytest.approx(30.5, abs=0.01)
    best, improved = improve_by_supplier(built, hint, HIGHS)
    assert improved == 1
    assert objective_value(built, best) == pytest.approx(28.0, abs=0.01)


def offers_strategy() -> st.SearchStrategy[list[Offer]]:
    one = st.builds(
        lambda sid, pack, price: offer(sid, "lentils", pack, price),
        st.sampled_from(["a", "b"]), st.sampled_from([2.0, 5.0, 10.0, 25.0]),
        st.integers(3, 40).map(float))
    return st.lists(one, min_size=1, max_size=4, unique_by=lambda o: o.id)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(offers=offers_strategy(), covers=st.lists(st.integers(1, 12), min_size=2, max_size=3))
def test_the_search_never_returns_a_worse_plan_and_every_plan_is_verified(
        offers: list[Offer], covers: list[int]) -> None:
    """On small generated horizons: each search (by week, by supplier) ends no worse than
    it started, and ``plan_horizon`` with the search by supplier returns a plan (each week
    through the verifier and the horizon checks, which raise otherwise) no dearer net
    than the weeks planned one at a time."""
    c = lentils(offers, covers)
    ids = tuple(f"w{k}" for k in range(len(covers)))
    built = build_horizon_model(horizon_problem(c, ids))
    hint = horizon_hint(built, plan_week_by_week(c, ids, options=HIGHS))
    assert hint is not None
    start = objective_value(built, hint)
    by_week, _ = improve_by_week(built, hint, HIGHS)
    assert objective_value(built, by_week) <= start + 1e-6
    by_supplier, _ = improve_by_supplier(built, by_week, HIGHS)
    assert objective_value(built, by_supplier) <= objective_value(built, by_week) + 1e-6
    result = plan_horizon(c, ids, options=HIGHS, suppliers=True)
    assert result.status.has_plan
    assert result.net_cost_ht is not None and result.week_by_week_net_cost_ht is not None
    assert result.net_cost_ht <= result.week_by_week_net_cost_ht + Decimal("0.02")
