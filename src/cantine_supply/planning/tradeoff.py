"""What if: the least cost of a week against one target, as a curve.

:func:`tradeoff` builds the week's model once, without the budget and with the week's
other targets as they are, and solves it for a series of levels of one target, from the
level the cheapest plan reaches to the best any plan reaches (the greatest share, by
Dinkelbach's method; the least CO2). Between solves only the target's constraint changes:
a share ``s`` is ``Σ (q − s) v >= 0``, so its coefficients are rewritten; a cap is an upper
bound, which is moved (:mod:`cantine_supply.optimize.targets`).

The levels are solved from the tightest to the loosest, each solve starting from the plan
of the one before (a solution hint through math_opt, which SCIP and HiGHS take):
that plan meets the looser level too, so every solve but the first starts with a good
incumbent. Every point's plan is assembled and checked by the verifier against the week
with that level as its target.

The budget left out, no budget bounds the packs a plan may buy to lift a share, and with
unlimited money a share has no greatest value in general. The model holds every plan up
to a stated spending ``Y`` (:func:`~cantine_supply.problem.pack_caps.considered_spend`:
100 EUR a cover, or the budget when larger; each line capped by what ``Y`` can pay, with
its proof there): a point costing at most ``Y`` is the least cost of its level over all
plans (a cheaper plan spends less than ``Y``, so it is in the model), and the best level
is the best of the plans up to ``Y`` or better. The curve says so in its messages.

Meat per cover follows the menus (every need is served, whatever is bought): its curve
runs from the cheapest plan's menus to the least meat the candidate recipes allow, and is a
single point for a week with no course to choose.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.errors import InputError, VerificationError
from cantine_supply.model import Catalogue
from cantine_supply.model import targets as target_table
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.registry import BuiltModel
from cantine_supply.optimize.solve import SolveOptions, SolveOutcome, solve_model
from cantine_supply.optimize.split import split_and_serve_unsold_first
from cantine_supply.optimize.targets import (
    expression_value,
    greatest_share,
    least_co2,
    least_meat,
    meat_expression,
    minimise_cost,
    model_share,
    set_cap,
    set_share_level,
    solution_values,
)
from cantine_supply.planning.diagnose import limit_label, value_label
from cantine_supply.plans.assemble import assemble_plan
from cantine_supply.plans.plan import Plan
from cantine_supply.plans.to_json import converter, rounded
from cantine_supply.problem.pack_caps import considered_spend
from cantine_supply.problem.week import WeekProblem
from cantine_supply.problem.week_choice import problem_to_plan
from cantine_supply.verification.week import verify

#: The targets a curve can be drawn against: command-line name -> target.
TARGETS = {
    "organic": "organic_share",
    "egalim": "egalim_share",
    "local": "local_share",
    "co2": "max_co2_kg_per_cover",
    "meat": "max_meat_g_per_cover",
}
SHARE_TARGETS = ("organic", "egalim", "local")
#: A cap loose enough never to bind (g of meat or kg CO2e per cover).
LOOSE_CAP = 1e6
#: How much each level is eased in the model (a share fraction or a cap per cover).
EASE = 1e-9


@attrs.frozen
class TradeoffPoint:
    """One solve of the curve.

    ``level`` is the target asked for (a share as a fraction, or a cap per cover) and
    ``value`` what the plan reaches; ``cost_ttc`` and ``cost_per_cover`` are the plan's
    totals in EUR TTC; ``marginal_per_cover`` what this point costs per cover more than
    the previous (looser) one. ``objective`` is the solver's (cost plus the leftover
    tie-break), ``gap`` its relative gap (0: optimal). ``plan`` is the point's plan;
    ``over_buying`` says whether it reaches its level only by buying packs the menus do
    not use (:attr:`~cantine_supply.plans.plan.Plan.bought_beyond_needs` gives the target as a
    reason).
    """

    level: float
    value: float | None
    cost_ttc: Decimal | None
    cost_per_cover: Decimal | None
    marginal_per_cover: Decimal | None
    status: PlanStatus
    gap: float | None
    objective: float | None
    plan: Plan | None = attrs.field(default=None, eq=False, repr=False)
    over_buying: bool = False


def reached_by_over_buying(plan: Plan, name: str) -> bool:
    """True when ``plan`` buys packs beyond the menus' needs for the target ``name``."""
    return any(name in bought.reasons for bought in plan.bought_beyond_needs)


@attrs.frozen
class TradeoffCurve:
    """The least cost of ``week`` against ``target`` (``organic``, ``egalim``, ``local``,
    ``co2``, ``meat``), points from the loosest level to the tightest."""

    week: str
    target: str
    covers: int
    budget_limit: float | None
    budget_basis: str
    points: tuple[TradeoffPoint, ...]
    messages: tuple[str, ...] = ()

    @property
    def constraint(self) -> str:
        """The target's name in the model and the plan (``organic_share``...)."""
        return TARGETS[self.target]

    def step_lines(self) -> list[str]:
        """What each step costs, in words: ``the next 5.0 points of organic cost 0.11 EUR
        per cover``."""
        lines = []
        name = self.constraint
        for before, point in zip(self.points, self.points[1:], strict=False):
            if point.marginal_per_cover is None:
                continue
            if name.endswith("_share"):
                step = f"the next {100 * (point.level - before.level):.1f} points of {self.target}"
            else:
                kind = target_table.TARGETS[name]
                step = (f"cutting a further {before.level - point.level:.3g}"
                        f" {kind.per_cover_unit} of {kind.word_en} per cover")
            lines.append(f"{step} (to {value_label(name, point.level)})"
                         f" {'cost' if name.endswith('_share') else 'costs'}"
                         f" {point.marginal_per_cover:.2f} EUR per cover")
        return lines

    def to_json(self) -> dict[str, Any]:
        """The curve as JSON-ready data."""
        result: dict[str, Any] = converter.unstructure(self)
        return result


@converter.register(TradeoffCurve)
def _curve_json(curve: TradeoffCurve) -> dict[str, Any]:
    return {
        "week": curve.week,
        "target": curve.target,
        "constraint": curve.constraint,
        "covers": curve.covers,
        "budget": None if curve.budget_limit is None else {
            "limit": round(curve.budget_limit, 2), "basis": curve.budget_basis},
        "points": [
            {
                "level": rounded(p.level),
                "value": rounded(p.value),
                "cost_ttc": p.cost_ttc,
                "cost_per_cover_ttc": p.cost_per_cover,
                "marginal_per_cover_ttc": p.marginal_per_cover,
                "status": p.status,
                "gap": p.gap,
                "over_buying": p.over_buying,
            }
            for p in curve.points
        ],
        "steps": curve.step_lines(),
        "messages": curve.messages,
    }


def with_level(problem: WeekProblem, name: str, level: float) -> WeekProblem:
    """``problem`` without its budget and with target ``name`` at ``level``: the week a
    point of the curve is planned (and verified) for."""
    changes: dict[str, Any] = {name: level}
    targets = attrs.evolve(problem.targets, **changes)
    return attrs.evolve(problem, week=attrs.evolve(problem.week, targets=targets), budget=None)


def _value(plan: Plan, name: str) -> float | None:
    return next((t.value for t in plan.targets if t.name == name), None)


@attrs.define
class _Sweep:
    problem: WeekProblem
    name: str
    built: BuiltModel
    options: SolveOptions

    def set_level(self, level: float) -> None:
        """Ask for ``level``, eased by :data:`EASE` so that the tightest level, which one
        plan reaches exactly, is not lost to rounding."""
        if self.name.endswith("_share"):
            set_share_level(self.built, self.name, level - EASE)
        else:
            set_cap(self.built, self.name, level + EASE)

    def point(self, level: float, outcome: SolveOutcome) -> TradeoffPoint:
        """The point of ``outcome`` solved at ``level``, its plan verified."""
        if outcome.decisions is None:
            return TradeoffPoint(level, None, None, None, None, outcome.status,
                                 outcome.report.gap, None)
        outcome = split_and_serve_unsold_first(self.built, outcome)
        assert outcome.decisions is not None
        at_level = with_level(self.problem, self.name, level)
        plan = assemble_plan(at_level, outcome.decisions, outcome.status, outcome.report)
        failures = verify(at_level, plan)
        if failures:
            raise VerificationError(failures)
        assert plan.indicators is not None
        return TradeoffPoint(level, _value(plan, self.name), plan.indicators.total_ttc,
                             plan.indicators.cost_per_cover_ttc, None, outcome.status,
                             outcome.report.gap, outcome.report.objective, plan,
                             reached_by_over_buying(plan, self.name))


def tradeoff(data: Catalogue | WeekProblem, week: str | None = None, *,
             target: str = "organic", steps: int = 10, up_to: float | None = None,
             options: SolveOptions | None = None,
             progress: Callable[[str], None] | None = None) -> TradeoffCurve:
    """The least cost (EUR TTC) of week ``week`` of ``data`` (a catalogue, or a week's
    problem already built: :func:`~cantine_supply.problem.week_choice.problem_to_plan`)
    against ``target`` in ``steps`` equal
    steps, from the level of the cheapest plan to ``up_to`` or, by default, to the best
    level any plan reaches.

    ``target`` is ``organic``, ``egalim``, ``local`` (shares, as fractions), ``co2`` (kg CO2e
    per cover) or ``meat`` (g per cover). The week's budget is left out (the curve says
    what each level costs) and its other targets stay as they are. Near the best level a
    plan may have to buy more than the menus need to lift a share, and such solves can be
    slow: ``up_to`` (a share, or a cap per cover) stops the curve earlier and saves the
    search for the best level; a level no plan reaches is a point with status infeasible.
    Raises :class:`InputError` for an unknown target, fewer than one step or an ``up_to``
    out of range. ``progress`` (when given) gets a line before each solve: ``point k of n``
    and the search for the best level.
    """
    if target not in TARGETS:
        raise InputError(f"unknown target {target!r} (choose from {', '.join(TARGETS)})")
    if steps < 1:
        raise InputError(f"steps must be 1 or more, got {steps}")
    is_share = target in SHARE_TARGETS
    if up_to is not None and not 0.0 <= up_to <= (1.0 if is_share else LOOSE_CAP):
        wanted = "a share from 0 to 1" if is_share else "a cap per cover >= 0"
        raise InputError(f"up_to must be {wanted}, got {up_to}")
    problem = problem_to_plan(data, week)
    options = options or SolveOptions()
    name = TARGETS[target]
    loose = 0.0 if is_share else LOOSE_CAP
    spend = considered_spend(problem.covers, problem.budget_limit())
    level_problem = attrs.evolve(with_level(problem, name, loose), budget_caps=False,
                                 spend_bound=spend)
    sweep = _Sweep(problem, name, build_model(level_problem, "cost", "TTC"), options)
    curve = functools.partial(TradeoffCurve, problem.week.id, target, problem.covers,
                              problem.budget_limit(),
                              problem.budget.basis if problem.budget else "TTC")
    def say(line: str) -> None:
        if progress is not None:
            progress(line)

    say(f"point 1 of {steps + 1}: the cheapest plan")
    cheapest = solve_model(sweep.built, options)
    if cheapest.decisions is None:
        return curve((), (f"no plan meets the week's other targets ({cheapest.status.value})",))
    first = sweep.point(loose, cheapest)
    start = first.value if first.value is not None else 0.0
    best: float | None = up_to
    hint: dict[mathopt.Variable, float] = {}
    if up_to is not None and name != "max_meat_g_per_cover":
        if (up_to - start) * (1 if is_share else -1) <= 1e-9:
            only = attrs.evolve(first, level=start)
            return curve((only,), (f"the cheapest plan already reaches"
                                   f" {limit_label(name, start)}",))
    else:
        say(f"searching for the best {target_table.TARGETS[name].word_en} any plan reaches")
        best, tight = _tightest(sweep, cheapest)
        hint = solution_values(tight)
    if best is None or abs(best - start) <= 1e-9 * max(1.0, abs(start)):
        only = attrs.evolve(first, level=start)
        shown = value_label(name, start) + ("" if is_share else " per cover")
        word = target_table.TARGETS[name].word_en
        note = (f"meat is fixed by the menus at {shown}: no course has candidate recipes"
                if name == "max_meat_g_per_cover" and not problem.choices
                else f"every plan meeting the other targets has the same {word}: {shown}")
        return curve((only,), (note,))
    levels = [start + (best - start) * k / steps for k in range(steps + 1)]
    minimise_cost(sweep.built, "TTC")
    points = [attrs.evolve(first, level=levels[0])]
    solved: list[TradeoffPoint] = []
    for k, level in enumerate(reversed(levels[1:])):
        say(f"point {k + 2} of {steps + 1}: {limit_label(name, level)}")
        sweep.set_level(level)
        outcome = solve_model(sweep.built, options, hint=hint)
        solved.append(sweep.point(level, outcome))
        hint = solution_values(outcome) or hint
    points += reversed(solved)
    return curve(tuple(_with_marginals(points, problem.covers)),
                 _budget_note(problem, name, points) + _spend_note(spend, points))


def _tightest(sweep: _Sweep, cheapest: SolveOutcome) -> tuple[float | None, SolveOutcome]:
    """The tightest level any plan reaches (None: the menus fix it) and that plan's solve."""
    name, built = sweep.name, sweep.built
    if name == "max_meat_g_per_cover":
        low = least_meat(built, sweep.options, "TTC", solution_values(cheapest))
        if low.decisions is None:
            return None, cheapest
        return expression_value(meat_expression(built), low) / sweep.problem.covers, low
    if name == "max_co2_kg_per_cover":
        low = least_co2(built, sweep.options, "TTC", solution_values(cheapest))
        if low.decisions is None:
            return None, cheapest
        assert built.registry.co2 is not None
        values = solution_values(low)
        terms = mathopt.as_flat_linear_expression(built.registry.co2).terms
        co2 = sum(c * values.get(v, 0.0) for v, c in terms.items())
        return co2 / sweep.problem.covers, low
    greatest = greatest_share(built, name, sweep.options, "TTC", cheapest)
    if greatest.share is None:
        return None, cheapest
    start = model_share(built, cheapest, name) or 0.0
    return max(greatest.share, start), greatest.outcome


def _with_marginals(points: list[TradeoffPoint], covers: int) -> list[TradeoffPoint]:
    out = [points[0]]
    for before, point in zip(points, points[1:], strict=False):
        marginal = None
        if before.cost_ttc is not None and point.cost_ttc is not None:
            marginal = ((point.cost_ttc - before.cost_ttc) / covers).quantize(Decimal("0.01"))
        out.append(attrs.evolve(point, marginal_per_cover=marginal))
    return out


def _spend_note(spend: float, points: list[TradeoffPoint]) -> tuple[str, ...]:
    """What the curve is over: every plan up to ``spend`` EUR (see the module), and the
    points costing more, whose cost is the least found, not proven the least of all."""
    note = f"plans considered: every plan up to {spend:.2f} EUR TTC"
    dear = [p for p in points if p.cost_ttc is not None and float(p.cost_ttc) > spend + 0.005]
    if dear:
        note += (f"; {len(dear)} point(s) cost more, the least found among plans capped"
                 " at what that amount can pay, not proven the least")
    return (note,)


def _budget_note(problem: WeekProblem, name: str,
                 points: list[TradeoffPoint]) -> tuple[str, ...]:
    """Which levels the week's budget reaches."""
    limit = problem.budget_limit()
    if limit is None or problem.budget is None:
        return ()
    basis = problem.budget.basis
    within = [p for p in points if p.plan is not None and p.plan.indicators is not None
              and float(p.plan.indicators.total_ttc if basis == "TTC"
                        else p.plan.indicators.total_ht) <= limit + 0.005]
    if not within:
        return (f"the budget of {limit:.2f} EUR {basis} is below every point of the curve",)
    last = within[-1]
    assert last.value is not None
    way = "up" if name.endswith("_share") else "down"
    return (f"the budget of {limit:.2f} EUR {basis} reaches {way} to"
            f" {limit_label(name, last.value)}",)
