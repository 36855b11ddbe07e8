"""The one objective of the planner, the trade-off, the diagnosis and the horizon
(:func:`planner_cost`) and the CO2 objective (the organic share is sought by
:func:`.targets.greatest_share`)."""

from __future__ import annotations

from typing import Literal

from ortools.math_opt.python import mathopt

from cantine_supply.optimize.registry import Registry
from cantine_supply.optimize.tie_break import tie_break
from cantine_supply.problem.week import WeekProblem

Objective = Literal["cost", "co2", "organic"]


#: EUR per base unit bought, added to the cost so that between plans of equal cost the one
#: that buys less (leaves less over) wins; :func:`tie_break_weight` lowers it on a week
#: that could buy so much that it would outweigh a cent.
LEFTOVER_TIE_BREAK = 1e-5


def set_objective(
    model: mathopt.Model,
    problem: WeekProblem,
    reg: Registry,
    objective: Objective,
    cost_basis: Literal["TTC", "HT"],
) -> None:
    """Least cost (default, :func:`planner_cost`) or least CO2 (with ``1e-4 ×`` that cost
    to break ties). The organic objective is set by the one Dinkelbach loop,
    :func:`.targets.greatest_share`."""
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
        reg.line_cap(problem, key) * problem.offers[key[0]].pack_quantity for key in reg.packs
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
