"""One composer of the week's constraint families, for one week or many.

A week is a horizon of one: every family is written once (:mod:`.purchases`,
:mod:`.variables`, :mod:`.costs`, :mod:`.rules`, :mod:`.shares`) and added to a model in the
one order below, by :func:`add_week_variables` then :func:`add_week_rules` (together
:func:`compose_week`). Every model composes its weeks this way: the week alone
(:func:`.build.build_model`), the horizon (each week, then what links the weeks:
:mod:`.horizon_build`), the network (each canteen, then the pooled orders:
:mod:`.network`) and the two-stage plan (each scenario, then non-anticipativity:
:mod:`.scenarios`). What differs between them is said by :class:`WeekParts`, never by a
copy of the sequence.

The order (the rows and columns of the model come in this order, which the solver's
search, not its optimum, depends on):

variables
    1. purchases: packs with their money, the week's most packs per offer, orders
       (``parts.purchases``; none when the registry already holds them, a first stage);
    2. the packs put to use and the extra (``parts.useful_packs``);
    3. collection rounds and what they take;
    4. the servings of the week's own lots (``parts.own_lots``);
    5. the menu's choices (``parts.menu``);
    6. the split of flexible lines;
    7. the money: purchases, fees (``parts.fees``), collected food (rounded to the cent
       with ``parts.rounded``), trips.
rules
    8. every need served;
    9. the whole-pack cuts and the menu-choice cuts (``parts.pack_cuts``,
       ``parts.menu_cuts``);
    10. the menu rules (``parts.menu``), the season rule;
    11. what each of the week's lots holds (``parts.own_lots``);
    12. the order rules (``parts.order_rules``), the collection rules;
    13. the budget (``parts.budget``), the shares, the meat cap, the CO2 cap.

**The week's strengthening and the horizon.** Folding early order days
(:mod:`.delivery_days`), the packs put to use (:func:`.purchases.add_useful_packs`) and the
whole-pack cuts (:mod:`.pack_cuts`, :mod:`.menu_cuts`) are proved for a week whose needs are
served from its own lots: a delivery's packs put to use are at most what *its week* can
serve from it, and a cut counts what the week's needs take from the week's offers. In a
horizon a lot delivered in week k may serve week k+1 (while it keeps) and stock carried
into week k+1 is bought in week k, so neither bound holds there: they are week-only
(:data:`HORIZON_WEEK`), and the horizon has its own whole-pack cuts over runs of need
days across its weeks (:func:`.horizon_build.horizon_pack_cuts`). The two-stage plan keeps
the packs put to use and the whole-pack cuts (each scenario is a week served from its own
lots) but not the folding, which changes the slots the scenarios share; the network keeps
the cuts and leaves out the packs put to use (slower there, see :mod:`.network`).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.optimize.costs import add_cost_expressions
from cantine_supply.optimize.menu_cuts import add_menu_cuts
from cantine_supply.optimize.pack_cuts import add_pack_cuts
from cantine_supply.optimize.purchases import add_useful_packs, add_week_purchases
from cantine_supply.optimize.registry import Registry
from cantine_supply.optimize.rules import (
    add_budget,
    add_collection_rules,
    add_coverage,
    add_lot_capacity,
    add_menu_rules,
    add_order_rules,
    add_season_rule,
)
from cantine_supply.optimize.shares import add_co2_cap, add_meat_cap, add_share_targets
from cantine_supply.optimize.variables import (
    add_allocation_variables,
    add_collection_variables,
    add_flexible_lines,
    add_menu_variables,
)
from cantine_supply.problem.week import WeekProblem

#: Adds a week's packs and orders (with their money) to the model and the registry.
Purchases = Callable[[mathopt.Model, WeekProblem, Registry], None]


@attrs.frozen
class WeekParts:
    """Which of the week's families a model composes for a week, and how (the defaults:
    a week planned alone, strengthened).

    ``purchases`` adds the packs and orders (default :func:`.purchases.add_week_purchases`;
    the network prices them at the pooled line's level); None when the registry holds them
    already (a scenario's registry starts from the first stage's), which also leaves the
    packs put to use as the registry has them. ``own_lots``: the servings of the week's own
    lots and what each holds (a horizon serves lots across weeks and adds both itself).
    ``menu``: the menu's choices and rules (a first stage holds them). ``order_rules``,
    ``budget``: left out where orders are pooled or the budget is the horizon's or held in
    expectation. ``fees``: the delivery fees in the week's cost (the network counts the
    pooled orders' fees). ``rounded``: the collected food's money rounded to the cent by
    integer variables (:func:`.money.rounded_cents`; unrounded without it).
    ``useful_packs``, ``pack_cuts``, ``menu_cuts``: the week's strengthening (see the
    module docstring)."""

    purchases: Purchases | None = add_week_purchases
    useful_packs: bool = True
    own_lots: bool = True
    menu: bool = True
    order_rules: bool = True
    budget: bool = True
    fees: bool = True
    rounded: bool = True
    pack_cuts: bool = True
    menu_cuts: bool = True


#: A week planned alone without the strengthening (the tests compare both).
WEEK_UNSTRENGTHENED = WeekParts(useful_packs=False, pack_cuts=False, menu_cuts=False)
#: A week of a horizon: the lots and the budget are the horizon's, the strengthening is
#: week-only (module docstring).
HORIZON_WEEK = WeekParts(useful_packs=False, own_lots=False, budget=False, pack_cuts=False,
                         menu_cuts=False)


def add_week_variables(model: mathopt.Model, problem: WeekProblem, reg: Registry,
                       parts: WeekParts = WeekParts()) -> None:
    """Steps 1 to 7 of the module docstring: the week's decisions and its money."""
    if parts.purchases is not None:
        parts.purchases(model, problem, reg)
        if parts.useful_packs:
            add_useful_packs(model, problem, reg)
        else:
            reg.useful = dict(reg.packs)
    add_collection_variables(model, problem, reg)
    if parts.own_lots:
        add_allocation_variables(model, problem, reg)
    if parts.menu:
        add_menu_variables(model, problem, reg)
    add_flexible_lines(model, problem, reg)
    add_cost_expressions(problem, reg, model if parts.rounded else None, fees=parts.fees)


def add_week_rules(model: mathopt.Model, problem: WeekProblem, reg: Registry,
                   parts: WeekParts = WeekParts()) -> None:
    """Steps 8 to 13 of the module docstring: the week's rules and targets."""
    add_coverage(model, problem, reg)
    if parts.pack_cuts:
        add_pack_cuts(model, problem, reg.useful)
    if parts.menu_cuts and problem.choices:
        add_menu_cuts(model, problem, reg.useful, reg.ordered, reg.menu)
    if parts.menu:
        add_menu_rules(model, problem, reg)
    add_season_rule(model, problem, reg)
    if parts.own_lots:
        add_lot_capacity(model, problem, reg)
    if parts.order_rules:
        add_order_rules(model, problem, reg)
    add_collection_rules(model, problem, reg)
    if parts.budget:
        add_budget(model, problem, reg)
    add_share_targets(model, problem, reg)
    add_meat_cap(model, problem, reg)
    add_co2_cap(model, problem, reg)


def compose_week(model: mathopt.Model, problem: WeekProblem, reg: Registry,
                 parts: WeekParts = WeekParts()) -> None:
    """The week's families in the one order: :func:`add_week_variables`, then
    :func:`add_week_rules`."""
    add_week_variables(model, problem, reg, parts)
    add_week_rules(model, problem, reg, parts)
