"""Build one MIP for a network of canteens that pool their orders (math_opt).

Each canteen keeps its own :class:`~cantine_supply.optimize.registry.Registry` and the week
model's constraint families, composed by :mod:`.compose` (:func:`canteen_parts`: collections,
servings, menus, flexible lines, coverage, menu rules, season, lot capacity, shares, meat,
CO2), and the week's whole-pack cuts (:mod:`.pack_cuts`: a canteen's needs are served
from its own lots only, so its cuts hold in the network as in its week). The week's split
of the packs into those put to use and the extra (:func:`~.purchases.add_useful_packs`) is
valid here too but left out: on two sample canteens SCIP proved the optimum in 25 s
without it and 61 s with it (both starting from the canteens' own plans). What joins the
canteens is here: the packs of each canteen priced at the level of the *pooled* line,
one pooled order per supplier and delivery day with the supplier's minimum order and
free-delivery threshold, the delivery costs of the chosen delivery mode, and the
objective, the network's total cost.

Notation as in :mod:`.build`, with a canteen index ``c``: ``p[c,o,d]`` packs of offer
``o`` delivered on day ``d`` for canteen ``c``; ``y[c,s,d]`` canteen ``c`` receives a drop
from supplier ``s`` on ``d``; ``Y[s,d]`` the pooled order is placed; ``F[s,d]`` it reaches
free delivery; ``U[o,d,k]`` the pooled line is at price level ``k``; ``n[c,o,d,k]`` the
packs of ``p[c,o,d]`` bought at level ``k``; ``t[c,d]`` the network carries goods from the
hub to canteen ``c`` on ``d``; ``cap[c,o]`` is the week's bound on one delivery's packs
(:meth:`~cantine_supply.problem.week.WeekProblem.most_packs`).

Each canteen's budget is not a row of this model: the split
(:mod:`cantine_supply.network.split`) charges every canteen at most its own optimal plan,
which met its budget, so every budget holds (proof there). The lines' packs are bounded
by what the whole network may spend (:func:`network_problems`), not by a canteen's budget:
a canteen's own goods may exceed its budget when others' savings pay for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.model import Offer, Supplier
from cantine_supply.optimize.compose import WeekParts, compose_week
from cantine_supply.optimize.objective import LEFTOVER_TIE_BREAK
from cantine_supply.optimize.purchases import add_weekly_max_packs
from cantine_supply.optimize.registry import BuiltModel, Registry
from cantine_supply.problem.week import WeekProblem

Line = tuple[str, dt.date]
Level = tuple[mathopt.Variable, int, int, float]  # U, from packs, to packs, price HT


@attrs.frozen
class Delivery:
    """How pooled orders reach the canteens: ``mode`` ``drops`` or ``hub``; ``hub`` the
    index of the hub canteen; ``transfer_costs`` EUR (no VAT) per canteen for one day's
    goods carried from the hub (the hub's own is not used)."""

    mode: str = "drops"
    hub: int | None = None
    transfer_costs: tuple[float, ...] = ()


@attrs.define
class NetworkRegistry:
    """Each canteen's registry and the variables that join them, keyed by ids."""

    canteens: list[Registry] = attrs.Factory(list)
    pooled: dict[tuple[str, dt.date], mathopt.Variable] = attrs.Factory(dict)
    free: dict[tuple[str, dt.date], mathopt.Variable] = attrs.Factory(dict)
    levels: dict[Line, list[Level]] = attrs.Factory(dict)
    transfer: dict[tuple[int, dt.date], mathopt.Variable] = attrs.Factory(dict)
    fees_ttc: mathopt.LinearExpression = attrs.Factory(mathopt.LinearExpression)
    transfers: mathopt.LinearExpression = attrs.Factory(mathopt.LinearExpression)
    total_ttc: mathopt.LinearExpression = attrs.Factory(mathopt.LinearExpression)
    no_loss: mathopt.LinearConstraint | None = None


@attrs.frozen
class NetworkBuilt:
    """A network model ready to solve, its registry and the canteens' week problems."""

    model: mathopt.Model
    registry: NetworkRegistry
    problems: tuple[WeekProblem, ...]

    def canteen(self, index: int) -> BuiltModel:
        """Canteen ``index``'s view of the model (to read its decisions back)."""
        return BuiltModel(self.model, self.registry.canteens[index], self.problems[index])


def build_network_model(problems: Sequence[WeekProblem], delivery: Delivery,
                        alone_ttc: float) -> NetworkBuilt:
    """Build the pooled MIP for the canteens' weeks ``problems``: the network pays no more
    than ``alone_ttc`` (EUR TTC, the sum of the canteens' own plans' costs, with the
    allowance for rounding), which also bounds every line's packs
    (:func:`network_problems`)."""
    model = mathopt.Model(name="network")
    reg = NetworkRegistry()
    problems = network_problems(problems, alone_ttc)
    add_pooled_levels(model, problems, reg)
    for c, problem in enumerate(problems):
        wreg = Registry()
        reg.canteens.append(wreg)
        compose_week(model, problem, wreg, canteen_parts(c, reg))
    add_pooled_orders(model, problems, reg)
    add_delivery_costs(model, problems, reg, delivery)
    add_no_loss(model, problems, reg, alone_ttc)
    set_network_objective(model, problems, reg)
    return NetworkBuilt(model, reg, tuple(problems))


def network_problems(problems: Sequence[WeekProblem], alone_ttc: float
                     ) -> list[WeekProblem]:
    """Each canteen's week as the pooled model caps its lines: its own budget no longer
    bounds its packs (the pooled model has no budget row of its own: the split keeps each
    canteen within its budget), the network's spending does. ``spend_bound`` of canteen
    ``c`` is ``S − Σ_{c' ≠ c} L_{c'}``, with ``S`` = ``alone_ttc`` and ``L_c`` what every
    plan of canteen ``c``'s week spends at least
    (:attr:`~cantine_supply.problem.week.WeekProblem.least_spent_total`).

    Proof that no plan of the pooled model is cut: every plan meets the no-loss row,
    ``total_ttc <= S`` (:func:`add_no_loss`), and ``total_ttc`` is the canteens' goods
    (each line's value TTC at the pooled level, at least its HT; the collected food, 0 or
    more) plus fees and transfers (0 or more). Each canteen buys at least what its needs
    less its stock require, so its goods cost at least ``L_c``
    (:func:`~cantine_supply.problem.pack_caps.least_spent`, whose proof takes every price
    level, the pooled one included). So a line of canteen ``c`` and its goods of other
    ingredients cost together at most ``S − Σ_{c' ≠ c} L_{c'}``, which is the week's own
    argument (:meth:`~cantine_supply.problem.week.WeekProblem.most_packs` lowers the bound
    by what the canteen spends at least on its other ingredients, then
    :func:`~cantine_supply.problem.pack_caps.spend_cap`). A line that counts for no share
    is also capped by :func:`~cantine_supply.problem.pack_caps.paying_packs`, whose proof
    holds line by line here: one pack fewer in a line at or above that cap keeps the
    pooled line's price level (the pooled quantity is at least the line's), the pooled
    order's minimum and free delivery (the line alone reaches them), the canteen's drop and
    transfer (the line keeps packs), and lowers the network's cost."""
    least = [problem.least_spent_total for problem in problems]
    everyone = sum(least)
    return [attrs.evolve(problem, budget_caps=False, spend_bound=alone_ttc - (everyone - own))
            for problem, own in zip(problems, least, strict=True)]


def canteen_parts(c: int, reg: NetworkRegistry) -> WeekParts:
    """How canteen ``c``'s week is composed in the network (:mod:`.compose`): its packs
    priced at the pooled line's level and its drops (:func:`add_canteen_packs`,
    :func:`add_drops`) with the week's most packs per offer; no order rules, fees or
    budget of its own (the pooled orders and the split carry them); the collected food
    unrounded; the whole-pack cuts kept, the packs put to use and the menu-choice cuts
    left out (module docstring)."""

    def purchases(model: mathopt.Model, problem: WeekProblem, wreg: Registry) -> None:
        add_canteen_packs(model, problem, wreg, c, reg)
        add_drops(model, problem, wreg)
        add_weekly_max_packs(model, problem, wreg)

    return WeekParts(purchases=purchases, useful_packs=False, order_rules=False, budget=False,
                     fees=False, rounded=False, menu_cuts=False)


def pooled_caps(problems: Sequence[WeekProblem]) -> dict[Line, int]:
    """Most packs of each pooled line (offer, day): ``Σ_c cap[c,o]`` over the canteens
    that can receive it then (an offer's ``max_packs`` bounds each canteen's packs of the
    week, as in its own week: :func:`~.purchases.add_weekly_max_packs`, per canteen)."""
    caps: dict[Line, int] = defaultdict(int)
    for problem in problems:
        for slot in problem.delivery_slots:
            caps[(slot.offer, slot.date)] += problem.most_packs(problem.offers[slot.offer])
    return dict(caps)


def add_pooled_levels(model: mathopt.Model, problems: Sequence[WeekProblem],
                      reg: NetworkRegistry) -> None:
    """For a pooled line whose offer has discount tiers: ``U[o,d,k]`` binary per price
    level ``k`` that the line's cap reaches, ``Σ_k U[o,d,k] <= 1``. The constraints tying
    them to the packs are added with the packs (:func:`add_canteen_packs`) and the
    pooled orders (:func:`add_pooled_orders`)."""
    caps = pooled_caps(problems)
    offers: dict[str, Offer] = {}
    for problem in problems:
        offers.update(problem.offers)
    for (oid, day), cap in sorted(caps.items()):
        offer = offers[oid]
        if not offer.tiers:
            continue
        levels = [lvl for lvl in offer.price_levels() if lvl[0] <= cap]
        parts: list[Level] = []
        for k, (start, price) in enumerate(levels):
            end = levels[k + 1][0] - 1 if k + 1 < len(levels) else cap
            use = model.add_binary_variable(name=f"level[{oid},{day},{start}]")
            parts.append((use, start, end, price))
        model.add_linear_constraint(mathopt.fast_sum(u for u, _, _, _ in parts) <= 1)
        reg.levels[(oid, day)] = parts


def add_canteen_packs(model: mathopt.Model, problem: WeekProblem, wreg: Registry, c: int,
                      reg: NetworkRegistry) -> None:
    """``p[c,o,d]`` integer in ``[0, cap[c,o]]``, valued at the pooled line's price: an
    offer without tiers ``value = price · p``; with tiers ``p = Σ_k n[c,o,d,k]``,
    ``n[c,o,d,k] <= min(cap[c,o], to_k) · U[o,d,k]`` and ``value = Σ_k price_k · n``, so
    every canteen pays the level the pooled quantity reaches (all-units discount).

    The bound ``cap[c,o]`` cuts no plan of the model, or none that an optimal plan needs:
    see :func:`network_problems`."""
    for slot in problem.delivery_slots:
        key = (slot.offer, slot.date)
        offer = problem.offers[slot.offer]
        cap = problem.most_packs(offer)
        packs = model.add_integer_variable(
            lb=0, ub=cap, name=f"packs[{c},{slot.offer},{slot.date}]")
        wreg.packs[key] = packs
        levels = reg.levels.get(key)
        if levels is None:
            wreg.line_value_ht[key] = offer.price_ht * packs
            wreg.line_value_ttc[key] = (1 + offer.vat_rate) * offer.price_ht * packs
            continue
        parts = []
        for use, start, end, price in levels:
            top = min(cap, end)
            amount = model.add_integer_variable(
                lb=0, ub=top, name=f"levelpacks[{c},{slot.offer},{slot.date},{start}]")
            model.add_linear_constraint(amount <= top * use)
            parts.append((use, amount, price))
        model.add_linear_constraint(packs == mathopt.fast_sum(n for _, n, _ in parts))
        wreg.tiers[key] = parts
        wreg.line_value_ht[key] = mathopt.fast_sum(price * n for _, n, price in parts)
        wreg.line_value_ttc[key] = (1 + offer.vat_rate) * wreg.line_value_ht[key]


def add_drops(model: mathopt.Model, problem: WeekProblem, wreg: Registry) -> None:
    """``y[c,s,d]`` binary: canteen ``c`` receives goods of supplier ``s`` on ``d``;
    ``p[c,o,d] <= cap[c,o] · y[c,s,d]`` and ``y[c,s,d] <= Σ_o p[c,o,d]`` (no empty drop)."""
    members: dict[tuple[str, dt.date], list[Line]] = defaultdict(list)
    for slot in problem.delivery_slots:
        members[(slot.supplier, slot.date)].append((slot.offer, slot.date))
    for (sid, day), keys in members.items():
        drop = model.add_binary_variable(name=f"drop[{problem.week.id},{sid},{day}]")
        wreg.ordered[(sid, day)] = drop
        for key in keys:
            cap = problem.most_packs(problem.offers[key[0]])
            model.add_linear_constraint(wreg.packs[key] <= cap * drop)
        model.add_linear_constraint(drop <= mathopt.fast_sum(wreg.packs[k] for k in keys))


def add_pooled_orders(model: mathopt.Model, problems: Sequence[WeekProblem],
                      reg: NetworkRegistry) -> None:
    """One pooled order per supplier and day: ``y[c,s,d] <= Y[s,d] <= Σ_c y[c,s,d]``;
    minimum order ``V[s,d] >= min_s · Y[s,d]`` and free delivery ``F[s,d] <= Y[s,d]``,
    ``V[s,d] >= threshold_s · F[s,d]``, where ``V[s,d] = Σ_c Σ_o value[c,o,d]``; and the
    pooled price levels: ``from_k · U[o,d,k] <= Σ_c n[c,o,d,k] <= to_k · U[o,d,k]``."""
    drops: dict[tuple[str, dt.date], list[mathopt.Variable]] = defaultdict(list)
    value: dict[tuple[str, dt.date], list[mathopt.LinearExpression]] = defaultdict(list)
    level_packs: dict[tuple[str, dt.date, int], list[mathopt.Variable]] = defaultdict(list)
    suppliers: dict[str, Supplier] = {}
    for problem, wreg in zip(problems, reg.canteens, strict=True):
        suppliers.update(problem.suppliers)
        for key, drop in wreg.ordered.items():
            drops[key].append(drop)
        for (oid, day), expr in wreg.line_value_ht.items():
            value[(problem.offers[oid].supplier, day)].append(expr)
        for (oid, day), parts in wreg.tiers.items():
            for k, (_, amount, _) in enumerate(parts):
                level_packs[(oid, day, k)].append(amount)
    for (sid, day), members in sorted(drops.items()):
        supplier = suppliers[sid]
        pooled = model.add_binary_variable(name=f"pooled[{sid},{day}]")
        reg.pooled[(sid, day)] = pooled
        for drop in members:
            model.add_linear_constraint(drop <= pooled)
        model.add_linear_constraint(pooled <= mathopt.fast_sum(members))
        total = mathopt.fast_sum(value[(sid, day)])
        if supplier.min_order_ht > 0:
            model.add_linear_constraint(total >= supplier.min_order_ht * pooled)
        if supplier.delivery_fee_ht > 0 and supplier.free_delivery_from_ht is not None:
            free = model.add_binary_variable(name=f"pooled_free[{sid},{day}]")
            reg.free[(sid, day)] = free
            model.add_linear_constraint(free <= pooled)
            model.add_linear_constraint(total >= supplier.free_delivery_from_ht * free)
    for (oid, day), levels in reg.levels.items():
        for k, (use, start, end, _) in enumerate(levels):
            amount = mathopt.fast_sum(level_packs[(oid, day, k)])
            model.add_linear_constraint(amount >= start * use)
            model.add_linear_constraint(amount <= end * use)


def add_delivery_costs(model: mathopt.Model, problems: Sequence[WeekProblem],
                       reg: NetworkRegistry, delivery: Delivery) -> None:
    """Delivery fees (with their VAT) and transfers (no VAT), in EUR TTC.

    ``drops``: every drop pays the supplier's fee unless the pooled order is free,
    ``fee_s Σ_c (y[c,s,d] - w[c,s,d])`` with ``0 <= w[c,s,d] <= y[c,s,d]``,
    ``w[c,s,d] <= F[s,d]`` (at the optimum ``w = min(y, F)``, which is 0 or 1).
    ``hub``: one fee per pooled order, ``fee_s (Y[s,d] - F[s,d])``, and a transfer per
    day to each other canteen receiving goods: ``t[c,d] >= y[c,s,d]`` for every ``s``,
    costing ``transfer_c · t[c,d]``."""
    suppliers: dict[str, Supplier] = {}
    for problem in problems:
        suppliers.update(problem.suppliers)
    fees = mathopt.LinearExpression()
    for (sid, day), pooled in sorted(reg.pooled.items()):
        supplier = suppliers[sid]
        fee = supplier.delivery_fee_ht * (1 + supplier.fee_vat_rate)
        if fee <= 0:
            continue
        free = reg.free.get((sid, day))
        if delivery.mode == "hub":
            fees += fee * (pooled - free) if free is not None else fee * pooled
            continue
        for c, wreg in enumerate(reg.canteens):
            drop = wreg.ordered.get((sid, day))
            if drop is None:
                continue
            if free is None:
                fees += fee * drop
                continue
            waived = model.add_variable(lb=0, ub=1, name=f"free_drop[{c},{sid},{day}]")
            model.add_linear_constraint(waived <= drop)
            model.add_linear_constraint(waived <= free)
            fees += fee * (drop - waived)
    reg.fees_ttc = fees
    transfers = mathopt.LinearExpression()
    if delivery.mode == "hub":
        for c, wreg in enumerate(reg.canteens):
            if c == delivery.hub or delivery.transfer_costs[c] <= 0:
                continue
            for (_, day), drop in sorted(wreg.ordered.items()):
                trip = reg.transfer.get((c, day))
                if trip is None:
                    trip = model.add_binary_variable(name=f"transfer[{c},{day}]")
                    reg.transfer[(c, day)] = trip
                    transfers += delivery.transfer_costs[c] * trip
                model.add_linear_constraint(trip >= drop)
    reg.transfers = transfers
    reg.total_ttc = (mathopt.fast_sum(wreg.cost["TTC"] for wreg in reg.canteens)
                     + fees + transfers)


def add_no_loss(model: mathopt.Model, problems: Sequence[WeekProblem], reg: NetworkRegistry,
                alone_ttc: float) -> None:
    """The network pays no more than its canteens ordering alone:
    ``total_ttc <= Σ_c alone_c``. With drops and price levels that fall with quantity the
    canteens' own plans together satisfy every pooled row at no more cost, so the row
    cuts no optimum; otherwise (a hub's transfers) it may leave no plan, which means
    pooling does not pay this week. The split's guarantee rests on it, and so do the
    lines' caps (:func:`network_problems`)."""
    reg.no_loss = model.add_linear_constraint(reg.total_ttc <= alone_ttc, name="no_loss")


def set_network_objective(model: mathopt.Model, problems: Sequence[WeekProblem],
                          reg: NetworkRegistry) -> None:
    """Least network cost TTC, plus each canteen's off-season penalty and the week's
    leftover tie-break ``LEFTOVER_TIE_BREAK × Σ base units bought``."""
    cost = reg.total_ttc
    bought = mathopt.LinearExpression()
    for problem, wreg in zip(problems, reg.canteens, strict=True):
        rules = problem.week.menu_rules
        if rules.off_season == "penalty" and wreg.off_season_kg is not None:
            cost = cost + rules.off_season_penalty_eur_per_kg * wreg.off_season_kg
        bought += mathopt.fast_sum(
            problem.offers[o].pack_quantity * p for (o, _), p in wreg.packs.items())
    model.minimize(cost + LEFTOVER_TIE_BREAK * bought)
