"""Money in plan JSON adds up exactly to the cent: each order's totals are its lines plus its
delivery fee, and the week's totals are the orders, collections and trips (integer cents)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cantine_supply import load
from cantine_supply.model import Catalogue
from cantine_supply.optimize.solve import SolveOptions
from cantine_supply.planning.week import plan
from conftest import MINIMAL_FILES, MakeData

DATA = Path(__file__).resolve().parent.parent / "data"


def cents(amount: float) -> int:
    """``amount`` (EUR, as written in JSON) in whole cents; fails if it has finer digits."""
    exact = Decimal(str(amount)) * 100
    assert exact == exact.to_integral_value(), f"{amount} is not a whole number of cents"
    return int(exact)


def check_totals(data: dict[str, Any]) -> None:
    """Every money total of plan JSON ``data`` against the sum of its parts, in cents."""
    for order in data["orders"]:
        for basis in ("ht", "ttc"):
            lines = sum(cents(line[f"total_{basis}"]) for line in order["lines"])
            fee = cents(order[f"delivery_fee_{basis}"])
            assert cents(order[f"total_{basis}"]) == lines + fee, (order["supplier"], basis)
    ind = data["indicators"]
    orders = data["orders"]
    runs = data["collections"]
    assert cents(ind["purchases_ht"]) == sum(
        cents(line["total_ht"]) for o in orders for line in o["lines"]
    )
    assert cents(ind["purchases_ttc"]) == sum(
        cents(line["total_ttc"]) for o in orders for line in o["lines"]
    )
    assert cents(ind["delivery_fees_ht"]) == sum(cents(o["delivery_fee_ht"]) for o in orders)
    assert cents(ind["delivery_fees_ttc"]) == sum(cents(o["delivery_fee_ttc"]) for o in orders)
    assert cents(ind["collections_ht"]) == sum(
        cents(item["total_ht"]) for r in runs for item in r["items"]
    )
    assert cents(ind["trips"]) == sum(cents(r["trip_cost"]) for r in runs)
    collected_ttc = cents(ind["collections_ttc"])
    assert cents(ind["total_ht"]) == (
        sum(cents(o["total_ht"]) for o in orders)
        + cents(ind["collections_ht"])
        + cents(ind["trips"])
    )
    assert cents(ind["total_ttc"]) == (
        sum(cents(o["total_ttc"]) for o in orders) + collected_ttc + cents(ind["trips"])
    )
    assert cents(ind["cost_per_cover_ttc"]) >= 0 and cents(ind["cost_per_cover_ht"]) >= 0


@pytest.fixture(scope="module")
def sample() -> Catalogue:
    return load(DATA)


@pytest.mark.parametrize(
    ("week", "options"),
    [
        ("2026-w48", SolveOptions()),
        ("2026-w49", SolveOptions(solution_limit=1)),  # a feasible, not optimal, plan
    ],
)
def test_sample_weeks_add_up_to_the_cent(
    sample: Catalogue, week: str, options: SolveOptions
) -> None:
    result = plan(sample, week, options=options)
    assert result.status.has_plan
    data = result.to_json()
    assert data["orders"] and data["indicators"] is not None
    check_totals(data)


def test_the_minimal_folder_adds_up_to_the_cent(make_data: MakeData) -> None:
    result = plan(load(make_data(base=MINIMAL_FILES)), "w1")
    assert result.status.has_plan
    check_totals(result.to_json())
