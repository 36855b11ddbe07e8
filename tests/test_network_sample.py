"""The sample network (data/network-lyon) planned whole: slow (a minute or more)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from cantine_supply.io.network import load_network
from cantine_supply.network import plan_network
from cantine_supply.planning.week import plan

NETWORK = Path(__file__).resolve().parents[1] / "data" / "network-lyon"
WEEK = "2026-w48"

pytestmark = pytest.mark.slow


def test_a_network_of_the_sample_canteen_alone_costs_its_week_plan_to_the_cent() -> None:
    network = load_network(NETWORK)
    vaise = network.canteen_by_id["vaise"]
    result = plan_network(attrs.evolve(network, canteens=[vaise]), WEEK)
    week = plan(vaise.catalogue, WEEK)
    assert week.indicators is not None
    assert result.status.value == "optimal" and week.status.value == "optimal"
    assert result.total == week.indicators.total_ttc
    (part,) = result.parts
    assert part.share.saving == 0 and part.share.adjustment == 0


def test_the_sample_network_pools_for_less_and_every_canteen_pays_no_more_than_alone() -> None:
    result = plan_network(load_network(NETWORK), WEEK)  # checked by check_network inside
    assert result.status.has_plan, result.messages
    assert result.total < result.alone
    assert len({order.supplier for order in result.orders if len(order.drops) > 1}) >= 4
    for part in result.parts:
        assert part.share.total <= part.share.alone, part.canteen
        assert part.plan.targets_met, part.canteen
