"""Small hand-made weeks whose optimum is worked out by hand (in each docstring)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from builders import (
    TUESDAY,
    Budget,
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
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.planning.week import plan
from cantine_supply.problem.week import week_problem
from cantine_supply.verification.week import verify

THURSDAY = TUESDAY + dt.timedelta(days=2)


def carrots(per_cover: float = 0.25, **week_kw: object) -> dict[str, object]:
    """10 covers × ``per_cover`` kg of carrots on Tuesday."""
    return dict(
        ingredients=[ingredient("carrot")],
        recipes=[recipe("dish", {"carrot": per_cover})],
        weeks=[week(**week_kw)],
    )  # type: ignore[arg-type]


def bought(p) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {line.offer: line.packs for o in p.orders for line in o.lines}


def solve(c, week_id: str = "w"):  # type: ignore[no-untyped-def]
    result = plan(c, week_id)
    assert result.status is PlanStatus.OPTIMAL
    assert verify(week_problem(c, week_id), result) == []
    return result


def test_pack_rounding_prefers_small_packs_when_cheaper() -> None:
    """Need 2.5 kg: 3 × 1 kg at 2.00 = 6.00 beats 1 × 5 kg at 8.00."""
    c = catalogue(
        suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0), offer("a", "carrot", 5, 8.0)],
        **carrots(),
    )
    p = solve(c)
    assert bought(p) == {"a/carrot-1": 3}
    assert p.indicators.total_ht == Decimal("6.00")


def test_pack_rounding_prefers_big_pack_when_cheaper() -> None:
    """Need 4.5 kg: 5 × 1 kg = 10.00, but 1 × 5 kg = 8.00."""
    c = catalogue(
        suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0), offer("a", "carrot", 5, 8.0)],
        **carrots(0.45),
    )
    p = solve(c)
    assert bought(p) == {"a/carrot-5": 1}
    assert p.indicators.total_ht == Decimal("8.00")
    assert p.leftovers[0].quantity == pytest.approx(0.5)


def test_minimum_order_forces_a_switch_of_supplier() -> None:
    """Need 10 kg: A sells at 1.00/kg but only from 50.00; B at 1.50/kg, no minimum.
    10 kg from A is below the minimum, 50 kg from A costs 50.00, B costs 15.00."""
    c = catalogue(
        suppliers=[supplier("a", min_order_ht=50.0), supplier("b")],
        offers=[offer("a", "carrot", 1, 1.0), offer("b", "carrot", 1, 1.5)],
        **carrots(1.0),
    )
    p = solve(c)
    assert bought(p) == {"b/carrot-1": 10}
    assert p.indicators.total_ht == Decimal("15.00")


def test_free_delivery_threshold_makes_an_extra_pack_worth_buying() -> None:
    """Need 2.5 kg at 9.00 a 1 kg pack, fee 10.00 unless the order reaches 30.00:
    3 packs = 27.00 + 10.00 fee = 37.00; 4 packs = 36.00, delivered free."""
    c = catalogue(
        suppliers=[supplier("a", delivery_fee_ht=10.0, free_delivery_from_ht=30.0)],
        offers=[offer("a", "carrot", 1, 9.0)],
        **carrots(),
    )
    p = solve(c)
    assert bought(p) == {"a/carrot-1": 4}
    assert p.orders[0].delivery_fee_ht == Decimal("0.00")
    assert p.indicators.total_ht == Decimal("36.00")


def test_fee_is_paid_when_the_threshold_is_not_worth_reaching() -> None:
    """Fee 5.00: 3 packs + fee = 32.00 beats 4 packs = 36.00."""
    c = catalogue(
        suppliers=[supplier("a", delivery_fee_ht=5.0, free_delivery_from_ht=30.0)],
        offers=[offer("a", "carrot", 1, 9.0)],
        **carrots(),
    )
    p = solve(c)
    assert bought(p) == {"a/carrot-1": 3}
    assert p.orders[0].delivery_fee_ht == Decimal("5.00")
    assert p.indicators.total_ht == Decimal("32.00")


def test_discount_tier_makes_buying_more_cheaper() -> None:
    """Need 8 kg: 8 × 2.00 = 16.00; from 10 packs every pack is 1.50: 10 × 1.50 = 15.00."""
    c = catalogue(
        suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0, tiers=[PriceTier(10, 1.5)])],
        **carrots(0.8),
    )
    p = solve(c)
    assert bought(p) == {"a/carrot-1": 10}
    assert p.orders[0].lines[0].price_per_pack_ht == 1.5
    assert p.indicators.total_ht == Decimal("15.00")


def test_discount_tier_not_taken_when_not_worth_it() -> None:
    """Need 5 kg: 5 × 2.00 = 10.00 against 10 × 1.50 = 15.00."""
    c = catalogue(
        suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0, tiers=[PriceTier(10, 1.5)])],
        **carrots(0.5),
    )
    p = solve(c)
    assert bought(p) == {"a/carrot-1": 5}
    assert p.indicators.total_ht == Decimal("10.00")


def _collection(trip_cost: float) -> Collection:
    return Collection(
        id="shop",
        name="Biocoop",
        weekday=1,
        trip_cost=trip_cost,
        items=[CollectionItem("carrot", guaranteed=4.0, expected=6.0)],
        labels=["BIO"],
    )


def test_collection_trip_worth_making() -> None:
    """Need 5 kg: buying costs 5 × 2.00 = 10.00; a 3.00 trip brings 4 kg free, then
    1 kg is bought: 3.00 + 2.00 = 5.00."""
    c = catalogue(
        suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0)],
        collections=[_collection(3.0)],
        **carrots(0.5),
    )
    p = solve(c)
    assert [r.collection for r in p.collections] == ["shop"]
    assert p.collections[0].items[0].quantity == pytest.approx(4.0)
    assert bought(p) == {"a/carrot-1": 1}
    assert p.indicators.total_ht == Decimal("5.00")


def test_collection_trip_not_worth_making() -> None:
    """A 9.00 trip saves 4 × 2.00 = 8.00 of purchases: not worth it (10.00 < 11.00)."""
    c = catalogue(
        suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0)],
        collections=[_collection(9.0)],
        **carrots(0.5),
    )
    p = solve(c)
    assert p.collections == ()
    assert bought(p) == {"a/carrot-1": 5}
    assert p.indicators.total_ht == Decimal("10.00")


def test_stock_used_before_buying() -> None:
    """2 kg in stock, need 2.5 kg: buy one 1 kg pack (2.00), use the stock."""
    c = catalogue(
        suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0)],
        stock=[StockLot("carrot", 2.0, best_before=TUESDAY)],
        **carrots(),
    )
    p = solve(c)
    assert bought(p) == {"a/carrot-1": 1}
    assert p.stock_used[0].quantity == pytest.approx(2.0)


def test_stock_past_its_best_before_date_is_not_used() -> None:
    """The stock expires the day before the service: buy all 3 packs."""
    c = catalogue(
        suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0)],
        stock=[StockLot("carrot", 2.0, best_before=TUESDAY - dt.timedelta(days=1))],
        **carrots(),
    )
    p = solve(c)
    assert bought(p) == {"a/carrot-1": 3}
    assert p.stock_used == ()


def test_share_target_changes_the_choice_of_offer() -> None:
    """Need 2 kg: conventional 2.00/kg, organic 3.00/kg. Without a target: 4.00. With 50%
    organic by value: 1 organic + 1 conventional = 5.00 (share 3/5 = 60%), cheaper than 2
    organic (6.00)."""
    offers = [
        offer("a", "carrot", 1, 2.0, id="a/conv"),
        offer("a", "carrot", 1, 3.0, id="a/bio", labels=["BIO"]),
    ]
    free = solve(catalogue(suppliers=[supplier("a")], offers=offers, **carrots(0.2)))
    assert bought(free) == {"a/conv": 2}
    c = catalogue(
        suppliers=[supplier("a")], offers=offers, **carrots(0.2, targets=Targets(organic_share=0.5))
    )
    p = solve(c)
    assert bought(p) == {"a/conv": 1, "a/bio": 1}
    assert p.indicators.total_ht == Decimal("5.00")
    assert p.indicators.shares_by_value["organic_share"] == pytest.approx(0.6)


def test_delivery_only_on_the_suppliers_weekdays_and_after_lead_time() -> None:
    """A (cheap) delivers on Wednesdays only, too late for Tuesday's lunch; B delivers."""
    c = catalogue(
        suppliers=[supplier("a", delivery_weekdays=(2,)), supplier("b")],
        offers=[offer("a", "carrot", 1, 1.0), offer("b", "carrot", 1, 2.0)],
        **carrots(),
    )
    p = solve(c)
    assert bought(p) == {"b/carrot-1": 3}
    slow = catalogue(
        suppliers=[supplier("a", lead_time_days=2), supplier("b")],
        offers=[offer("a", "carrot", 1, 1.0), offer("b", "carrot", 1, 2.0)],
        **carrots(),
    )
    assert bought(solve(slow)) == {"b/carrot-1": 3}


def test_perishable_is_delivered_for_each_service() -> None:
    """Bread keeps one day: Tuesday's and Thursday's bread come in two deliveries."""
    c = catalogue(
        ingredients=[ingredient("bread", shelf_life_days=1, family="BOULANGERIE")],
        recipes=[recipe("dish", {"bread": 0.1})],
        suppliers=[supplier("bakery")],
        offers=[offer("bakery", "bread", 1, 3.0)],
        weeks=[week({TUESDAY: ("dish", 10), THURSDAY: ("dish", 10)})],
    )
    p = solve(c)
    assert [(o.delivery_date, o.lines[0].packs) for o in p.orders] == [(TUESDAY, 1), (THURSDAY, 1)]


def test_budget_too_small_is_infeasible() -> None:
    """The cheapest plan costs 6.00; a budget of 5.00 cannot be met."""
    c = catalogue(
        suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0)],
        **carrots(budget=Budget(5.0)),
    )
    p = plan(c, "w")
    assert p.status is PlanStatus.INFEASIBLE
    assert p.orders == () and not p.targets_met


def test_budget_per_cover_and_ttc() -> None:
    """3 packs at 2.00 HT with 5.5% VAT: 6.33 TTC; 0.64 per cover for 10 covers is enough,
    0.63 is not."""
    o = [offer("a", "carrot", 1, 2.0, vat_rate=0.055)]
    ok = plan(
        catalogue(
            suppliers=[supplier("a")], offers=o, **carrots(budget=Budget(0.64, per_cover=True))
        ),
        "w",
    )
    assert ok.status is PlanStatus.OPTIMAL
    assert ok.indicators.total_ttc == Decimal("6.33")
    tight = plan(
        catalogue(
            suppliers=[supplier("a")], offers=o, **carrots(budget=Budget(0.63, per_cover=True))
        ),
        "w",
    )
    assert tight.status is PlanStatus.INFEASIBLE


def test_meat_cap_and_co2_cap_are_met_or_infeasible() -> None:
    """100 g of chicken per cover against a 60 g cap: no plan."""
    c = catalogue(
        ingredients=[
            ingredient("chicken", protein="meat", family="VIANDES_VOLAILLES", co2_kg_per_kg=4.56)
        ],
        recipes=[recipe("dish", {"chicken": 0.1})],
        suppliers=[supplier("a")],
        offers=[offer("a", "chicken", 1, 8.0)],
        weeks=[week(targets=Targets(max_meat_g_per_cover=60))],
    )
    assert plan(c, "w").status is PlanStatus.INFEASIBLE
    c2 = catalogue(
        ingredients=c.ingredients,
        recipes=c.recipes,
        suppliers=c.suppliers,
        offers=c.offers,
        weeks=[week(targets=Targets(max_meat_g_per_cover=100, max_co2_kg_per_cover=0.5))],
    )
    p = solve(c2)
    assert p.indicators.meat_g_per_cover == pytest.approx(100.0)
    assert p.indicators.co2_kg_per_cover == pytest.approx(0.456)


def test_least_co2_objective_makes_a_trip_that_least_cost_would_not() -> None:
    """Collected food counts zero CO2. A 9.00 trip is not worth it for cost (11.00 > 10.00)
    but it cuts CO2 from 5 kg × 1.0 to 1 kg × 1.0 per 10 covers, within a 12.00 budget."""
    c = catalogue(suppliers=[supplier("a")], offers=[offer("a", "carrot", 1, 2.0)],
                  collections=[_collection(9.0)], **carrots(0.5, budget=Budget(12.0)))
    cheapest = plan(c, "w")
    assert cheapest.collections == ()
    greenest = plan(c, "w", objective="co2")
    assert greenest.status is PlanStatus.OPTIMAL
    assert [r.collection for r in greenest.collections] == ["shop"]
    assert greenest.indicators.co2_kg_per_cover == pytest.approx(0.1)
    assert greenest.indicators.total_ht == Decimal("11.00")


def test_greatest_organic_objective_within_budget() -> None:
    """Need 2 kg: conventional 2.00/kg, organic 3.00/kg. Within 5.00: one of each (60%);
    within 6.00: two organic (100%)."""
    offers = [offer("a", "carrot", 1, 2.0, id="a/conv"),
              offer("a", "carrot", 1, 3.0, id="a/bio", labels=["BIO"])]
    tight = plan(catalogue(suppliers=[supplier("a")], offers=offers,
                           **carrots(0.2, budget=Budget(5.0))), "w", objective="organic")
    assert bought(tight) == {"a/conv": 1, "a/bio": 1}
    assert tight.indicators.shares_by_value["organic_share"] == pytest.approx(0.6)
    loose = plan(catalogue(suppliers=[supplier("a")], offers=offers,
                           **carrots(0.2, budget=Budget(6.0))), "w", objective="organic")
    assert bought(loose) == {"a/bio": 2}
