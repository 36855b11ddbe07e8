"""Early order days folded into the supplier's next one (``optimize/delivery_days.py``):
which days fold, and the optimum unchanged, on hand-made weeks and on random weeks whose
suppliers deliver from the order day on (solved to gap 0 with and without folding)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import (
    MONDAY,
    TUESDAY,
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
from cantine_supply.optimize.delivery_days import fold_early_deliveries, folded_order_days
from cantine_supply.planning.week import plan
from cantine_supply.problem.week import week_problem
from test_valid_inequalities import same_optimum

WEDNESDAY = TUESDAY + dt.timedelta(days=1)
THURSDAY = TUESDAY + dt.timedelta(days=2)


def carrots_and_bread() -> Catalogue:
    """Carrots (keep 30 days) served Tuesday, bread (keeps 2 days) Thursday.
    A delivers every weekday from the order day (Monday), B Monday and Tuesday with a
    discount tier, C Tuesday to Thursday bread only, at most 9 packs a delivery."""
    return catalogue(
        ingredients=[ingredient("carrot"), ingredient("bread", shelf_life_days=2)],
        recipes=[recipe("carrots", {"carrot": 0.2}), recipe("bread", {"bread": 0.1})],
        suppliers=[
            supplier("a", lead_time_days=0, min_order_ht=20.0),
            supplier("b", lead_time_days=0, delivery_weekdays=(0, 1)),
            supplier("c", delivery_weekdays=(1, 2, 3)),
        ],
        offers=[
            offer("a", "carrot", 1, 3.0),
            offer("a", "bread", 1, 2.0),
            offer("b", "carrot", 5, 12.0, tiers=[PriceTier(3, 10.0)]),
            offer("c", "bread", 1, 1.5, max_packs_per_delivery=9),
        ],
        weeks=[week({TUESDAY: ("carrots", 10), THURSDAY: ("bread", 10)})],
    )


def test_which_order_days_fold() -> None:
    """A's Monday (carrots) folds into Tuesday: nothing is served on Monday. Its Wednesday
    (bread only: carrots are not wanted after Tuesday) folds into Thursday: bread is wanted
    Thursday only. A's Tuesday stays (no carrot line on Wednesday or Thursday), B's Monday
    too (a discount tier), and C's Wednesday (a maximum of packs per delivery)."""
    problem = week_problem(carrots_and_bread(), "w")
    assert folded_order_days(problem) == {("a", MONDAY): TUESDAY, ("a", WEDNESDAY): THURSDAY}
    folding = fold_early_deliveries(problem)
    days = {(s.supplier, s.date) for s in folding.problem.delivery_slots}
    assert ("a", MONDAY) not in days and ("a", WEDNESDAY) not in days
    assert {("a", TUESDAY), ("a", THURSDAY), ("b", MONDAY), ("c", WEDNESDAY)} <= days
    cap = problem.most_packs(problem.offers["a/bread-1"])
    assert folding.caps[("a/bread-1", THURSDAY)] == 2 * cap
    assert folding.caps[("a/carrot-1", TUESDAY)] == 2 * problem.most_packs(
        problem.offers["a/carrot-1"]
    )
    # not folded: its own cap, the 9 a delivery or fewer (what can pay: 1 loaf is needed)
    assert folding.caps[("c/bread-1", THURSDAY)] == problem.most_packs(
        problem.offers["c/bread-1"]) == 1


def test_the_built_model_leaves_the_folded_days_out_and_plans_the_same() -> None:
    """Carrots 2 kg Tuesday (3.00 a kg from A, minimum order 20.00: 7 packs = 21.00, or
    1 sack of 5 kg from B at 12.00) and bread 1 loaf Thursday (C at 1.50): 13.50."""
    c = carrots_and_bread()
    built = build_model(week_problem(c, "w"))
    assert not any(o.startswith("a/") and d == MONDAY for o, d in built.registry.packs)
    assert ("a", MONDAY) not in built.registry.ordered
    assert abs((same_optimum(c) or 0.0) - 13.5) < 0.01
    p = plan(c, "w")
    assert p.status is PlanStatus.OPTIMAL
    assert p.indicators is not None and p.indicators.total_ht == Decimal("13.50")


def test_a_minimum_order_met_on_the_day_folded_into() -> None:
    """Only A sells carrots (1 kg at 1.00, minimum order 60.00), delivering Monday and
    Tuesday; 20 kg are served Tuesday. Monday folds into Tuesday, which now holds up to two
    lines' worth of packs; the optimum is the minimum order, 60 packs, either way."""
    c = catalogue(
        ingredients=[ingredient("carrot")],
        recipes=[recipe("dish", {"carrot": 0.2})],
        suppliers=[supplier("a", lead_time_days=0, delivery_weekdays=(0, 1), min_order_ht=60.0)],
        offers=[offer("a", "carrot", 1, 1.0)],
        weeks=[week({TUESDAY: ("dish", 100)})],
    )
    problem = week_problem(c, "w")
    assert folded_order_days(problem) == {("a", MONDAY): TUESDAY}
    assert abs((same_optimum(c) or 0.0) - 60.0) < 0.01


# --- random weeks with suppliers delivering from the order day ------------------------------

SERVICE_DAYS = (TUESDAY, WEDNESDAY, THURSDAY)


@st.composite
def early_delivery_weeks(draw: st.DrawFn) -> Catalogue:
    """1-3 ingredients served on 1-3 days, shelf life 1-4 days, 2-3 suppliers delivering
    from Monday (the order day) with no lead time on most weekdays, minimum orders, fees,
    free-delivery thresholds, packs of several sizes, sometimes a tier or a maximum of
    packs, stock, an organic share by value or by weight."""
    names = ("carrot", "bread", "leek")[: draw(st.integers(1, 3))]
    shelf = {n: draw(st.integers(1, 4)) for n in names}
    covers = draw(st.integers(5, 40))
    services: dict[dt.date, tuple[str, int]] = {}
    recipes = []
    for k, day in enumerate(SERVICE_DAYS):
        dishes = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
        if dishes:
            per_cover = {n: draw(st.sampled_from([0.05, 0.1, 0.2, 0.3])) for n in dishes}
            recipes.append(recipe(f"dish{k}", per_cover))
            services[day] = (f"dish{k}", covers)
    if not services:
        recipes.append(recipe("dish0", {names[0]: 0.1}))
        services[TUESDAY] = ("dish0", covers)
    suppliers = []
    for k in range(draw(st.integers(2, 3))):
        weekdays = draw(st.sets(st.integers(0, 3), min_size=1, max_size=4))
        fee = draw(st.sampled_from([0.0, 4.0, 9.0]))
        suppliers.append(
            supplier(
                f"s{k}",
                delivery_weekdays=tuple(sorted(weekdays | {0})),
                lead_time_days=0,
                min_order_ht=draw(st.sampled_from([0.0, 0.0, 15.0, 35.0])),
                delivery_fee_ht=fee,
                free_delivery_from_ht=draw(st.sampled_from([None, 20.0, 45.0])) if fee else None,
            )
        )
    offers = []
    for n in names:
        # the last supplier delivers every day and sells every ingredient: most weeks have a plan
        sellers = {len(suppliers) - 1} | set(
            draw(st.sets(st.integers(0, len(suppliers) - 1), max_size=2))
        )
        for k in sorted(sellers):
            pack = draw(st.sampled_from([0.5, 1.0, 2.0, 5.0]))
            price = draw(st.integers(100, 1500)) / 100
            extra = draw(st.sampled_from(["none", "none", "tier", "max"]))
            offers.append(
                offer(
                    f"s{k}", n, pack, price,
                    tiers=[PriceTier(4, round(price * 0.8, 2))] if extra == "tier" else [],
                    max_packs=draw(st.integers(2, 12)) if extra == "max" else None,
                    labels=["BIO"] if draw(st.booleans()) else [],
                )
            )
    suppliers[-1] = supplier(
        suppliers[-1].id, delivery_weekdays=(0, 1, 2, 3), lead_time_days=0,
        min_order_ht=suppliers[-1].min_order_ht, delivery_fee_ht=suppliers[-1].delivery_fee_ht,
        free_delivery_from_ht=suppliers[-1].free_delivery_from_ht,
    )
    stock = []
    if draw(st.booleans()):
        stock.append(StockLot(names[0], draw(st.sampled_from([0.5, 1.5, 4.0]))))
    organic = draw(st.sampled_from([None, None, 0.3, 0.6]))
    basis = draw(st.sampled_from(["value", "weight"]))
    return catalogue(
        ingredients=[ingredient(n, shelf_life_days=shelf[n]) for n in names],
        recipes=recipes,
        suppliers=suppliers,
        offers=offers,
        stock=stock,
        weeks=[week(services, targets=Targets(organic_share=organic, share_basis=basis))],
    )


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(early_delivery_weeks())
def test_folding_early_days_keeps_the_optimum(c: Catalogue) -> None:
    same_optimum(c)


def test_the_random_weeks_do_fold_days() -> None:
    """The property test above is about folding: a good share of its weeks (28 of 60)
    fold some day."""
    folds = []

    @settings(max_examples=60, derandomize=True, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(early_delivery_weeks())
    def count(c: Catalogue) -> None:
        folds.append(len(folded_order_days(week_problem(c, "w"))))

    count()
    assert len(folds) >= 60
    assert sum(1 for n in folds if n > 0) >= len(folds) // 3
