"""Reduce a week's problem before solving: leave out offers no optimal plan needs.

An offer ``A`` is *dominated* by an offer ``B`` (:func:`dominates`) when every plan that
buys ``A`` can be changed into a plan that buys ``B`` instead and is feasible and no
dearer. :func:`reduce_problem` then drops ``A``'s delivery slots: the reduced week has the
same optimal cost as the full one (the tests solve random weeks to gap 0 both ways), and its
plans are plans of the full week, so the verifier checks them against the full problem.

**The substitution.** ``A``'s pack holds exactly ``m`` of ``B``'s packs (``m`` a whole
number, 1 for the same pack). Replace the ``n_A`` packs of ``A`` delivered on day ``d`` by
``m·n_A`` more packs of ``B`` on the same day. Then, for each rule of the model:

- *food*: the same base units of the same ingredient arrive on the same day, so every lot
  holds what it held, every allocation to services stays, and the needs, shelf lives, meat
  grams, CO2, season rule and the leftover tie-break (base units bought) are unchanged;
- *deliveries*: ``B`` is sold by the same supplier, so it is delivered on the same days with
  the same lead time, in every month ``A`` is (rule 3 below), and the supplier's order
  ``y[s,d]`` is placed exactly when it was;
- *pack limits*: ``B`` has no ``max_packs`` (rule 4). The model's own caps
  (``problem.most_packs``, the folded lines' caps, the packs put to use) are not limits of
  the canteen: each is valid only if it leaves out no optimal plan (their proofs are
  theirs). So the argument runs on the uncapped week: its optimum is the same with and
  without ``A``, and the capped models of both keep it whenever their caps are valid;
- *money*: before, the two lines cost ``n_A·p_A(n_A) + n_B·p_B(n_B)``; after,
  ``(m·n_A + n_B)·p_B(m·n_A + n_B)``, which is at most ``m·n_A·p_B(m·n_A) +
  n_B·p_B(n_B)`` because ``B``'s price per pack never rises with the count (rule 5), and at
  most the cost before because ``m·p_B(m·k) <= p_A(k)`` at every count ``k`` (rule 5). The
  VAT rate is the same (rule 6), so HT and TTC both fall or stay: the budget still holds and
  the objective does not rise. Prices are checked in whole cents, so the comparison is
  exact;
- *thresholds*: a cheaper order could fall below the supplier's minimum order or its
  free-delivery threshold. So when the supplier has either, rule 5 is replaced by *equal
  cost*: neither offer has discount tiers and ``m·p_B = p_A`` to the cent, so every line
  value, order value and total is exactly what it was;
- *shares* ``Σ qualifying − share × Σ all >= 0``: by weight, the weight is the same and ``B``
  qualifies for every share ``A`` qualifies for (rule 7: its labels include ``A``'s, the
  supplier is the same), so no share falls. By value, with equal cost the values are the
  same and again no share falls; with a cheaper line, ``Σ all`` falls and ``Σ qualifying``
  must not: so neither offer may count for a value share target of the week (a cheaper
  organic line *lowers* the organic share: a dearer qualifying offer can pay through a
  share target, and is kept).

The objective ``organic`` (greatest organic share) rewards dearer organic lines, so
:func:`reduce_problem` does not reduce for it.

**Which offers go.** Dominance is a preorder (each rule is transitive: ``m`` multiplies,
price bounds chain, label and month sets nest). An offer goes when another offer dominates
it and it does not dominate back, or when both dominate each other (identical offers) and
the other's id sorts first; every dropped offer then has a kept offer that dominates it
(take the first id of a top class above it).

**Rounding.** The model counts money linearly (packs × price, × (1 + VAT) for TTC); the
plan rounds each line to the cent. Merging two lines into one can move the rounded TTC by at
most a cent against the sum of two rounded lines; the optimum compared is the model's.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Literal

import attrs

from cantine_supply.model import Offer, Supplier, Targets
from cantine_supply.model.targets import TARGETS
from cantine_supply.problem.pack_caps import counted_shares, counts_for
from cantine_supply.problem.week import WeekProblem
from cantine_supply.units import WHOLE_SLACK

Objective = Literal["cost", "co2", "organic"]


@attrs.frozen
class Reduction:
    """A reduced week: ``problem`` without the delivery slots of the dominated offers;
    ``removed`` maps each dropped offer id to the kept offer id that dominates it;
    ``offers_before`` and ``offers_after`` count the offers with a delivery slot."""

    problem: WeekProblem
    removed: dict[str, str]
    offers_before: int
    offers_after: int


def reduce_problem(problem: WeekProblem, objective: Objective = "cost") -> Reduction:
    """Drop the delivery slots of offers dominated by another offer of the same supplier
    (see the module docstring for the rules and their proof). The objective ``organic`` is
    not reduced."""
    offered = sorted({slot.offer for slot in problem.delivery_slots})
    if objective == "organic":
        return Reduction(problem, {}, len(offered), len(offered))
    offers = problem.offers
    groups: dict[tuple[str, str], list[Offer]] = defaultdict(list)
    for offer_id in offered:
        offer = offers[offer_id]
        groups[(offer.supplier, offer.ingredient)].append(offer)
    removed: dict[str, str] = {}
    for (supplier_id, _), members in groups.items():
        supplier = problem.suppliers[supplier_id]
        meat_fish = _is_meat_fish(problem, members[0])
        removed.update(_dominated(members, supplier, problem.targets, meat_fish))
    slots = tuple(s for s in problem.delivery_slots if s.offer not in removed)
    reduced = attrs.evolve(problem, delivery_slots=slots)
    return Reduction(reduced, removed, len(offered), len(offered) - len(removed))


def _is_meat_fish(problem: WeekProblem, offer: Offer) -> bool:
    """Whether ``offer``'s ingredient counts in the meat-and-fish EGalim share."""
    return TARGETS["meat_fish_egalim_share"].counts(problem.ingredients[offer.ingredient])


def _dominated(
    members: list[Offer], supplier: Supplier, targets: Targets, meat_fish: bool
) -> dict[str, str]:
    """Among the offers of one supplier for one ingredient: each dropped offer's id mapped
    to a kept offer's id that dominates it (first id of its top class)."""
    beats = {
        (b.id, a.id)
        for a in members
        for b in members
        if a.id != b.id and dominates(b, a, supplier, targets, meat_fish=meat_fish)
    }
    dropped: dict[str, str] = {}
    for a in members:
        above = [b for b in members if (b.id, a.id) in beats]
        if not above:
            continue
        top = [
            b for b in above
            if not any((c.id, b.id) in beats and (b.id, c.id) not in beats for c in members)
        ]
        if not top:
            continue
        keeper = min(top, key=lambda o: o.id)
        if keeper.id < a.id or (a.id, keeper.id) not in beats:
            dropped[a.id] = keeper.id
    return dropped


def dominates(
    b: Offer, a: Offer, supplier: Supplier, targets: Targets, *, meat_fish: bool = False
) -> bool:
    """Whether offer ``b`` dominates offer ``a`` (both of ``supplier``, for one ingredient):

    1. same supplier and ingredient;
    2. ``a``'s pack is ``m`` of ``b``'s packs, ``m`` a whole number;
    3. ``b`` is sold in every month ``a`` is;
    4. ``b`` has no ``max_packs``;
    5. ``b``'s price per pack never rises with the count and ``m·p_b(m·k) <= p_a(k)`` for
       every count ``k``, in whole cents; when the supplier has a minimum order or a
       free-delivery threshold, instead: no discount tiers and ``m·p_b = p_a``;
    6. the same VAT rate;
    7. ``b``'s labels include ``a``'s, the same origin; and, by value with a cheaper
       ``b`` (rule 5's first form), neither counts for a share target of the week.

    ``meat_fish``: the ingredient counts in the meat-and-fish EGalim share. The proof is
    in the module docstring."""
    if (b.supplier, b.ingredient) != (a.supplier, a.ingredient):
        return False
    m = _multiple(a.pack_quantity, b.pack_quantity)
    if m is None or b.max_packs is not None or b.vat_rate != a.vat_rate:
        return False
    if b.months_available and (not a.months_available
                               or not set(a.months_available) <= set(b.months_available)):
        return False
    if not set(a.labels) <= set(b.labels) or a.origin != b.origin:
        return False
    prices_a, prices_b = _cents(a), _cents(b)
    if prices_a is None or prices_b is None:
        return False
    if _has_threshold(supplier):
        return not a.tiers and not b.tiers and m * prices_b[0][1] == prices_a[0][1]
    if targets.share_basis == "value" and (
        _counts(a, supplier, targets, meat_fish) or _counts(b, supplier, targets, meat_fish)
    ):
        return False
    return _never_dearer(prices_a, prices_b, m)


def _multiple(big: float, small: float) -> int | None:
    """``big / small`` when it is a whole number (within :data:`WHOLE_SLACK` of it, relative),
    else None."""
    ratio = big / small
    m = round(ratio)
    return m if m >= 1 and abs(ratio - m) <= WHOLE_SLACK * ratio else None


def _cents(offer: Offer) -> list[tuple[int, int]] | None:
    """``offer``'s price levels ``(from packs, price HT in cents)``, or None when a price is
    not a whole number of cents."""
    levels = []
    for start, price in offer.price_levels():
        cents = round(price * 100)
        if abs(price * 100 - cents) > 1e-6:
            return None
        levels.append((start, cents))
    return levels


def _price_at(levels: list[tuple[int, int]], packs: int) -> int:
    """Price per pack in cents when buying ``packs`` packs (all-units tiers)."""
    price = levels[0][1]
    for start, cents in levels:
        if packs >= start:
            price = cents
    return price


def _never_dearer(prices_a: list[tuple[int, int]], prices_b: list[tuple[int, int]], m: int) -> bool:
    """``b``'s price per pack never rises with the count, and ``m·p_b(m·k) <= p_a(k)`` for
    every ``k >= 1``: both sides are constant between the counts where ``a``'s price changes
    and those where ``m·k`` reaches one of ``b``'s tiers, so those counts suffice."""
    if any(prices_b[i + 1][1] > prices_b[i][1] for i in range(len(prices_b) - 1)):
        return False
    counts = {1} | {start for start, _ in prices_a} | {math.ceil(s / m) for s, _ in prices_b}
    return all(m * _price_at(prices_b, m * k) <= _price_at(prices_a, k) for k in counts)


def _has_threshold(supplier: Supplier) -> bool:
    """The supplier has a minimum order or a free-delivery threshold (a value to reach)."""
    free = supplier.delivery_fee_ht > 0 and supplier.free_delivery_from_ht is not None
    return supplier.min_order_ht > 0 or free


def _counts(offer: Offer, supplier: Supplier, targets: Targets, meat_fish: bool) -> bool:
    """Whether ``offer`` counts as qualifying for one of the week's share targets."""
    return bool(counts_for(offer, supplier, meat_fish) & counted_shares(targets))
