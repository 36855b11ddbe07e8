"""The fair split of a pooled week: what each canteen pays, to the cent.

**The rule.**

1. *Goods at the pooled prices*: each canteen pays its own lines, each at the price level
   the pooled line reaches, plus its own collected food and collection trips: its own
   plan's total TTC (lines rounded to the cent once, as in every plan).
2. *Delivery fees*: the fees of a pooled order (TTC) are shared by the canteens whose
   goods it carries, in proportion to the value HT of their goods in it.
3. *Transfers* (hub delivery): the cost of the transfers of a day is shared by the
   canteens receiving goods that day (the hub included: pooling brings it the prices too),
   in proportion to the value HT of their goods that day.
4. *No canteen pays more than alone*: a canteen whose amount from 1-3 exceeds ``A_c``,
   the total of its own optimal plan (computed first, with the week planner), pays
   ``A_c``; the excess ``E`` is paid by the canteens below their ``A_c``, in proportion to
   their margins ``m_c = A_c - n_c``.

Amounts in 2-4 are divided in whole cents by largest remainder (:func:`divide`): the
floors, then one more cent to the largest remainders (ties to the earlier canteen), so
the parts add up to the amount exactly.

**Proof that 4 is possible and keeps every canteen at or below ``A_c``.** The shares from
1-3 add up to the network total ``T`` (each amount is divided exactly). The pooled plan
is kept only when ``T <= Σ_c A_c`` (in cents; otherwise the canteens order alone). Then
``Σ_c n_c = T <= Σ_c A_c``, so ``E = Σ_{n_c > A_c} (n_c - A_c) <= Σ_{n_c < A_c} (A_c -
n_c) = M``. A canteen over its ``A_c`` pays ``A_c``. A canteen under it pays ``n_c + e_c``
where ``e_c`` is its part of ``E`` by largest remainder in proportion to ``m_c``: its
exact part ``x_c = E m_c / M <= m_c``; when ``x_c`` is whole it gets ``x_c``; otherwise
it gets at most ``floor(x_c) + 1 <= m_c`` (``m_c`` is a whole number of cents above
``x_c``). So it pays at most ``A_c``, and the shares add up to ``T`` to the cent.

Every canteen's budget therefore holds: its own plan met the budget, and it pays no more.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from cantine_supply.network.result import PooledOrder, Share

CENT = Decimal("0.01")


def divide(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``amount`` (EUR, whole cents) in parts proportional to ``weights`` (>= 0, not all
    0), by largest remainder: the parts are whole cents and add up to ``amount``."""
    cents = int((amount / CENT).to_integral_value())
    total = sum(weights, Decimal(0))
    assert total > 0, "nothing to divide in proportion to"
    exact = [cents * w / total for w in weights]
    parts = [int(x // 1) for x in exact]
    left = cents - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [Decimal(p) * CENT for p in parts]


def natural_shares(
    canteens: Sequence[str],
    orders: Sequence[PooledOrder],
    goods_ht: Mapping[tuple[str, str, dt.date], Decimal],
    transfers: Sequence[tuple[str, dt.date, Decimal]],
) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Each canteen's part of the fees (rule 2) and of the transfers (rule 3), by id.
    ``goods_ht[(canteen, supplier, day)]`` is its goods' value HT in that order."""
    fees: dict[str, Decimal] = defaultdict(Decimal)
    for order in orders:
        if order.fee_ttc == 0:
            continue
        key = (order.supplier, order.delivery_date)
        weights = [goods_ht.get((c, *key), Decimal(0)) for c in canteens]
        for c, part in zip(canteens, divide(order.fee_ttc, weights), strict=True):
            fees[c] += part
    carried: dict[str, Decimal] = defaultdict(Decimal)
    by_day: dict[dt.date, Decimal] = defaultdict(Decimal)
    for _, day, cost in transfers:
        by_day[day] += cost
    for day, cost in sorted(by_day.items()):
        weights = [sum((v for (c2, _, d), v in goods_ht.items() if c2 == c and d == day),
                       Decimal(0)) for c in canteens]
        for c, part in zip(canteens, divide(cost, weights), strict=True):
            carried[c] += part
    return ({c: fees[c] for c in canteens}, {c: carried[c] for c in canteens})


def fair_split(
    canteens: Sequence[str],
    goods: Mapping[str, Decimal],
    fees: Mapping[str, Decimal],
    transfers: Mapping[str, Decimal],
    alone: Mapping[str, Decimal],
) -> list[Share]:
    """Rule 4 on the amounts of rules 1-3: every canteen's :class:`Share`. Raises
    ``ValueError`` when the network's total exceeds the sum of ``alone`` (no split can
    then leave every canteen at or below its own cost)."""
    natural = {c: goods[c] + fees[c] + transfers[c] for c in canteens}
    excess = sum((natural[c] - alone[c] for c in canteens if natural[c] > alone[c]),
                 Decimal(0))
    margins = [max(alone[c] - natural[c], Decimal(0)) for c in canteens]
    if excess > sum(margins, Decimal(0)):
        raise ValueError("the network pays more than its canteens alone: no fair split")
    extra = divide(excess, margins) if excess > 0 else [Decimal(0)] * len(canteens)
    shares = []
    for c, more in zip(canteens, extra, strict=True):
        less = natural[c] - alone[c] if natural[c] > alone[c] else Decimal(0)
        shares.append(Share(c, goods[c], fees[c], transfers[c], more - less, alone[c]))
    return shares
