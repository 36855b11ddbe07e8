"""Planning several weeks together: bulk buys, shelf life, storage, budgets, end value.

The small cases need 10 kg of lentils a week (10 covers × 1 kg, one lunch each Tuesday,
ordered the Monday before); their optimum is worked out by hand in each docstring. VAT is
0 so costs HT and TTC agree.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import (
    MONDAY,
    TUESDAY,
    Budget,
    PriceTier,
    StockLot,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
)
from cantine_supply.cli.main import main
from cantine_supply.horizon import (
    HorizonPlan,
    StorageCapacity,
    check_horizon,
    plan_horizon,
    plan_week_by_week,
)
from cantine_supply.horizon_bulk import is_bulk_format
from cantine_supply.horizon_problem import horizon_problem, replacement_value
from cantine_supply.io import load
from cantine_supply.model import Catalogue, MenuCourse, Offer, Service, Week
from cantine_supply.optimize.solve import SolveOptions
from cantine_supply.plan import PlanStatus

HIGHS = SolveOptions(solver="highs", time_limit_s=30)


def weekly(k: int, covers: int = 10, budget: Budget | None = None) -> Week:
    """Week ``k`` (0-based): ordered Monday, one lunch of ``dish`` on Tuesday."""
    day = TUESDAY + dt.timedelta(days=7 * k)
    return Week(id=f"w{k}", name=f"w{k}", order_date=MONDAY + dt.timedelta(days=7 * k),
                services=[Service(date=day, covers=covers,
                                  courses=[MenuCourse(course="main", recipes=["dish"])])],
                budget=budget)


def lentils(offers: list[Offer], *, weeks: int = 2, shelf: int = 365,
            budget: Budget | None = None, stock: list[StockLot] | None = None) -> Catalogue:
    return catalogue(
        ingredients=[ingredient("lentils", shelf_life_days=shelf, family="AUTRES")],
        recipes=[recipe("dish", {"lentils": 1.0})],
        suppliers=[supplier("a")],
        offers=offers,
        weeks=[weekly(k, budget=budget) for k in range(weeks)],
        stock=stock or [],
    )


SMALL = offer("a", "lentils", 5, 10.0)
SACK = offer("a", "lentils", 25, 30.0)
WEEKS = ("w0", "w1")


def bought(result: object) -> dict[tuple[str, str], int]:
    plans = result.plans  # type: ignore[attr-defined]
    return {(p.week, line.offer): line.packs for p in plans for o in p.orders
            for line in o.lines}


def test_a_sack_for_two_weeks_beats_small_bags_each_week() -> None:
    """Week by week: 2 × 5 kg = 20.00 each week, 40.00. Together: one 25 kg sack in the
    first week (30.00) feeds both; the 5 kg left are worth 5 × 1.20 = 6.00; net 24.00."""
    c = lentils([SMALL, SACK])
    result = plan_horizon(c, WEEKS, options=HIGHS)
    assert result.status is PlanStatus.OPTIMAL
    assert bought(result) == {("w0", "a/lentils-25"): 1}
    assert result.cost_ht == Decimal("30.00")
    assert result.end_stock_value_ht == Decimal("6.00")
    assert result.net_cost_ht == Decimal("24.00")
    assert result.week_by_week_net_cost_ht == Decimal("40.00")
    assert result.bulk_savings_ht == Decimal("16.00")
    # the sack is the plan's one bulk buy: 25 kg at 1.20 against 2.00 in 5 kg bags
    (line,) = result.bulk_lines
    assert (line.week, line.offer, line.packs, line.kind) == ("w0", "a/lentils-25", 1,
                                                             "bulk format")
    assert (line.total_ht, line.compared_with, line.saved_ht) == (
        Decimal("30.00"), "a/lentils-5", Decimal("20.00"))
    first, last = result.week_ends
    assert [(q.ingredient, q.quantity) for q in first.stock] == [("lentils", 15.0)]
    assert last.storage_kg["ambient"] == pytest.approx(5.0)
    # the second week serves the sack as stock carried in
    assert result.plans[1].stock_used[0].quantity == pytest.approx(10.0)


def test_week_by_week_recomputed_by_hand() -> None:
    """The comparison plans each week alone with the stock the week before left."""
    c = lentils([SMALL, SACK])
    alone = plan_week_by_week(c, WEEKS, options=HIGHS)
    assert [p.indicators.total_ht for p in alone.plans if p.indicators] == [
        Decimal("20.00"), Decimal("20.00")]
    assert alone.end_stock_value_ht == Decimal("0.00")


def test_shelf_life_forbids_carrying_a_perishable() -> None:
    """Lentils that keep 5 days cannot wait a week: small bags each week, 40.00."""
    c = lentils([SMALL, SACK], shelf=5)
    result = plan_horizon(c, WEEKS, options=HIGHS)
    assert bought(result) == {("w0", "a/lentils-5"): 2, ("w1", "a/lentils-5"): 2}
    assert result.net_cost_ht == Decimal("40.00")
    assert result.bulk_savings_ht == Decimal("0.00")
    assert all(not end.stock for end in result.week_ends)


def test_storage_capacity_binds_and_changes_the_purchase() -> None:
    """The sack leaves 15 kg at the first week's end: with 10 kg of shelves it cannot be
    stored, so the small bags come back; with 15 kg it can."""
    c = lentils([SMALL, SACK])
    tight = plan_horizon(c, WEEKS, storage=StorageCapacity(ambient_kg=10), options=HIGHS)
    assert ("w0", "a/lentils-25") not in bought(tight)
    assert tight.net_cost_ht == Decimal("40.00")
    assert all(end.storage_kg["ambient"] <= 10 + 1e-6 for end in tight.week_ends)
    roomy = plan_horizon(c, WEEKS, storage=StorageCapacity(ambient_kg=15), options=HIGHS)
    assert bought(roomy) == {("w0", "a/lentils-25"): 1}
    # another class's limit changes nothing
    cold = plan_horizon(c, WEEKS, storage=StorageCapacity(chilled_kg=0), options=HIGHS)
    assert cold.net_cost_ht == Decimal("24.00")


def tiered() -> Offer:
    """5 kg at 10.00, from 4 packs 6.00 each."""
    return offer("a", "lentils", 5, 10.0, tiers=[PriceTier(4, 6.0)])


def test_price_break_taken_when_stock_keeps_and_fits() -> None:
    """4 packs in the first week at 6.00 = 24.00 feed both weeks (week by week: 2 × 10.00
    twice = 40.00)."""
    result = plan_horizon(lentils([tiered()]), WEEKS, options=HIGHS)
    assert bought(result) == {("w0", "a/lentils-5"): 4}
    assert result.plans[0].orders[0].lines[0].price_per_pack_ht == 6.0
    assert result.net_cost_ht == Decimal("24.00")
    assert result.bulk_savings_ht == Decimal("16.00")
    # a 5 kg bag is no bulk format: the line is a price break, 4 × (10.00 − 6.00) saved
    (line,) = result.bulk_lines
    assert (line.kind, line.compared_with, line.saved_ht) == (
        "price break", "a/lentils-5", Decimal("16.00"))


@pytest.mark.parametrize(
    ("shelf", "storage"), [(5, None), (365, StorageCapacity(ambient_kg=5))],
    ids=["perishable", "no-room"],
)
def test_price_break_not_taken_when_stock_cannot_keep_or_fit(
    shelf: int, storage: StorageCapacity | None
) -> None:
    """Food that would not keep a week, or 10 kg that would not fit in 5 kg of shelves:
    2 packs at 10.00 each week."""
    result = plan_horizon(lentils([tiered()], shelf=shelf), WEEKS, storage=storage,
                          options=HIGHS)
    assert bought(result) == {("w0", "a/lentils-5"): 2, ("w1", "a/lentils-5"): 2}
    assert result.net_cost_ht == Decimal("40.00")


def test_end_of_horizon_stock_is_valued_at_the_lowest_price() -> None:
    """One week: the sack (30.00) beats 2 small bags (20.00)? No: 20.00 < 30.00; but at
    15.00 the sack wins, leaving 15 kg worth 15 × 0.60 = 9.00 (the lowest price per kg of
    any offer), net 6.00."""
    cheap = offer("a", "lentils", 25, 15.0)
    c = lentils([SMALL, cheap], weeks=1)
    assert replacement_value(c, "lentils") == pytest.approx(0.6)
    result = plan_horizon(c, ("w0",), options=HIGHS)
    assert result.cost_ht == Decimal("15.00")
    assert result.end_stock_value_ht == Decimal("9.00")
    assert result.net_cost_ht == Decimal("6.00")


def test_stock_on_hand_is_valued_no_higher_than_it_would_cost_again() -> None:
    """8 kg on hand bought at 5.00/kg are worth 1.20/kg (the sack's price) at the end, so
    keeping them is no better than keeping sack lentils: need 10 kg, one sack (30.00)
    leaves 23 kg worth 27.60, net 2.40 (a 5 kg bag: 10.00 − 3 × 1.20 = 6.40)."""
    c = lentils([SMALL, SACK], weeks=1, stock=[StockLot("lentils", 8.0, None, 5.0)])
    result = plan_horizon(c, ("w0",), options=HIGHS)
    assert bought(result) == {("w0", "a/lentils-25"): 1}
    assert result.end_stock_value_ht == Decimal("27.60")
    assert result.net_cost_ht == Decimal("2.40")
    assert all(lot.unit_cost_ht <= 1.2 + 1e-9 for lot in result.week_ends[-1].lots)


def test_horizon_checks_catch_a_full_store_and_an_overspent_budget() -> None:
    """The week planner alone buys the cheap sack and keeps 15 kg: over 10 kg of shelves;
    its 15.00 are over a 12.00 horizon budget."""
    c = lentils([SMALL, offer("a", "lentils", 25, 15.0)], weeks=1)
    alone = plan_week_by_week(c, ("w0",), options=HIGHS)
    problem = horizon_problem(c, ("w0",), storage=StorageCapacity(ambient_kg=10),
                              budget=Budget(12.0, basis="HT"))
    failures = check_horizon(problem, alone.plans, alone.week_ends)
    assert failures == [
        "w0: 15.000 kg ambient at the week's end, above the 10 kg",
        "spends 15.00 HT over the horizon, above the budget 12.00",
    ]


def test_weekly_budgets_stop_the_sack_unless_a_horizon_budget_replaces_them() -> None:
    """Each week may spend 20.00: the 30.00 sack does not fit; a horizon budget of 40.00
    replaces the weekly ones and lets the sack in."""
    c = lentils([SMALL, SACK], budget=Budget(20.0, basis="HT"))
    weekly_only = plan_horizon(c, WEEKS, options=HIGHS)
    assert ("w0", "a/lentils-25") not in bought(weekly_only)
    together = plan_horizon(c, WEEKS, horizon_budget=Budget(40.0, basis="HT"), options=HIGHS)
    assert bought(together) == {("w0", "a/lentils-25"): 1}
    assert together.budget_limit == 40.0
    too_little = plan_horizon(c, WEEKS, horizon_budget=Budget(25.0, basis="HT"), options=HIGHS)
    assert too_little.status is PlanStatus.INFEASIBLE
    assert too_little.plans == ()


def test_rolling_replan_from_the_stock_left() -> None:
    """Plan two weeks, keep the first week's orders, replan the second week from the stock
    the first left: nothing more to buy."""
    c = lentils([SMALL, SACK])
    first = plan_horizon(c, WEEKS, options=HIGHS)
    again = plan_horizon(c, ("w1",), stock=first.week_ends[0].lots, options=HIGHS)
    assert bought(again) == {}
    assert again.end_stock_value_ht == Decimal("6.00")


def test_what_counts_as_a_bulk_format() -> None:
    """At least 4 times the smallest pack of the ingredient and at least 10 kg."""
    c = lentils([SMALL, SACK, offer("a", "lentils", 10, 15.0), offer("a", "lentils", 1, 2.5)])
    kinds = {o.id: is_bulk_format(c, o) for o in c.offers}
    assert kinds == {"a/lentils-5": False, "a/lentils-25": True, "a/lentils-10": True,
                     "a/lentils-1": False}
    small = lentils([offer("a", "lentils", 5, 10.0), offer("a", "lentils", 1, 2.5)])
    assert not any(is_bulk_format(small, o) for o in small.offers)  # 5 kg: not 10 kg


def test_horizon_json_and_unknown_weeks() -> None:
    c = lentils([SMALL, SACK])
    data = plan_horizon(c, WEEKS, options=HIGHS).to_json()
    assert data["bulk_savings_ht"] == 16.0
    assert data["bulk_lines"] == [{
        "week": "w0", "delivery_date": "2026-11-24", "supplier": "a",
        "offer": "a/lentils-25", "product": data["bulk_lines"][0]["product"], "packs": 1,
        "quantity": 25.0, "unit": "kg", "kind": "bulk format", "total_ht": 30.0,
        "compared_with": "a/lentils-5", "saved_ht": 20.0}]
    assert [w["week"] for w in data["stock_at_week_end"]] == ["w0", "w1"]
    assert data["plans"][0]["orders"][0]["lines"][0]["offer"] == "a/lentils-25"
    json.dumps(data)
    with pytest.raises(Exception, match="unknown week"):
        plan_horizon(c, ("w0", "nope"), options=HIGHS)
    with pytest.raises(Exception, match="must come after"):
        plan_horizon(c, ("w1", "w0"), options=HIGHS)


# --- property: together never costs more than one week at a time ----------------------------

PROPERTY_SETTINGS = settings(
    max_examples=20, derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def offers_strategy() -> st.SearchStrategy[list[Offer]]:
    one = st.builds(
        Offer,
        id=st.sampled_from(["o1", "o2", "o3"]),
        supplier=st.just("a"),
        ingredient=st.just("lentils"),
        product=st.just("lentils"),
        pack_quantity=st.sampled_from([2.0, 5.0, 10.0, 25.0]),
        price_ht=st.integers(3, 40).map(float),
        vat_rate=st.just(0.0),
        tiers=st.lists(st.builds(PriceTier, min_packs=st.integers(2, 6),
                                 price_ht=st.integers(1, 30).map(float)),
                       max_size=1),
    )
    return st.lists(one, min_size=1, max_size=3, unique_by=lambda o: o.id)


@PROPERTY_SETTINGS
@given(
    offers=offers_strategy(),
    covers=st.lists(st.integers(1, 12), min_size=2, max_size=3),
    shelf=st.sampled_from([5, 10, 365]),
    stock=st.sampled_from([0.0, 3.0]),
)
def test_together_never_costs_more_than_week_by_week(
    offers: list[Offer], covers: list[int], shelf: int, stock: float
) -> None:
    c = catalogue(
        ingredients=[ingredient("lentils", shelf_life_days=shelf, family="AUTRES")],
        recipes=[recipe("dish", {"lentils": 1.0})],
        suppliers=[supplier("a")],
        offers=offers,
        weeks=[weekly(k, n) for k, n in enumerate(covers)],
        stock=[StockLot("lentils", stock, None, 1.0)] if stock else [],
    )
    ids = tuple(f"w{k}" for k in range(len(covers)))
    options = SolveOptions(solver="highs", time_limit_s=20, relative_gap=0.0)
    result = plan_horizon(c, ids, options=options)
    alone = plan_week_by_week(c, ids, options=options)
    assert result.status is PlanStatus.OPTIMAL
    assert alone.net_cost_ht == result.week_by_week_net_cost_ht
    assert result.net_cost_ht is not None and alone.net_cost_ht is not None
    # within the leftover tie-break and cent rounding
    assert result.net_cost_ht <= alone.net_cost_ht + Decimal("0.02")


# --- the sample data: four weeks ------------------------------------------------------------

SAMPLE_WEEKS = ("2026-w48", "2026-w49", "2026-w50", "2026-w51")


@pytest.fixture(scope="module")
def sample_horizon() -> HorizonPlan:
    """SCIP stopped after 100 nodes (deterministic, unlike a time limit) or a 0.5% gap."""
    return plan_horizon(load("data"), SAMPLE_WEEKS,
                        options=SolveOptions(solver="scip", time_limit_s=600,
                                             relative_gap=0.005, node_limit=100))


def net_cost(result: HorizonPlan) -> Decimal:
    """Totals HT of the plans less the stock left at the end that keeps a week, each lot
    at its quantity × value, to the cent (recomputed from the plan's own figures)."""
    cost = sum((p.indicators.total_ht for p in result.plans if p.indicators), Decimal(0))
    last = max(m.date for m in result.plans[-1].menu)
    value = sum((Decimal(str(lot.quantity * lot.unit_cost_ht)).quantize(Decimal("0.01"),
                                                                         ROUND_HALF_UP)
                 for lot in result.week_ends[-1].lots
                 if lot.best_before is None or lot.best_before >= last + dt.timedelta(7)),
                Decimal(0))
    return cost - value


def test_sample_four_weeks_buy_in_bulk_and_save(sample_horizon: HorizonPlan) -> None:
    result = sample_horizon
    assert result.status.has_plan
    alone = result.week_by_week
    assert alone is not None and len(alone.plans) == 4
    # food bought in one week and carried into the next (larger packs, bought once)
    carried = [(w, o) for w, o, _ in result.bulk_lines if w != SAMPLE_WEEKS[-1]]
    assert carried
    assert any(p.stock_used for p in result.plans[1:])
    savings = result.bulk_savings_ht
    assert savings is not None and savings > 0
    assert savings == net_cost(alone) - net_cost(result)
    # within the solver's gap of the best bound
    assert result.solver.gap is not None and result.solver.gap < 0.2


def test_horizon_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["horizon", "data", "--weeks", "2026-w48,2026-w49", "--json", "--solver",
                 "highs", "--time-limit", "20", "--gap", "0.01"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["weeks"] == ["2026-w48", "2026-w49"]
    assert data["bulk_savings_ht"] is not None


def test_horizon_command_refuses_an_unknown_week(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["horizon", "data", "--weeks", "2026-w48,2027-w01"]) == 2
    assert "unknown week" in capsys.readouterr().err

