"""Checks before solving: each hand-made week has one problem, named in the canteen's words.

Every week orders on Monday 23 Nov 2026 for a lunch on Tuesday 24 Nov (builders.py).
"""

from __future__ import annotations

import datetime as dt

from builders import (
    TUESDAY,
    StockLot,
    Targets,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
    week,
)
from cantine_supply.model import Locality
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.planning.week import plan
from cantine_supply.problem.checks import (
    menu_meat_g_per_cover,
    messages,
    months_label,
    run_checks,
    supply_findings,
    without_qualifying_offer,
)
from cantine_supply.problem.week import week_problem

THURSDAY = TUESDAY + dt.timedelta(days=2)


def leeks(*, suppliers: list, offers: list, stock: list = (), menu=None, **kw):  # type: ignore[no-untyped-def,assignment]
    """10 covers × 0.25 kg of leek on Tuesday (2.5 kg)."""
    return week_problem(catalogue(
        ingredients=[ingredient("leek", **kw)], recipes=[recipe("dish", {"leek": 0.25})],
        suppliers=suppliers, offers=offers, stock=stock, weeks=[week(menu)]), "w")


def test_a_supplier_that_cannot_deliver_in_time_is_named_with_its_days_and_notice() -> None:
    """Ordered Monday with 2 days' notice: the first delivery is Wednesday, too late for
    Tuesday (and the farm only delivers Tuesdays and Fridays anyway)."""
    farm = supplier("ferme-du-val", delivery_weekdays=(1, 4), lead_time_days=2)
    problem = leeks(suppliers=[farm], offers=[offer("ferme-du-val", "leek", 1, 2.0)])
    assert messages(run_checks(problem)) == [
        "no supplier can deliver leek in time for Tue 24 Nov:"
        " ferme-du-val delivers Tue/Fri with 2 days' notice"
    ]


def test_an_ingredient_sold_only_in_other_months_is_out_of_season() -> None:
    """The only leek offer is sold May to September; the week is in November."""
    summer = offer("ferme-du-val", "leek", 1, 2.0, months_available=[5, 6, 7, 8, 9])
    problem = leeks(suppliers=[supplier("ferme-du-val")], offers=[summer])
    assert messages(run_checks(problem)) == [
        "leek is out of season this week (needed Tue 24 Nov): ferme-du-val/leek-1 is sold only"
        " in May-Sep"
    ]


def test_shelf_life_too_short_for_a_later_service_is_explained() -> None:
    """Bread keeps one day; the bakery delivers Monday and Tuesday only, so Thursday's bread
    would have to be delivered Thursday. Tuesday is fine."""
    problem = leeks(suppliers=[supplier("bakery", delivery_weekdays=(0, 1), lead_time_days=0)],
                    offers=[offer("bakery", "leek", 1, 2.0)], shelf_life_days=1,
                    menu={TUESDAY: ("dish", 10), THURSDAY: ("dish", 10)})
    assert messages(run_checks(problem)) == [
        "no supplier can deliver leek in time for Thu 26 Nov: bakery delivers Mon/Tue for the"
        " same day and leek keeps 1 day"
    ]


def test_an_ingredient_nobody_sells_and_expired_stock() -> None:
    """No offer of leek; the stock expired on Monday."""
    problem = leeks(suppliers=[supplier("a")], offers=[],
                    stock=[StockLot("leek", 5.0, best_before=TUESDAY - dt.timedelta(days=1))])
    assert messages(run_checks(problem)) == [
        "no supplier offers leek (needed Tue 24 Nov), and the stock has none that day"
    ]


def test_short_supply_when_every_offer_has_a_pack_limit() -> None:
    """At most 2 packs of 1 kg, plus 0.3 kg in stock: 2.3 kg against 2.5 kg needed."""
    problem = leeks(suppliers=[supplier("a")], offers=[offer("a", "leek", 1, 2.0, max_packs=2)],
                    stock=[StockLot("leek", 0.3)])
    assert messages(run_checks(problem)) == [
        "at most 2.3 kg of leek can be had this week (delivery 2 kg, stock 0.3 kg), 2.5 kg needed"
    ]


def test_meat_above_the_cap_is_fixed_by_the_menus() -> None:
    """100 g of chicken per cover against a 60 g cap."""
    problem = week_problem(catalogue(
        ingredients=[ingredient("chicken", protein="meat", family="VIANDES_VOLAILLES")],
        recipes=[recipe("dish", {"chicken": 0.1})], suppliers=[supplier("a")],
        offers=[offer("a", "chicken", 1, 8.0)],
        weeks=[week(targets=Targets(max_meat_g_per_cover=60))]), "w")
    assert menu_meat_g_per_cover(problem) == {"chicken": 100.0}
    assert supply_findings(problem) == []
    assert messages(run_checks(problem)) == [
        "meat 60 g per cover cannot be met: the menus serve 100.0 g of meat per cover"
        " (chicken 100.0 g) whatever is bought; only a change of menu can meet it"
    ]


def test_a_sound_week_has_no_findings_and_ingredients_without_qualifying_offers() -> None:
    problem = leeks(suppliers=[supplier("a"), supplier("b", local=Locality("DEPARTEMENT"))],
                    offers=[offer("a", "leek", 1, 2.0, labels=["BIO"]), offer("b", "leek", 1, 1.0)])
    assert run_checks(problem) == []
    assert without_qualifying_offer(problem, "organic_share") == []
    assert without_qualifying_offer(problem, "egalim_share") == []
    assert without_qualifying_offer(problem, "meat_fish_egalim_share") == []
    only_conventional = leeks(suppliers=[supplier("a")], offers=[offer("a", "leek", 1, 2.0)])
    assert without_qualifying_offer(only_conventional, "organic_share") == ["leek"]


def test_the_planner_returns_at_once_with_the_findings_as_diagnosis() -> None:
    c = catalogue(ingredients=[ingredient("leek")], recipes=[recipe("dish", {"leek": 0.25})],
                  suppliers=[supplier("a", delivery_weekdays=(4,))],
                  offers=[offer("a", "leek", 1, 2.0)], weeks=[week()])
    result = plan(c, "w")
    assert result.status is PlanStatus.INFEASIBLE
    assert result.solver.termination == "not solved: checks failed"
    assert result.orders == ()
    assert [d["message"] for d in result.diagnosis] == [
        "no supplier can deliver leek in time for Tue 24 Nov: a delivers Fri with 1 day's notice"
    ]
    assert result.diagnosis[0]["target"] == "supply"
    assert result.diagnosis[0]["ingredient"] == "leek"


def test_months_are_written_as_ranges() -> None:
    assert months_label([1, 2, 3, 9, 10, 11, 12]) == "Jan-Mar, Sep-Dec"
    assert months_label([5]) == "May"
