"""Collection rounds: ``always = true`` makes a round every week, and a round the plan
leaves out is explained (what it would bring, what making it costs, why)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import attrs
import jsonschema  # type: ignore[import-untyped]

from builders import (
    TUESDAY,
    Collection,
    CollectionItem,
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
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import week_problem
from cantine_supply.verification.week import verify
from conftest import ProblemsOf

WEDNESDAY = TUESDAY + dt.timedelta(days=1)
SCHEMA = Path(__file__).resolve().parents[1] / "src/cantine_supply/schema/plan.schema.json"


def _canteen(trip: float, *, always: bool = False, extra_round: bool = False) -> Catalogue:
    """2 kg of carrot on Wednesday (10 covers × 0.2 kg); carrots at 2.00 EUR HT a kg (no
    VAT); a round on Wednesday guarantees 3 kg of free carrots for a ``trip`` EUR trip.
    ``extra_round``: another round (Tuesday's market), marked always, that brings only
    parsley, which no menu uses."""
    carrot = CollectionItem("carrot", guaranteed=3.0, expected=3.0, price_ht=0.0)
    rounds = [Collection(id="epicerie", name="Épicerie", weekday=2, items=[carrot],
                         trip_cost=trip, always=always)]
    if extra_round:
        parsley = CollectionItem("parsley", guaranteed=1.0, expected=1.0)
        rounds.append(Collection(id="marche", name="Marché", weekday=1, items=[parsley],
                                 trip_cost=1.5, always=True))
    return catalogue(
        ingredients=[ingredient("carrot", shelf_life_days=10), ingredient("parsley")],
        recipes=[recipe("carottes", {"carrot": 0.2})],
        suppliers=[supplier("s")],
        offers=[offer("s", "carrot", 1.0, 2.0)],
        weeks=[week({WEDNESDAY: ("carottes", 10)})],
        collections=rounds,
    )


def _solve(cat: Catalogue) -> Plan:
    result = plan(cat)
    assert result.status is PlanStatus.OPTIMAL and result.solver.gap == 0.0
    assert verify(week_problem(cat, "w"), result) == []
    jsonschema.validate(result.to_json(), json.loads(SCHEMA.read_text(encoding="utf-8")))
    return result


def test_a_round_that_does_not_pay_is_skipped_and_explained() -> None:
    """Trip 5.00 EUR against 4.00 EUR of carrots: left out; made, the week costs 1.00 more
    (5.00 for the trip, 4.00 saved), and the plan says so."""
    result = _solve(_canteen(5.0))
    assert result.collections == ()
    assert result.indicators is not None and result.indicators.total_ttc == Decimal("4.00")
    assert result.to_json()["skipped_collections"] == [
        {
            "collection": "epicerie",
            "name": "Épicerie",
            "date": "2026-11-25",
            "trip_cost": 5.0,
            "would_bring": [{"ingredient": "carrot", "quantity": 3.0, "unit": "kg"}],
            "extra_cost": 1.0,
            "basis": "TTC",
            "proven": True,
            "reason": "making it costs 1.00 EUR TTC more (trip 5.00 EUR): what it brings"
            " replaces less than the trip costs",
        }
    ]


def test_always_makes_the_round_and_costs_what_the_explanation_said() -> None:
    skipped = _solve(_canteen(5.0))
    made = _solve(_canteen(5.0, always=True))
    assert [(r.collection, r.date) for r in made.collections] == [("epicerie", WEDNESDAY)]
    assert [(i.ingredient, i.quantity) for i in made.collections[0].items] == [("carrot", 3.0)]
    assert made.orders == ()
    assert made.skipped_collections == ()
    assert skipped.indicators is not None and made.indicators is not None
    extra = skipped.skipped_collections[0].extra_cost
    assert made.indicators.total_ttc - skipped.indicators.total_ttc == extra == Decimal("1.00")


def test_a_round_that_pays_is_made_without_always() -> None:
    result = _solve(_canteen(1.0))
    assert [r.collection for r in result.collections] == ["epicerie"]
    assert result.skipped_collections == ()


def test_an_always_round_that_brings_nothing_used_is_still_made_and_paid() -> None:
    result = _solve(_canteen(1.0, extra_round=True))
    runs = {r.collection: r for r in result.collections}
    assert set(runs) == {"epicerie", "marche"}
    assert runs["marche"].items == () and runs["marche"].trip_cost == Decimal("1.50")
    assert result.indicators is not None and result.indicators.trips == Decimal("2.50")


def test_the_verifier_refuses_a_plan_without_an_always_round() -> None:
    cat = _canteen(5.0, always=True)
    result = _solve(cat)
    without = attrs.evolve(result, collections=())
    failures = verify(week_problem(cat, "w"), without)
    assert "collection epicerie is marked always but not made on 2026-11-25" in failures


def test_always_is_read_from_collections_toml(problems_of: ProblemsOf) -> None:
    from conftest import VALID_FILES

    text = VALID_FILES["collections.toml"].replace(
        'labels = ["BIO"]', 'labels = ["BIO"]\nalways = "oui"'
    )
    assert problems_of({"collections.toml": text}, base=VALID_FILES) == [
        "collections.toml:8: collection[1].always: expected true or false, got 'oui'"
    ]


def test_the_console_and_the_report_say_why_a_round_was_left_out() -> None:
    import io

    from cantine_supply.cli.display import print_plan
    from cantine_supply.report.details import skipped_round_text
    from cantine_supply.report.i18n import Texts

    result = _solve(_canteen(5.0))
    out = io.StringIO()
    print_plan(result, out)
    assert (
        "Not collected Wed 25 Nov: Épicerie: making it costs 1.00 EUR TTC more (trip 5.00"
        " EUR): what it brings replaces less than the trip costs\n"
    ) in out.getvalue()
    skipped = result.skipped_collections[0]
    assert skipped_round_text(skipped, Texts("fr")) == (
        "Non faite\u00a0: Épicerie, mer. 25 nov.\u00a0: la faire coûterait 1,00\u202f€ TTC de"
        " plus (trajet 5,00\u202f€)\u00a0: ce qu'elle apporte remplace moins que le coût du"
        " trajet."
    )
