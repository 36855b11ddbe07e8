"""The greedy plan as a starting solution for the planner's model (method ``scip-hint``).

An experiment, not a planner feature: it measures how much a feasible incumbent from the
start helps the solver on big weeks, through ``solve_model(..., hint=...)``. The values
are written by the planner's one writer of starting solutions,
:func:`cantine_supply.optimize.starting_plan.starting_values` (the same that starts the
horizon from its week-by-week plan): packs and tiers from the greedy packs, the extra
packs beyond what the delivery can put to use, orders and free delivery from the order
values, allocations from the greedy servings, no collection round (the greedy makes
none).
"""

from __future__ import annotations

from ortools.math_opt.python import mathopt

from cantine_supply.optimize.decisions import Decisions
from cantine_supply.optimize.registry import BuiltModel
from cantine_supply.optimize.starting_plan import starting_values


def hint_from(built: BuiltModel, decisions: Decisions) -> dict[mathopt.Variable, float] | None:
    """Values for every variable of ``built``'s registry that describe ``decisions``
    (folded first to the model's delivery days); None when a decision has no variable."""
    return starting_values(built.problem, built.registry, decisions)
