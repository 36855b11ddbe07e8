"""A greedy baseline: what a careful manager does by hand, to compare the planner against.

1. Use the stock on hand first (earliest expiry first). For each need (ingredient, service
   day) left, in date order, buy from the offer (and delivery day) that adds least to the
   bill among those deliverable in time and within the offer's pack limit: the whole packs
   it takes on top of what that offer already brings that day (so 0.7 kg of sugar is not
   bought as a 25 kg sack because the sack is cheapest per kg), then the cheapest per kg.
2. Then meet each share target in turn (organic, EGalim, local, short chain, EGalim meat and
   fish): swap the needs whose switch to a qualifying offer costs least per qualifying euro,
   never losing a quality that counts for a target already dealt with, until the share
   (estimated on unrounded quantities) is the target plus a margin.
3. Round each (offer, day) up to whole packs; buy up to a discount tier when that is
   cheaper; make every order reach its supplier's minimum in the cheapest of three ways:
   buying there needs now bought elsewhere (other suppliers, or the same one on other
   days, when they keep), buying more of one of its lines (or of another of its offers),
   or moving its needs to other suppliers (an order left is never retried); buy up to a
   free-delivery threshold when the gap is below the fee.
4. Two ways of meeting minimums are tried: moving needs wherever it is cheapest, or never
   losing a quality a target counts (unless nothing else can be done). If a target (or
   the budget) is missed, start again with a bigger margin (4 margins, 8 tries in all)
   and keep the plan that misses fewest targets, then the cheapest.

Collections of unsold food are not made (a manager would decide those rounds by hand).
Weeks with courses to choose are refused (``ValueError``): the greedy buys for fixed needs
only. A flexible recipe line is split first, as a manager would: each option's minimum
share, then the rest to the options in order of their cheapest deliverable price per cover
(price per base unit × gross quantity per cover), each up to its maximum share.
The result goes through :func:`cantine_supply.plans.assemble.assemble_plan`, so its cost and
targets are counted exactly as the planner's; its orders always meet the minimum orders,
pack limits and delivery rules (``verify`` finds only missed targets, if any).
``prefer="virtuous"`` buys each need from the offer with the most qualities instead (the
generator uses it to prove its targets reachable).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Literal

import attrs

from cantine_supply.model import Offer
from cantine_supply.model.targets import SHARES, TARGETS
from cantine_supply.optimize.decisions import Decisions, PlanStatus, Serving, SolverReport
from cantine_supply.plans.assemble import assemble_plan
from cantine_supply.plans.plan import Plan, to_cents
from cantine_supply.problem.lots import (
    DeliveryKey,
    Lot,
    StockKey,
    serve_earliest_expiry_first,
)
from cantine_supply.problem.needs import Need
from cantine_supply.problem.slots import usable_until
from cantine_supply.problem.week import WeekProblem

MARGINS = (0.005, 0.02, 0.05, 0.10)


@attrs.frozen
class Choice:
    """Buy a need from ``offer`` delivered on ``day``, at ``ttc``/``ht`` EUR per base unit."""

    offer: str
    supplier: str
    day: dt.date
    ttc: float
    ht: float


@attrs.frozen
class GreedyResult:
    plan: Plan
    missed: tuple[str, ...]
    time_s: float


class _State:
    """The needs, their options and the current choice of each, with pack limits used."""

    def __init__(self, problem: WeekProblem) -> None:
        self.problem = problem
        # What stock on hand cannot serve (earliest expiry first) is what there is to buy.
        left = serve_earliest_expiry_first(_stock_lots(problem), problem.needs).short
        self.needs = sorted(left, key=lambda n: (n.date, n.ingredient))
        days_of: dict[str, list[dt.date]] = defaultdict(list)
        for slot in problem.delivery_slots:
            days_of[slot.offer].append(slot.date)
        by_ingredient: dict[str, list[str]] = defaultdict(list)
        for oid in days_of:
            by_ingredient[problem.offers[oid].ingredient].append(oid)
        self.options: list[list[Choice]] = []
        for need in self.needs:
            shelf = problem.ingredients[need.ingredient].shelf_life_days
            options = []
            for oid in by_ingredient[need.ingredient]:
                offer = problem.offers[oid]
                ht = offer.price_ht / offer.pack_quantity
                for day in days_of[oid]:
                    if day <= need.date <= usable_until(day, shelf):
                        options.append(
                            Choice(oid, offer.supplier, day, ht * (1 + offer.vat_rate), ht)
                        )
            options.sort(key=lambda c: (c.ttc, c.offer, c.day))
            self.options.append(options)
        self.quality = {oid: _qualities(problem, problem.offers[oid]) for oid in days_of}
        self.slots_by_order: dict[tuple[str, dt.date], list[tuple[str, dt.date]]] = defaultdict(
            list
        )
        for slot in problem.delivery_slots:
            self.slots_by_order[(slot.supplier, slot.date)].append((slot.offer, slot.date))
        self.choice: list[Choice | None] = [None] * len(self.needs)
        self.used: dict[tuple[str, dt.date], float] = defaultdict(float)

    def fits(self, i: int, c: Choice) -> bool:
        offer = self.problem.offers[c.offer]
        if offer.max_packs is None:
            return True
        return (
            self.used[(c.offer, c.day)] + self.needs[i].quantity
            <= offer.max_packs * offer.pack_quantity + 1e-9
        )

    def marginal(self, i: int, c: Choice) -> float:
        """What buying need ``i`` as ``c`` adds to the bill (TTC, base price): the whole packs
        it takes on top of what that offer already brings that day for other needs."""
        offer, used = self.problem.offers[c.offer], self.used[(c.offer, c.day)]
        if self.choice[i] == c:
            used -= self.needs[i].quantity
        packs = math.ceil((used + self.needs[i].quantity) / offer.pack_quantity - 1e-9)
        packs -= math.ceil(used / offer.pack_quantity - 1e-9)
        return packs * offer.price_ht * (1 + offer.vat_rate)

    def cheapest(self, i: int, ok: Callable[[Choice], bool]) -> Choice | None:
        """The option of need ``i`` that ``ok`` accepts and adds least to the bill."""
        fitting = [c for c in self.options[i] if ok(c) and self.fits(i, c)]
        return min(fitting, key=lambda c: (self.marginal(i, c), c.ttc), default=None)

    def take(self, i: int, c: Choice) -> None:
        old = self.choice[i]
        if old is not None:
            self.used[(old.offer, old.day)] -= self.needs[i].quantity
        self.used[(c.offer, c.day)] += self.needs[i].quantity
        self.choice[i] = c

    def amount(self, i: int, c: Choice) -> float:
        """What need ``i`` bought as ``c`` adds to a share: EUR HT, or kg by weight."""
        need = self.needs[i]
        if self.problem.targets.share_basis == "weight":
            return need.quantity * (self.problem.ingredients[need.ingredient].kg_per_unit or 0.0)
        return need.quantity * c.ht


def _qualities(problem: WeekProblem, offer: Offer) -> dict[str, bool]:
    supplier = problem.suppliers[offer.supplier]
    return {name: TARGETS[name].qualifies(offer, supplier) for name in SHARES}


def _first_choices(state: _State, prefer: Literal["cheap", "virtuous"]) -> None:
    for i, options in enumerate(state.options):
        if prefer == "virtuous":
            fitting = [c for c in options if state.fits(i, c)]
            choice = min(
                fitting,
                key=lambda c: (-sum(state.quality[c.offer].values()), state.marginal(i, c), c.ttc),
                default=None,
            )
        else:
            choice = state.cheapest(i, lambda c: True)
        if choice is None:
            raise ValueError(f"no offer can deliver {state.needs[i]}")
        state.take(i, choice)


def _keeps(state: _State, old: Choice, new: Choice, names: list[str]) -> bool:
    q_old, q_new = state.quality[old.offer], state.quality[new.offer]
    return all(q_new[n] or not q_old[n] for n in names)


def _meet_shares(state: _State, margin: float) -> None:
    """Swap needs to qualifying offers, target by target (step 2 of the module docstring)."""
    problem, done = state.problem, list[str]()
    for name in SHARES:
        target = getattr(problem.targets, name)
        if target is None:
            continue
        relevant = [
            i
            for i, n in enumerate(state.needs)
            if TARGETS[name].counts(problem.ingredients[n.ingredient])
        ]
        chosen = [(i, c) for i in relevant if (c := state.choice[i]) is not None]
        total = sum(state.amount(i, c) for i, c in chosen)
        good = sum(state.amount(i, c) for i, c in chosen if state.quality[c.offer][name])
        swaps = []
        for i in relevant:
            cur = state.choice[i]
            assert cur is not None
            if state.quality[cur.offer][name]:
                continue

            def qualifying(c: Choice, cur: Choice = cur, name: str = name) -> bool:
                return state.quality[c.offer][name] and _keeps(state, cur, c, done)

            alt = state.cheapest(i, qualifying)
            if alt is not None:
                premium = state.marginal(i, alt) - state.needs[i].quantity * cur.ttc
                swaps.append((premium / max(state.amount(i, alt), 1e-9), i, alt))
        swaps.sort(key=lambda s: (s[0], s[1]))
        for _, i, alt in swaps:
            if total > 0 and good / total >= target + margin:
                break
            cur = state.choice[i]
            assert cur is not None
            if not state.fits(i, alt):
                continue
            good += state.amount(i, alt)
            total += state.amount(i, alt) - state.amount(i, cur)
            state.take(i, alt)
        done.append(name)


def _line_ht(offer: Offer, packs: int) -> float:
    return float(to_cents(Decimal(str(offer.price_for(packs))) * packs)) if packs > 0 else 0.0


class _Orders:
    """Packs per (offer, day): the rounded choices plus the packs bought on top."""

    def __init__(self, state: _State) -> None:
        self.state, self.problem = state, state.problem
        self.extra: dict[tuple[str, dt.date], int] = defaultdict(int)

    def packs(self) -> dict[tuple[str, dt.date], int]:
        out = dict(self.extra)
        for key, quantity in self.state.used.items():
            if quantity > 1e-9:
                pack = self.problem.offers[key[0]].pack_quantity
                out[key] = out.get(key, 0) + math.ceil(quantity / pack - 1e-9)
        return {k: v for k, v in out.items() if v > 0}

    def by_order(self) -> dict[tuple[str, dt.date], dict[tuple[str, dt.date], int]]:
        grouped: dict[tuple[str, dt.date], dict[tuple[str, dt.date], int]] = defaultdict(dict)
        for key, n in self.packs().items():
            grouped[(self.problem.offers[key[0]].supplier, key[1])][key] = n
        return grouped

    def cheapest_top_up(
        self, lines: dict[tuple[str, dt.date], int], gap: float
    ) -> tuple[float, tuple[str, dt.date], int] | None:
        """(extra cost TTC, line, packs to add) raising the order's value by ``gap`` HT: more
        of one of its lines, or of another offer the supplier delivers that day."""
        best = None
        okey = next((self.problem.offers[o].supplier, d) for o, d in lines)
        others = {(o, d): 0 for o, d in self.state.slots_by_order[okey] if (o, d) not in lines}
        for key, n in {**lines, **others}.items():
            offer = self.problem.offers[key[0]]
            for k in range(1, 10_000):
                if offer.max_packs is not None and n + k > offer.max_packs:
                    break
                added = _line_ht(offer, n + k) - _line_ht(offer, n)
                if added >= gap - 1e-9:
                    cost = added * (1 + offer.vat_rate)
                    if best is None or cost < best[0]:
                        best = (cost, key, k)
                    break
        return best

    def bump_to_tiers(self) -> None:
        for key, n in self.packs().items():
            offer = self.problem.offers[key[0]]
            for tier in offer.tiers:
                if (
                    tier.min_packs > n
                    and (offer.max_packs is None or tier.min_packs <= offer.max_packs)
                    and _line_ht(offer, tier.min_packs) < _line_ht(offer, n) - 1e-9
                ):
                    self.extra[key] += tier.min_packs - n
                    n = tier.min_packs

    def meet_minimums(self, keep: list[str], strict: bool) -> None:
        """Bring each order below its supplier's minimum up to it, the cheapest way; when
        ``strict``, moving needs never loses a quality in ``keep`` unless nothing else can."""
        banned: set[tuple[str, dt.date]] = set()
        for _ in range(10 * len(self.state.needs) + 10):
            below = []
            for okey, lines in self.by_order().items():
                minimum = self.problem.suppliers[okey[0]].min_order_ht
                value = sum(_line_ht(self.problem.offers[k[0]], n) for k, n in lines.items())
                if minimum > 0 and value < float(to_cents(minimum)):
                    below.append((value, okey, lines, float(to_cents(minimum)) - value))
            if not below:
                return
            _, okey, lines, gap = min(below, key=lambda b: (b[0], b[1]))
            inf = math.inf
            gather = self._gather(okey, gap, keep if strict else [])
            top_up = self.cheapest_top_up(lines, gap)
            move = self._move_cost(okey, banned | {okey}, keep)
            loose = (
                None
                if strict and (gather or top_up or move)
                else self._move_cost(okey, banned | {okey}, [])
            )
            if loose is not None and (move is None or loose[0] < move[0]):
                move = loose  # giving up a quality that counts for a target
            costs = [
                gather[0] if gather else inf,
                top_up[0] if top_up else inf,
                move[0] if move else inf,
            ]
            best = costs.index(min(costs))
            if costs[best] == inf:  # pragma: no cover - an offer can reach a minimum alone
                raise RuntimeError(f"cannot reach the minimum order of {okey}")
            if best == 0 and gather is not None:
                for i, alt in gather[1]:
                    self.state.take(i, alt)
            elif best == 1 and top_up is not None:
                self.extra[top_up[1]] += top_up[2]
            elif move is not None:
                banned.add(okey)
                for key in lines:
                    self.extra.pop(key, None)
                for i, alt in move[1]:
                    self.state.take(i, alt)
        raise RuntimeError("minimum-order repair did not settle")

    def _line(self, key: tuple[str, dt.date], quantity: float) -> float:
        """Value HT of line ``key`` holding ``quantity`` (rounded up to packs, plus extras)."""
        offer = self.problem.offers[key[0]]
        return _line_ht(
            offer, math.ceil(quantity / offer.pack_quantity - 1e-9) + self.extra.get(key, 0)
        )

    def _gather(
        self, okey: tuple[str, dt.date], gap: float, keep: list[str]
    ) -> tuple[float, list[tuple[int, Choice]]] | None:
        """(extra cost TTC, moves) bringing into order ``okey`` needs bought elsewhere (other
        suppliers, or the same one on other days) that it can deliver, least extra cost per
        euro first, keeping the qualities in ``keep`` and every other order's minimum."""
        state, problem = self.state, self.problem
        used = defaultdict(float, state.used)
        values = {
            k: sum(_line_ht(problem.offers[o], n) for (o, _), n in lines.items())
            for k, lines in self.by_order().items()
        }

        def deltas(i: int, cur: Choice, alt: Choice) -> tuple[float, float, float]:
            q, src, dst = state.needs[i].quantity, (cur.offer, cur.day), (alt.offer, alt.day)
            lost = self._line(src, used[src]) - self._line(src, used[src] - q)
            added = self._line(dst, used[dst] + q) - self._line(dst, used[dst])
            cost = added * (1 + problem.offers[alt.offer].vat_rate)
            return lost, added, cost - lost * (1 + problem.offers[cur.offer].vat_rate)

        candidates = []
        for i, cur in enumerate(state.choice):
            if cur is None or (cur.supplier, cur.day) == okey:
                continue

            def into_order(c: Choice, cur: Choice = cur) -> bool:
                return (c.supplier, c.day) == okey and _keeps(state, cur, c, keep)

            alt = state.cheapest(i, into_order)
            if alt is not None:
                _, added, extra = deltas(i, cur, alt)
                if added > 0:
                    candidates.append((extra / added, i, cur, alt))
        moves, gained, cost = [], 0.0, 0.0
        for _, i, cur, alt in sorted(candidates, key=lambda c: (c[0], c[1])):
            lost, added, extra = deltas(i, cur, alt)
            source = (cur.supplier, cur.day)
            left = values[source] - lost
            if 0.005 < left < problem.suppliers[cur.supplier].min_order_ht:
                continue
            used[(cur.offer, cur.day)] -= state.needs[i].quantity
            used[(alt.offer, alt.day)] += state.needs[i].quantity
            values[source] = left
            moves.append((i, alt))
            gained += added
            cost += extra
            if gained >= gap - 1e-9:
                return cost, moves
        return None

    def _move_cost(
        self, okey: tuple[str, dt.date], banned: set[tuple[str, dt.date]], keep: list[str]
    ) -> tuple[float, list[tuple[int, Choice]]] | None:
        state, moves, cost = self.state, [], 0.0
        for i, cur in enumerate(state.choice):
            if cur is None or (cur.supplier, cur.day) != okey:
                continue

            def elsewhere(c: Choice, cur: Choice = cur) -> bool:
                return (c.supplier, c.day) not in banned and _keeps(state, cur, c, keep)

            alt = state.cheapest(i, elsewhere)
            if alt is None:
                return None
            moves.append((i, alt))
            cost += state.marginal(i, alt) - state.needs[i].quantity * cur.ttc
        supplier = self.problem.suppliers[okey[0]]
        return cost - supplier.delivery_fee_ht * (1 + supplier.fee_vat_rate), moves

    def reach_free_delivery(self) -> None:
        for (sid, _), lines in self.by_order().items():
            supplier = self.problem.suppliers[sid]
            threshold = supplier.free_delivery_from_ht
            if supplier.delivery_fee_ht <= 0 or threshold is None:
                continue
            value = sum(_line_ht(self.problem.offers[k[0]], n) for k, n in lines.items())
            gap = float(to_cents(threshold)) - value
            if gap <= 0:
                continue
            top_up = self.cheapest_top_up(lines, gap)
            if top_up is not None and top_up[0] < supplier.delivery_fee_ht * (
                1 + supplier.fee_vat_rate
            ):
                self.extra[top_up[1]] += top_up[2]


def _stock_lots(problem: WeekProblem) -> list[tuple[Lot, float]]:
    return [
        (
            Lot(
                "stock",
                StockKey("stock", index),
                lot.ingredient,
                problem.week.order_date,
                lot.best_before or problem.week.last_day,
            ),
            lot.quantity,
        )
        for index, lot in enumerate(problem.stock)
    ]


def servings_for(
    problem: WeekProblem, packs: dict[tuple[str, dt.date], int]
) -> tuple[Serving, ...]:
    """Feed every need from stock and the delivered lots, earliest expiry first, need by need."""
    delivered: dict[tuple[str, dt.date], float] = defaultdict(float)
    for (oid, day), n in packs.items():
        offer = problem.offers[oid]
        delivered[(offer.ingredient, day)] += n * offer.pack_quantity
    lots: dict[str, list[tuple[Lot, float]]] = defaultdict(list)
    for lot, quantity in _stock_lots(problem):
        lots[lot.ingredient].append((lot, quantity))
    for (ing, day), quantity in sorted(delivered.items()):
        until = usable_until(day, problem.ingredients[ing].shelf_life_days)
        lots[ing].append((Lot("delivery", DeliveryKey("delivery", day), ing, day, until), quantity))
    out = []
    for need in sorted(problem.needs, key=lambda n: (n.date, n.ingredient)):
        served = serve_earliest_expiry_first(lots[need.ingredient], [need])
        left = []
        for lot, quantity in lots[need.ingredient]:
            used = served.used.get((lot.ingredient, lot.key), 0.0)
            if used > 0:
                ref = str(lot.key[1]) if lot.kind == "stock" else ""
                out.append(
                    Serving(need.ingredient, need.date, lot.kind, ref, lot.start, round(used, 6))
                )
            left.append((lot, quantity - used))
        lots[need.ingredient] = left
    return tuple(out)


def split_flexible_lines(problem: WeekProblem) -> dict[int, dict[str, float]]:
    """Shares of each option of each flexible line (by index in ``problem.groups``): the
    minimum shares, then the rest to the cheapest options per cover, up to their maximum."""
    cheapest: dict[str, float] = {}
    for slot in problem.delivery_slots:
        offer = problem.offers[slot.offer]
        per_unit = offer.price_ht / offer.pack_quantity
        cheapest[offer.ingredient] = min(cheapest.get(offer.ingredient, math.inf), per_unit)
    split = {}
    for k, group in enumerate(problem.groups):
        shares = {o.ingredient: o.min_share for o in group.options}
        left = 1.0 - sum(shares.values())
        by_price = sorted(
            group.options, key=lambda o: cheapest.get(o.ingredient, math.inf) * o.full_need
        )
        for option in by_price:
            more = min(left, option.max_share - shares[option.ingredient])
            shares[option.ingredient] += more
            left -= more
        split[k] = shares
    return split


def _with_split(problem: WeekProblem, split: dict[int, dict[str, float]]) -> WeekProblem:
    """``problem`` with its flexible lines turned into fixed needs by ``split``."""
    if not problem.groups:
        return problem
    quantities: dict[tuple[str, dt.date], float] = defaultdict(float)
    for need in problem.needs:
        quantities[(need.ingredient, need.date)] += need.quantity
    for k, group in enumerate(problem.groups):
        for option in group.options:
            share = split[k][option.ingredient]
            if share > 0:
                quantities[(option.ingredient, group.date)] += share * option.full_need
    needs = tuple(Need(i, d, q) for (i, d), q in sorted(quantities.items()))
    return attrs.evolve(problem, needs=needs, groups=())


def greedy_plan(
    problem: WeekProblem, prefer: Literal["cheap", "virtuous"] = "cheap"
) -> GreedyResult:
    """The greedy plan for ``problem`` (see the module docstring), assembled and evaluated
    by the planner's own code; ``missed`` names the targets (and budget) it does not meet."""
    if problem.choices:
        raise ValueError(
            f"the greedy baseline plans fixed menus only; week {problem.week.id} has"
            f" {len(problem.choices)} course(s) to choose"
        )
    started = time.perf_counter()
    split = split_flexible_lines(problem)
    planned, problem = problem, _with_split(problem, split)
    targeted = prefer == "cheap" and any(getattr(problem.targets, n) is not None for n in SHARES)
    result, best = None, None
    tries = (
        [(m, strict) for m in MARGINS for strict in (False, True)] if targeted else [(None, False)]
    )
    for margin, strict in tries:
        state = _State(problem)
        _first_choices(state, prefer)
        if margin is not None:
            _meet_shares(state, margin)
        keep = [n for n in SHARES if getattr(problem.targets, n) is not None]
        orders = _Orders(state)
        orders.bump_to_tiers()
        orders.meet_minimums(keep, strict)
        orders.reach_free_delivery()
        packs = orders.packs()
        decisions = Decisions(
            packs=packs, taken={}, servings=servings_for(problem, packs), groups=split
        )
        elapsed = time.perf_counter() - started
        report = SolverReport("greedy", "heuristic", elapsed, None, None, None)
        plan = assemble_plan(planned, decisions, PlanStatus.FEASIBLE, report)
        missed = tuple(t.name for t in plan.targets if not t.met)
        assert plan.indicators is not None
        rank = (len(missed), plan.indicators.total_ttc)
        if best is None or rank < best:
            result, best = GreedyResult(plan, missed, elapsed), rank
        if not missed:
            break
    assert result is not None
    return attrs.evolve(result, time_s=time.perf_counter() - started)
