"""The food left at the end of a horizon, told apart from the cash spent (issue 22).

A horizon plan spends cash on food; some of it is still in the store when the last week
ends. The planner counts that food for half its replacement value (the rule of
:data:`~cantine_supply.problem.horizon_problem.END_STOCK_SHARE`), but the manager needs to
see where it comes from before trusting a plan that leaves much of it:

- **from the starting stock**: food that was on hand before the first week and that the
  weeks did not use: no cash of this horizon was spent on it;
- **bought, less than one pack**: what is left of a pack bought in the horizon, below the
  smallest pack of that ingredient the plans bought (packs come whole: the rest of a
  sack opened for the last week's needs);
- **bought, a pack or more**: at least one smallest pack's worth of an ingredient bought in
  the horizon and left over: food bought beyond the weeks' needs, which has to pay for
  itself through a bulk price, a free delivery, a minimum order or a share target.

The target (issue 22): the food **bought** and left at the end under
:data:`END_STOCK_TARGET_SHARE` of the cash spent HT, unless the report shows it pays. Every
amount is a replacement value HT (what the food would cost to buy again, per lot to the
cent once, as :func:`~cantine_supply.planning.horizon_stock.replacement_ht`).

**When it pays.** The weeks planned one at a time (``HorizonPlan.week_by_week``) feed the
same covers the same menus, and leave food too (the rest of their opened packs). When the
weeks planned together spend **no more cash** (HT) than the weeks planned alone, the food
they leave costs nothing: counted at zero, the horizon is still no dearer than the plans
the manager would otherwise make. That is the only case this module calls paying
(:attr:`EndStock.pays`); it rests on no valuation of the food left, unlike the net cost
(which counts what keeps at :data:`~cantine_supply.problem.horizon_problem.END_STOCK_SHARE`
of its value). The report prints both plans' cash and food left side by side.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from cantine_supply.model import StockLot
from cantine_supply.plans.plan import Plan, to_cents
from cantine_supply.plans.to_json import converter

#: The target share of the cash spent HT that food bought in the horizon and left at its
#: end may reach (issue 22: "food left at the end under 10% of the spend unless the report
#: shows it pays").
END_STOCK_TARGET_SHARE = Decimal("0.10")

#: Quantities below this (base unit) are nothing.
EPSILON = 1e-7


@attrs.frozen
class EndStock:
    """The food left at the end of a horizon, by origin, EUR HT to buy again (to the cent):
    ``from_start_ht`` (stock on hand before the first week), ``part_pack_ht`` (bought,
    less than one smallest pack of its ingredient bought), ``whole_packs_ht`` (bought, a
    pack or more); ``spend_ht`` the cash spent HT by the horizon's plans.

    ``week_by_week_spend_ht`` and ``week_by_week_bought_ht`` are the same two figures for
    the weeks planned one at a time, when they were planned (else None)."""

    from_start_ht: Decimal
    part_pack_ht: Decimal
    whole_packs_ht: Decimal
    spend_ht: Decimal
    week_by_week_spend_ht: Decimal | None = None
    week_by_week_bought_ht: Decimal | None = None

    @property
    def bought_ht(self) -> Decimal:
        """Food bought in the horizon and left at its end, EUR HT to buy again."""
        return self.part_pack_ht + self.whole_packs_ht

    @property
    def bought_share(self) -> float | None:
        """``bought_ht / spend_ht`` (None when nothing was spent)."""
        return None if self.spend_ht <= 0 else float(self.bought_ht / self.spend_ht)

    @property
    def within_target(self) -> bool:
        """Whether the food bought and left is at most :data:`END_STOCK_TARGET_SHARE` of
        the spend."""
        return self.bought_ht <= END_STOCK_TARGET_SHARE * self.spend_ht

    @property
    def cash_saved_ht(self) -> Decimal | None:
        """The cash HT the weeks planned together spend less than the weeks planned one at
        a time (negative when more; None when those were not planned)."""
        if self.week_by_week_spend_ht is None:
            return None
        return self.week_by_week_spend_ht - self.spend_ht

    @property
    def pays(self) -> bool:
        """Whether the food left pays for itself with no value counted for it: the weeks
        planned together spend no more cash than the weeks planned one at a time (see the
        module docstring). False when those were not planned."""
        saved = self.cash_saved_ht
        return saved is not None and saved >= 0

    @property
    def meets_target(self) -> bool:
        """Issue 22's target: the food bought and left within :data:`END_STOCK_TARGET_SHARE`
        of the spend, or else it pays (:attr:`pays`)."""
        return self.within_target or self.pays


@converter.register(EndStock)
def _end_stock_json(end: EndStock) -> dict[str, Any]:
    share = end.bought_share
    return {
        "from_start_stock_ht": end.from_start_ht,
        "bought_ht": end.bought_ht,
        "bought_less_than_a_pack_ht": end.part_pack_ht,
        "bought_a_pack_or_more_ht": end.whole_packs_ht,
        "bought_share_of_spend": None if share is None else round(share, 6),
        "target_share_of_spend": END_STOCK_TARGET_SHARE,
        "within_target": end.within_target,
        "week_by_week_spend_ht": end.week_by_week_spend_ht,
        "week_by_week_bought_ht": end.week_by_week_bought_ht,
        "cash_saved_ht": end.cash_saved_ht,
        "pays": end.pays,
        "meets_target": end.meets_target,
    }


def end_stock(plans: Sequence[Plan], lots: Sequence[StockLot], bought: Sequence[bool],
              spend_ht: Decimal, week_by_week: EndStock | None = None) -> EndStock:
    """Split the food ``lots`` left at the end (``bought[k]``: lot ``k`` came from a
    delivery of the horizon, else from the starting stock) as :class:`EndStock` does.

    An ingredient's bought lots are *less than one pack* when their quantity together is
    below the smallest pack of that ingredient in the ``plans``' order lines, else *a pack
    or more*; each lot is valued at its quantity × ``unit_cost_ht``, to the cent.
    ``week_by_week`` is the same split for the weeks planned one at a time, whose spend and
    food bought and left are kept for the comparison."""
    smallest: dict[str, float] = {}
    for plan in plans:
        for order in plan.orders:
            for line in order.lines:
                pack = line.pack_quantity
                smallest[line.ingredient] = min(pack, smallest.get(line.ingredient, pack))
    from_start = Decimal(0)
    held: dict[str, float] = defaultdict(float)
    worth: dict[str, Decimal] = defaultdict(Decimal)
    for lot, from_delivery in zip(lots, bought, strict=True):
        value = to_cents(lot.quantity * lot.unit_cost_ht)
        if not from_delivery:
            from_start += value
            continue
        held[lot.ingredient] += lot.quantity
        worth[lot.ingredient] += value
    part, whole = Decimal(0), Decimal(0)
    for ingredient, quantity in held.items():
        least = smallest.get(ingredient)
        if least is not None and quantity < least - EPSILON:
            part += worth[ingredient]
        else:
            whole += worth[ingredient]
    return EndStock(from_start, part, whole, spend_ht,
                    None if week_by_week is None else week_by_week.spend_ht,
                    None if week_by_week is None else week_by_week.bought_ht)
