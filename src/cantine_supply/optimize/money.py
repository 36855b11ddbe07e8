"""Money to the cent in the model: every amount rounded as the plan rounds it.

The plan (:mod:`cantine_supply.plans.assemble`) rounds each purchase line HT to the cent
(``to_cents(price × packs)``, half up), each line's TTC from its rounded HT, each delivery
fee and its TTC, each collected item HT and its TTC at 5.5%, and each trip; every total is a
sum of these. The model carries the same amounts in whole cents, so that the budget bounds
the total the plan reports and the least cost is the least reported cost.

An amount that is already a whole number of cents for every whole number of packs (a
price in cents, or ``(1 + VAT) × price`` in whole cents) stays a linear expression; any
other gets an integer variable ``c`` with :func:`rounded_cents`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from decimal import Decimal

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.problem.week import WeekProblem

#: Amounts are rounded from whole multiples of ``1 / SCALE`` cent: prices and VAT rates
#: of at most 4 decimals (the French rates have 3; 1.05% in the overseas regions has 4).
SCALE = 10_000


def whole_cents(amount_eur: float) -> int | None:
    """``amount_eur`` in cents when it is a whole number of cents, else None."""
    value = Decimal(repr(amount_eur)) * 100
    return int(value) if value == value.to_integral_value() else None


def whole_ttc_cents(cents: int, vat_rate: float) -> int | None:
    """``cents × (1 + vat_rate)`` when it is a whole number of cents, else None."""
    value = cents * (1 + Decimal(repr(vat_rate)))
    return int(value) if value == value.to_integral_value() else None


def cents_constant(amount_eur: float) -> int:
    """``amount_eur`` rounded to the cent, half up, in cents (a fee, a trip)."""
    return int((Decimal(repr(amount_eur)) * 100).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def ttc_cents_constant(cents: int, vat_rate: float) -> int:
    """The TTC of ``cents`` HT, rounded to the cent half up, in cents (a fee's TTC)."""
    value = cents * (1 + Decimal(repr(vat_rate)))
    return int(value.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


@attrs.frozen
class Rounding:
    """A rounded amount of the model: the integer ``part`` added to the amount's whole cents,
    the ``fraction`` it rounds (in ``1 / SCALE`` cent) and the ``rest`` of the division."""

    part: mathopt.Variable
    fraction: mathopt.LinearExpression
    rest: mathopt.Variable


def rounded_cents(
    model: mathopt.Model,
    scaled: mathopt.LinearExpression,
    name: str,
    roundings: list[Rounding],
    *,
    whole: bool = True,
) -> mathopt.LinearExpression:
    """The amount ``scaled / SCALE`` cents rounded half up, as an expression in cents:
    ``Σ_j A_j x_j + z`` where each term ``a_j x_j`` of ``scaled`` (``a_j`` whole) is split
    ``a_j = SCALE · A_j + b_j`` (``0 <= b_j < SCALE``) and the integer ``z`` rounds the rest,
    ``Σ_j b_j x_j + SCALE/2 − SCALE · z − r = 0`` with ``r`` in ``[0, SCALE − 1]``.

    Proof: with every ``x_j`` a whole number (``whole``), ``Σ A_j x_j`` is whole, so
    rounding ``scaled / SCALE`` half up is that plus rounding ``R = Σ b_j x_j / SCALE``; and
    ``z = floor(R + 1/2)`` (``R`` rounded half up) is the one integer with
    ``0 <= SCALE · R + SCALE/2 − SCALE · z <= SCALE − 1``, as ``SCALE · R`` is whole. The row
    has small whole coefficients and a right-hand side of 0 (``r``, whole by the row when
    ``whole``, is left continuous), so the solver's tolerance
    cannot pass off a pack count a hair off a whole number as another cent. Without
    ``whole`` (a collected item's price × quantity, which varies continuously) the amount
    is one term, and the amounts whose ``SCALE · R + SCALE/2`` falls
    strictly between ``SCALE · z + SCALE − 1`` and the next multiple of ``SCALE`` (a
    ``1 / SCALE`` share of each cent) are left out: the only plans this rounding excludes.
    """
    whole_part = mathopt.LinearExpression()
    fraction = mathopt.LinearExpression()
    most = 0.0
    for variable, coefficient in scaled.terms.items():
        if whole:
            a = round(coefficient)
            whole_part += (a // SCALE) * variable
            fraction += (a % SCALE) * variable
            most += (a % SCALE) * (variable.upper_bound if math.isfinite(variable.upper_bound)
                                   else 1e9)
        else:
            fraction += coefficient * variable
            most += coefficient * variable.upper_bound
    z = model.add_integer_variable(lb=0, ub=math.floor(most / SCALE + 1), name=name)
    rest = model.add_variable(lb=0, ub=SCALE - 1, name=f"rest_{name}")
    flat = mathopt.as_flat_linear_expression(fraction + 0.0)
    model.add_linear_constraint(flat + SCALE // 2 - SCALE * z - rest == 0)
    roundings.append(Rounding(z, flat, rest))
    return mathopt.as_flat_linear_expression(whole_part + z)


def scaled_price(price_eur: float) -> int | None:
    """``price_eur`` in ``1 / SCALE`` cent when that is whole (at most 6 decimals), else
    None."""
    value = Decimal(repr(price_eur)) * 100 * SCALE
    return int(value) if value == value.to_integral_value() else None


def scaled_vat(vat_rate: float) -> int | None:
    """``SCALE × (1 + vat_rate)`` when whole (a rate of at most 4 decimals), else None."""
    value = (1 + Decimal(repr(vat_rate))) * SCALE
    return int(value) if value == value.to_integral_value() else None


def unrounded_start(
    model: mathopt.Model,
    roundings: list[Rounding],
    find: Callable[[], Mapping[mathopt.Variable, float] | None],
) -> tuple[dict[mathopt.Variable, float] | None, float]:
    """A starting plan for a model with rounded amounts, and the seconds it took: ``find``
    a plan of the model with every amount unrounded (each ``part`` continuous and ``rest``
    fixed at ``SCALE/2``, so ``part = fraction / SCALE``: the linear model, solved about as
    fast as without rounding; ``find`` returns a value per variable, or None), put the
    rounding back, and round each amount of that plan half up (in the order they were
    made, so an amount rounded from another rounded one sees it rounded). The plan keeps
    every rule but possibly the budget (its rounded total may pass it by a few cents): a
    hint, which the solver repairs or drops; None when ``find`` finds none."""
    started = time.perf_counter()
    saved = [r.part.integer for r in roundings]
    for r in roundings:
        r.part.integer = False
        r.rest.lower_bound = r.rest.upper_bound = SCALE // 2
    try:
        found = find()
    finally:
        for r, integer in zip(roundings, saved, strict=True):
            r.part.integer = integer
            r.rest.lower_bound, r.rest.upper_bound = 0, SCALE - 1
    if found is None:
        return None, time.perf_counter() - started
    values = {v: (float(round(x)) if v.integer else x) for v, x in found.items()}
    for r in roundings:
        scaled = r.fraction.evaluate(values) + SCALE // 2
        part = math.floor(scaled / SCALE + 1e-12)
        values[r.part] = float(part)
        values[r.rest] = min(max(scaled - SCALE * part, 0.0), SCALE - 1.0)
    return values, time.perf_counter() - started


def budget_cents(problem: WeekProblem) -> int | None:
    """The budget in whole cents: the amount (times the week's covers when per cover),
    computed in decimal, rounded down (a total in cents meets it exactly when at most
    this)."""
    budget = problem.budget
    if budget is None:
        return None
    amount = Decimal(repr(budget.amount)) * 100
    if budget.per_cover:
        amount *= problem.covers
    return int(amount.to_integral_value(rounding="ROUND_FLOOR"))
