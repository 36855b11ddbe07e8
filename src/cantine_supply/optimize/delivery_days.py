"""Early deliveries folded into the next one: fewer order days, the same optimum.

A supplier that delivers every day (a cash-and-carry, from Monday when the first lunch is on
Tuesday) gives the model an order day that no plan needs: anything it would bring, the
supplier's next delivery brings in time for every service it could feed. The model then
leaves that day out, with all its purchase lines, and lets the later delivery hold what
both would have held (:func:`fold_early_deliveries`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

import attrs

from cantine_supply.optimize.money import cents_constant, ttc_cents_constant, whole_cents
from cantine_supply.problem.week import WeekProblem

PackKey = tuple[str, dt.date]

#: The most packs :func:`merging_never_dearer` checks one by one (a merged line capped by a
#: huge budget is not worth the time: its day is kept unless its TTC is whole cents).
MOST_CHECKED = 20_000


@attrs.frozen
class FoldedDeliveries:
    """``problem`` without the folded order days' purchase lines; ``caps`` the most packs
    of each remaining line, ``most_packs(o) × k`` when ``k`` order days (its own included) are
    folded into it; ``folded`` maps each folded ``(supplier, day)`` to the day it goes to."""

    problem: WeekProblem
    caps: dict[PackKey, int]
    folded: dict[tuple[str, dt.date], dt.date]


def folded_order_days(problem: WeekProblem, *, ttc: bool = True
                      ) -> dict[tuple[str, dt.date], dt.date]:
    """Order days ``(s, d1)`` that fold into the supplier's next order day ``d2``.

    ``d1`` folds into ``d2`` (the next day after ``d1`` with a purchase line of ``s``) when

    1. every offer ``o`` with a line ``(o, d1)`` also has a line ``(o, d2)`` (``s`` delivers
       it then, it is available that month);
    2. no such offer's ingredient may be needed on a day ``t`` with ``d1 <= t < d2``;
    3. no such offer has discount tiers or a maximum of packs per delivery;
    4. each such offer's price HT is a whole number of cents;
    5. when ``ttc`` (the objective or the budget counts TTC): either ``s`` charges its
       delivery fee on every order (no free-delivery threshold) and the fee TTC, in
       cents, is at least the number of offers with a line on ``d1``; or one line of each
       such offer never costs more TTC than the same packs in two lines, up to the most
       packs the merged line may hold (:func:`merging_never_dearer`).

    Then any plan can be changed, at no more cost, into one that orders nothing from ``s``
    on ``d1``: move the whole order of ``d1`` to ``d2``, adding each line to the line of
    the same offer on ``d2``. The food arrives later but in time: a lot delivered on ``d1``
    only feeds days in ``[d1, until_1]`` that need its ingredient, all ``>= d2`` by (2),
    and ``until_2 >= until_1`` (the same shelf life from a later day). Without tiers (3)
    each line's value is price × packs, so every purchase value, weight, share by value or
    by weight, CO2, meat and the servings stay the same; the order of ``d2`` holds
    ``V_1 + V_2`` (or ``V_1`` if there was none), which meets the minimum order and reaches
    free delivery whenever either order did, and one delivery fee is paid at most where two
    were. By (4) no line's HT is rounded, so the merged line costs exactly what the two
    did on the HT basis and the cost only falls. Each line's TTC is rounded to the cent,
    and two lines can cost one cent less than the same packs in one line (``round(t·n1) +
    round(t·n2) < round(t·(n1 + n2))`` for some counts), never more: ``round(x) +
    round(y) >= x + y − 1 >= round(x + y) − 1.5``, all whole. When the plan ordered from
    ``s`` on ``d1`` only, its lines move whole and nothing is rounded anew. When it
    ordered on both days, by (5) either no merged line costs more, or the fee saved pays
    for the cent each merged line may lose. So when TTC counts the cost only falls too, to
    the cent (three days merged: apply (5) twice). Otherwise the day is kept.
    A weekly ``max_packs`` counts the same packs before and after. Without a maximum per
    delivery (3) nothing caps the line but the model's own ``most_packs(o)``, which the
    folded line may exceed: it gets ``most_packs(o)`` for each
    day folded into it (:func:`fold_early_deliveries`). Within a lot fed by several
    suppliers on ``d1``, the servings from the moved packs move to the lot of ``d2``. A
    chain ``d1 -> d2 -> d3`` folds both into ``d3``.
    """
    need_days = problem.need_days()
    lines: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
    for slot in problem.delivery_slots:
        lines[(slot.supplier, slot.date)].append(slot.offer)
    days: dict[str, list[dt.date]] = defaultdict(list)
    for supplier, day in lines:
        days[supplier].append(day)
    folded: dict[tuple[str, dt.date], dt.date] = {}
    for supplier, order_days in days.items():
        order_days.sort()
        for first, then in zip(order_days, order_days[1:], strict=False):
            offers = lines[(supplier, first)]
            later = set(lines[(supplier, then)])
            fee_pays = ttc and _fee_pays_for_rounding(problem, supplier, len(offers))
            if all(
                oid in later
                and _foldable(problem, oid, need_days, first, then, ttc and not fee_pays)
                for oid in offers
            ):
                folded[(supplier, first)] = then
    for key in sorted(folded, key=lambda k: k[1], reverse=True):
        target = folded[key]
        while (key[0], target) in folded:
            target = folded[(key[0], target)]
        folded[key] = target
    return folded


def _foldable(
    problem: WeekProblem,
    offer_id: str,
    need_days: Mapping[str, tuple[dt.date, ...]],
    first: dt.date,
    then: dt.date,
    ttc: bool,
) -> bool:
    """Conditions (2) to (5) of :func:`folded_order_days` for one offer."""
    offer = problem.offers[offer_id]
    if offer.tiers or offer.max_packs_per_delivery is not None:
        return False
    cents = whole_cents(offer.price_ht)
    if cents is None:
        return False
    if ttc:
        days = len({s.date for s in problem.delivery_slots if s.offer == offer_id})
        most = problem.most_packs(offer) * days
        if not merging_never_dearer(cents, offer.vat_rate, most):
            return False
    return not any(first <= t < then for t in need_days.get(offer.ingredient, ()))


def _fee_pays_for_rounding(problem: WeekProblem, supplier_id: str, lines: int) -> bool:
    """The first half of condition (5): ``supplier_id`` charges its fee on every order and
    the fee TTC is ``lines`` cents or more."""
    supplier = problem.suppliers[supplier_id]
    if supplier.delivery_fee_ht <= 0 or supplier.free_delivery_from_ht is not None:
        return False
    fee = ttc_cents_constant(cents_constant(supplier.delivery_fee_ht), supplier.fee_vat_rate)
    return fee >= lines


def merging_never_dearer(cents: int, vat_rate: float, most: int) -> bool:
    """Whether ``r(a + b) <= r(a) + r(b)`` for all ``a, b >= 1`` with ``a + b <= most``,
    where ``r(n)`` is the TTC in cents of a line of ``n`` packs of ``cents`` HT each,
    ``round_half_up(n · cents · (1 + vat_rate))``; False when the VAT rate has more than
    4 decimals.

    With ``t = cents · (1 + vat_rate)`` in 1/10,000 of a cent (whole) and ``f(n) = t · n
    mod 10,000`` the part of a cent, ``r(n) = floor(t·n / 10,000) + [f(n) >= 5,000]``.
    When ``f(a) + f(b) < 10,000``, ``r(a) + r(b) − r(a + b) = [f(a) >= 5,000] + [f(b) >=
    5,000] − [f(a) + f(b) >= 5,000]``, negative exactly when both parts are below half a
    cent and their sum is not; when ``f(a) + f(b) >= 10,000`` it is ``−1 + [f(a) >= 5,000]
    + [f(b) >= 5,000] − [f(a) + f(b) − 10,000 >= 5,000]``, which is 0 or more (at least one
    part is half a cent or more, and both are when the last term is 1). So merging is
    dearer for some counts exactly when some ``a`` and ``b <= most − a`` have parts below
    5,000 summing to 5,000 or more; the check keeps, for each ``k``, the largest part below
    5,000 among ``1..k`` (time linear in ``most``). Beyond :data:`MOST_CHECKED` packs it
    answers True only when every line's TTC is a whole number of cents (``f`` always 0),
    else False: the day is then kept, which is always exact."""
    scaled = cents * (1 + Decimal(repr(vat_rate))) * 10_000
    if scaled != scaled.to_integral_value():
        return False
    t = int(scaled)
    half, whole = 5_000, 10_000
    if most > MOST_CHECKED:
        return t % whole == 0
    largest = [-1] * (most + 1)  # largest[k]: the largest part below half among 1..k
    for n in range(1, most + 1):
        part = t * n % whole
        largest[n] = max(largest[n - 1], part if part < half else -1)
    for a in range(1, most):
        part = t * a % whole
        if part < half and largest[most - a] >= 0 and part + largest[most - a] >= half:
            return False
    return True


def fold_early_deliveries(problem: WeekProblem, *, ttc: bool = True) -> FoldedDeliveries:
    """``problem`` with the order days of :func:`folded_order_days` left out, and the caps of
    the lines they fold into: ``cap(o, d2) = most_packs(o) × (1 + days folded into d2)``.
    ``ttc``: the objective or the budget counts TTC (condition 5)."""
    folded = folded_order_days(problem, ttc=ttc)
    into: dict[tuple[str, dt.date], int] = defaultdict(int)
    for (supplier, _), target in folded.items():
        into[(supplier, target)] += 1
    kept = tuple(s for s in problem.delivery_slots if (s.supplier, s.date) not in folded)
    caps = {
        (s.offer, s.date): problem.most_packs(problem.offers[s.offer])
        * (1 + into.get((s.supplier, s.date), 0))
        for s in kept
    }
    return FoldedDeliveries(attrs.evolve(problem, delivery_slots=kept), caps, folded)
