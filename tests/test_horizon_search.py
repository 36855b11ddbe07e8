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


def test_after_a_better_whole_model_plan_the_one_week_search_runs_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Step 3 of ``horizon_search``: two weeks of 10 kg, 5 kg bags at 10.00 or a 25 kg
    sack at 30.00 (``test_horizon.lentils``). The search is left out (``passes=0``), so
    the whole model starts from the weeks planned alone (two bags a week, net 40.00); it
    is made to return the sack in w0 plus one bag in w1 (40.00 spent, 10 kg left that
    would cost 12.00 again, counted half: net 34.00), with a bound of 20.00. Re-planning
    w0 with w1's bag fixed keeps the sack (two or three bags instead: w1 short, or net
    37.00); re-planning w1 with the sack fixed drops the bag: 30.00 spent, 5 kg left
    counted 3.00, net 27.00, the optimum. The gap is then to the whole model's bound."""
    from cantine_supply.optimize.decisions import PlanStatus, SolverReport
    from cantine_supply.planning import horizon_search
    from test_horizon import SACK, SMALL, WEEKS
    from test_horizon import lentils as one_supplier

    c = one_supplier([SMALL, SACK])
    built = build_horizon_model(horizon_problem(c, WEEKS))
    hint = horizon_hint(built, plan_week_by_week(c, WEEKS, options=HIGHS))
    assert hint is not None
    assert objective_value(built, hint) == pytest.approx(40.0, abs=0.01)
    first, second = built.registry.weeks
    sack = next(v for (oid, _), v in first.packs.items() if oid == SACK.id)
    bag = next(v for (oid, _), v in second.packs.items() if oid == SMALL.id)
    forced = [built.model.add_linear_constraint(sack >= 1),
              built.model.add_linear_constraint(bag >= 1)]
    _, _, whole_plan = horizon_search.solve_horizon_model(built, HIGHS, None)
    for row in forced:
        built.model.delete_linear_constraint(row)
    assert whole_plan is not None
    assert objective_value(built, whole_plan) == pytest.approx(34.0, abs=0.01)
    real = horizon_search.solve_horizon_model
    calls: list[int] = []

    def whole_model(b, options, start, nodes=None):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) > 1:  # the steps after it (none before it: ``passes=0``): real
            return real(b, options, start, nodes)
        report = SolverReport("highs", "node_limit", 0.0, 14.0 / 34.0, 20.0, 34.0)
        return PlanStatus.FEASIBLE, report, dict(whole_plan)

    monkeypatch.setattr(horizon_search, "solve_horizon_model", whole_model)
    steps: list[Step] = []
    status, report, values = horizon_search.solve_horizon(
        built, HIGHS, hint, passes=0, pairs=False, log=steps)
    assert status is PlanStatus.FEASIBLE and values is not None
    assert objective_value(built, values) == pytest.approx(27.0, abs=0.01)
    assert report.objective == pytest.approx(27.0, abs=0.01)
    assert report.bound == 20.0
    assert report.gap == pytest.approx(7.0 / 27.0, abs=1e-3)
    assert [(s.pass_no, s.week) for s in steps] == [(1, 1), (1, 2)]
    assert "then 2 one-week steps from its plan, 1 improving" in report.termination


def test_before_the_whole_model_the_search_runs_one_pass_and_goes_on_when_it_finds_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps 1 and 3 of ``horizon_search``: with the whole model after it, the one-week
    search runs ``PASSES_BEFORE_WHOLE_MODEL`` pass; when the whole model then finds no
    better plan (here it is made to return its start, with a bound), the search goes on
    from its own plan for the passes it had left, and the plan returned is the search's.
    The instance (``test_horizon.lentils``, two weeks) gives the first pass no gain, so
    the first call is made to report one (the control flow is what is tested here; the
    plans themselves are checked by the tests above and the verifier)."""
    from cantine_supply.optimize.decisions import PlanStatus, SolverReport
    from cantine_supply.planning import horizon_search
    from test_horizon import SACK, SMALL, WEEKS
    from test_horizon import lentils as one_supplier

    c = one_supplier([SMALL, SACK])
    built = build_horizon_model(horizon_problem(c, WEEKS))
    hint = horizon_hint(built, plan_week_by_week(c, WEEKS, options=HIGHS))
    assert hint is not None
    real = horizon_search.improve_by_week
    calls: list[tuple[int, int, float]] = []

    def recording(b, values, options, step_limit_s=None, passes=4, log=None, span=1,  # type: ignore[no-untyped-def]
                  on_step=None):
        calls.append((passes, span, objective_value(b, values)))
        out, gained = real(b, values, options, step_limit_s, passes, log, span, on_step)
        return out, (1 if len(calls) == 1 else gained)

    def whole_model(b, options, start, nodes=None):  # type: ignore[no-untyped-def]
        found = objective_value(b, start)
        report = SolverReport("highs", "node_limit", 0.0, 1 - 20.0 / found, 20.0, found)
        return PlanStatus.FEASIBLE, report, dict(start)

    monkeypatch.setattr(horizon_search, "improve_by_week", recording)
    monkeypatch.setattr(horizon_search, "solve_horizon_model", whole_model)
    steps: list[Step] = []
    status, report, values = horizon_search.solve_horizon(
        built, HIGHS, hint, passes=4, pairs=False, log=steps)
    first = horizon_search.PASSES_BEFORE_WHOLE_MODEL
    assert [(p, s) for p, s, _ in calls] == [(first, 1), (4 - first, 1)]
    assert status is PlanStatus.FEASIBLE and values is not None
    assert objective_value(built, values) <= calls[1][2] + 1e-6
    assert report.gap == pytest.approx(1 - 20.0 / objective_value(built, values), abs=1e-6)
    assert "one-week steps from the search's plan again" in report.termination

    # without the whole model, the search runs all its passes at once, and only then
    calls.clear()
    monkeypatch.setattr(horizon_search, "solve_horizon_model", None)
    horizon_search.solve_horizon(built, HIGHS, hint, passes=4, pairs=False,
                                 whole_model=False)
    assert [(p, s) for p, s, _ in calls] == [(4, 1)]
