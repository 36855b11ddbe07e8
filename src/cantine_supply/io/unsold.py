"""``collections.toml`` (rounds to collect unsold food) and ``stock.toml`` (stock on hand)."""

from __future__ import annotations

from pathlib import Path

from cantine_supply.io.context import LoadContext
from cantine_supply.io.fields import Table
from cantine_supply.io.quantities import read_quantity
from cantine_supply.io.references import read_listed_ingredient
from cantine_supply.io.source import Problems
from cantine_supply.model import Collection, CollectionItem, Label, Recourse, StockLot

COLLECTION_KEYS = (
    "id", "name", "weekday", "trip_cost", "distance_km", "labels", "always", "item"
)
ITEM_KEYS = ("ingredient", "guaranteed", "expected", "maximum", "history", "price_ht")
RECOURSE_KEYS = ("supplier", "trip_cost", "in_expectation", "scenarios", "seed")
LOT_KEYS = ("ingredient", "quantity", "best_before", "unit_cost_ht")


def load_collections(ctx: LoadContext, path: Path) -> list[Collection]:
    """Every ``[[collection]]`` of ``path``; problems go to ``ctx``."""
    doc = ctx.read_toml(path)
    if doc is None:
        ctx.unsure.update({"collection", "provision"})
        return []
    root = Table(doc.source, (), doc.data, ("collection",), ctx.problems, lines=doc.lines)
    tables = root.subtables("collection", COLLECTION_KEYS)
    if root.problem_count:
        ctx.unsure.update({"collection", "provision"})
    found = (_read_collection(ctx, table) for table in tables)
    return [collection for collection in found if collection is not None]


def _read_collection(ctx: LoadContext, table: Table) -> Collection | None:
    mark = ctx.start()
    collection_id = table.identifier("id")
    name = table.text("name")
    weekday = table.weekday("weekday")
    trip_cost = table.number("trip_cost", 0.0)
    distance = table.number("distance_km", 0.0)
    labels = table.choices("labels", Label, "label")
    always = table.boolean("always", False)
    items: list[CollectionItem] = []
    refs: dict[str, tuple[str, int | None]] = {}
    for item_table in table.subtables("item", ITEM_KEYS, required=True):
        item = _read_item(ctx, item_table, refs)
        if item is not None:
            items.append(item)
    if collection_id:
        ctx.remember("collection", collection_id, table)
        ctx.add_refs("collection", collection_id, refs)
    collection = None
    if ctx.clean_since(mark, table):
        collection = table.construct(
            Collection,
            id=collection_id,
            name=name,
            weekday=weekday,
            items=items,
            trip_cost=trip_cost,
            labels=labels,
            distance_km=distance,
            always=always,
        )
    if collection is None:
        ctx.fail("collection", collection_id)
        ctx.maybe_provided.update(refs)
    return collection


def _read_item(
    ctx: LoadContext, table: Table, refs: dict[str, tuple[str, int | None]]
) -> CollectionItem | None:
    """One ``[[collection.item]]``; ``refs`` collects where each ingredient is named."""
    mark = ctx.start()
    ingredient = read_listed_ingredient(table, refs)
    guaranteed = _amount(ctx, table, "guaranteed", ingredient)
    expected = _amount(ctx, table, "expected", ingredient)
    maximum = _amount(ctx, table, "maximum", ingredient) if table.has("maximum") else None
    history = _history(ctx, table, ingredient)
    price = table.number("price_ht", 0.0)
    if ctx.clean_since(mark, table) and expected < guaranteed:
        table.problem(
            "expected",
            f"must be at least the guaranteed quantity ({table.data['guaranteed']!r}),"
            f" got {table.data['expected']!r}",
        )
    if ctx.clean_since(mark, table) and maximum is not None and maximum < expected:
        table.problem(
            "maximum",
            f"must be at least the expected quantity ({table.data['expected']!r}),"
            f" got {table.data['maximum']!r}",
        )
    if not ctx.clean_since(mark, table):
        ctx.maybe_provided.add(ingredient)
        return None
    return table.construct(
        CollectionItem,
        ingredient=ingredient,
        guaranteed=guaranteed,
        expected=expected,
        price_ht=price,
        maximum=maximum,
        history=history,
    )


def _amount(ctx: LoadContext, table: Table, key: str, ingredient: str) -> float:
    """A quantity >= 0 in the ingredient's base unit (no container: no ``net`` here)."""
    return read_quantity(table, key, ingredient, ctx.units, net_key=None, positive=False)


def _history(ctx: LoadContext, table: Table, ingredient: str) -> tuple[float, ...]:
    """``history = ["4 kg", "0 kg", "6 kg"]``: what past rounds brought, oldest first, each
    in the ingredient's base unit; empty when absent. A bad amount is reported with its
    index (``history[1]``)."""
    if not table.has("history"):
        return ()
    values = table.data["history"]
    if not isinstance(values, list) or not values:
        table.problem("history", f'expected a non-empty list like ["4 kg", "0 kg"], got {values!r}')
        return ()
    amounts = []
    for index, value in enumerate(values):
        found = Problems()
        one = Table(table.source, table.path, {"history": value}, ("history",), found)
        amounts.append(_amount(ctx, one, "history", ingredient))
        for problem in found:
            table.problem("history", problem.message, index)
    return tuple(amounts)


def read_recourse(table: Table | None) -> Recourse | None:
    """A week's ``[recourse]``: the day-of shop (a supplier id), its trip cost (EUR), the
    targets held only in expectation, and the default number of scenarios and seed."""
    if table is None:
        return None
    before = table.problem_count
    supplier = table.identifier("supplier")
    trip_cost = table.number("trip_cost", 0.0)
    in_expectation: list[str] = []
    if table.has("in_expectation"):
        values = table.data["in_expectation"]
        if isinstance(values, list) and all(isinstance(x, str) for x in values):
            in_expectation = list(values)
        else:
            table.problem("in_expectation", f'expected a list like ["budget"], got {values!r}')
    scenarios = table.optional_integer("scenarios")
    seed = table.integer("seed", 0)
    if table.problem_count > before:
        return None
    return table.construct(
        Recourse,
        supplier=supplier,
        trip_cost=trip_cost,
        in_expectation=in_expectation,
        scenarios=scenarios,
        seed=seed,
    )


def load_stock(ctx: LoadContext, path: Path) -> list[StockLot]:
    """Every ``[[lot]]`` of ``path``; problems go to ``ctx``."""
    doc = ctx.read_toml(path)
    if doc is None:
        ctx.unsure.add("provision")
        return []
    root = Table(doc.source, (), doc.data, ("lot",), ctx.problems, lines=doc.lines)
    lots: list[StockLot] = []
    tables = root.subtables("lot", LOT_KEYS)
    if root.problem_count:
        ctx.unsure.add("provision")
    for table in tables:
        mark = ctx.start()
        ingredient = table.identifier("ingredient")
        quantity = _amount(ctx, table, "quantity", ingredient)
        best_before = table.optional_date("best_before")
        unit_cost = table.number("unit_cost_ht", 0.0)
        if ingredient:
            refs = {ingredient: "ingredient"}
            ctx.remember("stock", ingredient, table, refs, id_key="ingredient")
        lot = None
        if ctx.clean_since(mark, table):
            lot = table.construct(
                StockLot,
                ingredient=ingredient,
                quantity=quantity,
                best_before=best_before,
                unit_cost_ht=unit_cost,
            )
        if lot is None:
            ctx.maybe_provided.add(ingredient)
        else:
            lots.append(lot)
    return lots
