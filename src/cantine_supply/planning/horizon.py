"""Plan several weeks together, to buy in bulk where it pays (issue 6).

::

    import cantine_supply as cs
    from cantine_supply.planning.horizon import StorageCapacity, plan_horizon

    catalogue = cs.load("data")
    result = plan_horizon(catalogue, ["2026-w48", "2026-w49", "2026-w50", "2026-w51"],
                          storage=StorageCapacity(ambient_kg=300),
                          horizon_budget=cs.Budget(1996.40))
    print(result.net_cost_ht, result.bulk_savings_ht)

Rules (see also ``docs/horizon.md``):

- the menus and covers of each week are its own; the planner decides what to buy in
  which week: week k's orders are placed on its ``order_date`` and delivered on the
  suppliers' days from the lead time to week k's last service;
- food is carried from week to week only while it keeps (shelf life from delivery,
  best-before for stock on hand); collected unsold food is used within its week;
- at each week's end the food held (delivered or on hand, not served, still good) fits
  each storage class's capacity in kg (:class:`StorageCapacity`);
- money: each week's purchases keep within that week's own budget, unless a
  ``horizon_budget`` is given, which then **replaces** the weekly budgets: the whole
  horizon's spending keeps within it (per cover means per cover of the whole horizon);
- the stock left at the end that keeps at least a week after the last service is worth
  what it would cost to buy again: the lowest price per base unit of any offer of the
  ingredient, at its best tier (never more than it cost), or for stock on hand its
  ``unit_cost_ht`` when lower; food that would not keep a week is worth nothing, and so
  is what the canteen could not use before it spoils (beyond its use per week × its
  shelf life in weeks). The planner minimises the cost HT less that value;
  ``bulk_savings_ht`` compares it with planning the same weeks one at a time (each week
  alone, with the stock the previous week left), valued alike;
- ``bulk_lines`` are the lines bought in a bulk format or at a discount tier, each with
  what it saved against small packs of the same quality (:mod:`.horizon_bulk`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs
from ortools.math_opt.python import mathopt

from cantine_supply.errors import VerificationError
from cantine_supply.model import Budget, Catalogue, StockLot
from cantine_supply.model.horizon import StorageCapacity
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.decisions import Decisions, PlanStatus, Serving, SolverReport
from cantine_supply.optimize.horizon_build import HorizonBuilt, build_horizon_model
from cantine_supply.optimize.read_back import clean, read_week, serving_order
from cantine_supply.optimize.solve import SolveOptions, solve_model
from cantine_supply.optimize.split import group_split, split_and_serve_unsold_first
from cantine_supply.optimize.starting_plan import starting_values, week_lot
from cantine_supply.planning.horizon_bulk import bulk_lines
from cantine_supply.planning.horizon_plan import HorizonPlan, WeekEnd
from cantine_supply.planning.horizon_search import (
    MAX_PASSES,
    Values,
    objective_value,
    solve_horizon,
)
from cantine_supply.planning.horizon_stock import (
    Carried,
    carry_over,
    stock_indices,
    stock_quantities,
    stock_value_ht,
    storage_failures,
    storage_kg,
)
from cantine_supply.plans.assemble import assemble_plan
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.horizon_problem import (
    HorizonProblem,
    end_value_caps,
    horizon_problem,
    horizon_weeks,
    most_spent_by_a_plan_as_good,
    stock_value,
    usable_before_spoiling,
    with_spend_bound,
)
from cantine_supply.problem.lots import CollectionKey, DeliveryKey
from cantine_supply.problem.pack_caps import TRIAL_SPEND_PER_COVER
from cantine_supply.problem.week import WeekProblem, week_problem
from cantine_supply.verification.week import verify

#: Node limit of the whole-model solve by default: its root only, whose bound gives the
#: gap (deterministic, unlike a time limit; 1000 nodes took 53 s more on the sample and
#: only moved the bound, from a gap of 8.1% to 7.2%).
WHOLE_MODEL_NODES = 1
#: Default solve options of :func:`plan_horizon`: HiGHS (faster than SCIP on the sample's
#: one-week steps, see ``docs/horizon.md``), gap 0, no time limit and a node limit on the
#: whole model, so that the same data give the same plan on every run.
DEFAULT_OPTIONS = SolveOptions(solver="highs", time_limit_s=None, relative_gap=0.0,
                               node_limit=WHOLE_MODEL_NODES)

__all__ = ["HorizonPlan", "StorageCapacity", "WeekEnd", "plan_horizon", "plan_week_by_week"]


def plan_horizon(
    catalogue: Catalogue,
    week_ids: Sequence[str],
    *,
    stock: Sequence[StockLot] | None = None,
    storage: StorageCapacity | None = None,
    horizon_budget: Budget | None = None,
    options: SolveOptions | None = None,
    compare: bool = True,
    passes: int = MAX_PASSES,
    whole_model: bool = True,
    pairs: bool = False,
    suppliers: bool = False,
    progress: Callable[[str], None] | None = None,
) -> HorizonPlan:
    """Plan the weeks ``week_ids`` (1 to 8 consecutive weeks) together, from ``stock`` on
    hand (default: the catalogue's), within ``storage`` capacities and the budgets (each
    week's own, or ``horizon_budget`` for them all). See the module docstring for the
    rules. With ``compare`` the weeks are also planned one at a time (with ``options``'
    solver and time limit, gap 0, no node or solution limit), which gives
    ``bulk_savings_ht`` and a starting plan for the solver, improved one week at a time
    (each step at gap 0) before the whole model is solved with ``options``
    (:mod:`~cantine_supply.planning.horizon_search`; default :data:`DEFAULT_OPTIONS`; ``passes``
    bounds the search, ``pairs`` adds a pass of two-week steps (a deeper search, several
    times slower), ``suppliers`` the search by supplier across the weeks, and without
    ``whole_model`` the search's plan is returned, with no gap, as ``feasible``). Every
    week of the returned plan has passed
    :func:`~cantine_supply.verification.week.verify` and the horizon checks; a plan that
    fails them raises :class:`~cantine_supply.errors.VerificationError`. ``progress`` (when given)
    gets a line of text at each stage: the weeks planned alone, each search step, the
    whole model (a four-week run takes minutes)."""
    options = options or DEFAULT_OPTIONS
    stock_in = catalogue.stock if stock is None else tuple(stock)
    stock_in = tuple(attrs.evolve(lot, unit_cost_ht=stock_value(catalogue, lot))
                     for lot in stock_in)
    problem = horizon_problem(catalogue, tuple(week_ids), stock=stock_in, storage=storage,
                              budget=horizon_budget)
    baseline = None
    if compare:
        if progress is not None:
            progress("planning each week alone (to compare and to start from)")
        alone = attrs.evolve(options, node_limit=None, solution_limit=None, relative_gap=0.0)
        baseline = plan_week_by_week(catalogue, tuple(week_ids), stock=stock_in,
                                     horizon_budget=horizon_budget, options=alone,
                                     progress=progress)

    def solve(p: HorizonProblem) -> tuple[HorizonBuilt, PlanStatus, SolverReport, Values | None]:
        if progress is not None:
            progress("building the model of the weeks together")
        b = build_horizon_model(p)
        hint = _hint(b, baseline) if baseline is not None else None
        return (b, *solve_horizon(b, options, hint, passes=passes, whole_model=whole_model,
                                  pairs=pairs, suppliers=suppliers, progress=progress))

    built, status, report, values = solve(problem)
    tried: list[str] = []
    if problem.budget is None and values is None and status is PlanStatus.INFEASIBLE:
        trial = with_spend_bound(problem, TRIAL_SPEND_PER_COVER * problem.covers)
        if trial is not None:
            problem = trial
            built, status, report, values = solve(problem)
            tried.append(f"no horizon plan costs {TRIAL_SPEND_PER_COVER * problem.covers:.2f}"
                         " EUR or less; dearer plans were not sought")
    if problem.budget is None and values is not None:
        spend = most_spent_by_a_plan_as_good(problem, objective_value(built, values))
        bounded = with_spend_bound(problem, spend * (1 + 1e-9) + 0.01)
        if bounded is not None:
            again = solve(bounded)
            if again[3] is not None:
                problem, (built, status, report, values) = bounded, again
            elif status is PlanStatus.OPTIMAL:
                status = PlanStatus.FEASIBLE  # optimal only among plans capped on the need
    base_net = None
    if baseline is not None and all(p.status.has_plan for p in baseline.plans):
        base_net = baseline.net_cost_ht
    limit = problem.budget_limit()
    basis = horizon_budget.basis if horizon_budget is not None else "TTC"
    if values is None:
        message = {PlanStatus.INFEASIBLE: "no horizon plan meets every need, capacity,"
                   " budget and target", PlanStatus.TIME_LIMIT: "no horizon plan found in"
                   " the time limit"}.get(status, "the solver failed")
        return HorizonPlan(tuple(week_ids), status, report, (), (), None, None, base_net,
                           limit, basis, (message, *tried), week_by_week=baseline)
    if progress is not None:
        progress("assembling and verifying each week's plan, checking storage and stock")
    plans, ends = _assemble(built, values, status, report, stock_in)
    failures = check_horizon(problem, plans, ends)
    if failures:
        raise VerificationError(failures)
    if progress is not None:
        progress("valuing the stock left and listing the bulk buys")
    value = stock_value_ht(ends[-1].lots, problem.last_day,
                           end_value_caps(catalogue, problem.usable))
    cost = sum((p.indicators.total_ht for p in plans if p.indicators is not None), Decimal(0))
    return HorizonPlan(tuple(week_ids), status, report, plans, ends, cost, value, base_net,
                       limit, basis, bulk_lines=bulk_lines(catalogue, plans),
                       week_by_week=baseline, problems=problem.weeks)


def plan_week_by_week(
    catalogue: Catalogue,
    week_ids: Sequence[str],
    *,
    stock: Sequence[StockLot] | None = None,
    horizon_budget: Budget | None = None,
    options: SolveOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> HorizonPlan:
    """Plan the weeks one at a time, each alone (least cost HT with the week planner) with
    the stock the previous week left; the weeks have no budget of their own when a
    ``horizon_budget`` is given (its total is not enforced here). Storage capacities are
    not modelled by the week planner. Stops at the first week without a plan.
    ``progress`` (when given) gets a line as each week starts. The weeks follow the rules
    of a horizon (:func:`~cantine_supply.problem.horizon_problem.horizon_weeks`)."""
    horizon_weeks(catalogue, week_ids)  # the rules of a horizon file: consecutive weeks...
    options = options or SolveOptions()
    carried: tuple[Carried, ...] = tuple(
        Carried(("stock", i), attrs.evolve(lot, unit_cost_ht=stock_value(catalogue, lot)))
        for i, lot in enumerate(catalogue.stock if stock is None else stock))
    plans: list[Plan] = []
    problems: list[WeekProblem] = []
    ends: list[WeekEnd] = []
    report = SolverReport(options.solver, "optimal", 0.0, 0.0, None, None)
    status = PlanStatus.OPTIMAL
    for k, week_id in enumerate(week_ids):
        if progress is not None:
            progress(f"  week {k + 1} of {len(week_ids)} alone: {week_id}")
        problem = _week_problem(catalogue, week_id, carried, horizon_budget is not None)
        built = build_model(problem, "cost", "HT")
        outcome = split_and_serve_unsold_first(built, solve_model(built, options), serve=False)
        report = attrs.evolve(report, time_s=report.time_s + outcome.report.time_s)
        if outcome.decisions is None:
            status = outcome.status
            break
        plan = assemble_plan(problem, outcome.decisions, outcome.status, outcome.report)
        if outcome.status is PlanStatus.FEASIBLE:
            status = PlanStatus.FEASIBLE
        failures = verify(problem, plan)
        if failures:
            raise VerificationError(failures)
        plans.append(plan)
        problems.append(problem)
        carried = carry_over(catalogue, carried, problem, plan)
        ends.append(_week_end(catalogue, week_id, carried))
    complete = len(plans) == len(week_ids)
    cost = sum((p.indicators.total_ht for p in plans if p.indicators is not None), Decimal(0))
    value = stock_value_ht([c.lot for c in carried],
                           catalogue.week_by_id[week_ids[-1]].last_day,
                           end_value_caps(catalogue, usable_before_spoiling(catalogue,
                                                                            week_ids)))
    return HorizonPlan(tuple(week_ids), status, report, tuple(plans), tuple(ends),
                       cost if complete else None, value if complete else None,
                       problems=tuple(problems))


def _week_problem(catalogue: Catalogue, week_id: str, carried: Sequence[Carried],
                  no_budget: bool) -> WeekProblem:
    """The week's own problem with ``carried`` as its stock (no budget when the horizon's
    budget replaces the weeks')."""
    problem = week_problem(attrs.evolve(catalogue, stock=tuple(c.lot for c in carried)), week_id)
    return attrs.evolve(problem, budget=None) if no_budget else problem


def _week_end(catalogue: Catalogue, week_id: str, carried: Sequence[Carried]) -> WeekEnd:
    return WeekEnd(week_id, stock_quantities(catalogue, carried), storage_kg(catalogue, carried),
                   tuple(c.lot for c in carried),
                   tuple(bool(c.key) and c.key[0] == "delivery" for c in carried))


def _assemble(built: HorizonBuilt, values: dict[mathopt.Variable, float], status: PlanStatus,
              report: SolverReport, stock_in: tuple[StockLot, ...]
              ) -> tuple[tuple[Plan, ...], tuple[WeekEnd, ...]]:
    """Each week's plan from the solution: its orders and rounds, and its servings, with
    food from an earlier week served as stock (the stock that week starts with)."""
    problem, reg = built.problem, built.registry
    catalogue = problem.catalogue
    carried: tuple[Carried, ...] = tuple(Carried(("stock", i), lot)
                                         for i, lot in enumerate(stock_in))
    plans: list[Plan] = []
    ends: list[WeekEnd] = []
    for week, wreg in zip(problem.weeks, reg.weeks, strict=True):
        vp = _week_problem(catalogue, week.week.id, carried, problem.budget is not None)
        index = {(carried[full].lot.ingredient, carried[full].key): j
                 for j, full in stock_indices(carried, vp).items()}
        own = {(s.ingredient, s.date) for s in week.delivery_slots}
        servings = []
        for (ing, key, day), var in wreg.alloc.items():
            qty = clean(values[var])
            if qty <= 1e-7:
                continue
            if isinstance(key, CollectionKey):
                servings.append(Serving(ing, day, "collection", key.collection, key.day, qty))
            elif isinstance(key, DeliveryKey) and (ing, key.day) in own:
                servings.append(Serving(ing, day, "delivery", "", key.day, qty))
            else:  # the horizon's stock, or a delivery of an earlier week: carried stock
                servings.append(Serving(ing, day, "stock", str(index[(ing, key)]),
                                        vp.week.order_date, qty))
        servings.sort(key=serving_order)
        decisions = attrs.evolve(read_week(wreg, values, servings),
                                 groups=group_split(week, wreg, values))
        plan = assemble_plan(vp, decisions, status, report)
        failures = verify(vp, plan)
        if failures:
            raise VerificationError([f"{week.week.id}: {f}" for f in failures])
        plans.append(plan)
        carried = carry_over(catalogue, carried, vp, plan)
        ends.append(_week_end(catalogue, week.week.id, carried))
    return tuple(plans), tuple(ends)


def check_horizon(problem: HorizonProblem, plans: Sequence[Plan],
                  ends: Sequence[WeekEnd]) -> list[str]:
    """The horizon's own rules, from the plans alone: storage at each week's end within
    capacity and, with a horizon budget, the total spent within it (each week's plan is
    checked by :func:`~cantine_supply.verification.week.verify` with the stock it starts with)."""
    out: list[str] = []
    for end in ends:
        carried = [Carried((), lot) for lot in end.lots]
        out += storage_failures(problem.catalogue, end.week, carried, problem.storage)
    limit = problem.budget_limit()
    if limit is not None and problem.budget is not None:
        basis = problem.budget.basis
        spent = sum((p.indicators.total_ttc if basis == "TTC" else p.indicators.total_ht
                     for p in plans if p.indicators is not None), Decimal(0))
        allowance = Decimal("0.005") * sum(p.indicators.lines_count + 1 for p in plans
                                           if p.indicators is not None)
        if spent > Decimal(str(limit)) + allowance:
            out.append(f"spends {spent} {basis} over the horizon, above the budget {limit:.2f}")
    return out


def _hint(built: HorizonBuilt, baseline: HorizonPlan) -> dict[mathopt.Variable, float] | None:
    """The week-by-week plan as a starting solution of the horizon model (every variable
    given: each week's by the one writer, :func:`~cantine_supply.optimize.starting_plan.
    starting_values`, the rest 0 but the end values), or None when it is not complete."""
    if len(baseline.plans) != len(built.problem.weeks):
        return None
    problem, reg = built.problem, built.registry
    hint: dict[mathopt.Variable, float] = dict.fromkeys(built.model.variables(), 0.0)
    carried: tuple[Carried, ...] = tuple(Carried(("stock", i), lot)
                                         for i, lot in enumerate(problem.stock))
    for week, wreg, plan in zip(problem.weeks, reg.weeks, baseline.plans, strict=True):
        vp = _week_problem(problem.catalogue, week.week.id, carried, problem.budget is not None)
        back = stock_indices(carried, vp)
        here = carried

        def lot_of(s: Serving, here: tuple[Carried, ...] = here,
                   back: dict[int, int] = back) -> tuple[object, ...]:
            if s.source == "stock":
                return here[back[int(s.source_ref)]].key
            return week_lot(s)

        values = starting_values(week, wreg, plan_decisions(week, plan), lot_of)
        if values is None:
            return None
        hint.update(values)
        carried = carry_over(problem.catalogue, carried, vp, plan)
    for capped, worth in reg.end_caps:
        worth_now = float(mathopt.evaluate_expression(worth, hint))
        hint[capped] = max(0.0, min(capped.upper_bound, worth_now))
    return hint


def plan_decisions(week: WeekProblem, plan: Plan) -> Decisions:
    """The decisions a week's plan made, in the model's terms (lines by offer and delivery
    day, the recipe of each course to choose by its index, each flexible line's split)."""
    packs = {(line.offer, order.delivery_date): line.packs
             for order in plan.orders for line in order.lines}
    taken = {(run.collection, run.date, item.ingredient): item.quantity
             for run in plan.collections for item in run.items}
    chosen = {(m.date, m.service, m.course): m.recipe for m in plan.menu}
    menu = {index: chosen[(c.date, c.service, c.course)] for index, c in enumerate(week.choices)
            if (c.date, c.service, c.course) in chosen}
    shares = {(u.date, u.service, u.course, u.recipe, u.label, u.ingredient): u.share
              for u in plan.group_uses}
    groups = {k: {o.ingredient: shares.get((g.date, g.service, g.course, g.recipe, g.label,
                                             o.ingredient), 0.0) for o in g.options}
              for k, g in enumerate(week.groups)}
    return Decisions(packs, taken, plan.servings, menu, groups)
