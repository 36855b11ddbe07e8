"""What planning a network returns: pooled orders, each canteen's part and its share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from cantine_supply.optimize.decisions import PlanStatus, SolverReport
from cantine_supply.plans.plan import Plan
from cantine_supply.plans.to_json import converter
from cantine_supply.problem.week import WeekProblem


@attrs.frozen
class PooledLine:
    """One line of a pooled order: ``packs`` of ``offer`` in all, at the price level the
    pooled quantity reaches, and ``split``: the packs for each canteen (by id)."""

    offer: str
    product: str
    pack_label: str
    packs: int
    price_per_pack_ht: float
    vat_rate: float
    total_ht: Decimal
    split: tuple[tuple[str, int], ...]


@attrs.frozen
class PooledOrder:
    """One order to one supplier for one delivery day, for the whole network.

    ``drops`` are the canteens delivered (with a hub delivery, the hub receives everything
    and ``drops`` says whose goods are in it); ``fee_ht`` and ``fee_ttc`` are the delivery
    fees due for the whole order (per drop or once, see the network's delivery)."""

    supplier: str
    supplier_name: str
    delivery_date: dt.date
    lines: tuple[PooledLine, ...]
    drops: tuple[str, ...]
    fee_ht: Decimal
    fee_ttc: Decimal
    min_order_ht: float

    @property
    def lines_ht(self) -> Decimal:
        return sum((line.total_ht for line in self.lines), Decimal(0))


@attrs.frozen
class Share:
    """What one canteen pays, TTC, to the cent: its ``goods`` (its lines at the pooled
    prices, its collected food and trips: its own plan's total), its part of the delivery
    ``fees`` and of the hub ``transfers``, and ``adjustment``, moved between canteens so
    that none pays more than ``alone`` (its own optimal plan); see
    :mod:`cantine_supply.network.split`."""

    canteen: str
    goods: Decimal
    fees: Decimal
    transfers: Decimal
    adjustment: Decimal
    alone: Decimal

    @property
    def total(self) -> Decimal:
        return self.goods + self.fees + self.transfers + self.adjustment

    @property
    def saving(self) -> Decimal:
        return self.alone - self.total


@attrs.frozen
class CanteenPart:
    """One canteen's part of the network plan: its ``plan`` (its lines at the pooled
    prices, without fees: these are in its share), the week ``problem`` that plan answers
    (the canteen's week with each offer at the pooled price and no supplier terms, which
    the pooled orders carry), its plan ``alone`` and its ``share``."""

    canteen: str
    name: str
    plan: Plan
    problem: WeekProblem
    alone: Plan
    share: Share


@attrs.frozen
class NetworkPlan:
    """The network's week: pooled orders, transfers (canteen id, day, EUR), each canteen's
    part; ``status`` is the pooled solve's (``infeasible`` when pooling cannot beat the
    canteens ordering alone, or one of them has no plan alone: ``messages`` say which)."""

    network: str
    week: str
    delivery: str
    status: PlanStatus
    orders: tuple[PooledOrder, ...]
    transfers: tuple[tuple[str, dt.date, Decimal], ...]
    parts: tuple[CanteenPart, ...]
    solver: SolverReport | None
    messages: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        """What the network pays, TTC: the sum of the shares."""
        return sum((part.share.total for part in self.parts), Decimal(0))

    @property
    def alone(self) -> Decimal:
        """What the canteens would pay ordering alone, TTC."""
        return sum((part.share.alone for part in self.parts), Decimal(0))

    @property
    def saving(self) -> Decimal:
        return self.alone - self.total

    def to_json(self) -> dict[str, Any]:
        """The network's week as JSON: the split, the pooled orders with the packs per
        canteen, the transfers, and each canteen's own plan (its ``to_json``)."""
        result: dict[str, Any] = converter.unstructure(self)
        return result


@converter.register(NetworkPlan)
def _network_json(result: NetworkPlan) -> dict[str, Any]:
    """The split's money is written as text, to the cent (``"20.04"``), unlike the plans'
    numbers; the solver as its fields."""
    return {
        "network": result.network,
        "week": result.week,
        "delivery": result.delivery,
        "status": result.status,
        "messages": result.messages,
        "total_ttc": str(result.total),
        "alone_ttc": str(result.alone),
        "saving_ttc": str(result.saving),
        "solver": None if result.solver is None else attrs.asdict(result.solver),
        "shares": [_share_json(part.share) for part in result.parts],
        "orders": [_order_json(order) for order in result.orders],
        "transfers": [{"canteen": c, "date": d, "cost": str(cost)}
                      for c, d, cost in result.transfers],
        "canteens": {part.canteen: part.plan for part in result.parts},
    }


def _share_json(share: Share) -> dict[str, Any]:
    return {"canteen": share.canteen, "alone": str(share.alone), "goods": str(share.goods),
            "fees": str(share.fees), "transfers": str(share.transfers),
            "adjustment": str(share.adjustment), "pays": str(share.total),
            "saving": str(share.saving)}


def _order_json(order: PooledOrder) -> dict[str, Any]:
    return {
        "supplier": order.supplier, "delivery_date": order.delivery_date,
        "drops": order.drops, "fee_ht": str(order.fee_ht), "fee_ttc": str(order.fee_ttc),
        "lines": [{"offer": line.offer, "packs": line.packs,
                   "price_per_pack_ht": line.price_per_pack_ht, "total_ht": str(line.total_ht),
                   "split": dict(line.split)} for line in order.lines],
    }
