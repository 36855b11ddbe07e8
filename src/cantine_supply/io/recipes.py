"""``recipes/*.toml``: one recipe per file, lines per cover converted to base units."""

from __future__ import annotations

from pathlib import Path

from cantine_supply.io.context import LoadContext
from cantine_supply.io.fields import Table
from cantine_supply.io.quantities import read_quantity
from cantine_supply.io.references import read_listed_ingredient
from cantine_supply.io.values import show
from cantine_supply.model import Course, Recipe, RecipeLine

RECIPE_KEYS = ("id", "name", "course", "line")
LINE_KEYS = ("ingredient", "quantity", "net", "yield")


def load_recipe(ctx: LoadContext, path: Path) -> Recipe | None:
    """Read the recipe of ``path``; None (after recording problems) when it is invalid."""
    doc = ctx.read_toml(path)
    if doc is None:
        ctx.unsure.add("recipe")
        return None
    mark = ctx.start()
    table = Table(doc.source, (), doc.data, RECIPE_KEYS, ctx.problems, lines=doc.lines)
    recipe_id = table.identifier("id")
    name = table.text("name")
    course = table.choice("course", Course, "course")
    lines: list[RecipeLine] = []
    refs: dict[str, tuple[str, int | None]] = {}
    for line_table in table.subtables("line", LINE_KEYS, required=True):
        line = _read_line(ctx, line_table, refs)
        if line is not None:
            lines.append(line)
    if recipe_id:
        ctx.remember("recipe", recipe_id, table)
        ctx.add_refs("recipe", recipe_id, refs)
    recipe = None
    if ctx.clean_since(mark):
        recipe = table.construct(Recipe, id=recipe_id, name=name, course=course, lines=lines)
    if recipe is None:
        ctx.fail("recipe", recipe_id)
    return recipe


def _read_line(
    ctx: LoadContext, table: Table, refs: dict[str, tuple[str, int | None]]
) -> RecipeLine | None:
    """One ``[[line]]``; ``refs`` collects where each ingredient is named."""
    mark = ctx.start()
    ingredient = read_listed_ingredient(table, refs)
    quantity = read_quantity(table, "quantity", ingredient, ctx.units)
    ratio = 1.0
    if table.has("yield"):
        value = table.optional_number("yield", minimum=None)
        if value is not None and not 0.0 < value <= 1.0:
            shown = show(int(value) if value.is_integer() else value)
            table.problem(
                "yield", f"must be a fraction above 0 and at most 1 (0.9 keeps 90%), got {shown}"
            )
        elif value is not None:
            ratio = value
    if not ctx.clean_since(mark, table):
        return None
    return table.construct(
        RecipeLine,
        {"quantity_per_cover": "quantity", "yield_ratio": "yield"},
        ingredient=ingredient,
        quantity_per_cover=quantity,
        yield_ratio=ratio,
    )
