"""The planner's model written again with PuLP and solved with CBC, for comparison.

Same variables, constraints, targets and objective as :mod:`cantine_supply.optimize.build`
(see its docstrings for the formulas), in the same order; the solution is read back into
:class:`~cantine_supply.plans.assemble.Decisions` and assembled and verified by the same code as
the planner's, so costs compare to the cent. PuLP is an optional extra
(``pip install cantine_supply[bench]``); variables are named by index (``p12``), since PuLP
rewrites characters that LP files do not accept and ids could collide.

Only the ``cost`` objective is written (least cost, TTC or HT as the budget's basis, plus
the line and leftover tie-breaks). Money is counted as the planner counts it
(:mod:`cantine_supply.optimize.money`): each purchase line HT and TTC, each delivery fee,
collected item and trip rounded to the cent, half up, in whole cents (an integer per
rounded amount when a price or VAT rate does not give whole cents), and the budget in
whole cents rounded down; so CBC's optimum is the planner's to the cent.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import attrs
import pulp

from cantine_supply.model.codes import Family, ProteinClass
from cantine_supply.optimize.costs import COLLECTED_VAT
from cantine_supply.optimize.decisions import Decisions, PlanStatus, Serving, SolverReport
from cantine_supply.optimize.delivery_days import fold_early_deliveries
from cantine_supply.optimize.money import (
    SCALE,
    budget_cents,
    cents_constant,
    scaled_price,
    scaled_vat,
    ttc_cents_constant,
    whole_cents,
    whole_ttc_cents,
)
from cantine_supply.optimize.objective import tie_break_weight
from cantine_supply.optimize.pack_cuts import useful_pack_limits, window_pack_cuts
from cantine_supply.optimize.shares import share_terms
from cantine_supply.optimize.tie_break import BUDGET_CENTS, key_fraction
from cantine_supply.problem.lots import CollectionKey, Lot, LotKey, StockKey, lots_of
from cantine_supply.problem.week import REPEAT_COURSES, WeekProblem, menu_counts

MEAT_FISH_FAMILIES = (Family.VIANDES_VOLAILLES, Family.PRODUITS_DE_LA_MER)
Key = tuple[str, dt.date]


@attrs.define
class PulpModel:
    """The PuLP problem and its variables keyed by the canteen's ids (as the planner's Registry)."""

    problem: WeekProblem
    lp: pulp.LpProblem
    caps: dict[Key, int]
    packs: dict[Key, pulp.LpVariable] = attrs.Factory(dict)
    useful: dict[Key, pulp.LpAffineExpression] = attrs.Factory(dict)
    line_value_ht: dict[Key, pulp.LpAffineExpression] = attrs.Factory(dict)
    line_value_ttc: dict[Key, pulp.LpAffineExpression] = attrs.Factory(dict)
    tie_break: pulp.LpAffineExpression | None = None
    ordered: dict[Key, pulp.LpVariable] = attrs.Factory(dict)
    free: dict[Key, pulp.LpVariable] = attrs.Factory(dict)
    trip: dict[Key, pulp.LpVariable] = attrs.Factory(dict)
    take: dict[tuple[str, dt.date, str], pulp.LpVariable] = attrs.Factory(dict)
    alloc: dict[tuple[str, LotKey, dt.date], pulp.LpVariable] = attrs.Factory(dict)
    menu: dict[tuple[int, str], pulp.LpVariable] = attrs.Factory(dict)
    group_share: dict[tuple[int, str], pulp.LpVariable] = attrs.Factory(dict)
    off_season_kg: pulp.LpAffineExpression | None = None
    lots: tuple[Lot, ...] = ()
    cost: dict[str, pulp.LpAffineExpression] = attrs.Factory(dict)
    count: int = 0

    def var(
        self, prefix: str, low: float = 0, up: float | None = None, cat: str = pulp.LpContinuous
    ) -> pulp.LpVariable:
        self.count += 1
        return pulp.LpVariable(f"{prefix}{self.count}", lowBound=low, upBound=up, cat=cat)


def build_pulp(problem: WeekProblem) -> PulpModel:
    """The week's MIP in PuLP: the planner's families, in the planner's order (early order
    days folded into the next ones first, as ``build_model`` does)."""
    folding = fold_early_deliveries(problem)
    problem, caps = folding.problem, folding.caps
    m = PulpModel(problem, pulp.LpProblem(f"week_{problem.week.id}", pulp.LpMinimize), caps)
    lp, offers, suppliers = m.lp, problem.offers, problem.suppliers
    # packs and discount tiers
    for slot in problem.delivery_slots:
        offer = offers[slot.offer]
        key = (slot.offer, slot.date)
        cap = caps[key]
        packs = m.packs[key] = m.var("p", 0, cap, pulp.LpInteger)
        if not offer.tiers:
            _line_money(m, key, [(packs, offer.price_ht)], offer.vat_rate)
            continue
        levels = [lvl for lvl in offer.price_levels() if lvl[0] <= cap]
        parts = []
        for k, (start, price) in enumerate(levels):
            end = levels[k + 1][0] - 1 if k + 1 < len(levels) else cap
            use = m.var("u", 0, 1, pulp.LpBinary)
            amount = m.var("n", 0, end, pulp.LpInteger)
            lp += amount >= start * use
            lp += amount <= end * use
            parts.append((use, amount, price))
        lp += pulp.lpSum(u for u, _, _ in parts) <= 1
        lp += packs == pulp.lpSum(n for _, n, _ in parts)
        _line_money(m, key, [(n, price) for _, n, price in parts], offer.vat_rate)
    _weekly_max_packs(m)
    # orders, free delivery
    for slot in problem.delivery_slots:
        okey = (slot.supplier, slot.date)
        if okey in m.ordered:
            continue
        m.ordered[okey] = m.var("y", 0, 1, pulp.LpBinary)
        supplier = suppliers[slot.supplier]
        if supplier.delivery_fee_ht > 0 and supplier.free_delivery_from_ht is not None:
            m.free[okey] = m.var("f", 0, 1, pulp.LpBinary)
    # packs put to use, u = p - e <= limit * y, and the extra e (as purchases.add_useful_packs)
    limits = useful_pack_limits(problem)
    for key, packs in m.packs.items():
        ordered = m.ordered[(offers[key[0]].supplier, key[1])]
        limit, cap = limits[key], caps[key]
        if cap <= limit:
            m.useful[key] = pulp.LpAffineExpression(packs)
            continue
        extra = m.var("e", 0, cap - limit, pulp.LpInteger)
        lp += extra <= (cap - limit) * ordered
        lp += packs - extra <= limit * ordered
        m.useful[key] = packs - extra
    # collections
    needed = problem.most_need_by_ingredient()
    for cslot in problem.collection_slots:
        collection = problem.collections[cslot.collection]
        m.trip[(cslot.collection, cslot.date)] = m.var("t", 0, 1, pulp.LpBinary)
        for item in collection.items:
            if item.ingredient in needed:
                m.take[(cslot.collection, cslot.date, item.ingredient)] = m.var(
                    "q", 0, item.guaranteed
                )
    # allocations
    need_days = problem.need_days()
    m.lots = lots_of(problem)
    for lot in m.lots:
        for day in need_days.get(lot.ingredient, ()):
            if lot.start <= day <= lot.until:
                m.alloc[(lot.ingredient, lot.key, day)] = m.var("a")
    # menu choice: one recipe per course to choose
    for index, choice in enumerate(problem.choices):
        for candidate in choice.candidates:
            m.menu[(index, candidate.recipe)] = m.var("x", 0, 1, pulp.LpBinary)
        lp += pulp.lpSum(m.menu[(index, c.recipe)] for c in choice.candidates) == 1
    # flexible lines: shares of the options, summing to 1 (or to x[c,r] for a candidate)
    for k, group in enumerate(problem.groups):
        shares = []
        for option in group.options:
            if group.choice is None:  # a fixed course: the shares' bounds are the variable's
                share = m.var("g", option.min_share, option.max_share)
            else:
                share = m.var("g", 0, 1)
                chosen = m.menu[(group.choice, group.recipe)]
                if option.min_share > 0:
                    lp += share >= option.min_share * chosen
                lp += share <= option.max_share * chosen
            m.group_share[(k, option.ingredient)] = share
            shares.append(share)
        on = 1 if group.choice is None else m.menu[(group.choice, group.recipe)]
        lp += pulp.lpSum(shares) == on
    _costs(m)
    _constraints(m)
    _targets(m)
    bought = pulp.lpSum(offers[o].pack_quantity * p for (o, _), p in m.packs.items())
    basis = problem.budget.basis if problem.budget else "TTC"
    m.tie_break = _tie_break(m)
    cost = m.cost[basis] + m.tie_break
    rules = problem.week.menu_rules
    if rules.off_season == "penalty" and m.off_season_kg is not None:
        cost = cost + rules.off_season_penalty_eur_per_kg * m.off_season_kg
    lp += cost + tie_break_weight(problem, _Caps(m.packs, m.caps)) * bought
    return m


@attrs.frozen
class _Caps:
    """The registry's shape that :func:`~cantine_supply.optimize.build.tie_break_weight`
    reads: the pack lines and their most packs."""

    packs: dict[Key, pulp.LpVariable]
    caps: dict[Key, int]

    def line_cap(self, problem: WeekProblem, key: Key) -> int:
        return self.caps[key]


def _tie_break(m: PulpModel) -> pulp.LpAffineExpression:
    """The planner's line tie-break (:mod:`cantine_supply.optimize.tie_break`): half a cent
    shared over the lines' most packs and the rounds, each weighted by the hash of its key."""
    units = sum(m.caps[key] for key in m.packs) + len(m.trip)
    if units == 0:
        return pulp.LpAffineExpression()
    scale = BUDGET_CENTS * 0.01 / units
    packs = [scale * (1 + key_fraction("offer", o, d)) / 2 * p
             for (o, d), p in sorted(m.packs.items())]
    trips = [scale * (1 + key_fraction("collection", c, d)) / 2 * t
             for (c, d), t in sorted(m.trip.items())]
    return pulp.lpSum(packs + trips)


def _rounded_cents(m: PulpModel, terms: list[tuple[pulp.LpVariable, float]], *,
                   whole: bool = True) -> pulp.LpAffineExpression:
    """``Σ a_j x_j / SCALE`` cents rounded half up, in cents, as
    :func:`cantine_supply.optimize.money.rounded_cents` writes it: each whole ``a_j`` split
    ``SCALE · A_j + b_j``; an integer ``z`` and a ``rest`` in [0, SCALE − 1] with
    ``Σ b_j x_j + SCALE/2 − SCALE · z − rest = 0``; the amount is ``Σ A_j x_j + z``."""
    whole_part, fraction, most = [], [], 0.0
    for var, coefficient in terms:
        up = var.upBound if var.upBound is not None else 1e9
        if whole:
            a = round(coefficient)
            whole_part.append((a // SCALE) * var)
            fraction.append((a % SCALE) * var)
            most += (a % SCALE) * up
        else:
            fraction.append(coefficient * var)
            most += coefficient * up
    z = m.var("z", 0, int(most // SCALE + 1), pulp.LpInteger)
    rest = m.var("r", 0, SCALE - 1)
    m.lp += pulp.lpSum(fraction) + SCALE // 2 - SCALE * z - rest == 0
    return pulp.lpSum(whole_part) + z


def _line_money(m: PulpModel, key: Key, parts: list[tuple[pulp.LpVariable, float]],
                vat_rate: float) -> None:
    """A line's value HT and TTC in cents, rounded as the plan rounds them (as
    ``cantine_supply.optimize.build.add_line_money``); stored in EUR."""
    exact = [whole_cents(price) for _, price in parts]
    vat = scaled_vat(vat_rate) or round((1 + vat_rate) * SCALE)
    if all(c is not None for c in exact):
        ht = pulp.lpSum(c * n for (n, _), c in zip(parts, exact, strict=True) if c)
        ttc_exact = [whole_ttc_cents(c, vat_rate) for c in exact if c is not None]
    else:
        ht = _rounded_cents(m, [(n, float(scaled_price(price) or round(price * 100 * SCALE)))
                                for n, price in parts])
        ttc_exact = [None]
    if all(c is not None for c in ttc_exact):
        ttc = pulp.lpSum(c * n for (n, _), c in zip(parts, ttc_exact, strict=True)
                         if c is not None)
    else:
        ttc = _rounded_cents(m, [(v, vat * a) for v, a in _cents_terms(ht)])
    m.line_value_ht[key] = 0.01 * ht
    m.line_value_ttc[key] = 0.01 * ttc


def _cents_terms(amount: pulp.LpAffineExpression) -> list[tuple[pulp.LpVariable, float]]:
    """The (variable, coefficient) terms of an amount in cents (no constant)."""
    return list(amount.items())


def _weekly_max_packs(m: PulpModel) -> None:
    """``Σ_d p[o,d] <= max_packs_o`` for an offer delivered on several days."""
    lines: dict[str, list[pulp.LpVariable]] = defaultdict(list)
    for (oid, _), packs in m.packs.items():
        lines[oid].append(packs)
    for oid, variables in sorted(lines.items()):
        most = m.problem.offers[oid].max_packs
        if most is not None and len(variables) > 1:
            m.lp += pulp.lpSum(variables) <= most


def _costs(m: PulpModel) -> None:
    """The cost on each basis in EUR, each amount rounded to the cent as the plan rounds
    it (``cantine_supply.optimize.build.add_cost_expressions``)."""
    problem = m.problem
    purchases_ht = pulp.lpSum(m.line_value_ht.values())
    purchases_ttc = pulp.lpSum(m.line_value_ttc.values())
    fees_ht, fees_ttc = [], []
    for okey, ordered in m.ordered.items():
        supplier = problem.suppliers[okey[0]]
        if supplier.delivery_fee_ht <= 0:
            continue
        charged = ordered - m.free[okey] if okey in m.free else ordered
        fee = cents_constant(supplier.delivery_fee_ht)
        fees_ht.append(0.01 * fee * charged)
        fees_ttc.append(0.01 * ttc_cents_constant(fee, supplier.fee_vat_rate) * charged)
    price = {
        (c.id, i.ingredient): i.price_ht for c in problem.collections.values() for i in c.items
    }
    collected_ht, collected_ttc = [], []
    for (cid, _, ing), take in m.take.items():
        if price[(cid, ing)] <= 0:
            continue
        scaled = float(scaled_price(price[(cid, ing)]) or round(price[(cid, ing)] * 100 * SCALE))
        ht = _rounded_cents(m, [(take, scaled)], whole=False)
        ttc = _rounded_cents(m, [(v, COLLECTED_VAT * a) for v, a in _cents_terms(ht)])
        collected_ht.append(0.01 * ht)
        collected_ttc.append(0.01 * ttc)
    trips = pulp.lpSum(
        0.01 * cents_constant(problem.collections[cid].trip_cost) * t
        for (cid, _), t in m.trip.items()
    )
    m.cost["HT"] = purchases_ht + pulp.lpSum(fees_ht) + pulp.lpSum(collected_ht) + trips
    m.cost["TTC"] = purchases_ttc + pulp.lpSum(fees_ttc) + pulp.lpSum(collected_ttc) + trips


def _constraints(m: PulpModel) -> None:
    problem, lp, offers = m.problem, m.lp, m.problem.offers
    served: dict[Key, list[pulp.LpVariable]] = defaultdict(list)
    by_lot: dict[tuple[str, LotKey], list[pulp.LpVariable]] = defaultdict(list)
    for (ing, lot_ref, day), var in m.alloc.items():
        served[(ing, day)].append(var)
        by_lot[(ing, lot_ref)].append(var)
    _coverage(m, served)
    _pack_cover_cuts(m)
    _menu_rules(m)
    _season_rule(m)
    delivered: dict[Key, list[pulp.LpAffineExpression]] = defaultdict(list)
    for (oid, day), useful in m.useful.items():
        delivered[(offers[oid].ingredient, day)].append(offers[oid].pack_quantity * useful)
    for lot in m.lots:  # lot capacity
        total = pulp.lpSum(by_lot.get((lot.ingredient, lot.key), []))
        ref = lot.key
        if isinstance(ref, StockKey):
            lp += total <= problem.stock[ref.stock_index].quantity
        elif isinstance(ref, CollectionKey):
            take = m.take.get((ref.collection, ref.day, lot.ingredient))
            lp += total <= (take if take is not None else 0.0)
        else:
            lp += total <= pulp.lpSum(delivered[(lot.ingredient, ref.day)])
    members: dict[Key, list[Key]] = defaultdict(list)
    for key in m.packs:
        members[(offers[key[0]].supplier, key[1])].append(key)
    for okey, keys in members.items():  # order rules
        supplier, ordered = problem.suppliers[okey[0]], m.ordered[okey]
        for key in keys:
            lp += m.packs[key] <= m.caps[key] * ordered
        lp += ordered <= pulp.lpSum(m.packs[k] for k in keys)
        value = pulp.lpSum(m.line_value_ht[k] for k in keys)
        if supplier.min_order_ht > 0:
            lp += value >= supplier.min_order_ht * ordered
        if okey in m.free:
            assert supplier.free_delivery_from_ht is not None
            lp += m.free[okey] <= ordered
            lp += value >= supplier.free_delivery_from_ht * m.free[okey]
    guaranteed = {
        (c.id, i.ingredient): i.guaranteed for c in problem.collections.values() for i in c.items
    }
    for (cid, day, ing), take in m.take.items():  # collection rules
        lp += take <= guaranteed[(cid, ing)] * m.trip[(cid, day)]


def _coverage(m: PulpModel, served: dict[Key, list[pulp.LpVariable]]) -> None:
    """Every need served; a course to choose adds its chosen candidate's needs."""
    problem, lp = m.problem, m.lp
    if not problem.choices and not problem.groups:
        for need in problem.needs:
            lp += pulp.lpSum(served.get((need.ingredient, need.date), [])) == need.quantity
        return
    fixed: dict[Key, float] = defaultdict(float)
    for need in problem.needs:
        fixed[(need.ingredient, need.date)] += need.quantity
    chosen: dict[Key, list[pulp.LpAffineExpression]] = defaultdict(list)
    for index, choice in enumerate(problem.choices):
        for candidate in choice.candidates:
            for ing, qty in candidate.needs:
                chosen[(ing, choice.date)].append(qty * m.menu[(index, candidate.recipe)])
    for k, group in enumerate(problem.groups):
        for option in group.options:
            share = m.group_share[(k, option.ingredient)]
            chosen[(option.ingredient, group.date)].append(option.full_need * share)
    for key in sorted(set(fixed) | set(chosen)):
        lp += pulp.lpSum(served.get(key, [])) - pulp.lpSum(chosen.get(key, [])) == fixed.get(
            key, 0.0
        )


def _pack_cover_cuts(m: PulpModel) -> None:
    """The whole-pack cuts of ``cantine_supply.optimize.pack_cuts`` (the same rows, over the
    packs put to use)."""
    for cut in window_pack_cuts(m.problem):
        m.lp += pulp.lpSum(c * m.useful[key] for key, c in cut.terms) >= cut.least

def _menu_rules(m: PulpModel) -> None:
    """No repeated recipe, least vegetarian mains, most meat mains, least fish mains."""
    problem, lp = m.problem, m.lp
    if not problem.choices:
        return
    rules, counts = problem.week.menu_rules, menu_counts(problem)
    if rules.no_repeat:
        uses: dict[str, list[pulp.LpVariable]] = defaultdict(list)
        for (index, recipe), var in m.menu.items():
            if problem.choices[index].course in REPEAT_COURSES:
                uses[recipe].append(var)
        for recipe, variables in sorted(uses.items()):
            already = counts.fixed_recipes.get(recipe, 0)
            if len(variables) + already > max(1, already):
                lp += pulp.lpSum(variables) <= max(1, already) - already
    mains = [
        (m.menu[(index, c.recipe)], c)
        for index, choice in enumerate(problem.choices)
        if choice.course == "main"
        for c in choice.candidates
    ]
    least_veg = problem.targets.min_vegetarian_mains
    if least_veg is not None:
        lp += pulp.lpSum(x for x, c in mains if c.vegetarian) >= least_veg - counts.vegetarian
    if rules.max_meat_mains is not None:
        lp += pulp.lpSum(x for x, c in mains if c.meat) <= rules.max_meat_mains - counts.meat
    if rules.min_fish_mains is not None:
        lp += pulp.lpSum(x for x, c in mains if c.fish) >= rules.min_fish_mains - counts.fish


def _season_rule(m: PulpModel) -> None:
    """Out-of-season fresh produce: forbidden (``a = 0``) or counted for the penalty."""
    problem = m.problem
    rule = problem.week.menu_rules.off_season
    if rule == "allow":
        return
    terms = []
    for (ing, _, day), var in m.alloc.items():
        if not problem.off_season(ing, day):
            continue
        if rule == "forbid":
            var.upBound = 0.0
        else:
            terms.append((problem.ingredients[ing].kg_per_unit or 0.0) * var)
    m.off_season_kg = pulp.lpSum(terms)


def _targets(m: PulpModel) -> None:
    problem, lp, targets = m.problem, m.lp, m.problem.targets
    limit = budget_cents(problem)
    if limit is not None and problem.budget is not None:
        lp += m.cost[problem.budget.basis] <= limit / 100
    by_weight = targets.share_basis == "weight"
    for name in targets.SHARES:
        share = getattr(targets, name)
        if share is None:
            continue
        terms = []
        for key, qualifies, kg_per_pack in share_terms(problem, name):
            amount = kg_per_pack * m.packs[key] if by_weight else m.line_value_ht[key]
            terms.append(((1.0 if qualifies else 0.0) - share) * amount)
        lp += pulp.lpSum(terms) >= 0
    ingredients = problem.ingredients
    if targets.max_meat_g_per_cover is not None:
        meat = pulp.lpSum(
            (ingredients[i].kg_per_unit or 0.0) * v
            for (i, _, _), v in m.alloc.items()
            if ingredients[i].protein is ProteinClass.MEAT
        )
        lp += 1000.0 * meat <= targets.max_meat_g_per_cover * problem.covers
    if targets.max_co2_kg_per_cover is not None:
        co2 = pulp.lpSum(
            problem.co2_per_unit(i, day) * v
            for (i, key, day), v in m.alloc.items()
            if key[0] != "collection"
        )
        lp += co2 <= targets.max_co2_kg_per_cover * problem.covers


@attrs.frozen
class PulpOutcome:
    status: PlanStatus
    report: SolverReport
    decisions: Decisions | None


def solve_pulp(
    m: PulpModel, *, time_limit_s: float | None = 60.0, relative_gap: float = 0.0, threads: int = 1
) -> PulpOutcome:
    """Solve with CBC (the binary PuLP ships); the best bound and gap come from CBC's log."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "cbc.log"
        solver = pulp.PULP_CBC_CMD(
            msg=False,
            timeLimit=time_limit_s,
            gapRel=relative_gap,
            threads=threads,
            logPath=str(log),
        )
        started = time.perf_counter()
        m.lp.solve(solver)
        elapsed = time.perf_counter() - started
        text = log.read_text(errors="replace") if log.exists() else ""
    has_solution = m.lp.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    objective = pulp.value(m.lp.objective) if has_solution else None
    shift = pulp.value(m.tie_break) if has_solution and m.tie_break is not None else None
    bound = _log_number(text, "Lower bound") if "Lower bound" in text else None
    stopped = "Stopped on time" in text or "Stopped on iterations" in text
    if has_solution and not stopped and m.lp.status == pulp.LpStatusOptimal:
        status = PlanStatus.OPTIMAL
        if bound is None and objective is not None:
            # CBC stopped by its gap test, (objective - bound) / objective <= gapRel, and
            # its log gives no bound: objective × (1 - gapRel) is one (the objective itself
            # only at gap 0; taking it at 1% once hid a plan HiGHS found 0.38% cheaper).
            bound = objective * (1 - relative_gap)
    elif has_solution:
        status = PlanStatus.FEASIBLE
    elif m.lp.status == pulp.LpStatusInfeasible:
        status = PlanStatus.INFEASIBLE
    else:
        status = PlanStatus.TIME_LIMIT
    gap = None
    if objective is not None and bound is not None:
        gap = abs(objective - bound) / max(abs(objective), 1e-9)
    if objective is not None and shift:  # reported without the line tie-break, as the planner
        objective -= shift
        bound = None if bound is None else bound - shift
    report = SolverReport("cbc", pulp.LpStatus[m.lp.status].lower(), elapsed, gap, bound, objective)
    return PulpOutcome(status, report, read_decisions(m) if has_solution else None)


def _log_number(text: str, label: str) -> float | None:
    found = re.findall(rf"{label}:\s*(-?[0-9.eE+-]+)", text)
    return float(found[-1]) if found else None


def read_decisions(m: PulpModel) -> Decisions:
    """Packs, collections and servings from the CBC solution (as the planner's read-back)."""
    problem = m.problem
    packs = {k: int(round(v.varValue)) for k, v in m.packs.items() if (v.varValue or 0) > 0.5}
    taken = {k: round(v.varValue, 6) for k, v in m.take.items() if (v.varValue or 0) > 1e-7}
    servings = []
    for (ing, key, day), var in m.alloc.items():
        quantity = var.varValue or 0.0
        if quantity <= 1e-7:
            continue
        start: object
        if key[0] == "stock":
            ref, start = str(key[1]), problem.week.order_date
        elif key[0] == "collection":
            ref, start = str(key[1]), key[2]
        else:
            ref, start = "", key[1]
        assert isinstance(start, dt.date)
        servings.append(Serving(ing, day, str(key[0]), ref, start, round(quantity, 6)))
    servings.sort(
        key=lambda s: (s.service_date, s.ingredient, s.source, s.source_ref, s.source_date)
    )
    menu = {index: recipe for (index, recipe), v in m.menu.items() if (v.varValue or 0) > 0.5}
    groups: dict[int, dict[str, float]] = {}
    for k, group in enumerate(problem.groups):
        if group.choice is not None and menu.get(group.choice) != group.recipe:
            continue
        shares = {
            o.ingredient: min(max(m.group_share[(k, o.ingredient)].varValue or 0.0, 0.0), 1.0)
            for o in group.options
        }
        total = sum(shares.values())
        groups[k] = {i: round(v / total, 9) for i, v in shares.items()}
    return Decisions(
        packs=packs, taken=taken, servings=tuple(servings), menu=menu, groups=groups
    )


__all__ = ["PulpModel", "PulpOutcome", "build_pulp", "read_decisions", "solve_pulp"]


def compare_with_planner(
    seeds: tuple[int, ...] = (1, 2, 3, 4, 5), *, sample: bool = True, time_limit_s: float = 120.0
) -> list[tuple[str, bool]]:
    """Check the PuLP model against the planner's on small weeks: the same numbers of
    variables and constraints, the same LP relaxation, and the same optimum when both SCIP
    and CBC prove it. One ``(line, agrees)`` per week."""
    from pathlib import Path as _Path

    from ortools.math_opt.python import mathopt

    from benchmarks.generate import generate
    from cantine_supply.optimize.build import build_model
    from cantine_supply.optimize.solve import SolveOptions, solve_model
    from cantine_supply.problem.week import week_problem

    cases = []
    for seed in seeds:
        catalogue = generate(
            seed, ingredients=17, suppliers=5, offers=45, weeks=1, services_per_week=2
        )
        cases.append((f"gen-tiny-{seed}", catalogue, catalogue.weeks[0].id))
    data = _Path(__file__).resolve().parent.parent / "data"
    if sample and data.is_dir():
        import cantine_supply

        catalogue = cantine_supply.load(data)
        weeks = ("2026-w48", "2026-w51", "2026-w48-choice")
        cases += [(f"sample-{w}", catalogue, w) for w in weeks if w in catalogue.week_by_id]
    lines = []
    for name, catalogue, week_id in cases:
        problem = week_problem(catalogue, week_id)
        basis = problem.budget.basis if problem.budget else "TTC"
        # without the menu-choice rows of optimize/menu_cuts.py, which the PuLP model
        # does not have (same optimum, tests/test_menu_cuts.py)
        ours = build_model(problem, "cost", basis, menu_cuts=False)
        theirs = build_pulp(problem)
        sizes = (len(list(ours.model.variables())), len(list(ours.model.linear_constraints())))
        same_size = sizes == (len(theirs.lp.variables()), len(theirs.lp.constraints))
        relaxed = build_model(problem, "cost", basis, menu_cuts=False)
        for var in relaxed.model.variables():
            var.integer = False
        lp_ours = mathopt.solve(relaxed.model, mathopt.SolverType.GLOP).objective_value()
        relaxed_pulp = build_pulp(problem)
        for v in relaxed_pulp.lp.variables():
            v.cat = pulp.LpContinuous
        relaxed_pulp.lp.solve(pulp.PULP_CBC_CMD(msg=False))
        lp_theirs = pulp.value(relaxed_pulp.lp.objective)
        same_lp = abs(lp_ours - lp_theirs) <= 1e-6 * max(1.0, abs(lp_ours))
        a = solve_model(ours, SolveOptions(time_limit_s=time_limit_s))
        b = solve_pulp(theirs, time_limit_s=time_limit_s)
        x, y = a.report.objective, b.report.objective
        both = a.status is PlanStatus.OPTIMAL and b.status is PlanStatus.OPTIMAL
        same_mip = not both or (
            x is not None and y is not None and abs(x - y) <= 1e-6 * max(1.0, abs(x))
        )
        verdict = "same" if same_mip else "DIFFERENT"
        mip = (
            f"optimum {x:.6f} / {y:.6f} {verdict}"
            if both
            else (
                f"optimum not proven by both in {time_limit_s:g} s ({a.status.value} {x}, "
                f"{b.status.value} {y})"
            )
        )
        lines.append(
            (
                f"{name}: {sizes[0]} variables, {sizes[1]} constraints "
                f"{'(same)' if same_size else '(DIFFERENT)'}; LP {lp_ours:.6f} / {lp_theirs:.6f} "
                f"{'same' if same_lp else 'DIFFERENT'}; {mip}",
                same_size and same_lp and same_mip,
            )
        )
    return lines


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    results = compare_with_planner()
    print("\n".join(line for line, _ in results))
    sys.exit(0 if all(ok for _, ok in results) else 1)
