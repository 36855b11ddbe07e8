"""The elastic model: every target and the budget may give way, each at its own price.

:func:`build_elastic` builds the week's normal model (:func:`~cantine_supply.optimize.build.
build_model`) and adds one slack variable ``e_k >= 0`` to each target constraint ``k`` and
to the budget, on the side that relaxes it::

    budget      cost − e_budget <= budget
    share k     Σ (q − s_k) v + e_k >= 0          (e_k in EUR HT, or kg by weight)
    caps        1000 × meat − e_meat <= cap × covers;   CO2 − e_co2 <= cap × covers

and minimises the weighted shortfall, counted in *points*::

    Σ_k  weight_k × e_k / point_k  +  weight_cost × cost / reference cost

A point is 1% of the limit for the budget and the caps (1% of the budget, of the meat or
CO2 allowed for the week's covers) and one share point for the shares: 1% of the
*reference purchases*, the purchases of the cheapest plan that ignores every target (by
value HT, by weight when the week counts shares by weight; for the meat and fish share,
the meat and fish purchases). The weights say which targets give way first
(:class:`DiagnosisWeights`). The tiny cost term makes the elastic plan the cheapest among
those with the least weighted shortfall.

Every plan spending up to :attr:`ElasticModel.spend` EUR is in the model, and no other
rule is relaxed by it: the budget gives way, so the lines are capped by what that amount
can pay (:func:`~cantine_supply.problem.pack_caps.considered_spend`, with its proof), not
on the need. What the diagnosis says of the model holds for every plan up to that amount.

The same model also serves the *hard* solves of the diagnosis: :meth:`ElasticModel.configure`
makes each target elastic, hard (its slack fixed at 0) or off (its constraint freed).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.registry import BuiltModel
from cantine_supply.optimize.solve import SolveOptions, SolveOutcome, solve_model
from cantine_supply.optimize.targets import Basis, cost_expression, original_bounds
from cantine_supply.problem.pack_caps import considered_spend
from cantine_supply.problem.week import WeekProblem


def _positive(_inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise ValueError(f"{attribute.name} must be a finite number > 0, got {value!r}")


@attrs.frozen
class DiagnosisWeights:
    """What one point of shortfall of each target costs in the elastic model.

    The lower the weight, the sooner the target gives way when not everything can be met.
    The defaults, from the last to give way to the first:

    - ``budget`` 100: money a canteen does not have cannot be spent; the diagnosis says
      what the targets would cost rather than overspend.
    - ``egalim_share`` and ``organic_share`` 10: the EGalim law's 50% and 20% (the
      yardstick of managers and funders).
    - ``meat_fish_egalim_share`` 5: the law's 60% on meat and fish, since 2024.
    - ``max_meat_g_per_cover`` and ``max_co2_kg_per_cover`` 2: the canteen's own climate
      goals.
    - ``local_share`` and ``circuit_court_share`` 1: no legal definition, the canteen's
      preference; the first to give way.
    - ``cost`` 0.001: the whole cost of the cheapest plan weighs a thousandth of a point,
      so it only breaks ties between plans with the same shortfall.

    One point is 1% of the budget or of a cap, or one share point (see the module).
    """

    budget: float = attrs.field(default=100.0, validator=_positive)
    organic_share: float = attrs.field(default=10.0, validator=_positive)
    egalim_share: float = attrs.field(default=10.0, validator=_positive)
    meat_fish_egalim_share: float = attrs.field(default=5.0, validator=_positive)
    max_meat_g_per_cover: float = attrs.field(default=2.0, validator=_positive)
    max_co2_kg_per_cover: float = attrs.field(default=2.0, validator=_positive)
    local_share: float = attrs.field(default=1.0, validator=_positive)
    circuit_court_share: float = attrs.field(default=1.0, validator=_positive)
    cost: float = attrs.field(default=1e-3, validator=_positive)

    def of(self, target: str) -> float:
        """The weight of ``target`` (a key of ``Registry.target_constraints``)."""
        value = getattr(self, target)
        assert isinstance(value, float | int)
        return float(value)


@attrs.define
class ElasticModel:
    """The week's model with a slack on each target; see the module docstring.
    ``spend`` (EUR, on either basis): every plan spending at most this is in the model."""

    built: BuiltModel
    basis: Basis
    slacks: dict[str, mathopt.Variable]
    bounds: dict[str, tuple[float, float]]
    spend: float

    @property
    def names(self) -> tuple[str, ...]:
        """The targets of the week that have a constraint, budget first."""
        return tuple(self.slacks)

    def configure(self, *, elastic: Iterable[str] = (), hard: Iterable[str] = ()) -> None:
        """Make the targets in ``elastic`` elastic, those in ``hard`` hard, and switch the
        others off (their constraint no longer binds)."""
        elastic, hard = set(elastic), set(hard)
        for name, slack in self.slacks.items():
            constraint = self.built.registry.target_constraints[name]
            if name in elastic or name in hard:
                constraint.lower_bound, constraint.upper_bound = self.bounds[name]
            else:
                constraint.lower_bound, constraint.upper_bound = -math.inf, math.inf
            slack.upper_bound = math.inf if name in elastic else 0.0

    def minimise_cost(self) -> None:
        self.built.model.minimize(cost_expression(self.built, self.basis))

    def minimise_shortfall(self, weights: DiagnosisWeights, points: Mapping[str, float],
                           reference_cost: float) -> None:
        """The elastic objective: weighted points of shortfall, plus the tiny cost term."""
        expr = mathopt.fast_sum(weights.of(name) / points[name] * slack
                                for name, slack in self.slacks.items())
        per_eur = weights.cost / max(reference_cost, 1.0)
        self.built.model.minimize(expr + per_eur * cost_expression(self.built, self.basis))

    def solve(self, options: SolveOptions,
              hint: Mapping[mathopt.Variable, float] | None = None) -> SolveOutcome:
        return solve_model(self.built, options, hint=hint)


def build_elastic(problem: WeekProblem) -> ElasticModel:
    """The week's model with a slack on the budget and on each target (all elastic, and
    the objective still the least cost until :meth:`ElasticModel.minimise_shortfall`), its
    lines capped by what :func:`~cantine_supply.problem.pack_caps.considered_spend` can pay."""
    basis: Basis = problem.budget.basis if problem.budget is not None else "TTC"
    spend = considered_spend(problem.covers, problem.budget_limit())
    built = build_model(attrs.evolve(problem, budget_caps=False, spend_bound=spend), "cost",
                        basis)
    bounds = original_bounds(built)
    slacks = {}
    weighted = {f.name for f in attrs.fields(DiagnosisWeights)}
    for name, constraint in built.registry.target_constraints.items():
        if name not in weighted:
            continue  # a rule without a weight stays hard
        slack = built.model.add_variable(lb=0.0, name=f"shortfall[{name}]")
        relaxes_upper = math.isfinite(constraint.upper_bound)
        constraint.set_coefficient(slack, -1.0 if relaxes_upper else 1.0)
        slacks[name] = slack
    return ElasticModel(built, basis, slacks, bounds, spend)
