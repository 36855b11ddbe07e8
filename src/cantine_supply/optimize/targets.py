"""Move the targets of a built model between solves, without building it again.

The diagnosis and the trade-off curves solve one model many times with its targets
switched on, off or moved, and with other objectives. Everything here changes a
:class:`~cantine_supply.optimize.registry.BuiltModel` in place through its registry:

- a share target is ``Σ_l (q_l − s) · v_l >= 0`` over purchase lines (``q_l`` 1 when the
  line qualifies, ``v_l`` its value HT or weight); moving the share ``s`` rewrites the
  coefficients, :func:`set_share_level`;
- a cap (meat, CO2, budget) is an upper bound: :func:`set_cap` moves it;
- :func:`original_bounds` keeps the bounds every target constraint had when it was built,
  so that a caller that moves them can put them back.

:func:`greatest_share` and :func:`least_co2` work out the best a week can do for a share or
for CO2, with the targets left on as they are and the budget as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.objective import planner_cost
from cantine_supply.optimize.registry import BuiltModel
from cantine_supply.optimize.shares import served_kg, share_terms
from cantine_supply.optimize.solve import SolveOptions, SolveOutcome, solve_model

Basis = Literal["TTC", "HT"]


def cost_expression(built: BuiltModel, basis: Basis) -> mathopt.LinearExpression:
    """The planner's own objective (:func:`~cantine_supply.optimize.objective.planner_cost`):
    cost on ``basis``, the off-season penalty and the leftover tie-break."""
    return planner_cost(built.problem, built.registry, basis)


def minimise_cost(built: BuiltModel, basis: Basis) -> None:
    built.model.minimize(cost_expression(built, basis))


def share_parts(built: BuiltModel, name: str) -> tuple[dict[mathopt.Variable, float],
                                                        dict[mathopt.Variable, float]]:
    """Coefficients of the qualifying amount and of the total amount of share ``name``
    (value HT, or kg when the week counts shares by weight), per variable."""
    problem, reg = built.problem, built.registry
    by_weight = problem.targets.share_basis == "weight"
    qualifying = mathopt.LinearExpression()
    total = mathopt.LinearExpression()
    for key, counts, kg_per_pack in share_terms(problem, name):
        amount = kg_per_pack * reg.packs[key] if by_weight else reg.line_value_ht[key]
        total += amount
        if counts:
            qualifying += amount
    q = mathopt.as_flat_linear_expression(qualifying).terms
    t = mathopt.as_flat_linear_expression(total).terms
    return dict(q), dict(t)


def share_expression(built: BuiltModel, name: str, share: float) -> mathopt.LinearExpression:
    """``Σ qualifying − share × Σ all`` for share ``name``."""
    q, t = share_parts(built, name)
    return mathopt.as_flat_linear_expression(
        mathopt.fast_sum((q.get(v, 0.0) - share * c) * v for v, c in t.items())
    )


def set_share_level(built: BuiltModel, name: str, share: float) -> None:
    """Ask for at least ``share`` (a fraction) of target ``name``: rewrite the coefficients
    of its constraint ``Σ (q − share) v >= 0``, which must exist in the model."""
    constraint = built.registry.target_constraints[name]
    q, t = share_parts(built, name)
    for var, coef in t.items():
        constraint.set_coefficient(var, q.get(var, 0.0) - share * coef)


def set_cap(built: BuiltModel, name: str, per_cover: float) -> None:
    """Move the cap ``name`` (meat g or CO2 kg per cover) to ``per_cover``."""
    built.registry.target_constraints[name].upper_bound = per_cover * built.problem.covers


def original_bounds(built: BuiltModel) -> dict[str, tuple[float, float]]:
    """The bounds of every target constraint as built, to put them back later."""
    return {name: (c.lower_bound, c.upper_bound)
            for name, c in built.registry.target_constraints.items()}


def solution_values(outcome: SolveOutcome) -> dict[mathopt.Variable, float]:
    """Every variable's value in a solve's best solution (for a solution hint)."""
    if outcome.result is None or not outcome.result.has_primal_feasible_solution():
        return {}
    return dict(outcome.result.variable_values())


def model_share(built: BuiltModel, outcome: SolveOutcome, name: str) -> float | None:
    """The share ``name`` of a solve's solution, as the model counts it (exact prices,
    before rounding to the cent); None when the solution buys nothing it counts."""
    values = solution_values(outcome)
    q, t = share_parts(built, name)
    total = sum(c * values.get(v, 0.0) for v, c in t.items())
    if total <= 1e-9:
        return None
    return sum(c * values.get(v, 0.0) for v, c in q.items()) / total


#: Seconds each step of :func:`greatest_share` may take at most (within the options' own
#: limit): the last steps only prove that no plan does better, which can take long on a
#: real week while the share found is already the greatest to a tenth of a point.
SHARE_STEP_TIME_S = 10.0


@attrs.frozen
class GreatestShare:
    """The greatest share found (None: no plan buys anything it counts), the solve of its
    plan, and whether every step ended optimal (else the share is the greatest *found*
    within :data:`SHARE_STEP_TIME_S` per step)."""

    share: float | None
    outcome: SolveOutcome
    proven: bool


def greatest_share(built: BuiltModel, name: str, options: SolveOptions, basis: Basis,
                   start: SolveOutcome, *,
                   step_limit_s: float | None = SHARE_STEP_TIME_S) -> GreatestShare:
    """The greatest share ``name`` (as the model counts it) any plan of the model reaches:
    the one Dinkelbach loop of the planner's organic objective, the trade-off curves and
    the diagnosis.

    From the feasible solve ``start`` (share ``r``), maximise ``Σ qualifying − r Σ all``
    (less a millionth of the cost, so ties go to the cheaper plan) and set ``r`` to the
    share the step's plan reaches. **Stopping criterion** (the only one): stop when a step
    finds no plan, or its plan's share is not above ``r`` by more than 1e-9; the plan
    with share ``r`` is returned. Exact on a finite set of plans: while a plan with a
    share ``s > r`` exists, the step's optimum is positive (``(s − r) Σ all`` less the
    cost term, which is below a millionth of the cost) and its plan's share exceeds ``r``,
    so ``r`` rises strictly and the loop ends at the greatest share (within the cost
    term's millionth; at most 30 steps). The plan returned is the first found with that
    share, not always the cheapest of them: the last step, which finds the cheapest, is
    only used to prove that no share is greater. Each step starts from the best plan so far (a
    solution hint) and runs within ``options``' limit and at most ``step_limit_s`` (None:
    only ``options``' own limit; the planner's organic objective proves each step).
    Leaves the model's objective changed: set it again before the next solve.
    """
    if step_limit_s is None:
        step_options = options
    else:
        limit = step_limit_s if options.time_limit_s is None else min(
            options.time_limit_s, step_limit_s)
        step_options = attrs.evolve(options, time_limit_s=limit)
    best = start
    ratio = model_share(built, start, name)
    proven = True
    for _ in range(30):
        built.model.maximize(share_expression(built, name, ratio or 0.0)
                             - 1e-6 * built.registry.cost[basis])
        step = solve_model(built, step_options, hint=solution_values(best))
        if step.status is not PlanStatus.OPTIMAL:
            proven = False
        if step.decisions is None:
            break
        reached = model_share(built, step, name)
        if reached is None or (ratio is not None and reached <= ratio + 1e-9):
            break
        best, ratio = step, reached
    return GreatestShare(ratio, best, proven)


def least_co2(built: BuiltModel, options: SolveOptions, basis: Basis,
              hint: Mapping[mathopt.Variable, float] | None = None) -> SolveOutcome:
    """The plan with the least kg CO2e (ties to the cheaper); changes the objective."""
    assert built.registry.co2 is not None
    built.model.minimize(built.registry.co2 + 1e-4 * cost_expression(built, basis))
    return solve_model(built, options, hint=hint)


def meat_expression(built: BuiltModel) -> mathopt.LinearExpression:
    """Grams of meat served in the week (collected meat included)."""
    kg = served_kg(built.problem, built.registry, include_collections=True, meat_only=True)
    return mathopt.as_flat_linear_expression(1000.0 * kg)


def least_meat(built: BuiltModel, options: SolveOptions, basis: Basis,
               hint: Mapping[mathopt.Variable, float] | None = None) -> SolveOutcome:
    """The plan with the least meat (ties to the cheaper); changes the objective. Meat
    served follows the menus, so this chooses among candidate recipes."""
    built.model.minimize(meat_expression(built) + 1e-4 * cost_expression(built, basis))
    return solve_model(built, options, hint=hint)


def expression_value(expr: mathopt.LinearExpression, outcome: SolveOutcome) -> float:
    """The value of ``expr`` in a solve's solution."""
    values = solution_values(outcome)
    flat = mathopt.as_flat_linear_expression(expr)
    total: float = flat.offset
    for var, coef in flat.terms.items():
        total += coef * values.get(var, 0.0)
    return total
