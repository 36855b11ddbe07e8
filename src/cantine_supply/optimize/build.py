"""Build the mixed-integer programme for a week (OR-Tools math_opt).

The build runs in a fixed order: variables, constraints, targets, objective. Each constraint
family is one function taking ``(model, problem, reg)``, returning early when it does not
apply, with its formula in the docstring. Variables are kept in a :class:`Registry` keyed
by the canteen's own ids, which is how the solution is read back (never by parsing names).

Notation: ``p[o,d]`` packs of offer ``o`` delivered on day ``d``; ``u[o,d]`` of them put to use and
``e[o,d]`` extra (see :func:`add_useful_packs`); ``y[s,d]`` order placed with
supplier ``s`` for day ``d``; ``f[s,d]`` that order reaches free delivery; ``t[c,d]`` the
collection round ``c`` is made on day ``d``; ``q[c,d,i]`` quantity of ingredient ``i``
taken then; ``a[i,l,s]`` quantity of ``i`` from lot ``l`` served on day ``s``; ``x[c,r]``
binary: course ``c`` (a course with candidate recipes) serves recipe ``r``; ``g[k,i]`` the
share of flexible line ``k`` (a recipe group in a service) filled with option ``i``.
Only big-M constraints are used (no indicator constraints) so every MIP solver bundled
with OR-Tools can run the model.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Literal

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.model import Offer
from cantine_supply.model.codes import ProteinClass
from cantine_supply.model.targets import SHARES, TARGETS
from cantine_supply.model.unsold import COLLECTED_VAT_RATE
from cantine_supply.optimize.delivery_days import fold_early_deliveries
from cantine_supply.optimize.menu_cuts import add_menu_cuts
from cantine_supply.optimize.money import (
    SCALE,
    Rounding,
    budget_cents,
    cents_constant,
    rounded_cents,
    scaled_price,
    scaled_vat,
    ttc_cents_constant,
    whole_cents,
    whole_ttc_cents,
)
from cantine_supply.optimize.pack_cuts import add_pack_cuts, useful_pack_limits
from cantine_supply.optimize.tie_break import tie_break
from cantine_supply.problem.lots import Lot, lots_of
from cantine_supply.problem.week import REPEAT_COURSES, WeekProblem, menu_counts

Objective = Literal["cost", "co2", "organic"]

#: EUR per base unit bought, added to the cost so that between plans of equal cost the one
#: that buys less (leaves less over) wins; :func:`tie_break_weight` lowers it on a week
#: that could buy so much that it would outweigh a cent.
LEFTOVER_TIE_BREAK = 1e-5
#: ``SCALE × (1 + COLLECTED_VAT_RATE)``: collected food is counted TTC at its VAT rate
#: (:class:`~cantine_supply.plans.plan.CollectionRun`), in whole units of the price scale.
COLLECTED_VAT = round(SCALE * (1 + COLLECTED_VAT_RATE))


@attrs.define
class Registry:
    """The model's variables and expressions, keyed by the canteen's ids."""

    packs: dict[tuple[str, dt.date], mathopt.Variable] = attrs.Factory(dict)
    useful: dict[tuple[str, dt.date], mathopt.LinearExpression | mathopt.Variable] = (
        attrs.Factory(dict)
    )
    extra: dict[tuple[str, dt.date], mathopt.Variable] = attrs.Factory(dict)
    tiers: dict[tuple[str, dt.date], list[tuple[mathopt.Variable, mathopt.Variable, float]]] = (
        attrs.Factory(dict)
    )
    ordered: dict[tuple[str, dt.date], mathopt.Variable] = attrs.Factory(dict)
    free: dict[tuple[str, dt.date], mathopt.Variable] = attrs.Factory(dict)
    trip: dict[tuple[str, dt.date], mathopt.Variable] = attrs.Factory(dict)
    take: dict[tuple[str, dt.date, str], mathopt.Variable] = attrs.Factory(dict)
    alloc: dict[tuple[str, tuple[object, ...], dt.date], mathopt.Variable] = attrs.Factory(dict)
    lots: tuple[Lot, ...] = ()
    line_value_ht: dict[tuple[str, dt.date], mathopt.LinearExpression] = attrs.Factory(dict)
    line_value_ttc: dict[tuple[str, dt.date], mathopt.LinearExpression] = attrs.Factory(dict)
    cost: dict[str, mathopt.LinearExpression] = attrs.Factory(dict)
    co2: mathopt.LinearExpression | None = None
    target_constraints: dict[str, mathopt.LinearConstraint] = attrs.Factory(dict)
    menu: dict[tuple[int, str], mathopt.Variable] = attrs.Factory(dict)
    menu_constraints: dict[str, mathopt.LinearConstraint] = attrs.Factory(dict)
    off_season_kg: mathopt.LinearExpression | None = None
    group_share: dict[tuple[int, str], mathopt.Variable] = attrs.Factory(dict)
    caps: dict[tuple[str, dt.date], int] = attrs.Factory(dict)
    rounding: list[Rounding] = attrs.Factory(list)
    folded: dict[tuple[str, dt.date], dt.date] = attrs.Factory(dict)
    #: the tie-break's part of the objective (:mod:`.tie_break`), left out of the
    #: objective the solve reports, and a variable with its objective coefficient then,
    #: which tells whether the objective is still the one set with it
    objective_tie_break: mathopt.LinearExpression | None = None
    tie_break_probe: tuple[mathopt.Variable, float] | None = None

    def pack_cap(self, problem: WeekProblem, key: tuple[str, dt.date]) -> int:
        """Most packs of line ``key`` (offer, day): ``caps[key]`` when set (a line that
        early deliveries fold into, :mod:`.delivery_days`), else ``problem.pack_cap``."""
        cap = self.caps.get(key)
        return problem.pack_cap(problem.offers[key[0]]) if cap is None else cap


@attrs.frozen
class BuiltModel:
    """A model ready to solve, with the registry that maps it back to the canteen's ids."""

    model: mathopt.Model
    registry: Registry
    problem: WeekProblem


def build_model(
    problem: WeekProblem,
    objective: Objective = "cost",
    cost_basis: Literal["TTC", "HT"] = "TTC",
    *,
    strengthen: bool = True,
    menu_cuts: bool = True,
) -> BuiltModel:
    """Build the MIP for ``problem`` (see the module docstring for the notation).

    ``strengthen`` folds early order days into the next ones (:mod:`.delivery_days`: the
    built model's ``problem`` is then the week without them), splits the packs into those
    put to use and the extra (:func:`add_useful_packs`) and adds the whole-pack cuts of
    :mod:`.pack_cuts`: they leave out plans that some other plan does at least as well, or
    fractional solutions of the relaxation, so the optimum is the same without them (the
    tests compare both). ``menu_cuts`` (with ``strengthen``) adds the menu-choice rows of
    :mod:`.menu_cuts`: the same optimum too."""
    model = mathopt.Model(name=f"week-{problem.week.id}")
    reg = Registry()
    if strengthen:
        ttc = cost_basis == "TTC" or (problem.budget is not None and problem.budget.basis == "TTC")
        folding = fold_early_deliveries(problem, ttc=ttc)
        problem, reg.caps, reg.folded = folding.problem, folding.caps, folding.folded
    add_pack_variables(model, problem, reg)
    add_weekly_max_packs(model, problem, reg)
    add_order_variables(model, problem, reg)
    if strengthen:
        add_useful_packs(model, problem, reg)
    else:
        reg.useful = dict(reg.packs)
    add_collection_variables(model, problem, reg)
    add_allocation_variables(model, problem, reg)
    add_menu_variables(model, problem, reg)
    add_flexible_lines(model, problem, reg)
    add_cost_expressions(problem, reg, model)
    add_coverage(model, problem, reg)
    if strengthen:
        add_pack_cuts(model, problem, reg.useful)
        if menu_cuts and problem.choices:
            add_menu_cuts(model, problem, reg.useful, reg.ordered, reg.menu)
    add_menu_rules(model, problem, reg)
    add_season_rule(model, problem, reg)
    add_lot_capacity(model, problem, reg)
    add_order_rules(model, problem, reg)
    add_collection_rules(model, problem, reg)
    add_budget(model, problem, reg)
    add_share_targets(model, problem, reg)
    add_meat_cap(model, problem, reg)
    add_co2_cap(model, problem, reg)
    set_objective(model, problem, reg, objective, cost_basis)
    return BuiltModel(model, reg, problem)


# --- variables -----------------------------------------------------------------------------


def add_pack_variables(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``p[o,d]`` integer in [0, cap(o)]; with discount tiers, ``p = Σ_k n_k`` where the
    binary ``u_k`` picks the price level k and ``from_k u_k <= n_k <= (from_{k+1} - 1) u_k``,
    ``Σ_k u_k <= 1`` (all-units discount: the whole line at the level's price). Each line's
    value HT and TTC is then rounded to the cent as the plan rounds it
    (:func:`add_line_money`)."""
    for slot in problem.delivery_slots:
        offer = problem.offers[slot.offer]
        key = (slot.offer, slot.date)
        cap = reg.pack_cap(problem, key)
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


def add_weekly_max_packs(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``Σ_d p[o,d] <= max_packs_o``: the most packs the supplier can sell of the offer in
    a week, over all its deliveries (the most per delivery, ``max_packs_per_delivery``, and
    ``max_packs`` too, bound each ``p[o,d]``: :func:`~cantine_supply.problem.week.pack_cap`)."""
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
        limit, cap = limits[key], reg.pack_cap(problem, key)
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


def add_collection_variables(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``t[c,d]`` binary per collection round, fixed to 1 for a round marked ``always``
    (made whether it pays or not); ``q[c,d,i]`` in [0, guaranteed]."""
    needed = problem.most_need_by_ingredient()
    for slot in problem.collection_slots:
        collection = problem.collections[slot.collection]
        reg.trip[(slot.collection, slot.date)] = model.add_variable(
            lb=1.0 if collection.always else 0.0,
            ub=1.0,
            is_integer=True,
            name=f"trip[{slot.collection},{slot.date}]",
        )
        for item in collection.items:
            if item.ingredient in needed:
                reg.take[(slot.collection, slot.date, item.ingredient)] = model.add_variable(
                    lb=0,
                    ub=item.guaranteed,
                    name=f"take[{slot.collection},{slot.date},{item.ingredient}]",
                )


def add_allocation_variables(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``a[i,l,s] >= 0`` for every lot ``l`` of ``i`` usable on a day ``s`` that needs ``i``."""
    need_days = problem.need_days()
    reg.lots = lots_of(problem)
    for lot in reg.lots:
        for day in need_days.get(lot.ingredient, ()):
            if lot.start <= day <= lot.until:
                reg.alloc[(lot.ingredient, lot.key, day)] = model.add_variable(
                    lb=0, name=f"serve[{lot.ingredient},{lot.key},{day}]"
                )


def add_menu_variables(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``x[c,r]`` binary for each candidate ``r`` of each course ``c`` to choose, with
    ``Σ_r x[c,r] = 1`` (exactly one recipe per course)."""
    for index, choice in enumerate(problem.choices):
        for candidate in choice.candidates:
            reg.menu[(index, candidate.recipe)] = model.add_binary_variable(
                name=f"menu[{choice.date},{choice.service},{choice.course},{candidate.recipe}]"
            )
        model.add_linear_constraint(
            mathopt.fast_sum(reg.menu[(index, c.recipe)] for c in choice.candidates) == 1,
            name=f"one_recipe[{choice.date},{choice.service},{choice.course}]",
        )


def add_flexible_lines(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """Flexible lines: ``g[k,i]`` in [0, 1] per option ``i`` of line ``k``, with
    ``Σ_i g[k,i] = on_k`` and ``min_i · on_k <= g[k,i] <= max_i · on_k``, where ``on_k`` is 1
    on a fixed course (the bounds are then the variable's own) and ``x[c,r]`` when the line
    belongs to candidate ``r`` of course ``c``. The line then needs ``g[k,i] · full_need_i``
    of each option (see :func:`add_coverage`)."""
    for k, group in enumerate(problem.groups):
        where = f"{group.date},{group.service},{group.course},{group.recipe},{group.label}"
        shares = []
        for option in group.options:
            fixed = group.choice is None
            share = model.add_variable(
                lb=option.min_share if fixed else 0.0,
                ub=option.max_share if fixed else 1.0,
                name=f"share[{where},{option.ingredient}]",
            )
            reg.group_share[(k, option.ingredient)] = share
            shares.append(share)
            if group.choice is not None:
                chosen = reg.menu[(group.choice, group.recipe)]
                if option.min_share > 0:
                    model.add_linear_constraint(share >= option.min_share * chosen)
                model.add_linear_constraint(share <= option.max_share * chosen)
        on = 1.0 if group.choice is None else reg.menu[(group.choice, group.recipe)]
        model.add_linear_constraint(mathopt.fast_sum(shares) == on, name=f"split[{where}]")


def add_cost_expressions(
    problem: WeekProblem, reg: Registry, model: mathopt.Model | None = None
) -> None:
    """Money, in EUR, each amount rounded to the cent as the plan rounds it: purchase lines
    ``value[o,d]`` HT and TTC (:func:`add_line_money`), delivery fees
    ``fee_s (y[s,d] - f[s,d])`` (the fee and its TTC rounded), collected items at their
    price (HT and TTC at 5.5% rounded per item, with ``model``: :func:`.money.rounded_cents`;
    unrounded without it) and trips ``cost_c t[c,d]`` (no VAT)."""
    purchases_ht = mathopt.fast_sum(reg.line_value_ht.values())
    purchases_ttc = mathopt.fast_sum(reg.line_value_ttc.values())
    fees_ht = mathopt.LinearExpression()
    fees_ttc = mathopt.LinearExpression()
    for key, ordered in reg.ordered.items():
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


# --- constraints ---------------------------------------------------------------------------


def add_coverage(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """Every need is served: ``Σ_l a[i,l,s] = need[i,s]`` for each ingredient and day, where
    a course to choose adds ``Σ_r x[c,r] · covers_c · gross_per_cover(r,i)`` and a flexible
    line ``k`` adds ``Σ_k g[k,i] · full_need[k,i]``."""
    served: dict[tuple[str, dt.date], list[mathopt.Variable]] = defaultdict(list)
    for (ing, _, day), var in reg.alloc.items():
        served[(ing, day)].append(var)
    if not problem.choices and not problem.groups:
        for need in problem.needs:
            model.add_linear_constraint(
                mathopt.fast_sum(served.get((need.ingredient, need.date), [])) == need.quantity,
                name=f"cover[{need.ingredient},{need.date}]",
            )
        return
    fixed: dict[tuple[str, dt.date], float] = defaultdict(float)
    for need in problem.needs:
        fixed[(need.ingredient, need.date)] += need.quantity
    chosen: dict[tuple[str, dt.date], mathopt.LinearExpression] = defaultdict(
        mathopt.LinearExpression
    )
    for index, choice in enumerate(problem.choices):
        for candidate in choice.candidates:
            for ing, qty in candidate.needs:
                chosen[(ing, choice.date)] += qty * reg.menu[(index, candidate.recipe)]
    for k, group in enumerate(problem.groups):
        for option in group.options:
            share = reg.group_share[(k, option.ingredient)]
            chosen[(option.ingredient, group.date)] += option.full_need * share
    for key in sorted(set(fixed) | set(chosen)):
        model.add_linear_constraint(
            mathopt.fast_sum(served.get(key, [])) - chosen.get(key, mathopt.LinearExpression())
            == fixed.get(key, 0.0),
            name=f"cover[{key[0]},{key[1]}]",
        )


def add_menu_rules(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """The menu rules over the week's mains (fixed ones count as constants):
    ``Σ x[c,r] + fixed_r <= max(1, fixed_r)`` per recipe when recipes may not repeat;
    ``Σ vegetarian mains >= min_vegetarian_mains``; ``Σ meat mains <= max_meat_mains``;
    ``Σ fish mains >= min_fish_mains``."""
    if not problem.choices:
        return
    rules = problem.week.menu_rules
    counts = menu_counts(problem)
    if rules.no_repeat:
        fixed = counts.fixed_recipes
        uses: dict[str, list[mathopt.Variable]] = defaultdict(list)
        for (index, recipe), var in reg.menu.items():
            if problem.choices[index].course in REPEAT_COURSES:
                uses[recipe].append(var)
        for recipe, variables in sorted(uses.items()):
            already = fixed.get(recipe, 0)
            if len(variables) + already > max(1, already):
                model.add_linear_constraint(
                    mathopt.fast_sum(variables) <= max(1, already) - already,
                    name=f"no_repeat[{recipe}]",
                )
    mains = [
        (reg.menu[(index, c.recipe)], c)
        for index, choice in enumerate(problem.choices)
        if choice.course == "main"
        for c in choice.candidates
    ]
    least_veg = problem.targets.min_vegetarian_mains
    if least_veg is not None:
        reg.menu_constraints["min_vegetarian_mains"] = model.add_linear_constraint(
            mathopt.fast_sum(x for x, c in mains if c.vegetarian) >= least_veg - counts.vegetarian,
            name="vegetarian_mains",
        )
    if rules.max_meat_mains is not None:
        model.add_linear_constraint(
            mathopt.fast_sum(x for x, c in mains if c.meat) <= rules.max_meat_mains - counts.meat,
            name="meat_mains",
        )
    if rules.min_fish_mains is not None:
        model.add_linear_constraint(
            mathopt.fast_sum(x for x, c in mains if c.fish) >= rules.min_fish_mains - counts.fish,
            name="fish_mains",
        )


def add_season_rule(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """Fresh fruit and vegetables out of season (``problem.off_season``): with the rule
    ``forbid``, ``a[i,l,s] = 0``; with ``penalty``, ``off_season_kg = Σ kg(a[i,l,s])`` enters
    the objective at the penalty per kg (see :func:`set_objective`)."""
    rule = problem.week.menu_rules.off_season
    if rule == "allow":
        return
    expr = mathopt.LinearExpression()
    for (ing, _, day), var in reg.alloc.items():
        if not problem.off_season(ing, day):
            continue
        if rule == "forbid":
            var.upper_bound = 0.0
        else:
            expr += (problem.ingredients[ing].kg_per_unit or 0.0) * var
    reg.off_season_kg = expr


def add_lot_capacity(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """A lot serves no more than it holds: ``Σ_s a[i,l,s] <= stock_l``, ``<= q[c,d,i]`` for a
    collection, and ``<= Σ_o u[o,d] · pack_o`` over the offers of ``i`` delivered on ``d``
    (the packs put to use: all of them, ``p``, without :func:`add_useful_packs`)."""
    served: dict[tuple[str, tuple[object, ...]], list[mathopt.Variable]] = defaultdict(list)
    for (ing, key, _), var in reg.alloc.items():
        served[(ing, key)].append(var)
    delivered: dict[tuple[str, dt.date], mathopt.LinearExpression] = defaultdict(
        mathopt.LinearExpression
    )
    for (oid, day), packs in reg.useful.items():
        offer = problem.offers[oid]
        delivered[(offer.ingredient, day)] += offer.pack_quantity * packs
    for lot in reg.lots:
        total = mathopt.fast_sum(served.get((lot.ingredient, lot.key), []))
        if lot.kind == "stock":
            index = lot.key[1]
            assert isinstance(index, int)
            model.add_linear_constraint(total <= problem.stock[index].quantity)
        elif lot.kind == "collection":
            cid, came = lot.key[1], lot.key[2]
            assert isinstance(cid, str) and isinstance(came, dt.date)
            take = reg.take.get((cid, came, lot.ingredient))
            model.add_linear_constraint(total <= (take if take is not None else 0.0))
        else:
            arrives = lot.key[1]
            assert isinstance(arrives, dt.date)
            model.add_linear_constraint(total <= delivered[(lot.ingredient, arrives)])


def add_order_rules(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """Orders: ``p[o,d] <= cap_o · y[s,d]``; ``y[s,d] <= Σ_o p[o,d]`` (no empty order);
    minimum order ``Σ_o value[o,d] >= min_s · y[s,d]``; free delivery
    ``Σ_o value[o,d] >= threshold_s · f[s,d]``, ``f[s,d] <= y[s,d]``."""
    by_order: dict[tuple[str, dt.date], list[tuple[Offer, tuple[str, dt.date]]]] = defaultdict(list)
    for key in reg.packs:
        offer = problem.offers[key[0]]
        by_order[(offer.supplier, key[1])].append((offer, key))
    for okey, members in by_order.items():
        supplier = problem.suppliers[okey[0]]
        ordered = reg.ordered[okey]
        for _, key in members:
            model.add_linear_constraint(reg.packs[key] <= reg.pack_cap(problem, key) * ordered)
        model.add_linear_constraint(ordered <= mathopt.fast_sum(reg.packs[k] for _, k in members))
        value = mathopt.fast_sum(reg.line_value_ht[k] for _, k in members)
        if supplier.min_order_ht > 0:
            model.add_linear_constraint(value >= supplier.min_order_ht * ordered)
        if okey in reg.free:
            assert supplier.free_delivery_from_ht is not None
            model.add_linear_constraint(reg.free[okey] <= ordered)
            model.add_linear_constraint(value >= supplier.free_delivery_from_ht * reg.free[okey])


def add_collection_rules(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """Food is taken only on a round that is made: ``q[c,d,i] <= guaranteed_i · t[c,d]``."""
    for (cid, day, ing), take in reg.take.items():
        item = next(i for i in problem.collections[cid].items if i.ingredient == ing)
        model.add_linear_constraint(take <= item.guaranteed * reg.trip[(cid, day)])


def add_budget(model: mathopt.Model, problem: WeekProblem, reg: Registry) -> None:
    """``cost(basis) <= budget`` (the week's total, or per cover × covers), on the total the
    plan reports: every amount in ``cost`` is rounded to the cent as the plan rounds it
    (:func:`add_cost_expressions`), and the budget is taken in whole cents, rounded down
    (:func:`.money.budget_cents`), so a plan meets it exactly when its reported total does."""
    limit = budget_cents(problem)
    if limit is None or problem.budget is None:
        return
    reg.target_constraints["budget"] = model.add_linear_constraint(
        reg.cost[problem.budget.basis] <= limit / 100, name="budget"
    )


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


def set_objective(
    model: mathopt.Model,
    problem: WeekProblem,
    reg: Registry,
    objective: Objective,
    cost_basis: Literal["TTC", "HT"],
) -> None:
    """Least cost (default, :func:`planner_cost`) or least CO2 (with ``1e-4 ×`` that cost
    to break ties). The organic objective is set by the solver loop (Dinkelbach), which
    calls :func:`organic_objective`."""
    cost = planner_cost(problem, reg, cost_basis)
    if objective == "co2":
        assert reg.co2 is not None
        model.minimize(reg.co2 + 1e-4 * cost)
        if reg.objective_tie_break is not None:
            reg.objective_tie_break = 1e-4 * reg.objective_tie_break
    else:
        model.minimize(cost)
    if reg.packs:
        probe = min(reg.packs.items())[1]
        reg.tie_break_probe = (probe, model.objective.get_linear_coefficient(probe))


#: The most the leftover tie-break adds to a plan's cost, EUR. With the line tie-break
#: (:data:`.tie_break.BUDGET_CENTS`, half a cent) the two add less than 0.009 EUR.
LEFTOVER_TIE_BREAK_MOST = 0.004


def tie_break_weight(problem: WeekProblem, reg: Registry) -> float:
    """EUR per base unit bought for the leftover tie-break: ``LEFTOVER_TIE_BREAK``, or less
    on a week whose lines could buy so much that the tie-break could reach
    :data:`LEFTOVER_TIE_BREAK_MOST`.

    Proof that the two tie-breaks change no cost by a cent: the leftover tie-break adds at
    most ``w × B`` where ``B = Σ cap[o,d] × pack_o`` is the most any plan buys, and ``w × B
    <= 0.004`` EUR; the line tie-break adds less than 0.005 EUR (:mod:`.tie_break`); so
    together less than 0.009 EUR, and a plan a cent dearer (costs are whole cents) always
    scores higher."""
    most = sum(
        reg.pack_cap(problem, key) * problem.offers[key[0]].pack_quantity for key in reg.packs
    )
    if most <= 0:
        return LEFTOVER_TIE_BREAK
    return min(LEFTOVER_TIE_BREAK, LEFTOVER_TIE_BREAK_MOST / most)


def planner_cost(
    problem: WeekProblem, reg: Registry, cost_basis: Literal["TTC", "HT"]
) -> mathopt.LinearExpression:
    """The one cost objective of the planner, the trade-off curves, the diagnosis and the
    horizon: the cost on ``cost_basis`` (EUR, to the cent), plus the week's off-season
    penalty (``penalty`` rule: EUR per kg served out of season), plus the leftover
    tie-break (:func:`tie_break_weight` × base units bought) and the line tie-break
    (:func:`.tie_break.tie_break`, one plan among equal costs; kept in
    ``reg.objective_tie_break`` so the reported objective can leave it out)."""
    bought = mathopt.fast_sum(
        problem.offers[o].pack_quantity * p for (o, _), p in reg.packs.items()
    )
    reg.objective_tie_break = tie_break(problem, reg)
    cost = reg.cost[cost_basis] + reg.objective_tie_break
    rules = problem.week.menu_rules
    if rules.off_season == "penalty" and reg.off_season_kg is not None:
        cost = cost + rules.off_season_penalty_eur_per_kg * reg.off_season_kg
    return mathopt.as_flat_linear_expression(cost + tie_break_weight(problem, reg) * bought)


def organic_objective(
    model: mathopt.Model,
    problem: WeekProblem,
    reg: Registry,
    ratio: float,
    cost_basis: Literal["TTC", "HT"],
) -> None:
    """Maximise ``organic − ratio × total`` (by value or weight), a Dinkelbach step towards
    the greatest organic share; a small cost term breaks ties towards the cheaper plan."""
    expr = share_expression(problem, reg, "organic_share", ratio)
    model.maximize(expr - 1e-6 * reg.cost[cost_basis])
