"""The horizon's whole-pack cuts (``optimize.horizon_build.horizon_pack_cuts``): valid
(random small horizons solved to gap 0 with and without them give the same optimum) and
stronger than the cumulative cut they replace (a hand-worked relaxation)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.math_opt.python import mathopt

from builders import (
    MONDAY,
    TUESDAY,
    Collection,
    CollectionItem,
    StockLot,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
)
from cantine_supply.model import Catalogue, MenuCourse, Offer, Service, Week
from cantine_supply.optimize.horizon_build import build_horizon_model, horizon_pack_cuts
from cantine_supply.problem.horizon_problem import horizon_problem

SETTINGS = settings(max_examples=25, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def week_of(k: int, covers: list[int]) -> Week:
    """Week ``k``: ordered Monday, one lunch of ``dish`` on Tuesday and, with a second
    figure, on Thursday."""
    days = [TUESDAY + dt.timedelta(days=7 * k + 2 * j) for j in range(len(covers))]
    return Week(id=f"w{k}", name=f"w{k}", order_date=MONDAY + dt.timedelta(days=7 * k),
                services=[Service(date=d, covers=n,
                                  courses=[MenuCourse(course="main", recipes=["dish"])])
                          for d, n in zip(days, covers, strict=True)])


def relaxation(model: mathopt.Model) -> float:
    """The LP optimum of ``model`` with integrality dropped (put back after)."""
    integers = [v for v in model.variables() if v.integer]
    for v in integers:
        v.integer = False
    try:
        result = mathopt.solve(model, mathopt.SolverType.GLOP, remove_names=True)
        return result.objective_value()
    finally:
        for v in integers:
            v.integer = True


def optimum(model: mathopt.Model) -> float:
    params = mathopt.SolveParameters(relative_gap_tolerance=0.0, absolute_gap_tolerance=0.0,
                                     time_limit=dt.timedelta(seconds=60))
    result = mathopt.solve(model, mathopt.SolverType.HIGHS, params=params, remove_names=True)
    assert result.termination.reason == mathopt.TerminationReason.OPTIMAL
    return result.objective_value()


def test_each_week_of_a_perishable_opens_its_own_pack() -> None:
    """Two weeks of 2 kg of carrots that keep 3 days, only in 5 kg bags at 10.00 (VAT 0):
    week 1's bag cannot serve week 2, so each week buys a bag, 20.00, and the 3 kg left at
    the end spoil before the next week (worth nothing). The relaxation used to buy 0.4 of
    a bag a week (8.00), and with the cumulative cut ``p1 + p2 >= ceil(4 / 5) = 1`` still
    no more than 10.00; the runs of one week each say ``p1 >= 1`` and ``p2 >= 1``, and the
    relaxation is the optimum."""
    c = catalogue(
        ingredients=[ingredient("carrot", shelf_life_days=3)],
        recipes=[recipe("dish", {"carrot": 0.2})],
        suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 5, 10.0)],
        weeks=[week_of(0, [10]), week_of(1, [10])],
    )
    problem = horizon_problem(c, ("w0", "w1"))
    bare = build_horizon_model(problem, pack_cuts=False)
    assert relaxation(bare.model) == pytest.approx(8.0, abs=0.01)
    built = build_horizon_model(problem)
    cuts = {(tuple(sorted(coef for _, coef in cut.terms)), len(cut.terms), cut.least)
            for cut in horizon_pack_cuts(problem, built.registry)}
    assert ((1,), 1, 1) in cuts  # one week's run: that week's bag only
    assert relaxation(built.model) == pytest.approx(20.0, abs=0.01)
    assert optimum(built.model) == pytest.approx(20.0, abs=0.01)


def test_a_sack_that_keeps_is_counted_for_every_week_it_reaches() -> None:
    """Lentils keep a year: week 1's delivery reaches week 2, so the run of week 2 alone
    counts both weeks' packs, and the cut never forces a second purchase the stock of the
    first could serve (two weeks of 3 kg, one 10 kg sack at 12.00 is the optimum)."""
    c = catalogue(
        ingredients=[ingredient("lentils", shelf_life_days=365, family="AUTRES")],
        recipes=[recipe("dish", {"lentils": 0.3})],
        suppliers=[supplier("a")],
        offers=[offer("a", "lentils", 10, 12.0)],
        weeks=[week_of(0, [10]), week_of(1, [10])],
    )
    problem = horizon_problem(c, ("w0", "w1"))
    built = build_horizon_model(problem)
    for cut in horizon_pack_cuts(problem, built.registry):
        assert cut.least == 1
    # 12.00 less half the 4 kg left at 1.20 a kg: 12.00 - 2.40 = 9.60
    assert optimum(built.model) == pytest.approx(9.60, abs=0.01)


@st.composite
def horizons(draw: st.DrawFn) -> tuple[Catalogue, tuple[str, ...]]:
    """One or two ingredients over two or three weeks of one or two lunches: packs of 1
    to 10 kg at 1 to 30 EUR, shelf lives from 2 days to a year, a minimum order or not,
    stock on hand or not, a collection round or not."""
    weeks = draw(st.integers(2, 3))
    shelves = [draw(st.sampled_from([2, 4, 9, 365])) for _ in range(2)]
    two = draw(st.booleans())
    names = ["carrot", "lentils"] if two else ["carrot"]
    ingredients = [ingredient(n, shelf_life_days=s)
                   for n, s in zip(names, shelves[:len(names)], strict=True)]
    lines = {n: draw(st.sampled_from([0.1, 0.25, 0.4])) for n in names}
    suppliers = [supplier("a"), supplier("b", min_order_ht=draw(st.sampled_from([0.0, 15.0])))]
    offers: list[Offer] = []
    for n in names:
        for s in draw(st.lists(st.sampled_from(["a", "b"]), min_size=1, max_size=2)):
            pack = draw(st.sampled_from([1.0, 2.0, 5.0, 10.0]))
            oid = f"{s}/{n}-{pack:g}"
            if any(o.id == oid for o in offers):
                continue
            offers.append(offer(s, n, pack, float(draw(st.integers(1, 30))), id=oid))
    stock = []
    if draw(st.booleans()):
        stock.append(StockLot(names[-1], draw(st.sampled_from([0.5, 2.0])),
                              draw(st.sampled_from([None, TUESDAY + dt.timedelta(days=3)])),
                              1.0))
    collections = []
    if draw(st.booleans()):
        collections.append(Collection(
            id="c0", name="c0", weekday=draw(st.sampled_from([0, 1])),
            trip_cost=draw(st.sampled_from([0.0, 2.0])),
            items=[CollectionItem(ingredient="carrot", guaranteed=q, expected=q)
                   for q in [draw(st.sampled_from([0.5, 1.5]))]]))
    c = catalogue(
        ingredients=ingredients,
        recipes=[recipe("dish", lines)],
        suppliers=suppliers,
        offers=offers,
        weeks=[week_of(k, draw(st.lists(st.integers(1, 12), min_size=1, max_size=2)))
               for k in range(weeks)],
        collections=collections,
        stock=stock,
    )
    return c, tuple(f"w{k}" for k in range(weeks))


@SETTINGS
@given(horizons())
def test_the_cuts_keep_the_optimum(case: tuple[Catalogue, tuple[str, ...]]) -> None:
    """Random small horizons solved to gap 0 with and without the cuts: the same optimum,
    and the relaxation with them is never below the one without."""
    c, ids = case
    problem = horizon_problem(c, ids)
    with_cuts = build_horizon_model(problem)
    without = build_horizon_model(problem, pack_cuts=False)
    assert optimum(with_cuts.model) == pytest.approx(optimum(without.model), abs=1e-6)
    assert relaxation(with_cuts.model) >= relaxation(without.model) - 1e-6
