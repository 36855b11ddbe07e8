"""Plan a network's week with pooled orders: :func:`plan_network`.

::

    from cantine_supply.io.network import load_network
    from cantine_supply.network import plan_network

    result = plan_network(load_network("data/network-lyon"), "2026-w48")
    for part in result.parts:
        print(part.canteen, part.share.alone, part.share.total, part.share.saving)

Steps: each canteen's own optimal plan first (the week planner: what it pays alone);
then one MIP for the whole network (:mod:`cantine_supply.optimize.network`), held to cost
no more than the canteens alone; each canteen's part read back and assembled at the
pooled prices; the pooled orders; the fair split (:mod:`.split`); and the checks
(:mod:`.check`), which every returned network plan has passed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from decimal import Decimal

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.errors import InputError, VerificationError
from cantine_supply.model.network import Network
from cantine_supply.network.check import check_network
from cantine_supply.network.pooled import (
    canteen_view,
    goods_by_order,
    pooled_orders,
    pooled_packs,
    transfers_of,
)
from cantine_supply.network.result import CanteenPart, NetworkPlan, PooledOrder, Share
from cantine_supply.network.split import fair_split, natural_shares
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.network import Delivery, NetworkBuilt, build_network_model
from cantine_supply.optimize.network_start import close_drops, fix_packs, short_canteens
from cantine_supply.optimize.read_back import read_decisions
from cantine_supply.optimize.solve import SolveOptions, SolveOutcome, solve_model
from cantine_supply.optimize.split import split_and_serve_unsold_first
from cantine_supply.planning.week import plan
from cantine_supply.plans.assemble import assemble_plan
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem, week_problem

__all__ = ["CanteenPart", "NetworkPlan", "PooledOrder", "Share", "plan_network"]


def plan_network(network: Network, week: str, *, options: SolveOptions | None = None,
                 alone: Sequence[Plan] | None = None) -> NetworkPlan:
    """Plan week ``week`` of every canteen of ``network`` with pooled orders.

    ``alone``: each canteen's own plan of the week, in the network's order, when already
    made (by :func:`~cantine_supply.planning.batch.plan_many`, side by side); by default each is
    planned here with ``options``. A canteen's share is held to its own plan's total: to
    its optimal cost when that plan is optimal, else to what that plan costs.

    The result's ``status`` is the pooled solve's; when a canteen has no plan alone, or
    pooling cannot cost less than ordering alone, it is ``infeasible`` with ``messages``
    saying why, and each canteen keeps its own plan (``parts[i].alone``). A network plan
    that fails its checks raises :class:`~cantine_supply.errors.VerificationError`."""
    options = options or SolveOptions()
    pooled_options = options if options.warm_start is not None else attrs.evolve(
        options, warm_start=0.0)  # the warm start knows one registry, not a network's
    ids = [c.id for c in network.canteens]
    problems = [week_problem(c.catalogue, week) for c in network.canteens]
    if alone is None:
        alone = [plan(problem, options=options) for problem in problems]
    elif len(alone) != len(problems) or any(p.week != week for p in alone):
        raise InputError(f"give one plan of week {week} per canteen, in the network's order")
    alone = list(alone)
    missing = [c for c, p in zip(ids, alone, strict=True) if not p.status.has_plan]
    if missing:
        return _alone_only(network, week, problems, alone,
                           f"no plan alone for {', '.join(missing)}: nothing to compare with")
    alone_ttc = {c: _total(p) for c, p in zip(ids, alone, strict=True)}
    delivery = _delivery(network)
    allowance = sum(0.005 * (_lines(p) + 1) for p in alone)  # half a cent per rounded amount
    built = build_network_model(problems, delivery,
                                float(sum(alone_ttc.values())) + allowance)
    started = time.perf_counter()
    hint = alone_start(built, alone, pooled_options)
    notes = () if hint is not None else (
        "no first plan from the canteens' own plans: the search started from nothing",)
    outcome = solve_model(built.canteen(0),
                          _rest(pooled_options, time.perf_counter() - started), hint=hint)
    if outcome.result is None or not outcome.status.has_plan:
        return _alone_only(network, week, problems, alone,
                           f"no pooled plan ({outcome.status.value}): order alone",
                           outcome, notes)
    decisions = []
    for index in range(len(problems)):
        canteen = built.canteen(index)
        own = attrs.evolve(outcome, decisions=read_decisions(canteen, outcome.result))
        decisions.append(split_and_serve_unsold_first(canteen, own).decisions)
    pooled = pooled_packs([d.packs for d in decisions if d is not None])
    parts_plans: list[tuple[WeekProblem, Plan]] = []
    for problem, chosen in zip(problems, decisions, strict=True):
        assert chosen is not None
        view, keyed = canteen_view(problem, chosen.packs, pooled)
        own_plan = assemble_plan(view, attrs.evolve(chosen, packs=keyed), outcome.status,
                                 outcome.report)
        parts_plans.append((view, own_plan))
    plans = [p for _, p in parts_plans]
    orders = pooled_orders(problems, ids, plans, network.delivery)
    costs = {c.id: c.transfer_cost for c in network.canteens}
    transfers = transfers_of(orders, network.hub, costs)
    fees, carried = natural_shares(ids, orders, goods_by_order(ids, plans), transfers)
    goods = {c: _total(p) for c, p in zip(ids, plans, strict=True)}
    if sum(goods.values()) + sum(fees.values()) + sum(carried.values()) > sum(alone_ttc.values()):
        return _alone_only(network, week, problems, alone,
                           "pooling saves nothing this week (to the cent): order alone",
                           outcome)
    shares = fair_split(ids, goods, fees, carried, alone_ttc)
    parts = tuple(
        CanteenPart(c.id, c.name, own, view, mine, share)
        for c, (view, own), mine, share in zip(network.canteens, parts_plans, alone, shares,
                                               strict=True))
    result = NetworkPlan(network.name, week, network.delivery, outcome.status, orders,
                         transfers, parts, outcome.report, notes)
    failures = check_network(result, dict(zip(ids, problems, strict=True)), costs, network.hub)
    if failures:
        raise VerificationError(failures)
    return result


#: Share of the time limit given to :func:`alone_start`.
START_SHARE = 0.2


def alone_start(built: NetworkBuilt, alone: Sequence[Plan], options: SolveOptions
                ) -> dict[mathopt.Variable, float] | None:
    """A first plan of the pooled model, as a value for every variable, from the canteens'
    own plans: first those plans put together (every canteen's packs fixed to its own
    plan's), except that a canteen whose share by value, measured at the pooled prices,
    falls below its target (:func:`~cantine_supply.optimize.network_start.short_canteens`) may
    buy more than its own plan (its packs held at or above it), the best such plan; when
    that is no plan of the pooled model (a share still short, a hub's transfers costing
    more than pooling saves), the best plan found using only the drops of those plans.
    Each try has ``START_SHARE`` of the time limit; None when neither finds a plan. The
    search of the whole model starts from it: a hint, the model's rules unchanged."""
    packs = [{(line.offer, order.delivery_date): line.packs for order in p.orders
              for line in order.lines} for p in alone]
    orders = [{(order.supplier, order.delivery_date) for order in p.orders} for p in alone]
    short = short_canteens(built, packs)
    for step in ("packs", "drops"):
        saved = fix_packs(built, packs, short) if step == "packs" else close_drops(built, orders)
        if saved is None:
            continue
        try:
            first = solve_model(built.canteen(0), _share(options, START_SHARE))
        finally:
            for var, lower, upper in saved:
                var.lower_bound, var.upper_bound = lower, upper
        if first.result is not None and first.status.has_plan:
            return dict(first.result.variable_values())
    return None


def _share(options: SolveOptions, share: float) -> SolveOptions:
    """``options`` with ``share`` of the time limit."""
    limit = options.time_limit_s
    return options if limit is None else attrs.evolve(options, time_limit_s=limit * share)


def _rest(options: SolveOptions, spent: float) -> SolveOptions:
    """``options`` with the time limit less ``spent`` seconds (at least 1 s)."""
    limit = options.time_limit_s
    return options if limit is None else attrs.evolve(options,
                                                      time_limit_s=max(limit - spent, 1.0))


def _delivery(network: Network) -> Delivery:
    ids = [c.id for c in network.canteens]
    hub = ids.index(network.hub) if network.hub is not None else None
    return Delivery(network.delivery, hub, tuple(c.transfer_cost for c in network.canteens))


def _total(result: Plan) -> Decimal:
    assert result.indicators is not None
    return result.indicators.total_ttc


def _lines(result: Plan) -> int:
    """Rounded amounts of a plan: its lines, fees, collections and one more."""
    return sum(len(o.lines) + 1 for o in result.orders) + len(result.collections) + 1


def _alone_only(network: Network, week: str, problems: list[WeekProblem], alone: list[Plan],
                message: str, outcome: SolveOutcome | None = None,
                notes: tuple[str, ...] = ()) -> NetworkPlan:
    """No pooled plan: each canteen's own plan, paying what it pays alone."""
    parts = []
    for canteen, problem, mine in zip(network.canteens, problems, alone, strict=True):
        total = mine.indicators.total_ttc if mine.indicators is not None else Decimal(0)
        share = Share(canteen.id, total, Decimal(0), Decimal(0), Decimal(0), total)
        parts.append(CanteenPart(canteen.id, canteen.name, mine, problem, mine, share))
    return NetworkPlan(network.name, week, network.delivery, PlanStatus.INFEASIBLE, (), (),
                       tuple(parts), outcome.report if outcome else None, (message, *notes))
