"""Complete the decisions read from a solution: the split of each flexible line, and which
lot serves which need (unsold food first).

Kept apart from :mod:`cantine_supply.optimize.solve` so that the decisions read there stay
as they are: :func:`split_and_serve_unsold_first` adds the share of each option of each
flexible line that is served (a line of a candidate recipe that was not chosen is left
out), then serves the needs by :func:`~cantine_supply.optimize.serving.serve_first`
(collected food and stock first, the soonest best-before first). Every solve that becomes
a plan goes through it.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.optimize.registry import BuiltModel, Registry
from cantine_supply.optimize.serving import serve_first
from cantine_supply.optimize.solve import SolveOutcome
from cantine_supply.problem.week import WeekProblem


def read_group_split(
    built: BuiltModel, result: mathopt.SolveResult
) -> dict[int, dict[str, float]]:
    """Share of each option (by ingredient) of each served flexible line, by its index in
    ``problem.groups``; shares rounded to 1e-9 and summing to 1."""
    return group_split(built.problem, built.registry, result.variable_values())


def group_split(
    problem: WeekProblem, reg: Registry, values: Mapping[mathopt.Variable, float]
) -> dict[int, dict[str, float]]:
    """:func:`read_group_split` from a week's registry and the solution's ``values`` (the
    horizon model keeps one registry per week)."""
    split: dict[int, dict[str, float]] = {}
    for k, group in enumerate(problem.groups):
        if group.choice is not None and values[reg.menu[(group.choice, group.recipe)]] < 0.5:
            continue
        shares = {
            o.ingredient: min(max(values[reg.group_share[(k, o.ingredient)]], 0.0), 1.0)
            for o in group.options
        }
        total = sum(shares.values())
        split[k] = {i: round(s / total, 9) for i, s in shares.items()}
    return split


def split_and_serve_unsold_first(
    built: BuiltModel, outcome: SolveOutcome, *, serve: bool = True
) -> SolveOutcome:
    """``outcome`` with its decisions' ``groups`` read from its solution and, with
    ``serve``, its servings (and free collected items) decided by ``serve_first``;
    unchanged without decisions. (Planning weeks one at a time for a horizon keeps the
    optimiser's servings: the stock each week hands on is the horizon model's concern.)"""
    if outcome.decisions is None or outcome.result is None:
        return outcome
    decisions = outcome.decisions
    if built.problem.groups:
        decisions = attrs.evolve(decisions, groups=read_group_split(built, outcome.result))
    if serve:
        decisions = serve_first(built.problem, decisions)
    return attrs.evolve(outcome, decisions=decisions)
