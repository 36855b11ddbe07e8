"""Using up what is there: collected unsold food and stock close to its best-before date
first, and a report of what was collected and not used.

Hand-made canteens: one lunch on Wednesday 2026-11-25 for 10 covers, ordered on Monday 23;
the supplier sells carrots in 1 kg packs at 2.00 EUR HT and delivers from Tuesday.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import attrs
import jsonschema  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

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
from cantine_supply.cli.display import print_plan
from cantine_supply.model import Catalogue
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.serving import serving_ranks
from cantine_supply.optimize.solve import SolveOptions, solve_model
from cantine_supply.optimize.split import split_and_serve_unsold_first
from cantine_supply.planning.week import plan
from cantine_supply.plans.assemble import assemble_plan
from cantine_supply.plans.plan import CollectedNotUsed, Plan
from cantine_supply.problem.lots import lots_of
from cantine_supply.problem.week import week_problem
from cantine_supply.verification.week import verify

WEDNESDAY = TUESDAY + dt.timedelta(days=1)
FRIDAY = TUESDAY + dt.timedelta(days=3)


def _canteen(
    carrot_per_cover: float,
    *,
    collections: list[Collection] | None = None,
    stock: list[StockLot] | None = None,
) -> Catalogue:
    return catalogue(
        ingredients=[ingredient("carrot", shelf_life_days=10)],
        recipes=[recipe("carottes", {"carrot": carrot_per_cover})],
        suppliers=[supplier("s")],
        offers=[offer("s", "carrot", 1.0, 2.0)],
        weeks=[week({WEDNESDAY: ("carottes", 10)})],
        collections=collections or [],
        stock=stock or [],
    )


def _round(guaranteed: float, *, price: float = 0.0, trip: float = 1.0) -> Collection:
    """A round on Wednesday (weekday 2), the service day."""
    item = CollectionItem("carrot", guaranteed=guaranteed, expected=guaranteed, price_ht=price)
    return Collection(id="epicerie", name="Épicerie", weekday=2, items=[item], trip_cost=trip)


def _solve(cat: Catalogue) -> Plan:
    result = plan(cat)
    assert result.status is PlanStatus.OPTIMAL and result.solver.gap == 0.0
    assert verify(week_problem(cat, "w"), result) == []
    return result


def _served_from(result: Plan) -> dict[str, float]:
    out: dict[str, float] = {}
    for s in result.servings:
        where = s.source if s.source != "stock" else f"stock {s.source_ref}"
        out[where] = round(out.get(where, 0.0) + s.quantity, 6)
    return out


def test_free_collected_vegetables_are_used_and_nothing_is_bought() -> None:
    result = _solve(_canteen(0.2, collections=[_round(3.0)]))  # 2 kg needed, 3 collected
    assert result.orders == ()
    assert [(r.collection, r.date) for r in result.collections] == [("epicerie", WEDNESDAY)]
    assert _served_from(result) == {"collection": 2.0}
    assert result.indicators is not None
    assert result.indicators.total_ht == Decimal("1.00")  # the trip only
    # a round that is made takes everything it is guaranteed; what is not served is reported
    assert result.collected_not_used == (
        CollectedNotUsed("epicerie", WEDNESDAY, "carrot", 3.0, 2.0, "kg", waste=False),
    )
    assert result.to_json()["collected_not_used"] == [
        {"collection": "epicerie", "date": "2026-11-25", "ingredient": "carrot",
         "collected": 3.0, "served": 2.0, "left": 1.0, "unit": "kg", "waste": False}
    ]


def test_cheap_collected_vegetables_are_used_before_buying() -> None:
    # 0.50 EUR/kg on the round against 2.00 EUR/kg bought: take what is needed, buy nothing
    result = _solve(_canteen(0.2, collections=[_round(3.0, price=0.5)]))
    assert result.orders == ()
    assert _served_from(result) == {"collection": 2.0}
    assert result.collected_not_used == ()
    assert result.indicators is not None
    assert result.indicators.total_ht == Decimal("2.00")  # trip 1.00 + 2 kg at 0.50


def test_collected_food_is_served_before_bought_food_when_both_are_needed() -> None:
    # 5.5 kg needed, 2 kg collected: 4 packs bought (4 kg); the 2 kg collected are all
    # served and the 0.5 kg over is bought food, although the food delivered on Tuesday
    # expires a day before the food collected on Wednesday.
    result = _solve(_canteen(0.55, collections=[_round(2.0)]))
    assert sum(line.packs for o in result.orders for line in o.lines) == 4
    assert _served_from(result) == {"collection": 2.0, "delivery": 3.5}
    assert result.collected_not_used == ()
    assert [(left.source, left.quantity) for left in result.leftovers] == [("delivery", 0.5)]
    assert result.indicators is not None
    assert result.indicators.total_ht == Decimal("9.00")  # trip 1.00 + 4 packs at 2.00


def test_the_stock_lot_closest_to_its_best_before_date_is_served_first() -> None:
    later = StockLot("carrot", 3.0, best_before=FRIDAY)
    sooner = StockLot("carrot", 3.0, best_before=WEDNESDAY)
    result = _solve(_canteen(0.2, stock=[later, sooner]))  # 2 kg needed
    assert result.orders == ()
    assert _served_from(result) == {"stock 1": 2.0}  # lot 1 keeps until Wednesday only
    assert result.indicators is not None and result.indicators.total_ht == Decimal("0.00")
    # the other way round, the same rule picks the other lot
    result = _solve(_canteen(0.2, stock=[sooner, later]))
    assert _served_from(result) == {"stock 0": 2.0}


def test_serving_ranks_put_unsold_food_first_then_the_soonest_best_before() -> None:
    cat = _canteen(
        0.2,
        collections=[_round(1.0)],
        stock=[StockLot("carrot", 1.0, best_before=FRIDAY),
               StockLot("carrot", 1.0, best_before=WEDNESDAY)],
    )
    problem = week_problem(cat, "w")
    ranks = serving_ranks(problem, lots_of(problem))
    assert ranks == {
        ("carrot", ("stock", 1)): 0,  # best before Wednesday
        ("carrot", ("stock", 0)): 1,  # best before Friday
        ("carrot", ("collection", "epicerie", WEDNESDAY)): 2,  # keeps 10 days: to 4 Dec.
        ("carrot", ("delivery", TUESDAY)): 3,  # to 3 Dec., but bought: after unsold food
        ("carrot", ("delivery", WEDNESDAY)): 4,
    }


def test_serving_first_changes_no_cost() -> None:
    # 5 kg needed, 2.5 kg in two stock lots: both are served in full and the rest is the
    # cheapest whole number of packs; the plan's cost is the optimiser's.
    later = StockLot("carrot", 1.5, best_before=FRIDAY)
    sooner = StockLot("carrot", 1.0, best_before=WEDNESDAY)
    result = _solve(_canteen(0.5, stock=[later, sooner]))  # 5 kg needed, 2.5 in stock
    assert sum(line.packs for o in result.orders for line in o.lines) == 3
    assert result.indicators is not None and result.indicators.total_ht == Decimal("6.00")
    assert _served_from(result) == {"stock 0": 1.5, "stock 1": 1.0, "delivery": 2.5}
    assert result.solver.objective is not None
    assert abs(result.solver.objective - 6.0) < 0.005


def test_the_report_of_collected_food_not_used_is_checked_and_schema_valid() -> None:
    cat = _canteen(0.2, collections=[_round(3.0)])
    result = _solve(cat)
    schema = Path(__file__).resolve().parents[1] / "src/cantine_supply/schema/plan.schema.json"
    jsonschema.validate(result.to_json(), json.loads(schema.read_text(encoding="utf-8")))
    problem = week_problem(cat, "w")
    hidden = attrs.evolve(result, collected_not_used=())
    assert verify(problem, hidden) == [
        "collected and not used ('epicerie', datetime.date(2026, 11, 25), 'carrot'):"
        " reported None, recomputed (3.0, 2.0)"
    ]
    out = io.StringIO()
    print_plan(result, out)
    assert "Collected and not used: 1 kg carrot (Wed)" in out.getvalue()


# --- property: unsold food is used up before bought food is served ---------------------------


@settings(derandomize=True, max_examples=25, deadline=None)
@given(
    per_cover=st.sampled_from([0.15, 0.3, 0.55, 0.8]),
    guaranteed=st.sampled_from([0.0, 0.5, 1.5, 3.0]),
    price=st.sampled_from([0.0, 0.5]),
    lots=st.lists(
        st.tuples(st.sampled_from([0.5, 1.0, 2.0]), st.sampled_from([None, 0, 1, 3])),
        max_size=2,
    ),
)
def test_unsold_food_is_used_up_before_bought_food_is_served(
    per_cover: float, guaranteed: float, price: float, lots: list[tuple[float, int | None]]
) -> None:
    """Lunches on Wednesday and Thursday: whenever bought food serves a day, every stock
    lot or collected lot that could serve it is used up; the serving rule changes no cost
    and no CO2 upwards, and the plan passes the verifier."""
    stock = [StockLot("carrot", qty, best_before=None if days is None
                      else WEDNESDAY + dt.timedelta(days=days)) for qty, days in lots]
    collections = [_round(guaranteed, price=price)] if guaranteed else []
    cat = _canteen(per_cover, collections=collections, stock=stock)
    thursday = WEDNESDAY + dt.timedelta(days=1)
    cat = attrs.evolve(cat, weeks=[week({WEDNESDAY: ("carottes", 10), thursday: ("carottes", 5)})])
    problem = week_problem(cat, "w")
    built = build_model(problem)
    outcome = solve_model(built, SolveOptions())
    assert outcome.status is PlanStatus.OPTIMAL and outcome.decisions is not None
    unserved = split_and_serve_unsold_first(built, outcome, serve=False)
    plain = assemble_plan(problem, unserved.decisions, outcome.status, outcome.report)
    served_first = split_and_serve_unsold_first(built, outcome).decisions
    assert served_first is not None
    result = assemble_plan(problem, served_first, outcome.status, outcome.report)
    assert verify(problem, result) == []
    assert plain.indicators is not None and result.indicators is not None
    assert result.indicators.total_ht == plain.indicators.total_ht
    assert result.indicators.co2_kg_per_cover <= plain.indicators.co2_kg_per_cover + 1e-9
    holds = {("stock", str(i)): lot.quantity for i, lot in enumerate(stock)}
    for run in result.collections:
        for item in run.items:
            holds[("collection", run.collection)] = item.quantity
    given: dict[tuple[str, str], float] = {}
    for s in result.servings:
        if s.source != "delivery":
            given[(s.source, s.source_ref)] = given.get((s.source, s.source_ref), 0.0) + s.quantity
    for s in result.servings:
        if s.source != "delivery":
            continue
        for (kind, ref), held in holds.items():
            usable = (kind == "collection" and s.service_date >= WEDNESDAY) or (
                kind == "stock" and stock[int(ref)].usable_on(s.service_date)
            )
            if usable:
                assert held - given.get((kind, ref), 0.0) <= 1e-6, (kind, ref, s)
