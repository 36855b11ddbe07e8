"""The purchases of a week: packs per offer and delivery day (with discount tiers), the
week's most packs per offer, orders and free delivery, and the packs put to use (the
notation of :mod:`.build`)."""

from __future__ import annotations

from collections import defaultdict

from ortools.math_opt.python import mathopt

from cantine_supply.optimize.costs import add_line_money
from cantine_supply.optimize.pack_cuts import useful_pack_limits
from cantine_supply.optimize.registry import Registry
from cantine_supply.problem.week import WeekProblem


def add_week_purchases(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """A week's own purchases: the packs with their money (:func:`add_pack_variables`), the
    week's most packs per offer (:func:`add_weekly_max_packs`) and the orders
    (:func:`add_order_variables`), in that order."""
    add_pack_variables(model, problem, reg)
    add_weekly_max_packs(model, problem, reg)
    add_order_variables(model, problem, reg)


def add_pack_variables(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``p[o,d]`` integer in [0, cap(o)]; with discount tiers, ``p = Σ_k n_k`` where the
    binary ``u_k`` picks the price level k and ``from_k u_k <= n_k <= (from_{k+1} - 1) u_k``,
    ``Σ_k u_k <= 1`` (all-units discount: the whole line at the level's price). Each line's
    value HT and TTC is then rounded to the cent as the plan rounds it
    (:func:`add_line_money`)."""
    for slot in problem.delivery_slots:
        offer = problem.offers[slot.offer]
        key = (slot.offer, slot.date)
        cap = reg.line_cap(problem, key)
        packs = model.add_integer_variable(lb=0, ub=cap, name=f"packs[{slot.offer},{slot.date}]")
        reg.packs[key] = packs
        if not offer.tiers:
            add_line_money(model, reg, key, [(packs, offer.price_ht)], offer.vat_rate, cap)
            continue
        levels = [lvl for lvl in offer.price_levels() if lvl[0] <= cap]
        parts: list[tuple[mathopt.Variable, mathopt.Variable, float]] = []
        for k, (start, price) in enumerate(levels):
            end = levels[k + 1][0] - 1 if k + 1 < len(levels) else cap
            use = model.add_binary_variable(name=f"tier[{slot.offer},{slot.date},{start}]")
            amount = model.add_integer_variable(
                lb=0, ub=end, name=f"tierpacks[{slot.offer},{slot.date},{start}]"
            )
            model.add_linear_constraint(amount >= start * use)
            model.add_linear_constraint(amount <= end * use)
            parts.append((use, amount, price))
        model.add_linear_constraint(mathopt.fast_sum(u for u, _, _ in parts) <= 1)
        model.add_linear_constraint(packs == mathopt.fast_sum(n for _, n, _ in parts))
        reg.tiers[key] = parts
        add_line_money(model, reg, key, [(n, price) for _, n, price in parts], offer.vat_rate, cap)


def add_weekly_max_packs(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``Σ_d p[o,d] <= max_packs_o``: the most packs the supplier can sell of the offer in
    a week, over all its deliveries (the most per delivery, ``max_packs_per_delivery``, and
    ``max_packs`` too, bound each ``p[o,d]``:
    :func:`~cantine_supply.problem.pack_caps.pack_cap`)."""
    lines: dict[str, list[mathopt.Variable]] = defaultdict(list)
    for (oid, _), packs in reg.packs.items():
        lines[oid].append(packs)
    for oid, variables in sorted(lines.items()):
        most = problem.offers[oid].max_packs
        if most is not None and len(variables) > 1:
            model.add_linear_constraint(mathopt.fast_sum(variables) <= most,
                                        name=f"max_packs[{oid}]")


def add_order_variables(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``y[s,d]`` binary per supplier and delivery day; ``f[s,d]`` binary when the supplier
    has a delivery fee and a free-delivery threshold."""
    for slot in problem.delivery_slots:
        key = (slot.supplier, slot.date)
        if key in reg.ordered:
            continue
        reg.ordered[key] = model.add_binary_variable(name=f"order[{slot.supplier},{slot.date}]")
        supplier = problem.suppliers[slot.supplier]
        if supplier.delivery_fee_ht > 0 and supplier.free_delivery_from_ht is not None:
            reg.free[key] = model.add_binary_variable(name=f"free[{slot.supplier},{slot.date}]")


def add_useful_packs(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``p[o,d] = u[o,d] + e[o,d]``: ``u <= limit[o,d] · y[s,d]`` packs put to use, at most
    what the delivery's lot can serve (:func:`.pack_cuts.useful_pack_limits`), and the extra
    ``e`` integer in ``[0, cap - limit]``, ``e <= (cap - limit) · y[s,d]``, bought only to
    reach a threshold. Lots serve from ``u`` (:func:`add_lot_capacity`). Without ``e`` (when
    ``cap <= limit``), ``u = p``."""
    limits = useful_pack_limits(problem)
    for key, packs in reg.packs.items():
        offer = problem.offers[key[0]]
        ordered = reg.ordered[(offer.supplier, key[1])]
        limit, cap = limits[key], reg.line_cap(problem, key)
        if cap <= limit:
            reg.useful[key] = packs
            continue
        extra = model.add_integer_variable(
            lb=0, ub=cap - limit, name=f"extra[{key[0]},{key[1]}]"
        )
        model.add_linear_constraint(extra <= (cap - limit) * ordered)
        model.add_linear_constraint(packs - extra <= limit * ordered)
        reg.extra[key] = extra
        reg.useful[key] = packs - extra
