"""Diagnosis of infeasible weeks: each hand-made week misses one thing, worked out by hand.

Every week is one lunch on Tuesday 24 Nov 2026 for 10 covers (builders.py); VAT is 0, so
HT and TTC agree. The budget gives way in the diagnosis, which considers every plan up to
100 EUR a cover (1000.00 EUR, or the budget when larger): extra packs bought to raise a
share are among them, and a share a week cannot reach whatever is bought comes from an
offer's own weekly limit (``max_packs``) or a missing offer. Default weights: budget
100 per point, organic 10, local 1 (a point: 1% of the budget, or 1% of the cheapest
plan's purchases for a share).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from builders import (
    MONDAY,
    TUESDAY,
    Budget,
    Targets,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
    week,
)
from cantine_supply.cli.main import main
from cantine_supply.model import Locality, MenuCourse, Service, Week
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.planning.diagnose import DiagnosisWeights, diagnose
from cantine_supply.planning.week import plan
from cantine_supply.problem.week import week_problem

LOCAL = Locality("DEPARTEMENT")


def lines(c, weights: DiagnosisWeights | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    result = plan(c, "w", weights=weights)
    assert result.status is PlanStatus.INFEASIBLE
    assert result.orders == () and result.servings == ()
    return [d["message"] for d in result.diagnosis]


def carrots(per_cover: float, offers: list, suppliers: list, **week_kw: object):  # type: ignore[no-untyped-def]
    return catalogue(ingredients=[ingredient("carrot")],
                     recipes=[recipe("dish", {"carrot": per_cover})],
                     suppliers=suppliers, offers=offers, weeks=[week(**week_kw)])  # type: ignore[arg-type]


def test_budget_below_the_cheapest_plan() -> None:
    """Need 10 × 0.25 = 2.5 kg: 3 packs of 1 kg at 2.00 = 6.00, against a budget of 5.00."""
    c = carrots(0.25, [offer("a", "carrot", 1, 2.0)], [supplier("a")], budget=Budget(5.0))
    result = plan(c, "w")
    assert [d["message"] for d in result.diagnosis] == [
        "budget 5.00 EUR TTC is below the cheapest possible plan, 6.00 EUR TTC, even ignoring"
        " every target (+1.00 EUR)"
    ]
    item = result.diagnosis[0]
    assert (item["target"], item["limit"], item["best"], item["needed_budget"]) == (
        "budget", 5.0, 6.0, 6.0)
    assert "cheapest plan ignoring the budget and every target: 6.00 EUR TTC" in result.messages


def test_organic_needs_more_money_than_the_budget() -> None:
    """Need 4 kg: conventional 2.00, organic 3.00 a 1 kg pack; 50% organic; budget 9.00.

    Organic 50% by value: b organic packs, 3b >= 0.5 (3b + 2 (4 - b)) -> b >= 1.6 -> 2 packs:
    6.00 + 4.00 = 10.00 (share 60%). Within 9.00: 1 organic + 3 conventional = 9.00, share
    3/9 = 33.3% (shortfall 0.5 × 9 − 3 = 1.50 EUR = 18.75 points × 10 = 187.5), better than
    no organic (4.00 EUR short, 500) or 10.00 (1.00 over a 0.09 point: 1111).
    """
    c = carrots(0.4, [offer("a", "carrot", 1, 2.0, id="a/conv"),
                      offer("a", "carrot", 1, 3.0, id="a/bio", labels=["BIO"])],
                [supplier("a")], budget=Budget(9.0), targets=Targets(organic_share=0.5))
    result = plan(c, "w")
    assert [d["message"] for d in result.diagnosis] == [
        "organic 50% not reachable within 9.00 EUR TTC: best 33.3%; reaching 50% needs"
        " 10.00 EUR TTC (+1.00 EUR)"
    ]
    item = result.diagnosis[0]
    assert item["best"] == pytest.approx(1 / 3)
    assert item["needed_budget"] == 10.0
    assert ("closest plan (targets relaxed by weight; not a plan to order): 9.00 EUR TTC"
            " (0.90 per cover), organic 33.3%") in result.messages


def test_organic_target_with_an_ingredient_that_has_no_organic_offer() -> None:
    """Carrots 2 kg (conventional 2.00, organic 3.00 a kg, at most 2 organic packs a week)
    and leeks 1 kg (conventional 4.00 only); 80% organic. The most organic plan: 2 organic
    carrots 6.00 + leeks 4.00, 6/10 = 60%, whatever the budget (20.00 is plenty)."""
    c = catalogue(
        ingredients=[ingredient("carrot"), ingredient("leek")],
        recipes=[recipe("dish", {"carrot": 0.2, "leek": 0.1})], suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0, id="a/conv"),
                offer("a", "carrot", 1, 3.0, id="a/bio", labels=["BIO"], max_packs=2),
                offer("a", "leek", 1, 4.0)],
        weeks=[week(budget=Budget(20.0), targets=Targets(organic_share=0.8))])
    result = plan(c, "w")
    assert [d["message"] for d in result.diagnosis] == [
        "organic 80% not reachable by any plan up to 1000.00 EUR TTC:"
        " at most 60.0% (no organic offer for leek)"
    ]
    assert result.diagnosis[0]["bound"] == pytest.approx(0.6)
    assert result.diagnosis[0]["needed_budget"] is None


def test_a_share_needing_an_extra_pack_in_the_diagnosis() -> None:
    """Issue 15's example. Carrots 3 kg (organic only, 2.00 a 1 kg pack: 3 packs cover the
    need) and leeks 1 kg (conventional only, 6.00): organic 55% by value, budget 13.00.

    Covering the need: 6.00 / 12.00 = 50.0%. A 4th organic pack, bought for the share
    alone: 8.00 / 14.00 = 57.1% >= 55%, for 14.00. The diagnosis must not say "at most
    50.0%" (the share capped on the need): 55% needs 14.00, one euro over the budget. The
    closest plan keeps 3 packs (0.60 EUR short of 55% of 12.00 = 5 points × 10 = 50,
    against 1.00 over a 0.13 budget point: 769)."""
    c = catalogue(
        ingredients=[ingredient("carrot"), ingredient("leek")],
        recipes=[recipe("dish", {"carrot": 0.3, "leek": 0.1})], suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0, id="a/bio", labels=["BIO"]),
                offer("a", "leek", 1, 6.0)],
        weeks=[week(budget=Budget(13.0), targets=Targets(organic_share=0.55))])
    result = plan(c, "w")
    assert [d["message"] for d in result.diagnosis] == [
        "organic 55% not reachable within 13.00 EUR TTC: best 50.0%; reaching 55% needs"
        " 14.00 EUR TTC (+1.00 EUR)"
    ]
    assert result.diagnosis[0]["needed_budget"] == 14.0
    assert plan(c, "w", budget=Budget(14.0)).indicators.shares_by_value[  # type: ignore[union-attr]
        "organic_share"] == pytest.approx(8 / 14)


def test_a_share_beyond_the_need_is_bounded_by_the_plans_considered() -> None:
    """The same week at 90% organic: 2n / (2n + 6) >= 0.9 takes n >= 27 organic packs,
    60.00 EUR; with no weekly limit on the packs every share below 100% is reachable by
    some plan, so the diagnosis says what it costs, not "at most 50.0%"."""
    c = catalogue(
        ingredients=[ingredient("carrot"), ingredient("leek")],
        recipes=[recipe("dish", {"carrot": 0.3, "leek": 0.1})], suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0, id="a/bio", labels=["BIO"]),
                offer("a", "leek", 1, 6.0)],
        weeks=[week(budget=Budget(13.0), targets=Targets(organic_share=0.9))])
    result = plan(c, "w")
    assert [d["message"] for d in result.diagnosis] == [
        "organic 90% not reachable within 13.00 EUR TTC: best 50.0%; reaching 90% needs"
        " 60.00 EUR TTC (+47.00 EUR)"
    ]


def test_meat_cap_with_a_fixed_meat_menu() -> None:
    """100 g of chicken per cover against a 60 g cap: only the menu can change that."""
    c = catalogue(
        ingredients=[ingredient("chicken", protein="meat", family="VIANDES_VOLAILLES")],
        recipes=[recipe("dish", {"chicken": 0.1})], suppliers=[supplier("a")],
        offers=[offer("a", "chicken", 1, 8.0)],
        weeks=[week(budget=Budget(100.0), targets=Targets(max_meat_g_per_cover=60))])
    result = plan(c, "w")
    assert [d["message"] for d in result.diagnosis] == [
        "meat 60 g per cover cannot be met: the menus serve 100.0 g of meat per cover"
        " (chicken 100.0 g) whatever is bought; only a change of menu can meet it"
    ]
    assert result.diagnosis[0]["best"] == pytest.approx(100.0)


def test_co2_cap_below_what_the_menus_emit() -> None:
    """100 g of chicken per cover at 4.56 kg CO2e per kg: 0.456 kg per cover whatever is
    bought (no collection to bring it down), against a cap of 0.3."""
    c = catalogue(
        ingredients=[ingredient("chicken", protein="meat", family="VIANDES_VOLAILLES",
                                co2_kg_per_kg=4.56)],
        recipes=[recipe("dish", {"chicken": 0.1})], suppliers=[supplier("a")],
        offers=[offer("a", "chicken", 1, 8.0)],
        weeks=[week(targets=Targets(max_co2_kg_per_cover=0.3))])
    result = plan(c, "w")
    assert [d["message"] for d in result.diagnosis] == [
        "CO2 0.3 kg CO2e per cover not reachable by any plan up to 1000.00 EUR TTC:"
        " at least 0.456 kg per"
        " cover with these menus; best 0.456 kg"
    ]
    assert result.diagnosis[0]["bound"] == pytest.approx(0.456)


def test_meat_cap_whichever_candidate_is_chosen() -> None:
    """The main is chicken (100 g per cover) or beef (80 g): at least 80 g against 60."""
    meat = {"protein": "meat", "family": "VIANDES_VOLAILLES"}
    services = [Service(date=TUESDAY, covers=10,
                        courses=[MenuCourse(course="main", recipes=["poulet", "boeuf"])])]
    c = catalogue(
        ingredients=[ingredient("chicken", **meat), ingredient("beef", **meat)],
        recipes=[recipe("poulet", {"chicken": 0.1}), recipe("boeuf", {"beef": 0.08})],
        suppliers=[supplier("a")],
        offers=[offer("a", "chicken", 1, 8.0), offer("a", "beef", 1, 12.0)],
        weeks=[Week(id="w", name="w", order_date=MONDAY, services=services,
                    targets=Targets(max_meat_g_per_cover=60))])
    assert lines(c) == [
        "meat 60 g per cover cannot be met: whichever candidate recipes are chosen, the menus"
        " serve at least 80.0 g of meat per cover; only a change of menu can meet it"
    ]


def colliding_shares(budget: float = 40.0):  # type: ignore[no-untyped-def]
    """Need 10 kg of carrots, 1 kg packs: organic (not local) 3.00, local (not organic) 2.00,
    conventional 1.00; 60% organic and 60% local by value.

    Organic alone: 3b >= 0.6 (3b + c) with b + c = 10 -> 3b >= 10 -> b = 4: 12 + 6 = 18.00.
    Local alone: 2l >= 0.6 (2l + c) -> 7l >= 30 -> l = 5: 10 + 5 = 15.00.
    Together: 3b + 2l >= 1.2 (3b + 2l + c) is impossible: no budget meets both.
    """
    return catalogue(
        ingredients=[ingredient("carrot")], recipes=[recipe("dish", {"carrot": 1.0})],
        suppliers=[supplier("bio"), supplier("loc", local=LOCAL), supplier("cheap")],
        offers=[offer("bio", "carrot", 1, 3.0, labels=["BIO"]), offer("loc", "carrot", 1, 2.0),
                offer("cheap", "carrot", 1, 1.0)],
        weeks=[week(budget=Budget(budget),
                    targets=Targets(organic_share=0.6, local_share=0.6))])


def test_two_shares_that_collide_only_together() -> None:
    """Local gives way first (weight 1 against 10). With organic met (3b >= 0.6 T), the
    local shortfall 0.6 T − 2l is least with b = l = 5, c = 0: 25.00, organic 15/25 = 60%,
    local 10/25 = 40%."""
    result = plan(colliding_shares(), "w")
    assert [d["message"] for d in result.diagnosis] == [
        "local 60% not reachable together with organic 60% by any plan up to 1000.00 EUR TTC:"
        " best 40.0%;"
        " local 60% alone needs 15.00 EUR TTC"
    ]
    item = result.diagnosis[0]
    assert item["collides_with"] == ["organic_share"]
    assert item["needed_budget"] is None
    assert item["best"] == pytest.approx(0.4)


def test_weights_decide_which_target_gives_way() -> None:
    """Local weighs 20, organic 10: organic gives way. With local met (2l >= 0.6 T, so
    l >= 2.25 b when c = 0), the organic shortfall 1.2 (l − b) is least at b = 3, l = 7:
    23.00, organic 9/23 = 39.1%."""
    messages = lines(colliding_shares(), DiagnosisWeights(local_share=20.0))
    assert messages == [
        "organic 60% not reachable together with local 60% by any plan up to 1000.00 EUR TTC:"
        " best 39.1%;"
        " organic 60% alone needs 18.00 EUR TTC"
    ]


def test_several_targets_missed_for_want_of_money() -> None:
    """Carrots 1 kg (conventional 1.00 or organic 3.00) and leeks 1 kg (conventional 1.00 or
    local 3.00); 50% organic, 50% local, budget 3.00. Each target alone costs 3 + 1 = 4.00,
    both 3 + 3 = 6.00 (50% each). Within 3.00 only the conventional plan (2.00): each share
    is 1.00 EUR short (50 points; 500 + 50), where 4.00 would be 33 points over budget."""
    c = catalogue(
        ingredients=[ingredient("carrot"), ingredient("leek")],
        recipes=[recipe("dish", {"carrot": 0.1, "leek": 0.1})],
        suppliers=[supplier("cheap"), supplier("bio"), supplier("loc", local=LOCAL)],
        offers=[offer("cheap", "carrot", 1, 1.0), offer("cheap", "leek", 1, 1.0),
                offer("bio", "carrot", 1, 3.0, labels=["BIO"]), offer("loc", "leek", 1, 3.0)],
        weeks=[week(budget=Budget(3.0), targets=Targets(organic_share=0.5, local_share=0.5))])
    assert lines(c) == [
        "organic 50% not reachable within 3.00 EUR TTC: best 0.0%; reaching 50% needs"
        " 4.00 EUR TTC (+1.00 EUR)",
        "local 50% not reachable within 3.00 EUR TTC: best 0.0%; reaching 50% needs"
        " 4.00 EUR TTC (+1.00 EUR)",
        "meeting every target together needs 6.00 EUR TTC (+3.00 EUR)",
    ]


def test_diagnose_alone_on_a_week_problem() -> None:
    problem = week_problem(colliding_shares(), "w")
    found = diagnose(problem)
    assert [i["target"] for i in found.items] == ["local_share"]


def test_weights_must_be_positive() -> None:
    with pytest.raises(ValueError, match="organic_share must be a finite number > 0"):
        DiagnosisWeights(organic_share=0.0)


WEEK_FILES = {
    "ingredients.toml": """\
[[ingredient]]
id = "carrot"
name = "Carotte"
family = "FRUITS_ET_LEGUMES"
protein = "plant"
unit = "kg"
co2_kg_per_kg = 0.4
shelf_life_days = 21
""",
    "recipes/rapee.toml": """\
id = "rapee"
name = "Carottes râpées"
course = "starter"

[[line]]
ingredient = "carrot"
quantity = "250 g"
""",
    "suppliers/ferme.toml": """\
[supplier]
id = "ferme"
name = "Ferme du Val"
kind = "producer"
distance_km = 18
intermediaries = 0
delivery_weekdays = ["tue"]
lead_time_days = 1

[[offer]]
id = "carottes-1kg"
ingredient = "carrot"
product = "Carottes, sac de 1 kg"
pack = "1 kg"
price_ht = 2.00
vat_rate = 0.0
""",
    "weeks/w.toml": """\
[week]
id = "w"
name = "Semaine test"
order_date = 2026-11-23

[budget]
amount = 5.00
per_cover = false

[[service]]
date = 2026-11-24
covers = 10
starter = "rapee"
""",
}


@pytest.fixture
def infeasible_folder(tmp_path: Path) -> Path:
    """3 packs at 2.00 = 6.00 for 2.5 kg of carrots, against a budget of 5.00."""
    for name, text in WEEK_FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_plan_command_on_an_infeasible_week_prints_the_diagnosis(
        infeasible_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(infeasible_folder), "--week", "w"]) == 1
    out = capsys.readouterr().out
    assert "plan infeasible" in out
    assert ("  budget 5.00 EUR TTC is below the cheapest possible plan, 6.00 EUR TTC, even"
            " ignoring every target (+1.00 EUR)") in out.splitlines()


def test_plan_command_json_has_the_diagnosis_and_fits_the_schema(
        infeasible_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(infeasible_folder), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    schema = json.loads(resources.files("cantine_supply").joinpath(
        "schema/plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["status"] == "infeasible" and data["orders"] == []
    assert data["diagnosis"] == [{
        "target": "budget", "limit": 5.0, "best": 6.0, "needed_budget": 6.0,
        "message": "budget 5.00 EUR TTC is below the cheapest possible plan, 6.00 EUR TTC,"
                   " even ignoring every target (+1.00 EUR)",
    }]
