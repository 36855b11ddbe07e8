"""``network.toml``: canteens that pool their orders, each with its own data folder.

A network folder holds ``network.toml`` and one folder per canteen::

    [network]
    name = "Petites Cantines de Lyon"
    catalogue = "catalogue"   # optional: ingredients.toml, recipes/ and suppliers/ shared
    delivery = "drops"        # or "hub" (then hub = "<canteen id>")

    [[canteen]]
    id = "vaise"
    name = "La Petite Cantine Lyon Vaise"
    folder = "vaise"
    transfer_cost = 6.0       # EUR per day of goods carried from the hub (hub delivery)

Without ``catalogue`` each canteen folder is a whole data folder (read by
:func:`~cantine_supply.io.load`). With it, a canteen folder holds only its own
``weeks/``, ``stock.toml``, ``collections.toml`` (and ``storage.toml``, ``canteen.toml``);
the ingredients, recipes and suppliers are read from the shared folder, by the same reader
(:func:`~cantine_supply.io.loader.read_folder`). Either way, a supplier or offer that two
canteens know under one id must have the same terms (they are pooled as one): every
difference is a problem. Problems name the file (relative to the network folder), field and line.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from cantine_supply.errors import InputError, Problem
from cantine_supply.io.context import LoadContext
from cantine_supply.io.fields import Table
from cantine_supply.io.loader import load, read_folder
from cantine_supply.model import Catalogue, Offer, Supplier
from cantine_supply.model.network import Network, NetworkCanteen

NETWORK_FILE = "network.toml"
NETWORK_KEYS = ("name", "catalogue", "delivery", "hub")
CANTEEN_KEYS = ("id", "name", "folder", "transfer_cost")
#: Supplier terms that must agree between canteens for their orders to be pooled.
SUPPLIER_TERMS = ("delivery_weekdays", "lead_time_days", "min_order_ht", "delivery_fee_ht",
                  "free_delivery_from_ht", "fee_vat_rate")
#: Offer terms that must agree between canteens (one pooled line, one price).
OFFER_TERMS = ("ingredient", "pack_quantity", "price_ht", "vat_rate", "max_packs", "tiers",
               "months_available", "labels")


def load_network(folder: str | Path) -> Network:
    """Read the network folder ``folder`` (see the module docstring) and every canteen's
    data; raise one :class:`InputError` listing every problem found."""
    root_dir = Path(folder)
    path = root_dir / NETWORK_FILE
    if not path.is_file():
        raise InputError(Problem(NETWORK_FILE, "", f"file not found in {root_dir}"))
    ctx = LoadContext(root_dir)
    doc = ctx.read_toml(path)
    ctx.problems.raise_if_any()
    assert doc is not None
    root = Table(doc.source, (), doc.data, ("network", "canteen"), ctx.problems, lines=doc.lines)
    head = root.subtable("network", NETWORK_KEYS, required=True)
    name = head.text("name") if head else ""
    shared = head.optional_text("catalogue") if head else None
    delivery = head.text("delivery", "drops") if head else "drops"
    hub = head.optional_text("hub") if head else None
    if head and delivery not in ("drops", "hub"):
        head.problem("delivery", f"expected 'drops' or 'hub', got {delivery!r}")
    tables = root.subtables("canteen", CANTEEN_KEYS, required=True)
    shared_dir = _folder(head, "catalogue", root_dir, shared) if head and shared else None
    canteens: list[NetworkCanteen] = []
    seen: set[str] = set()
    for table in tables:
        canteen = _read_canteen(ctx, table, root_dir, shared_dir, seen)
        if canteen is not None:
            canteens.append(canteen)
    if head and delivery == "hub" and hub not in seen:
        head.problem("hub", f"with delivery = 'hub', name the hub canteen (one of "
                     f"{', '.join(sorted(seen)) or 'none'}), got {hub!r}")
    _check_shared_terms(ctx, tables, canteens)
    ctx.problems.raise_if_any()
    return Network(name, canteens, "hub" if delivery == "hub" else "drops",
                   hub if delivery == "hub" else None)


def _folder(table: Table, key: str, root_dir: Path, value: str) -> Path | None:
    """The folder ``value`` relative to the network folder; a problem when it is missing."""
    found = (root_dir / value).resolve()
    if not found.is_dir():
        table.problem(key, f"folder not found: {value!r} (relative to the network folder)")
        return None
    return found


def _read_canteen(ctx: LoadContext, table: Table, root_dir: Path, shared_dir: Path | None,
                  seen: set[str]) -> NetworkCanteen | None:
    """One ``[[canteen]]`` and its data folder; problems go to ``ctx``."""
    mark = ctx.start()
    canteen_id = table.identifier("id", no_slash=True)
    name = table.text("name")
    folder = table.text("folder")
    transfer = table.number("transfer_cost", 0.0)
    if canteen_id in seen:
        table.problem("id", f"duplicate canteen id {canteen_id!r}")
    seen.add(canteen_id)
    where = _folder(table, "folder", root_dir, folder) if folder else None
    if where is None or not ctx.clean_since(mark, table):
        return None
    catalogue = _load_canteen_data(ctx, where, shared_dir)
    if catalogue is None:
        return None
    return NetworkCanteen(canteen_id, name, folder, catalogue, transfer)


def _load_canteen_data(ctx: LoadContext, where: Path, shared: Path | None) -> Catalogue | None:
    """A canteen's catalogue: its whole folder, or the shared catalogue with its own
    weeks, stock and collections. Its problems are added to ``ctx`` with their file
    named from the network folder."""
    try:
        if shared is None:
            return load(where)
        return _load_with_shared(where, shared)
    except InputError as error:
        base = where if shared is None else None
        for problem in error.problems:
            source = problem.source
            if base is not None:
                source = _relative(ctx, base / source)
            ctx.problems.add(source, problem.field, problem.message, problem.line)
        return None


def _relative(ctx: LoadContext, path: Path) -> str:
    try:
        return path.resolve().relative_to(ctx.data_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _load_with_shared(canteen_dir: Path, shared: Path) -> Catalogue:
    """Ingredients, recipes and suppliers from ``shared``; weeks, stock and collections
    from ``canteen_dir`` (sources named relative to the network folder's parent)."""
    ctx = LoadContext(Path(canteen_dir.resolve().parent))
    catalogue = read_folder(ctx, canteen_dir, shared)
    ctx.problems.raise_if_any()
    return catalogue


def _check_shared_terms(ctx: LoadContext, tables: list[Table],
                        canteens: list[NetworkCanteen]) -> None:
    """A supplier or offer known to several canteens under one id must have the same
    terms in each (one pooled order, one price): report each difference at the second
    canteen's ``folder``."""
    first_supplier: dict[str, tuple[str, Supplier]] = {}
    first_offer: dict[str, tuple[str, Offer]] = {}
    table_of = {t.data.get("id"): t for t in tables}
    for canteen in canteens:
        table = table_of[canteen.id]
        for supplier in canteen.catalogue.suppliers:
            other = first_supplier.setdefault(supplier.id, (canteen.id, supplier))
            for term in _differences(other[1], supplier, SUPPLIER_TERMS):
                table.problem("folder", f"supplier {supplier.id!r}: {term} differs from"
                              f" canteen {other[0]!r}'s (pooled orders need the same terms)")
        for offer in canteen.catalogue.offers:
            seen = first_offer.setdefault(offer.id, (canteen.id, offer))
            for term in _differences(seen[1], offer, OFFER_TERMS):
                table.problem("folder", f"offer {offer.id!r}: {term} differs from"
                              f" canteen {seen[0]!r}'s (a pooled line has one price)")


def _differences(first: object, other: object, terms: tuple[str, ...]) -> list[str]:
    a, b = attrs.asdict(first, recurse=False), attrs.asdict(other, recurse=False)  # type: ignore[arg-type]
    return [term for term in terms if a[term] != b[term]]
