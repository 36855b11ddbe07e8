"""What counts as buying in bulk, and which lines of a horizon plan did.

Two things make a line a *bulk buy* (see ``docs/horizon.md``):

- a **bulk format**: the offer's pack holds at least :data:`BULK_FACTOR` times the
  smallest pack of the same ingredient on sale (any supplier) and weighs at least
  :data:`BULK_MIN_KG` kg (litres and pieces converted with the ingredient's density or
  piece weight): the 25 kg sacks and the 20 L and 25 L cans, not a 5 kg bag beside 1 kg
  ones, nor a bag of ten baguettes;
- a **price break**: the line is bought at one of the offer's quantity-discount tiers
  (its price per pack is below the offer's base price).

For each bulk line, ``saved_ht`` is what it saved against buying the same quantity in
small packs of the same quality: ``quantity × r − total_ht``, where ``r`` is the lowest
base price per base unit among the offers of the ingredient that are not bulk formats
and have the same organic and EGalim status (``compared_with`` names that offer). It
says how much cheaper the format is, line by line; what buying ahead saved over the
whole horizon is :attr:`~cantine_supply.planning.horizon.HorizonPlan.bulk_savings_ht`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import attrs

from cantine_supply.model import Catalogue, Offer
from cantine_supply.plans.plan import Plan, to_cents
from cantine_supply.plans.to_json import converter, rounded

#: A bulk format holds at least this many times the ingredient's smallest pack ...
BULK_FACTOR = 4.0
#: ... and weighs at least this many kg.
BULK_MIN_KG = 10.0


@attrs.frozen
class BulkLine:
    """A bulk buy of a horizon plan: ``kind`` is ``"bulk format"``, ``"price break"`` or
    ``"bulk format, price break"``; money in EUR HT; ``quantity`` in the base unit."""

    week: str
    delivery_date: dt.date
    supplier: str
    offer: str
    product: str
    packs: int
    quantity: float
    unit: str
    kind: str
    total_ht: Decimal
    compared_with: str | None
    saved_ht: Decimal | None

    def to_json(self) -> dict[str, object]:
        result: dict[str, object] = converter.unstructure(self)
        return result


@converter.register(BulkLine)
def _bulk_line_json(line: BulkLine) -> dict[str, object]:
    return {
        "week": line.week,
        "delivery_date": line.delivery_date,
        "supplier": line.supplier,
        "offer": line.offer,
        "product": line.product,
        "packs": line.packs,
        "quantity": rounded(line.quantity),
        "unit": line.unit,
        "kind": line.kind,
        "total_ht": line.total_ht,
        "compared_with": line.compared_with,
        "saved_ht": line.saved_ht,
    }


def pack_kg(catalogue: Catalogue, offer: Offer) -> float:
    """kg in one pack of ``offer`` (0 when the ingredient has no known mass per unit)."""
    ingredient = catalogue.ingredient_by_id[offer.ingredient]
    return offer.pack_quantity * (ingredient.kg_per_unit or 0.0)


def is_bulk_format(catalogue: Catalogue, offer: Offer) -> bool:
    """Whether ``offer`` is a bulk format: pack >= :data:`BULK_FACTOR` × the smallest pack
    of its ingredient on sale, and >= :data:`BULK_MIN_KG` kg."""
    smallest = min(o.pack_quantity for o in catalogue.offers if o.ingredient == offer.ingredient)
    return (offer.pack_quantity >= BULK_FACTOR * smallest - 1e-9
            and pack_kg(catalogue, offer) >= BULK_MIN_KG - 1e-9)


def small_pack_reference(catalogue: Catalogue, offer: Offer) -> Offer | None:
    """The offer of the same ingredient, not a bulk format, with the same organic and
    EGalim status, at the lowest base price per base unit (None if there is none)."""
    same = [o for o in catalogue.offers
            if o.ingredient == offer.ingredient and o.is_organic == offer.is_organic
            and o.is_egalim == offer.is_egalim and not is_bulk_format(catalogue, o)]
    return min(same, key=lambda o: (o.price_ht / o.pack_quantity, o.id), default=None)


def bulk_lines(catalogue: Catalogue, plans: Sequence[Plan]) -> tuple[BulkLine, ...]:
    """Every line of ``plans`` bought in a bulk format or at a discount tier, in the order
    of the plans and their orders."""
    out = []
    for plan in plans:
        for order in plan.orders:
            for line in order.lines:
                offer = catalogue.offer_by_id[line.offer]
                kinds = []
                if is_bulk_format(catalogue, offer):
                    kinds.append("bulk format")
                if line.price_per_pack_ht < offer.price_ht - 1e-9:
                    kinds.append("price break")
                if not kinds:
                    continue
                reference = small_pack_reference(catalogue, offer)
                saved = None
                if reference is not None:
                    unit_price = reference.price_ht / reference.pack_quantity
                    saved = to_cents(line.quantity * unit_price) - line.total_ht
                out.append(BulkLine(
                    plan.week, order.delivery_date, order.supplier, line.offer, line.product,
                    line.packs, line.quantity, line.unit, ", ".join(kinds), line.total_ht,
                    None if reference is None else reference.id, saved))
    return tuple(out)
