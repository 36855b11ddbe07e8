"""Build the mixed-integer programme for a week (OR-Tools math_opt).

The build runs in a fixed order: the week's families as :mod:`.compose` composes them for
one week or many (variables, constraints, targets), then the objective (:mod:`.objective`).
Each constraint family is one function taking ``(model, problem, reg)``, returning early
when it does not apply, with its formula in the docstring: :mod:`.purchases`,
:mod:`.variables`, :mod:`.costs`, :mod:`.rules`, :mod:`.shares`. Variables are kept in a
:class:`~.registry.Registry` keyed by the canteen's own ids, which is how the solution is
read back (never by parsing names).

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

from typing import Literal

from ortools.math_opt.python import mathopt

from cantine_supply.optimize.compose import WEEK_UNSTRENGTHENED, WeekParts, compose_week
from cantine_supply.optimize.delivery_days import fold_early_deliveries
from cantine_supply.optimize.objective import Objective, set_objective
from cantine_supply.optimize.registry import BuiltModel, Registry
from cantine_supply.problem.week import WeekProblem


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
    put to use and the extra (:func:`.purchases.add_useful_packs`) and adds the whole-pack
    cuts of :mod:`.pack_cuts`: they leave out plans that some other plan does at least as
    well, or fractional solutions of the relaxation, so the optimum is the same without them
    (the tests compare both). ``menu_cuts`` (with ``strengthen``) adds the menu-choice rows
    of :mod:`.menu_cuts`: the same optimum too."""
    model = mathopt.Model(name=f"week-{problem.week.id}")
    reg = Registry()
    parts = WEEK_UNSTRENGTHENED
    if strengthen:
        ttc = cost_basis == "TTC" or (problem.budget is not None and problem.budget.basis == "TTC")
        folding = fold_early_deliveries(problem, ttc=ttc)
        problem, reg.caps, reg.folded = folding.problem, folding.caps, folding.folded
        parts = WeekParts(menu_cuts=menu_cuts)
    compose_week(model, problem, reg, parts)
    set_objective(model, problem, reg, objective, cost_basis)
    return BuiltModel(model, reg, problem)
