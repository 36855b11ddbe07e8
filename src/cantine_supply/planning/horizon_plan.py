"""What planning several weeks together gives: each week's plan, the stock at each week's
end, and the money (cost HT, what the stock left is worth, the net cost, the savings
against planning the weeks one at a time), with its JSON.

:func:`~cantine_supply.planning.horizon.plan_horizon` builds a :class:`HorizonPlan`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from cantine_supply.model import StockLot
from cantine_supply.optimize.decisions import PlanStatus, SolverReport
from cantine_supply.planning.horizon_bulk import BulkLine
from cantine_supply.planning.horizon_end import EndStock, end_stock
from cantine_supply.planning.horizon_stock import replacement_ht
from cantine_supply.plans.plan import Plan, Quantity
from cantine_supply.plans.to_json import SCHEMA_VERSION, converter, rounded
from cantine_supply.problem.horizon_problem import END_STOCK_SHARE, KEEPS_DAYS
from cantine_supply.problem.week import WeekProblem


@attrs.frozen
class WeekEnd:
    """The stock at the end of a week: per ingredient (base unit), kg per storage class,
    and the lots themselves (the ``stock`` to plan the following weeks with)."""

    week: str
    stock: tuple[Quantity, ...]
    storage_kg: dict[str, float]
    lots: tuple[StockLot, ...]
    #: Per lot: whether it came from a delivery of the horizon (else the starting stock).
    bought: tuple[bool, ...] = ()


@attrs.frozen
class HorizonPlan:
    """The plan of every week of a horizon, with the stock at each week's end.

    ``plans`` are ordinary week :class:`~cantine_supply.plans.plan.Plan`s (food carried in from
    an earlier week appears as stock used); ``cost_ht`` sums their totals HT;
    ``end_stock_value_ht`` is what the stock left at the end is worth; ``net_cost_ht`` the
    difference. ``week_by_week_net_cost_ht`` is the same for the weeks planned one at a
    time (``week_by_week``, whose plans they come from) and ``bulk_savings_ht`` the
    difference (None when not computed or no plan).
    """

    weeks: tuple[str, ...]
    status: PlanStatus
    solver: SolverReport
    plans: tuple[Plan, ...]
    week_ends: tuple[WeekEnd, ...]
    cost_ht: Decimal | None
    end_stock_value_ht: Decimal | None
    week_by_week_net_cost_ht: Decimal | None = None
    budget_limit: float | None = None
    budget_basis: str = "TTC"
    messages: tuple[str, ...] = ()
    bulk_lines: tuple[BulkLine, ...] = ()
    week_by_week: HorizonPlan | None = None
    #: The week problems the ``plans`` were made from, in the same order (what their
    #: order forms and reports are written from: :mod:`cantine_supply.report.horizon`).
    problems: tuple[WeekProblem, ...] = attrs.field(default=(), eq=False, repr=False)

    @property
    def net_cost_ht(self) -> Decimal | None:
        if self.cost_ht is None or self.end_stock_value_ht is None:
            return None
        return self.cost_ht - self.end_stock_value_ht

    @property
    def cash_spent_ttc(self) -> Decimal | None:
        """What the weeks' plans cost TTC, all told (None without a plan)."""
        if self.cost_ht is None:
            return None
        return sum((p.indicators.total_ttc for p in self.plans if p.indicators), Decimal(0))

    @property
    def end_stock_kg(self) -> float:
        """kg of food left at the end (every storage class)."""
        return sum(self.week_ends[-1].storage_kg.values()) if self.week_ends else 0.0

    @property
    def end_stock_replacement_ht(self) -> Decimal:
        """What the food left at the end would cost to buy again, EUR HT, whether it keeps
        or not; ``end_stock_value_ht`` is what the rule counts of it."""
        return replacement_ht(self.week_ends[-1].lots) if self.week_ends else Decimal(0)

    @property
    def end_stock(self) -> EndStock:
        """The food left at the end by origin, against the cash spent, beside the same for
        the weeks planned one at a time when the horizon and every one of those weeks have
        a plan (:mod:`.horizon_end`; without a plan nothing is compared, nothing pays)."""
        end = self.week_ends[-1] if self.week_ends else None
        lots = end.lots if end else ()
        bought = end.bought if end and len(end.bought) == len(lots) else (True,) * len(lots)
        alone = self.week_by_week
        compared = (alone.end_stock if self.cost_ht is not None and alone is not None
                    and alone.cost_ht is not None
                    and all(p.status.has_plan for p in alone.plans) else None)
        return end_stock(self.plans, lots, bought, self.cost_ht or Decimal(0), compared)

    @property
    def bulk_savings_ht(self) -> Decimal | None:
        net = self.net_cost_ht
        if net is None or self.week_by_week_net_cost_ht is None:
            return None
        return self.week_by_week_net_cost_ht - net

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data: status, money, stock at each week's end, each week's plan."""
        result: dict[str, Any] = converter.unstructure(self)
        return result


@converter.register(HorizonPlan)
def _horizon_plan_json(plan: HorizonPlan) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "weeks": plan.weeks,
        "status": plan.status,
        "budget": None if plan.budget_limit is None else {
            "limit": round(plan.budget_limit, 2), "basis": plan.budget_basis},
        "cost_ht": plan.cost_ht,
        "end_stock_value_ht": plan.end_stock_value_ht,
        "cash_spent_ttc": plan.cash_spent_ttc,
        "end_stock": {
            "kg": rounded(plan.end_stock_kg),
            "replacement_value_ht": plan.end_stock_replacement_ht,
            "counted_value_ht": plan.end_stock_value_ht,
            "counted_share": END_STOCK_SHARE,
            "keeps_days_after_last_service": KEEPS_DAYS,
            **converter.unstructure(plan.end_stock),
        },
        "net_cost_ht": plan.net_cost_ht,
        "week_by_week_net_cost_ht": plan.week_by_week_net_cost_ht,
        "bulk_savings_ht": plan.bulk_savings_ht,
        "bulk_lines": plan.bulk_lines,
        "stock_at_week_end": [
            {
                "week": end.week,
                "stock": [{"ingredient": q.ingredient, "quantity": rounded(q.quantity),
                           "unit": q.unit} for q in end.stock],
                "storage_kg": {k: rounded(v) for k, v in end.storage_kg.items()},
            }
            for end in plan.week_ends
        ],
        "solver": plan.solver,
        "plans": plan.plans,
        "messages": plan.messages,
    }
