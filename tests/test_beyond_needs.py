"""What a plan buys beyond the menus' needs, and why: one small week per reason, each
solved to gap 0, its plan verified and its JSON checked against the schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]

from builders import (
    TUESDAY,
    PriceTier,
    Targets,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
    week,
)
from cantine_supply.model import Catalogue, Label
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.planning.week import plan
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import week_problem
from cantine_supply.verification.week import verify

SCHEMA = Path(__file__).resolve().parents[1] / "src/cantine_supply/schema/plan.schema.json"


def _carrots(per_cover: float, **supplier_kw: Any) -> Catalogue:
    """10 covers on Tuesday, ``per_cover`` kg of carrot each; 1 kg packs at 2.00 EUR HT."""
    tiers = supplier_kw.pop("tiers", ())
    return catalogue(
        ingredients=[ingredient("carrot")],
        recipes=[recipe("dish", {"carrot": per_cover})],
        suppliers=[supplier("s", **supplier_kw)],
        offers=[offer("s", "carrot", 1.0, 2.0, tiers=tiers)],
        weeks=[week()],
    )


def _beyond(cat: Catalogue) -> list[dict[str, Any]]:
    result: Plan = plan(cat)
    assert result.status is PlanStatus.OPTIMAL and result.solver.gap == 0.0
    assert verify(week_problem(cat, "w"), result) == []
    data = result.to_json()
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return [
        {k: b[k] for k in ("offer", "packs", "packs_needed", "extra_packs", "quantity",
                           "reasons")}
        for b in data["bought_beyond_needs"]
    ]


def test_what_is_left_of_the_last_pack_is_due_to_the_pack_size() -> None:
    # 1.5 kg needed: 2 packs, 0.5 kg left of the second
    assert _beyond(_carrots(0.15)) == [
        {"offer": "s/carrot-1", "packs": 2, "packs_needed": 2, "extra_packs": 0,
         "quantity": 0.5, "reasons": ["pack_size"]}
    ]


def test_nothing_beyond_when_packs_fit_the_need() -> None:
    assert _beyond(_carrots(0.2)) == []


def test_packs_bought_to_reach_the_minimum_order() -> None:
    # 1 kg needed, but the supplier takes orders from 20.00 EUR HT: 10 packs
    assert _beyond(_carrots(0.1, min_order_ht=20.0)) == [
        {"offer": "s/carrot-1", "packs": 10, "packs_needed": 1, "extra_packs": 9,
         "quantity": 9.0, "reasons": ["minimum_order"]}
    ]


def test_packs_bought_for_free_delivery() -> None:
    # 1 pack + a 10.00 fee (12.00) costs more than 5 packs delivered free (10.00)
    assert _beyond(_carrots(0.1, delivery_fee_ht=10.0, free_delivery_from_ht=10.0)) == [
        {"offer": "s/carrot-1", "packs": 5, "packs_needed": 1, "extra_packs": 4,
         "quantity": 4.0, "reasons": ["free_delivery"]}
    ]


def test_packs_bought_for_a_price_tier() -> None:
    # 1 pack at 2.00, or 5 packs at 0.30 (1.50): the tier pays
    cat = _carrots(0.1, tiers=[PriceTier(min_packs=5, price_ht=0.30)])
    assert _beyond(cat) == [
        {"offer": "s/carrot-1", "packs": 5, "packs_needed": 1, "extra_packs": 4,
         "quantity": 4.0, "reasons": ["tier"]}
    ]


def test_packs_bought_to_reach_a_share_target() -> None:
    """10 kg of conventional lentils (6.00 EUR) and 0.1 kg of organic parsley, whose 1 kg
    bunches cost 3.00: an organic share of 50% by value needs 2 bunches (6.00 against
    6.00; one makes 33%), one of them beyond the need. (The supplier's 3.00 minimum order
    leaves the model room for one pack more than the need: ``problem.most_packs``.)"""
    cat = catalogue(
        ingredients=[ingredient("lentils"), ingredient("parsley")],
        recipes=[recipe("dish", {"lentils": 1.0, "parsley": 0.01})],
        suppliers=[supplier("s", min_order_ht=3.0)],
        offers=[offer("s", "lentils", 10.0, 6.0),
                offer("s", "parsley", 1.0, 3.0, labels=[Label.BIO])],
        weeks=[week(targets=Targets(organic_share=0.5))],
    )
    assert _beyond(cat) == [
        {"offer": "s/parsley-1", "packs": 2, "packs_needed": 1, "extra_packs": 1,
         "quantity": 1.9, "reasons": ["organic_share", "pack_size"]}
    ]


def test_the_sample_week_buys_nothing_beyond_its_packs() -> None:
    """In the sample week every line's extra is what is left of its last pack."""
    from cantine_supply import load

    result = plan(load(Path(__file__).resolve().parents[1] / "data"), "2026-w48")
    assert result.bought_beyond_needs
    assert {b.reasons for b in result.bought_beyond_needs} == {("pack_size",)}
    assert all(b.extra_packs == 0 for b in result.bought_beyond_needs)
    assert TUESDAY in {b.date for b in result.bought_beyond_needs}


def test_the_tradeoff_marks_the_points_reached_by_over_buying() -> None:
    from cantine_supply.planning.tradeoff import tradeoff

    cat = catalogue(
        ingredients=[ingredient("lentils"), ingredient("parsley")],
        recipes=[recipe("dish", {"lentils": 1.0, "parsley": 0.01})],
        suppliers=[supplier("s", min_order_ht=3.0)],
        offers=[offer("s", "lentils", 10.0, 6.0),
                offer("s", "parsley", 1.0, 3.0, labels=[Label.BIO])],
        weeks=[week()],
    )
    curve = tradeoff(cat, "w", target="organic", steps=2, up_to=0.5)
    marks = [(round(p.value or 0.0, 4), p.over_buying) for p in curve.points]
    assert marks[0] == (0.3333, False) and marks[-1] == (0.5, True)
    assert [p["over_buying"] for p in curve.to_json()["points"]] == [m for _, m in marks]


def test_the_report_says_what_was_bought_beyond_the_menus_and_why() -> None:
    from cantine_supply.report.details import beyond_needs_text
    from cantine_supply.report.i18n import Texts
    from cantine_supply.report.weekly import weekly_report_html

    cat = _carrots(0.15, min_order_ht=20.0)  # 1.5 kg needed: 2 packs, 8 more for the minimum
    result = plan(cat)
    problem = week_problem(cat, "w")
    assert beyond_needs_text(problem, result, Texts("en")) == (
        "Bought beyond the menus: 8 pack(s) of carrot (Tue 24 Nov), for the supplier's"
        " minimum order."
    )
    assert beyond_needs_text(problem, plan(_carrots(0.15)), Texts("fr")) == (
        "Aucun colis acheté au-delà des besoins des menus. 1 ligne(s) ne laissent que le"
        " reste de leur dernier colis."
    )
    html = weekly_report_html(problem, result, Texts("en"))
    assert ("Bought beyond the menus: 8 pack(s) of carrot (Tue 24 Nov), for the supplier&#39;s"
            " minimum order.") in html


def test_the_verifier_recomputes_what_is_bought_beyond_the_needs() -> None:
    import attrs

    cat = _carrots(0.15, min_order_ht=20.0)
    result = plan(cat)
    problem = week_problem(cat, "w")
    bought = result.bought_beyond_needs[0]
    assert verify(problem, attrs.evolve(result, bought_beyond_needs=())) == [
        "bought beyond needs of carrot delivered 2026-11-24: listed 0, recomputed 8.5"
    ]
    wrong = attrs.evolve(bought, packs_needed=1, reasons=())
    assert verify(problem, attrs.evolve(result, bought_beyond_needs=(wrong,))) == [
        "bought beyond needs s/carrot-1 on 2026-11-24: 1 packs needed for 1.5 kg served",
        "bought beyond needs s/carrot-1 on 2026-11-24: extra packs without a reason",
    ]
