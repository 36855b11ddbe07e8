"""Typed lot keys (problem/lots.py): what the registry, read-back, assembly and verifier
key each lot by."""

from __future__ import annotations

import datetime as dt

import attrs

from builders import (
    TUESDAY,
    Collection,
    CollectionItem,
    StockLot,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
    week,
)
from cantine_supply.model import Catalogue
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.planning.week import plan
from cantine_supply.problem.lots import (
    CollectionKey,
    DeliveryKey,
    StockKey,
    lot_key,
    lots_of,
)
from cantine_supply.problem.week import week_problem
from cantine_supply.verification.week import verify

WEDNESDAY = TUESDAY + dt.timedelta(days=1)


def _canteen() -> Catalogue:
    item = CollectionItem("carrot", guaranteed=1.0, expected=1.0, price_ht=0.0)
    return catalogue(
        ingredients=[ingredient("carrot", shelf_life_days=10)],
        recipes=[recipe("carottes", {"carrot": 0.3})],
        suppliers=[supplier("s")],
        offers=[offer("s", "carrot", 1.0, 2.0)],
        weeks=[week({WEDNESDAY: ("carottes", 10)})],
        collections=[Collection(id="epicerie", name="Épicerie", weekday=2, items=[item],
                                trip_cost=0.1)],
        stock=[StockLot("carrot", 1.0, best_before=WEDNESDAY)],
    )


def test_each_kind_of_lot_has_its_own_key_that_names_its_parts() -> None:
    problem = week_problem(_canteen(), "w")
    keys = {lot.key for lot in lots_of(problem)}
    assert keys == {
        StockKey("stock", 0),
        CollectionKey("collection", "epicerie", WEDNESDAY),
        DeliveryKey("delivery", TUESDAY),
        DeliveryKey("delivery", WEDNESDAY),
    }
    for lot in lots_of(problem):
        assert lot.kind == lot.key.kind
    stock = StockKey("stock", 0)
    assert (stock.kind, stock.stock_index) == ("stock", 0)
    assert stock == ("stock", 0)  # compares and hashes like the tuple it stands for
    assert hash(CollectionKey("collection", "epicerie", WEDNESDAY)) == hash(
        ("collection", "epicerie", WEDNESDAY))


def test_every_serving_of_a_plan_names_a_lot_of_the_week_by_its_key() -> None:
    cat = _canteen()
    result = plan(cat)
    assert result.status is PlanStatus.OPTIMAL
    problem = week_problem(cat, "w")
    keys = {(lot.ingredient, lot.key) for lot in lots_of(problem)}
    sources = {(s.ingredient, lot_key(s.source, s.source_ref, s.source_date))
               for s in result.servings}
    assert sources <= keys
    assert ("carrot", StockKey("stock", 0)) in sources  # unsold food first
    assert ("carrot", CollectionKey("collection", "epicerie", WEDNESDAY)) in sources


def test_the_verifier_names_a_lot_that_serves_more_than_it_holds() -> None:
    cat = _canteen()
    result = plan(cat)
    problem = week_problem(cat, "w")
    assert verify(problem, result) == []
    servings = tuple(attrs.evolve(s, quantity=s.quantity + 0.5) if s.source == "stock" else s
                     for s in result.servings)
    findings = verify(problem, attrs.evolve(result, servings=servings))
    assert any(f.startswith("stock lot 0 (carrot): serves 1.5") for f in findings), findings
