"""``suppliers/*.toml``: one supplier per file, its ``[[offer]]`` tables and price list."""

from __future__ import annotations

from pathlib import Path

from cantine_supply.io.context import LoadContext
from cantine_supply.io.fields import Table
from cantine_supply.io.offers import OFFER_KEYS, read_offer
from cantine_supply.io.price_list import load_price_list
from cantine_supply.io.values import unknown_message
from cantine_supply.model import (
    CHANNELS,
    LocalDefinition,
    Locality,
    Offer,
    Ordering,
    Supplier,
    SupplierKind,
)

SUPPLIER_FILE_KEYS = ("supplier", "offer")
SUPPLIER_KEYS = (
    "id",
    "name",
    "kind",
    "distance_km",
    "intermediaries",
    "delivery_weekdays",
    "lead_time_days",
    "min_order_ht",
    "delivery_fee_ht",
    "free_delivery_from_ht",
    "fee_vat_rate",
    "email",
    "price_list",
    "local",
    "ordering",
)
LOCAL_KEYS = ("definition", "km")
ORDERING_KEYS = ("channel", "customer_account", "contact", "phone", "website", "pickup")


def load_supplier(
    ctx: LoadContext, path: Path, price_lists: set[str]
) -> tuple[Supplier | None, list[Offer]]:
    """The supplier of ``path`` and its offers (from the file and its price list).

    ``price_lists`` collects the names of the CSV files that suppliers name, so that the
    loader can refuse a CSV file that no supplier names.
    """
    doc = ctx.read_toml(path)
    if doc is None:
        ctx.unsure.update({"supplier", "provision"})
        return None, []
    root = Table(doc.source, (), doc.data, SUPPLIER_FILE_KEYS, ctx.problems, lines=doc.lines)
    table = root.subtable("supplier", SUPPLIER_KEYS, required=True)
    supplier = None
    supplier_id = path.stem
    price_list: str | None = None
    if table is not None:
        mark = ctx.start()
        read_id = table.identifier("id", no_slash=True)
        supplier_id = read_id or path.stem
        price_list = _price_list_name(table, path)
        supplier = _read_supplier(ctx, table, read_id, mark)
    if supplier is None:
        ctx.fail("supplier", supplier_id)
    offers: list[Offer] = []
    for offer_table in root.subtables("offer", OFFER_KEYS):
        offer = read_offer(ctx, offer_table, supplier_id)
        if offer is not None:
            offers.append(offer)
    if root.problem_count:
        ctx.unsure.add("provision")  # offers may be hidden behind a typo
    if price_list is not None:
        price_lists.add(price_list)
        offers.extend(load_price_list(ctx, path.parent / price_list, supplier_id))
    return supplier, offers


def _price_list_name(table: Table, path: Path) -> str | None:
    """The CSV file named by ``price_list``, if it is a file next to the supplier file."""
    name = table.optional_text("price_list")
    if name is None:
        return None
    if not name or "/" in name or "\\" in name or name.startswith("."):
        table.problem("price_list", f"expected the name of a CSV file next to {path.name}")
        return None
    if not (path.parent / name).is_file():
        table.problem("price_list", f"file {name!r} not found next to {path.name}")
        return None
    return name


def _read_supplier(
    ctx: LoadContext, table: Table, supplier_id: str, mark: int
) -> Supplier | None:
    name = table.text("name")
    kind = table.choice("kind", SupplierKind, "supplier kind")
    distance = table.number("distance_km")
    intermediaries = table.integer("intermediaries")
    weekdays = table.weekdays("delivery_weekdays")
    lead_time = table.integer("lead_time_days", 1)
    min_order = table.number("min_order_ht", 0.0)
    fee = table.number("delivery_fee_ht", 0.0)
    free_from = table.optional_number("free_delivery_from_ht")
    fee_vat = table.share("fee_vat_rate", 0.20)
    email = table.text("email", "")
    local = _read_locality(table)
    ordering = _read_ordering(table, email)
    if supplier_id:
        ctx.remember("supplier", supplier_id, table)
    if not ctx.clean_since(mark, table):
        return None
    return table.construct(
        Supplier,
        id=supplier_id,
        name=name,
        kind=kind,
        distance_km=distance,
        intermediaries=intermediaries,
        delivery_weekdays=weekdays,
        lead_time_days=lead_time,
        local=local,
        min_order_ht=min_order,
        delivery_fee_ht=fee,
        free_delivery_from_ht=free_from,
        fee_vat_rate=fee_vat,
        email=email,
        ordering=ordering,
    )


def _read_ordering(table: Table, email: str) -> Ordering:
    """``[supplier.ordering]``: how the canteen orders (default: by e-mail, delivered)."""
    ordering = table.subtable("ordering", ORDERING_KEYS)
    if ordering is None:
        return Ordering()
    before = len(table.problems)
    channel = ordering.text("channel", "email")
    if channel not in CHANNELS:
        ordering.problem("channel", unknown_message("ordering channel", channel, CHANNELS))
    elif channel == "email" and not email:
        ordering.problem("channel", 'channel = "email" needs the supplier\'s email')
    texts = {key: ordering.text(key, "") for key in ("customer_account", "contact", "phone",
                                                     "website")}
    if channel == "phone" and not texts["phone"]:
        ordering.problem("channel", 'channel = "phone" needs the phone number (phone = "...")')
    if channel == "web" and not texts["website"]:
        ordering.problem("channel", 'channel = "web" needs the shop\'s address (website = "...")')
    pickup = ordering.boolean("pickup", False)
    if len(table.problems) > before or ordering.problem_count:
        return Ordering()
    return ordering.construct(Ordering, channel=channel, pickup=pickup, **texts) or Ordering()


def _read_locality(table: Table) -> Locality | None:
    """``[supplier.local]``: why the supplier is local; None when it is not."""
    local = table.subtable("local", LOCAL_KEYS)
    if local is None:
        return None
    before = len(table.problems)
    definition = local.choice("definition", LocalDefinition, "local definition")
    km = local.optional_number("km")
    if len(table.problems) > before or local.problem_count:
        return None
    if definition is LocalDefinition.KM and km is None:
        local.problem("km", 'required with definition = "KM" (the radius in km)')
        return None
    if definition is not LocalDefinition.KM and km is not None:
        local.problem("km", f'only used with definition = "KM", not {definition.value!r}')
        return None
    return local.construct(Locality, definition=definition, km=km)
