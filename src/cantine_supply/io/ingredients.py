"""``ingredients.toml``: every ingredient, with its base unit and the bridges between units."""

from __future__ import annotations

from pathlib import Path

from cantine_supply.io.context import LoadContext
from cantine_supply.io.fields import Table
from cantine_supply.io.quantities import UnitInfo
from cantine_supply.io.values import show, unknown_message
from cantine_supply.model import Family, Ingredient, ProteinClass, Storage
from cantine_supply.units import BASE_UNITS, BaseUnit, ConversionError, normalise_unit

INGREDIENT_KEYS = (
    "id",
    "name",
    "family",
    "protein",
    "unit",
    "co2_kg_per_kg",
    "shelf_life_days",
    "storage",
    "months_in_season",
    "density_g_per_ml",
    "piece_weight_g",
)


def load_ingredients(ctx: LoadContext, path: Path) -> list[Ingredient]:
    """Read every ``[[ingredient]]`` of ``path``; problems go to ``ctx``."""
    doc = ctx.read_toml(path)
    if doc is None:
        ctx.unsure.add("ingredient")
        return []
    root = Table(doc.source, (), doc.data, ("ingredient",), ctx.problems, lines=doc.lines)
    tables = root.subtables("ingredient", INGREDIENT_KEYS, required=True)
    if root.problem_count:
        ctx.unsure.add("ingredient")  # some ingredients may be hidden behind a typo
    found = (read_ingredient(ctx, table) for table in tables)
    return [ingredient for ingredient in found if ingredient is not None]


def _base_unit(table: Table) -> BaseUnit | None:
    """The ingredient's base unit (kg, L or piece; ``litre``, ``pièce``... are accepted)."""
    if not table.has("unit"):
        table.missing("unit")
        return None
    value = table.data["unit"]
    if not isinstance(value, str):
        table.problem("unit", f"expected a base unit (kg, L or piece), got {show(value)}")
        return None
    try:
        name = normalise_unit(value)
    except ConversionError:
        table.problem("unit", unknown_message("unit", value, BASE_UNITS))
        return None
    for base in BASE_UNITS:
        if name == base:
            return base
    table.problem("unit", f"must be a base unit (kg, L or piece), got {value!r}")
    return None


def read_ingredient(ctx: LoadContext, table: Table) -> Ingredient | None:
    """One ingredient; registers how to convert its quantities when its units are valid."""
    mark = ctx.start()
    ingredient_id = table.identifier("id")
    name = table.text("name")
    family = table.choice("family", Family, "family")
    protein = table.choice("protein", ProteinClass, "protein class")
    co2 = table.number("co2_kg_per_kg")
    shelf_life = table.integer("shelf_life_days", minimum=1)
    storage = table.choice("storage", Storage, "storage", Storage.AMBIENT)
    months = table.months("months_in_season")
    units_mark = ctx.start()
    unit = _base_unit(table)
    density = table.optional_number("density_g_per_ml", positive=True)
    piece_weight = table.optional_number("piece_weight_g", positive=True)
    if unit is not None and ctx.clean_since(units_mark) and ingredient_id:
        ctx.units.setdefault(ingredient_id, UnitInfo(unit, density, piece_weight))
    if ingredient_id:
        ctx.remember("ingredient", ingredient_id, table)
    ingredient = None
    if ctx.clean_since(mark, table) and unit is not None:
        ingredient = table.construct(
            Ingredient,
            id=ingredient_id,
            name=name,
            family=family,
            protein=protein,
            unit=unit,
            co2_kg_per_kg=co2,
            shelf_life_days=shelf_life,
            storage=storage,
            months_in_season=months,
            density_g_per_ml=density,
            piece_weight_g=piece_weight,
        )
    if ingredient is None:
        ctx.fail("ingredient", ingredient_id)
    return ingredient
