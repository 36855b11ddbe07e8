"""Offers (price-list lines), read alike from ``[[offer]]`` tables and CSV rows."""

from __future__ import annotations

from cantine_supply.io.context import LoadContext
from cantine_supply.io.domains import MAXIMUM
from cantine_supply.io.fields import Table
from cantine_supply.io.quantities import read_quantity
from cantine_supply.io.values import parse_number_text, show
from cantine_supply.model import Label, Offer, Origin, PriceTier

#: Keys of an ``[[offer]]`` table; a CSV price list has the same columns, with ``tiers``
#: (``"4:15.20 10:14.50"``) instead of ``[[offer.tier]]`` tables.
OFFER_KEYS = (
    "id",
    "ingredient",
    "product",
    "pack",
    "net",
    "price_ht",
    "vat_rate",
    "labels",
    "origin",
    "months_available",
    "max_packs",
    "max_packs_per_delivery",
    "tier",
)
TIER_KEYS = ("min_packs", "price_ht")
_OFFER_ATTRIBUTES = {"pack_quantity": "pack", "months_available": "months_available"}
_TIER_EXAMPLE = "'4:15.20 10:14.50' (from 4 packs 15.20 a pack, from 10 packs 14.50)"


def read_offer(ctx: LoadContext, table: Table, supplier_id: str) -> Offer | None:
    """One offer of ``supplier_id``; its id becomes ``supplier_id/offer_id``."""
    mark = ctx.start()
    offer_id = table.identifier("id", no_slash=True)
    ingredient = table.identifier("ingredient")
    product = table.text("product")
    pack = read_quantity(table, "pack", ingredient, ctx.units)
    price = table.number("price_ht", positive=True)
    vat_rate = table.share("vat_rate", 0.055)
    labels = table.choices("labels", Label, "label")
    origin = table.choice("origin", Origin, "origin", Origin.FRANCE)
    months = table.months("months_available")
    max_packs = table.optional_integer("max_packs", minimum=1)
    per_delivery = table.optional_integer("max_packs_per_delivery", minimum=1)
    tiers = _read_text_tiers(table) if table.text_cells else _read_tier_tables(table)
    full_id = f"{supplier_id}/{offer_id}"
    if offer_id:
        ctx.remember("offer", full_id, table, {ingredient: "ingredient"} if ingredient else {})
    offer = None
    if ctx.clean_since(mark, table):
        offer = table.construct(
            Offer,
            _OFFER_ATTRIBUTES,
            id=full_id,
            supplier=supplier_id,
            ingredient=ingredient,
            product=product,
            pack_quantity=pack,
            price_ht=price,
            pack_label=_pack_label(table),
            vat_rate=vat_rate,
            labels=labels,
            origin=origin,
            months_available=months,
            max_packs=max_packs,
            max_packs_per_delivery=per_delivery,
            tiers=tiers,
        )
    if offer is None:
        ctx.fail("offer", full_id if offer_id else "")
        ctx.maybe_provided.add(ingredient)
    return offer


def _pack_label(table: Table) -> str:
    """How the supplier names one pack: ``"10 kg"``, ``"6 can of 2.5 kg"``."""
    pack = str(table.data.get("pack", "")).strip()
    net = str(table.data.get("net", "") or "").strip()
    return f"{pack} of {net}" if net else pack


def _read_tier_tables(table: Table) -> list[PriceTier]:
    """``[[offer.tier]]`` tables: ``min_packs`` (2 or more) and ``price_ht`` (> 0)."""
    tiers: list[PriceTier] = []
    for tier_table in table.subtables("tier", TIER_KEYS):
        before = len(table.problems)
        min_packs = tier_table.integer("min_packs", minimum=2)
        price = tier_table.number("price_ht", positive=True)
        if any(tier.min_packs == min_packs for tier in tiers):
            tier_table.problem("min_packs", f"another tier already starts at {min_packs} packs")
        elif len(table.problems) == before and not tier_table.problem_count:
            tiers.append(PriceTier(min_packs=min_packs, price_ht=price))
    return tiers


def _read_text_tiers(table: Table) -> list[PriceTier]:
    """A ``tiers`` cell: ``"4:15.20 10:14.50"`` (decimal commas accepted)."""
    if not table.has("tiers"):
        return []
    if not table.no_control("tiers", str(table.data["tiers"])):
        return []
    text = str(table.data["tiers"]).strip()
    tiers: list[PriceTier] = []
    for part in text.split():
        packs_text, colon, price_text = part.partition(":")
        price = parse_number_text(price_text) if colon else None
        if not packs_text.isdigit() or price is None:
            table.problem("tiers", f"expected tiers like {_TIER_EXAMPLE}, got {show(text)}")
            return []
        if int(packs_text) > MAXIMUM["min_packs"] or price > MAXIMUM["price_ht"]:
            table.problem("tiers", f"a tier starts from at most {MAXIMUM['min_packs']:.0f} packs"
                          f" at a price of at most {MAXIMUM['price_ht']:.0f}, got {show(part)}")
            return []
        if int(packs_text) < 2:
            table.problem("tiers", f"a tier starts from 2 packs or more, got {show(part)}")
            return []
        if price <= 0:
            table.problem("tiers", f"a tier price must be > 0, got {show(part)}")
            return []
        if any(tier.min_packs == int(packs_text) for tier in tiers):
            table.problem("tiers", f"two tiers start at {packs_text} packs")
            return []
        tiers.append(PriceTier(min_packs=int(packs_text), price_ht=price))
    return tiers
