"""The week's targets: the shares (organic, EGalim, local, ...) in linear form, the meat
served and the CO2 of what is served (the notation of :mod:`.build`)."""

from __future__ import annotations

import datetime as dt

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.model.codes import ProteinClass
from cantine_supply.model.targets import SHARES, TARGETS
from cantine_supply.optimize.registry import Registry
from cantine_supply.problem.week import WeekProblem


@attrs.frozen
class LineQualities:
    """What one purchase line (offer, delivery day) counts for in the shares: the shares
    it qualifies for, the shares it counts in (the meat-and-fish share counts only meat and
    fish), and the weight of one pack in kg; both as :mod:`cantine_supply.model.targets`
    says."""

    key: tuple[str, dt.date]
    qualifies: frozenset[str]
    counted_in: frozenset[str]
    kg_per_pack: float


def line_qualities(problem: WeekProblem) -> list[LineQualities]:
    """Every purchase line's qualities, worked out once for all the shares."""
    offers, ingredients, suppliers = problem.offers, problem.ingredients, problem.suppliers
    lines = []
    for slot in problem.delivery_slots:
        offer = offers[slot.offer]
        ingredient = ingredients[offer.ingredient]
        supplier = suppliers[offer.supplier]
        lines.append(
            LineQualities(
                (slot.offer, slot.date),
                frozenset(n for n in SHARES if TARGETS[n].qualifies(offer, supplier)),
                frozenset(n for n in SHARES if TARGETS[n].counts(ingredient)),
                offer.pack_quantity * (ingredient.kg_per_unit or 0.0),
            )
        )
    return lines


def share_terms(
    problem: WeekProblem, name: str, lines: list[LineQualities] | None = None
) -> list[tuple[tuple[str, dt.date], bool, float]]:
    """For the share ``name``: the purchase lines it counts, whether each qualifies, and the
    weight of one pack in kg (for shares by weight). ``lines`` (from
    :func:`line_qualities`) saves working the qualities out again for each share."""
    return [
        (line.key, name in line.qualifies, line.kg_per_pack)
        for line in (line_qualities(problem) if lines is None else lines)
        if name in line.counted_in
    ]


def share_expression(
    problem: WeekProblem,
    reg: Registry,
    name: str,
    share: float,
    lines: list[LineQualities] | None = None,
) -> mathopt.LinearExpression:
    """``Σ qualifying - share × Σ all`` over purchase lines, by value HT or by weight."""
    by_weight = problem.targets.share_basis == "weight"
    return mathopt.fast_sum(
        ((1.0 if qualifies else 0.0) - share)
        * (kg_per_pack * reg.packs[key] if by_weight else reg.line_value_ht[key])
        for key, qualifies, kg_per_pack in share_terms(problem, name, lines)
    )


def add_share_targets(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """Each share target in linear form: ``Σ qualifying − share × Σ all >= 0``."""
    lines = line_qualities(problem)
    for name in SHARES:
        share = getattr(problem.targets, name)
        if share is None:
            continue
        reg.target_constraints[name] = model.add_linear_constraint(
            share_expression(problem, reg, name, share, lines) >= 0, name=name
        )


def served_kg(
    problem: WeekProblem,
    reg: Registry,
    *,
    include_collections: bool,
    meat_only: bool = False,
    co2: bool = False,
) -> mathopt.LinearExpression:
    expr = mathopt.LinearExpression()
    for (ing, key, day), var in reg.alloc.items():
        ingredient = problem.ingredients[ing]
        if meat_only and ingredient.protein is not ProteinClass.MEAT:
            continue
        if not include_collections and key[0] == "collection":
            continue
        factor = problem.co2_per_unit(ing, day) if co2 else (ingredient.kg_per_unit or 0.0)
        expr += factor * var
    return expr


def add_meat_cap(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``1000 × Σ meat served (kg) <= max g per cover × covers``."""
    cap = problem.targets.max_meat_g_per_cover
    if cap is None:
        return
    meat = served_kg(problem, reg, include_collections=True, meat_only=True)
    reg.target_constraints["max_meat_g_per_cover"] = model.add_linear_constraint(
        1000.0 * meat <= cap * problem.covers, name="meat"
    )


def add_co2_cap(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``Σ served (not collected) × kg CO2e per unit <= max per cover × covers``; collected
    unsold food counts zero (it would have been thrown away)."""
    reg.co2 = served_kg(problem, reg, include_collections=False, co2=True)
    cap = problem.targets.max_co2_kg_per_cover
    if cap is None:
        return
    reg.target_constraints["max_co2_kg_per_cover"] = model.add_linear_constraint(
        reg.co2 <= cap * problem.covers, name="co2"
    )
