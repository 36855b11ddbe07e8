"""When a share target is missed for want of time, not money: the needs that an offer
counting towards the share could serve, but not in time from the week's order date.

A need (an ingredient on a service day) is *late* for a share when no delivery of an
offer counting towards it (:meth:`~cantine_supply.model.targets.TargetKind.qualifies`) can serve it
this week, though such an offer's supplier delivers, with the offer on sale, on a day
from the order date to the service from which the ingredient keeps until then, only
sooner than its notice allows: the orders are placed too late for it (on the day of the
first service, say, for a supplier that wants a day's notice). Whatever the budget, that
need is served by food that does not count towards the share.

The facts are read from the week (:class:`~cantine_supply.problem.week.WeekProblem`),
without a solve, like :mod:`cantine_supply.problem.checks`. Whether they are *why* the
target is missed takes one solve (:func:`in_time_cost`): the least cost of a plan meeting
the target on the same week with those deliveries made possible (ordered in time). When
there is one, the target is missed because of when the orders are placed, and the
diagnosis says so with that cost; when there is none, it gives the facts alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs

from cantine_supply.model import Offer
from cantine_supply.model.codes import MEAT_FISH_FAMILIES
from cantine_supply.model.targets import TARGETS
from cantine_supply.optimize.elastic import build_elastic
from cantine_supply.optimize.solve import SolveOptions
from cantine_supply.optimize.split import split_and_serve_unsold_first
from cantine_supply.planning.diagnose_points import plan_cost
from cantine_supply.plans.assemble import assemble_plan
from cantine_supply.problem.checks import WEEKDAYS, certain_needs, day_label
from cantine_supply.problem.slots import DeliverySlot, usable_until
from cantine_supply.problem.week import WeekProblem

#: Late needs named in a message; the others are counted (``and 3 more``).
SHOWN = 4


@attrs.frozen
class LateNeed:
    """A need (``ingredient`` on ``date``) that the offers counting towards a share could
    serve only with an earlier order or another delivery day: ``suppliers`` are theirs."""

    ingredient: str
    date: dt.date
    suppliers: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"ingredient": self.ingredient, "date": self.date.isoformat(),
                "suppliers": list(self.suppliers)}


def _counts_towards(problem: WeekProblem, offer: Offer, share: str) -> bool:
    """Whether a purchase of ``offer`` counts towards the share target ``share`` (the
    table of targets, :data:`~cantine_supply.model.targets.TARGETS`)."""
    return TARGETS[share].qualifies(offer, problem.suppliers[offer.supplier])


def _delivery_days(problem: WeekProblem, offer: Offer, day: dt.date) -> list[dt.date]:
    """The days the notice rules out for ``offer`` and the need of ``day``: from the order
    date to the day before the first its supplier can deliver (order date + notice), those
    on which it delivers, with the offer on sale, from which the ingredient keeps until
    ``day``. An order placed that much earlier would have them."""
    supplier = problem.suppliers[offer.supplier]
    shelf = problem.ingredients[offer.ingredient].shelf_life_days
    order = problem.week.order_date
    start = max(order, day - dt.timedelta(days=max(int(shelf), 1) - 1))
    end = min(day, order + dt.timedelta(days=supplier.lead_time_days - 1))
    return [d for d in (start + dt.timedelta(days=k) for k in range((end - start).days + 1))
            if d.weekday() in supplier.delivery_weekdays and offer.available_in(d.month)]


def late_needs(problem: WeekProblem, share: str) -> list[LateNeed]:
    """The needs of ``problem`` that no offer counting towards ``share`` can serve from this
    week's order date, though one could with an earlier order (see the module); for the
    meat and fish share, only meat and fish. Sorted by day, then ingredient."""
    shelf = {i: problem.ingredients[i].shelf_life_days for i in problem.ingredients}
    served: set[tuple[str, dt.date]] = set()
    for slot in problem.delivery_slots:
        if _counts_towards(problem, problem.offers[slot.offer], share):
            served.add((slot.ingredient, slot.date))
    late = []
    needs = sorted({(n.date, n.ingredient) for n in certain_needs(problem) if n.quantity > 0})
    for day, ing in needs:
        if share == "meat_fish_egalim_share" and (
                problem.ingredients[ing].family not in MEAT_FISH_FAMILIES):
            continue
        if any(i == ing and d <= day <= usable_until(d, shelf[ing]) for i, d in served):
            continue
        suppliers = sorted({
            o.supplier for o in problem.catalogue.offers
            if o.ingredient == ing and _counts_towards(problem, o, share)
            and _delivery_days(problem, o, day)
        })
        if suppliers:
            late.append(LateNeed(ing, day, tuple(suppliers)))
    return late


def _delivers(problem: WeekProblem, supplier_id: str) -> str:
    supplier = problem.suppliers[supplier_id]
    days = "/".join(WEEKDAYS[d] for d in sorted(supplier.delivery_weekdays))
    notice = supplier.lead_time_days
    said = ("for the same day" if notice == 0 else
            f"with {notice} day's notice" if notice == 1 else f"with {notice} days' notice")
    return f"{supplier_id} delivers {days} {said}"


def late_text(problem: WeekProblem, share_label: str, late: Sequence[LateNeed]) -> str:
    """``ordered on Tue 24 Nov, no organic offer arrives in time for carrot on Tue 24 Nov
    (bio delivers Mon/Tue/Wed/Thu/Fri with 1 day's notice)``."""
    needs = ", ".join(f"{n.ingredient} on {day_label(n.date)}" for n in late[:SHOWN])
    if len(late) > SHOWN:
        needs += f" and {len(late) - SHOWN} more"
    suppliers = sorted({s for n in late for s in n.suppliers})
    how = "; ".join(_delivers(problem, s) for s in suppliers[:SHOWN])
    return (f"ordered on {day_label(problem.week.order_date)}, no {share_label} offer arrives"
            f" in time for {needs} ({how})")


def ordered_in_time(problem: WeekProblem, share: str, late: Sequence[LateNeed]) -> WeekProblem:
    """``problem`` with the deliveries the late needs lacked: each offer counting towards
    ``share`` of a late need's ingredient, on each day its supplier could bring it for that
    need (:func:`late_needs`), added to the week's delivery slots."""
    have = {(s.offer, s.date) for s in problem.delivery_slots}
    extra: dict[tuple[str, dt.date], DeliverySlot] = {}
    for need in late:
        for offer in problem.catalogue.offers:
            if offer.ingredient != need.ingredient or not _counts_towards(problem, offer, share):
                continue
            for day in _delivery_days(problem, offer, need.date):
                if (offer.id, day) not in have:
                    extra[(offer.id, day)] = DeliverySlot(offer.id, offer.supplier,
                                                          offer.ingredient, day)
    slots = problem.delivery_slots + tuple(extra[k] for k in sorted(extra))
    return attrs.evolve(problem, delivery_slots=slots)


def in_time_cost(problem: WeekProblem, share: str, late: Sequence[LateNeed],
                 options: SolveOptions) -> float | None:
    """The least cost (on the budget's basis, no budget) of a plan meeting ``share`` on
    :func:`ordered_in_time`'s week; None when there is none (or none found in the time
    limit): then the timing alone does not explain the miss."""
    in_time = ordered_in_time(problem, share, late)
    model = build_elastic(in_time)
    model.configure(hard=frozenset({share}))
    model.minimise_cost()
    outcome = model.solve(options)
    if outcome.decisions is None:
        return None
    outcome = split_and_serve_unsold_first(model.built, outcome)
    assert outcome.decisions is not None
    plan = assemble_plan(in_time, outcome.decisions, outcome.status, outcome.report)
    return float(plan_cost(plan, model.basis))
