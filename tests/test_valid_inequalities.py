"""The valid inequalities of the week model (``build_model(strengthen=True)``: the
whole-pack cuts of ``optimize/pack_cuts.py``, per run of service days and per pack size,
and the split of the packs into those put to use and the extra) change no optimum:
hand-made weeks whose optimum buys packs beyond the needs, and random multi-day weeks
solved to gap 0 with and without them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.math_opt.python import mathopt

from builders import (
    TUESDAY,
    Collection,
    CollectionItem,
    PriceTier,
    StockLot,
    Targets,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
    week,
)
from cantine_supply.model import Catalogue
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.pack_cuts import useful_pack_limits
from cantine_supply.optimize.solve import SolveOptions, solve_model
from cantine_supply.planning.week import plan
from cantine_supply.problem.week import week_problem
from cantine_supply.verification.week import verify

WEDNESDAY = TUESDAY + dt.timedelta(days=1)
THURSDAY = TUESDAY + dt.timedelta(days=2)
EXACT = SolveOptions(time_limit_s=60.0, relative_gap=0.0)


def optimum(c: Catalogue, *, strengthen: bool) -> float | None:
    """The optimal objective of week ``w``, with or without the valid inequalities."""
    problem = week_problem(c, "w")
    outcome = solve_model(build_model(problem, strengthen=strengthen), EXACT)
    if outcome.status is PlanStatus.INFEASIBLE:
        return None
    assert outcome.status is PlanStatus.OPTIMAL
    assert outcome.report.objective is not None
    return outcome.report.objective


def same_optimum(c: Catalogue) -> float | None:
    strong, plain = optimum(c, strengthen=True), optimum(c, strengthen=False)
    assert (strong is None) == (plain is None), (strong, plain)
    if strong is not None and plain is not None:
        assert abs(strong - plain) <= 1e-6 * max(1.0, abs(plain)), (strong, plain)
    return strong


def test_minimum_order_buys_packs_beyond_the_need() -> None:
    """Need 2.5 kg of carrots. A: 1 kg at 9.00, minimum order 40.00; B: 1 kg at 16.00.
    B: 3 packs = 48.00; A: 3 packs is below its minimum, 5 packs = 45.00 (2 packs more
    than the need, 2.5 kg left over). The cuts bound what is served, not what is bought."""
    c = catalogue(
        ingredients=[ingredient("carrot")],
        recipes=[recipe("dish", {"carrot": 0.25})],
        suppliers=[supplier("a", min_order_ht=40.0), supplier("b")],
        offers=[offer("a", "carrot", 1, 9.0), offer("b", "carrot", 1, 16.0)],
        weeks=[week()],
    )
    assert same_optimum(c) is not None
    p = plan(c, "w")
    assert p.status is PlanStatus.OPTIMAL
    assert verify(week_problem(c, "w"), p) == []
    assert {line.offer: line.packs for o in p.orders for line in o.lines} == {"a/carrot-1": 5}
    assert p.indicators is not None and p.indicators.total_ht == Decimal("45.00")


def test_free_delivery_buys_another_ingredient_beyond_its_need() -> None:
    """Need 1 kg of carrots (1 kg at 8.00 from A, fee 10.00 free from 20.00) and 0.5 kg of
    leeks (1 kg at 6.00 from A, or 1 kg at 7.00 from B, no fee). A alone: 8 + 6 = 14.00
    + fee 10.00 = 24.00; leeks from B: 8 + 10 + 7 = 25.00; one more kg of leeks from A
    brings its order to 20.00, delivered free: 20.00 with 1.5 kg of leeks left over."""
    c = catalogue(
        ingredients=[ingredient("carrot"), ingredient("leek")],
        recipes=[recipe("dish", {"carrot": 0.1, "leek": 0.05})],
        suppliers=[supplier("a", delivery_fee_ht=10.0, free_delivery_from_ht=20.0), supplier("b")],
        offers=[
            offer("a", "carrot", 1, 8.0),
            offer("a", "leek", 1, 6.0),
            offer("b", "leek", 1, 7.0),
        ],
        weeks=[week()],
    )
    assert same_optimum(c) is not None
    p = plan(c, "w")
    assert p.indicators is not None and p.indicators.total_ht == Decimal("20.00")
    assert {line.offer: line.packs for o in p.orders for line in o.lines} == {
        "a/carrot-1": 1,
        "a/leek-1": 2,
    }


def carrots_on_two_days() -> Catalogue:
    """Carrots keep 3 days; 2.5 kg on Tuesday and 2.5 kg on Thursday. A (5 kg at 10.00)
    delivers Tuesday only, B (1 kg at 3.00) every day."""
    return catalogue(
        ingredients=[ingredient("carrot", shelf_life_days=3)],
        recipes=[recipe("dish", {"carrot": 0.25})],
        suppliers=[supplier("a", delivery_weekdays=(1,)), supplier("b")],
        offers=[offer("a", "carrot", 5, 10.0), offer("b", "carrot", 1, 3.0)],
        weeks=[week({TUESDAY: ("dish", 10), THURSDAY: ("dish", 10)})],
    )


def test_one_delivery_feeds_two_days_from_two_suppliers() -> None:
    """Carrots keep 3 days; 2.5 kg on Tuesday and 2.5 kg on Thursday. A (5 kg at 10.00)
    delivers Tuesday only, B (1 kg at 3.00) every day. One 5 kg sack on Tuesday serves
    both days: 10.00, against 2 × 3 packs from B = 18.00 or 5 kg + 3 × 1 kg = 19.00."""
    c = carrots_on_two_days()
    assert same_optimum(c) is not None
    p = plan(c, "w")
    assert p.indicators is not None and p.indicators.total_ht == Decimal("10.00")


# --- random multi-day weeks ----------------------------------------------------------------

SERVICE_DAYS = (TUESDAY, WEDNESDAY, THURSDAY)


@st.composite
def multi_day_weeks(draw: st.DrawFn) -> Catalogue:
    """1-2 ingredients served on 1-3 days, shelf life 1-4 days, 2-3 suppliers with their
    own weekdays, minimum orders, fees and free-delivery thresholds, packs of several
    sizes, a discount tier, maybe stock and a collection round."""
    names = ("carrot", "bread")[: draw(st.integers(1, 2))]
    shelf = {n: draw(st.integers(1, 4)) for n in names}
    days = draw(st.lists(st.sampled_from(SERVICE_DAYS), min_size=1, max_size=3, unique=True))
    covers = draw(st.integers(5, 25))
    per_cover = {n: draw(st.sampled_from([0.05, 0.1, 0.2, 0.3])) for n in names}
    suppliers = []
    for k in range(draw(st.integers(2, 3))):
        weekdays = draw(st.sets(st.integers(1, 3), min_size=1, max_size=3))
        fee = draw(st.sampled_from([0.0, 4.0, 9.0]))
        suppliers.append(
            supplier(
                f"s{k}",
                delivery_weekdays=tuple(sorted(weekdays)),
                lead_time_days=draw(st.integers(0, 1)),
                min_order_ht=draw(st.sampled_from([0.0, 0.0, 15.0, 35.0])),
                delivery_fee_ht=fee,
                free_delivery_from_ht=draw(st.sampled_from([None, 20.0, 45.0])) if fee else None,
            )
        )
    offers = []
    for n in names:
        # the last supplier always sells every ingredient, so most weeks have a plan
        sellers = {len(suppliers) - 1} | set(
            draw(st.sets(st.integers(0, len(suppliers) - 1), max_size=2))
        )
        for k in sorted(sellers):
            pack = draw(st.sampled_from([0.5, 1.0, 2.0, 5.0]))
            price = draw(st.integers(100, 1500)) / 100
            tiers = [PriceTier(4, round(price * 0.8, 2))] if draw(st.booleans()) else []
            offers.append(offer(f"s{k}", n, pack, price, tiers=tiers))
    stock = []
    if draw(st.booleans()):
        stock.append(StockLot(names[0], draw(st.sampled_from([0.5, 1.5, 4.0]))))
    collections = []
    if draw(st.booleans()):
        collections.append(
            Collection(
                id="shop",
                name="shop",
                weekday=draw(st.integers(1, 3)),
                trip_cost=draw(st.sampled_from([1.0, 6.0])),
                items=[CollectionItem(names[-1], guaranteed=1.0, expected=2.0)],
            )
        )
    organic = draw(st.sampled_from([None, None, 0.3]))
    if organic is not None:
        offers.append(offer(f"s{len(suppliers) - 1}", names[0], 1.0, 4.0, id="bio", labels=["BIO"]))
    return catalogue(
        ingredients=[ingredient(n, shelf_life_days=shelf[n]) for n in names],
        recipes=[recipe("dish", per_cover)],
        suppliers=suppliers,
        offers=offers,
        collections=collections,
        stock=stock,
        weeks=[
            week(
                {d: ("dish", covers) for d in days},
                targets=Targets(organic_share=organic),
            )
        ],
    )


@settings(
    max_examples=50,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(multi_day_weeks())
def test_the_optimum_is_the_same_with_and_without_the_inequalities(c: Catalogue) -> None:
    same_optimum(c)


# --- packs put to use ----------------------------------------------------------------------


def test_useful_pack_limits_follow_what_each_delivery_can_serve() -> None:
    """Carrots keep 3 days; 2.5 kg on Tuesday and 2.5 kg on Thursday. A Tuesday delivery
    reaches both days (5 kg: one 5 kg sack, five 1 kg packs); a Wednesday or Thursday one
    only Thursday (2.5 kg: three 1 kg packs)."""
    c = carrots_on_two_days()
    limits = useful_pack_limits(week_problem(c, "w"))
    assert limits[("a/carrot-5", TUESDAY)] == 1
    assert limits[("b/carrot-1", TUESDAY)] == 5
    assert limits[("b/carrot-1", WEDNESDAY)] == 3
    assert limits[("b/carrot-1", THURSDAY)] == 3


def lp_bound(c: Catalogue, *, strengthen: bool) -> float:
    """The optimum of the linear relaxation of week ``w`` (integrality dropped)."""
    built = build_model(week_problem(c, "w"), strengthen=strengthen)
    for variable in built.model.variables():
        variable.integer = False
    return float(mathopt.solve(built.model, mathopt.SolverType.GLOP).objective_value())


def test_the_relaxation_pays_the_minimum_order_once_packs_put_to_use_are_bounded() -> None:
    """Need 2.5 kg of carrots from A only (1 kg at 9.00, minimum order 40.00). The plain
    relaxation orders a fraction of A, y = p / cap with cap = 3 + 5 packs (enough to reach
    the minimum alone), and pays for 2.5 kg: 22.50. Strengthened, the packs put to use need
    y = 1, so the minimum order counts: 40.00 (the optimum, 5 packs, is 45.00)."""
    c = catalogue(
        ingredients=[ingredient("carrot")],
        recipes=[recipe("dish", {"carrot": 0.25})],
        suppliers=[supplier("a", min_order_ht=40.0)],
        offers=[offer("a", "carrot", 1, 9.0)],
        weeks=[week()],
    )
    assert abs(lp_bound(c, strengthen=False) - 22.5) < 0.01
    assert abs(lp_bound(c, strengthen=True) - 40.0) < 0.01
    assert abs((same_optimum(c) or 0.0) - 45.0) < 0.01
