"""The registry of a week's model: its variables and expressions keyed by the canteen's ids
(how the solution is read back, never by parsing names), and the built model."""

from __future__ import annotations

import datetime as dt

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.optimize.money import Rounding
from cantine_supply.problem.lots import Lot, LotKey
from cantine_supply.problem.week import WeekProblem


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
    alloc: dict[tuple[str, LotKey, dt.date], mathopt.Variable] = attrs.Factory(dict)
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

    def line_cap(self, problem: WeekProblem, key: tuple[str, dt.date]) -> int:
        """Most packs of line ``key`` (offer, day): ``caps[key]`` when set (a line that
        early deliveries fold into, :mod:`.delivery_days`), else ``problem.most_packs``."""
        cap = self.caps.get(key)
        return problem.most_packs(problem.offers[key[0]]) if cap is None else cap


@attrs.frozen
class BuiltModel:
    """A model ready to solve, with the registry that maps it back to the canteen's ids."""

    model: mathopt.Model
    registry: Registry
    problem: WeekProblem
