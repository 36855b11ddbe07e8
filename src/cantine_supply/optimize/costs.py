"""Money in the model, in EUR, each amount rounded to the cent as the plan rounds it: a
purchase line's value HT and TTC, delivery fees, collected food and trips (the notation of
:mod:`.build`)."""

from __future__ import annotations

import datetime as dt

from ortools.math_opt.python import mathopt

from cantine_supply.model.unsold import COLLECTED_VAT_RATE
from cantine_supply.optimize.money import (
    SCALE,
    cents_constant,
    rounded_cents,
    scaled_price,
    scaled_vat,
    ttc_cents_constant,
    whole_cents,
    whole_ttc_cents,
)
from cantine_supply.optimize.registry import Registry
from cantine_supply.problem.week import WeekProblem

#: ``SCALE × (1 + COLLECTED_VAT_RATE)``: collected food is counted TTC at its VAT rate
#: (:class:`~cantine_supply.plans.plan.CollectionRun`), in whole units of the price scale.
COLLECTED_VAT = round(SCALE * (1 + COLLECTED_VAT_RATE))


def add_line_money(
    model: mathopt.Model,
    reg: Registry,
    key: tuple[str, dt.date],
    parts: list[tuple[mathopt.Variable, float]],
    vat_rate: float,
    cap: int,
) -> None:
    """A line's value HT ``h = to_cents(Σ price_k × n_k)`` and TTC ``to_cents(h × (1 +
    VAT))``, in cents, as the plan computes them (the packs ``n_k`` bought at price level
    ``k``: at most one is non-zero). With every price in whole cents, ``h = Σ cents_k × n_k``
    exactly; likewise the TTC when every ``(1 + VAT) × cents_k`` is whole. Otherwise the
    rounding is an integer variable (:func:`.money.rounded_cents`, exact for prices of at
    most 6 decimals and VAT rates of at most 4; beyond, the model takes them rounded to
    that). ``line_value_ht`` and ``line_value_ttc`` hold the amounts in EUR."""
    where = f"{key[0]},{key[1]}"
    exact = [whole_cents(price) for _, price in parts]
    vat = scaled_vat(vat_rate) or round((1 + vat_rate) * SCALE)
    ht: mathopt.LinearExpression | mathopt.Variable
    if all(c is not None for c in exact):
        ht = mathopt.fast_sum(c * n for (n, _), c in zip(parts, exact, strict=True) if c)
        ttc_exact = [whole_ttc_cents(c, vat_rate) for c in exact if c is not None]
    else:
        scaled = mathopt.fast_sum(
            (scaled_price(price) or round(price * 100 * SCALE)) * n for n, price in parts
        )
        ht = rounded_cents(model, mathopt.as_flat_linear_expression(scaled), f"ht[{where}]",
                           reg.rounding)
        ttc_exact = [None]
    ttc: mathopt.LinearExpression | mathopt.Variable
    if all(c is not None for c in ttc_exact):
        ttc = mathopt.fast_sum(
            c * n for (n, _), c in zip(parts, ttc_exact, strict=True) if c is not None
        )
    else:
        ttc = rounded_cents(model, mathopt.as_flat_linear_expression(vat * ht), f"ttc[{where}]",
                            reg.rounding)
    reg.line_value_ht[key] = mathopt.as_flat_linear_expression(0.01 * ht)
    reg.line_value_ttc[key] = mathopt.as_flat_linear_expression(0.01 * ttc)


def add_cost_expressions(
    problem: WeekProblem, reg: Registry, model: mathopt.Model | None = None, *,
    fees: bool = True,
) -> None:
    """Money, in EUR, each amount rounded to the cent as the plan rounds it: purchase lines
    ``value[o,d]`` HT and TTC (:func:`add_line_money`), delivery fees
    ``fee_s (y[s,d] - f[s,d])`` (the fee and its TTC rounded; left out without ``fees``,
    for a model that counts the fees of pooled orders itself), collected items at their
    price (HT and TTC at 5.5% rounded per item, with ``model``: :func:`.money.rounded_cents`;
    unrounded without it) and trips ``cost_c t[c,d]`` (no VAT)."""
    purchases_ht = mathopt.fast_sum(reg.line_value_ht.values())
    purchases_ttc = mathopt.fast_sum(reg.line_value_ttc.values())
    fees_ht = mathopt.LinearExpression()
    fees_ttc = mathopt.LinearExpression()
    for key, ordered in (reg.ordered.items() if fees else ()):
        supplier = problem.suppliers[key[0]]
        if supplier.delivery_fee_ht <= 0:
            continue
        charged = ordered - reg.free[key] if key in reg.free else ordered
        fee = cents_constant(supplier.delivery_fee_ht)
        fees_ht += 0.01 * fee * charged
        fees_ttc += 0.01 * ttc_cents_constant(fee, supplier.fee_vat_rate) * charged
    collections = problem.collections
    collected_ht = mathopt.LinearExpression()
    collected_ttc = mathopt.LinearExpression()
    for (cid, day, ing), take in reg.take.items():
        item = next(i for i in collections[cid].items if i.ingredient == ing)
        if item.price_ht <= 0:
            continue
        if model is None:
            collected_ht += item.price_ht * take
            collected_ttc += (1 + COLLECTED_VAT_RATE) * item.price_ht * take
            continue
        where = f"{cid},{day},{ing}"
        price = scaled_price(item.price_ht) or round(item.price_ht * 100 * SCALE)
        ht = rounded_cents(model, mathopt.as_flat_linear_expression(price * take),
                           f"collected_ht[{where}]", reg.rounding, whole=False)
        ttc = rounded_cents(model, mathopt.as_flat_linear_expression(COLLECTED_VAT * ht),
                            f"collected_ttc[{where}]", reg.rounding)
        collected_ht += 0.01 * ht
        collected_ttc += 0.01 * ttc
    trips = mathopt.fast_sum(
        0.01 * cents_constant(collections[cid].trip_cost) * trip
        for (cid, _), trip in reg.trip.items()
    )
    reg.cost["HT"] = purchases_ht + fees_ht + collected_ht + trips
    reg.cost["TTC"] = purchases_ttc + fees_ttc + collected_ttc + trips
