"""The most packs one purchase line may hold in the model, and why no better plan has more.

Two caps are valid on every path (week, horizon, network, scenarios, diagnosis, trade-off,
any objective), each with its proof in its docstring:

- :func:`spend_cap`, what a spending bound can pay: valid for every line, whatever it
  counts for, whenever the plans considered spend at most that bound;
- :func:`paying_packs`, what can pay beyond the need: valid for a line that counts for no
  share the model counts (a target, or the share the objective raises).

A week's spending bound is lowered, for the lines of one ingredient, by what every plan
spends at least on the others (:func:`least_spent`).

:func:`pack_cap` takes the smallest of those that apply. A line that counts for a share,
in a model with no spending bound, has no valid finite cap: buying more of it always
lifts the share (see :func:`pack_cap` for what the model takes then and who re-solves).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from cantine_supply.model import Offer, Supplier, Targets
from cantine_supply.model.targets import SHARES, TARGETS

#: EUR per cover: the most a plan may spend in the paths that have no budget to bound the
#: packs of a line that counts for a share (:func:`considered_spend`): the trial solve of
#: a week without a budget (:func:`cantine_supply.planning.week.plan`), the diagnosis and
#: the trade-off curves. Far above what a canteen spends (a few EUR a cover).
TRIAL_SPEND_PER_COVER = 100.0


def counts_for(offer: Offer, supplier: Supplier, meat_fish: bool) -> frozenset[str]:
    """The shares a line of ``offer`` qualifies for (``meat_fish``: its ingredient is meat
    or fish, the only food the meat-and-fish share counts), by the table of targets."""
    return frozenset(
        name for name in SHARES
        if (meat_fish or not TARGETS[name].meat_fish_only)
        and TARGETS[name].qualifies(offer, supplier))


def counted_shares(targets: Targets, sought: Iterable[str] = ()) -> frozenset[str]:
    """The shares a model counts: the targets set for the week, and ``sought`` (the share
    the objective raises, e.g. ``organic_share`` for the organic objective)."""
    return frozenset(n for n in SHARES if getattr(targets, n) is not None) | set(sought)


def spend_cap(offer: Offer, spend: float) -> int:
    """``floor((spend + 0.005) / cheapest price level)``: the most packs of ``offer`` a
    plan spending at most ``spend`` EUR (on either basis) can hold in one line.

    Proof: a line of ``n`` packs at its tier's price ``P`` costs ``to_cents(n · P) >= n · P
    − 0.005`` HT, and ``P`` is at least the cheapest level. Every other line, fee and trip
    costs 0 or more, and a line's TTC (HT plus VAT of 0 or more, rounded) is at least its
    HT, so on either basis ``n · P − 0.005 <= total <= spend``. So no plan within the bound
    has more packs, whatever shares, tiers, minimum orders or free delivery make worth
    buying."""
    cheapest = min(price for _, price in offer.price_levels())
    return math.floor((spend + 0.005) / cheapest + 1e-9)


def considered_spend(covers: int, budget: float | None) -> float:
    """EUR (on either basis): the spending up to which the diagnosis and the trade-off
    consider every plan, ``max(TRIAL_SPEND_PER_COVER × covers, budget)`` (``budget`` the
    week's, None without one).

    Why a stated amount: in those paths the budget gives way, and with unlimited money a
    share has no greatest value in general (each extra pack of a qualifying line lifts it
    towards 100% without reaching it), so "at most X%" or "not reachable" is only true of
    the plans up to some spending. The model caps every line by :func:`spend_cap` of this
    amount, which leaves in every plan spending at most it (the proof of
    :func:`spend_cap`); so what the model finds holds for all of those plans: a least cost
    at or below this amount is the least cost of all plans, a target no plan of the model
    reaches is reached by no plan spending at most this amount, and the greatest share
    the model reaches is at least that of every such plan (and reached by a plan of the
    model, which meets every rule). The budget is included so that every plan within the
    budget is considered."""
    return max(TRIAL_SPEND_PER_COVER * covers, budget if budget is not None else 0.0)


def paying_packs(offer: Offer, supplier: Supplier, need: float) -> int:
    """``max(cover, top tier, to minimum, to free delivery)`` packs: more than this, a line
    that counts for no share the model counts never pays.

    ``cover = ceil(need / pack)``, ``need`` (base unit) the most the line could ever serve
    (the week's, or for a horizon week the rest of the horizon's, most need of the
    ingredient); ``top tier`` the largest ``min_packs`` of its tiers; ``to minimum`` and
    ``to free delivery`` the packs that reach alone, at the price ``P`` of the top level,
    ``threshold + 0.005`` (``ceil((threshold + 0.005) / P)``; 0 without a threshold).

    Proof that an optimal plan holds no more in such a line: take any plan with ``n >= L +
    1`` packs in the line (``L`` this cap) and remove one. (1) What the line serves stays
    served: ``n − 1 >= cover`` packs still hold all the ingredient the line could serve.
    (2) The price level stays: ``n − 1`` is at or above every tier. (3) The order's value
    HT stays at or above its minimum and its free-delivery threshold: the line alone is
    worth ``to_cents((n − 1) · P) >= (n − 1) · P − 0.005 >= threshold``, so the order
    keeps its free delivery and its fee. (4) Every share the model counts (targets in the
    linear form ``Σ (q − s) v >= 0``, by value HT or by weight; the share an objective
    raises) only rises or stays: the line counts for none, so its term is ``−s · v`` or
    absent, and ``v`` falls. (5) Meat, CO2 and the off-season kilograms are counted on
    what is served, unchanged; a weekly ``max_packs`` and the packs per delivery only
    hold better. (6) The cost falls by the line's price, HT and TTC (rounding to the cent
    is monotone), the tie-breaks fall (positive weights per pack), the budget holds
    better, an elastic budget's shortfall does not grow, and a horizon's end-stock value
    falls by at most half the food's replacement value, which is at most what it cost. So
    the plan with one pack fewer is as good on every objective the model has (least
    cost, least CO2 with cost as a tie-break, greatest organic share, least weighted
    shortfall, least net horizon cost) and meets every rule the first met; repeating,
    some optimal plan has at most ``L`` packs in every such line.
    """
    cover = math.ceil(need / offer.pack_quantity - 1e-9)
    top_tier = max((t.min_packs for t in offer.tiers), default=0)
    price = offer.price_for(max(top_tier, 1))
    thresholds = [supplier.min_order_ht]
    if supplier.delivery_fee_ht > 0 and supplier.free_delivery_from_ht is not None:
        thresholds.append(supplier.free_delivery_from_ht)
    reach = max((math.ceil((t + 0.005) / price - 1e-9) for t in thresholds if t > 0), default=0)
    return max(cover, top_tier, reach)


def pack_cap(offer: Offer, supplier: Supplier, need: float, spend: float | None = None,
             *, counts_for_a_share: bool = True) -> int:
    """Most packs of ``offer`` one delivery may hold.

    The smallest of the offer's ``max_packs`` (a week's most, so one delivery's too), its
    ``max_packs_per_delivery``, with ``spend`` (EUR, what any plan considered may spend)
    :func:`spend_cap`, and for a line that counts for no share the model counts
    (``counts_for_a_share`` False) :func:`paying_packs`. Each is valid on its own (see
    their proofs), so the smallest is too.

    A line that counts for a share, with no ``spend`` and no limit of its own, has no
    valid finite cap: buying more of it always lifts the share. The model then takes, for
    a first solve, enough packs to cover ``need`` (base unit) plus enough to reach on their
    own the largest discount tier, the minimum order or free delivery. That is NOT a bound
    on what is worth buying: :func:`cantine_supply.planning.week.plan` solves again with a
    ``spend_bound`` derived from the plan it found (cost and CO2 objectives); the organic
    objective is refused without a budget; the diagnosis and the trade-off bound the
    spending by :func:`considered_spend` and say so.
    """
    caps = [c for c in (offer.max_packs, offer.max_packs_per_delivery) if c is not None]
    if spend is not None:
        caps.append(spend_cap(offer, spend))
    if not counts_for_a_share:
        caps.append(paying_packs(offer, supplier, need))
    elif spend is None and not caps:
        cover = math.ceil(need / offer.pack_quantity - 1e-9)
        tier = max((t.min_packs for t in offer.tiers), default=0)
        minimum = math.ceil(supplier.min_order_ht / offer.price_ht - 1e-9)
        free = supplier.free_delivery_from_ht if supplier.delivery_fee_ht > 0 else None
        to_free = math.ceil(free / offer.price_ht - 1e-9) if free is not None else 0
        caps.append(max(cover + max(tier, minimum, to_free), 1))
    return max(min(caps), 0)


def least_spent(needs: Mapping[str, float], stock: Mapping[str, float], offers: Iterable[Offer],
                lines: Mapping[str, int], collected: Iterable[str]) -> dict[str, float]:
    """Per ingredient, EUR (on either basis) that every plan spends on it at least:
    ``(need − stock) × the cheapest price per base unit of its offers − 0.005 × lines``.

    ``needs`` are the fixed courses' (a course to choose may do without the ingredient),
    ``stock`` all the stock on hand of each ingredient (at most what it can serve),
    ``lines`` the purchase lines (offer, delivery day) of each. Ingredients a collection
    round may bring (``collected``) count 0: a round may bring more than its guaranteed
    quantity (the uncertain collections); so do ingredients with no offer.

    Proof: what stock does not serve is bought, in lines of ``n`` packs at a price level
    ``P``, each costing ``to_cents(n · P) >= n · P − 0.005`` HT and at least that TTC;
    ``n · P`` is at least the packs' quantity times the cheapest price per unit, and the
    quantity bought is at least ``need − stock``."""
    prices: dict[str, float] = {}
    for offer in offers:
        unit = min(price for _, price in offer.price_levels()) / offer.pack_quantity
        prices[offer.ingredient] = min(prices.get(offer.ingredient, unit), unit)
    skip = set(collected)
    out = {}
    for ingredient, need in needs.items():
        if ingredient in skip or ingredient not in prices:
            continue
        bought = need - stock.get(ingredient, 0.0)
        least = bought * prices[ingredient] * (1 - 1e-9) - 0.005 * lines.get(ingredient, 0)
        if least > 0:
            out[ingredient] = least
    return out
