"""``recipes/*.toml``: one recipe per file, lines per cover converted to base units.

A ``[[group]]`` is a flexible line: a ``label``, a ``quantity`` per cover shared by its
``[[group.option]]`` tables (converted to each option's base unit), and per option its
``ingredient``, ``yield`` and optional ``min_share`` / ``max_share``.
"""

from __future__ import annotations

from pathlib import Path

from cantine_supply.io.context import LoadContext
from cantine_supply.io.domains import MIN_YIELD, shown
from cantine_supply.io.fields import Table
from cantine_supply.io.quantities import read_quantity
from cantine_supply.io.references import read_listed_ingredient
from cantine_supply.model import Course, GroupOption, IngredientGroup, Recipe, RecipeLine

RECIPE_KEYS = ("id", "name", "course", "line", "group")
LINE_KEYS = ("ingredient", "quantity", "net", "yield")
GROUP_KEYS = ("label", "quantity", "net", "option")
OPTION_KEYS = ("ingredient", "yield", "min_share", "max_share")


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
    groups: list[IngredientGroup] = []
    line_tables = table.subtables("line", LINE_KEYS, required=not table.has("group"))
    for line_table in line_tables:
        line = _read_line(ctx, line_table, refs)
        if line is not None:
            lines.append(line)
    for group_table in table.subtables("group", GROUP_KEYS):
        group = _read_group(ctx, group_table, refs)
        if group is not None:
            groups.append(group)
    if recipe_id:
        ctx.remember("recipe", recipe_id, table)
        ctx.add_refs("recipe", recipe_id, refs)
    recipe = None
    if ctx.clean_since(mark):
        recipe = table.construct(
            Recipe, id=recipe_id, name=name, course=course, lines=lines, groups=groups
        )
    if recipe is None:
        ctx.fail("recipe", recipe_id)
    return recipe


def _read_yield(table: Table) -> float:
    """The optional ``yield`` of a line or option (1 when absent or after a problem)."""
    if not table.has("yield"):
        return 1.0
    value = table.optional_number("yield", minimum=None)
    if value is not None and not MIN_YIELD <= value <= 1.0:
        table.problem(
            "yield", f"must be a fraction from {MIN_YIELD:g} to 1 (0.9 keeps 90%),"
            f" got {shown(value)}"
        )
        return 1.0
    return 1.0 if value is None else value


def _read_group(
    ctx: LoadContext, table: Table, refs: dict[str, tuple[str, int | None]]
) -> IngredientGroup | None:
    """One ``[[group]]`` (a flexible line) and its ``[[group.option]]`` tables."""
    mark = ctx.start()
    label = table.text("label")
    options: list[GroupOption] = []
    option_tables = table.subtables("option", OPTION_KEYS, required=True)
    if len(option_tables) == 1:
        table.problem("option", "a group needs at least 2 [[group.option]] tables, got 1")
    for option_table in option_tables:
        option = _read_option(ctx, table, option_table, refs)
        if option is not None:
            options.append(option)
    if not ctx.clean_since(mark, table):
        return None
    if sum(o.min_share for o in options) > 1 + 1e-9:
        table.problem("option", "the options' min_share add up to more than 1")
    if sum(o.max_share for o in options) < 1 - 1e-9:
        table.problem("option", "the options' max_share add up to less than 1")
    if not ctx.clean_since(mark, table):
        return None
    return table.construct(IngredientGroup, label=label, options=options)


def _read_option(
    ctx: LoadContext, group: Table, table: Table, refs: dict[str, tuple[str, int | None]]
) -> GroupOption | None:
    """One ``[[group.option]]``: the group's quantity in this ingredient's base unit."""
    mark = ctx.start()
    ingredient = read_listed_ingredient(table, refs)
    quantity = 0.0
    if ingredient and not group.problem_count:  # a bad group quantity is reported once
        quantity = read_quantity(group, "quantity", ingredient, ctx.units)
    ratio = _read_yield(table)
    least = table.share("min_share", 0.0)
    most = table.share("max_share", 1.0)
    if least > most:
        table.problem("min_share", f"must not be above max_share ({least:g} > {most:g})")
    if not ctx.clean_since(mark, table) or group.problem_count:
        return None
    return table.construct(
        GroupOption,
        {"quantity_per_cover": "quantity", "yield_ratio": "yield"},
        ingredient=ingredient,
        quantity_per_cover=quantity,
        yield_ratio=ratio,
        min_share=least,
        max_share=most,
    )


def _read_line(
    ctx: LoadContext, table: Table, refs: dict[str, tuple[str, int | None]]
) -> RecipeLine | None:
    """One ``[[line]]``; ``refs`` collects where each ingredient is named."""
    mark = ctx.start()
    ingredient = read_listed_ingredient(table, refs)
    quantity = read_quantity(table, "quantity", ingredient, ctx.units)
    ratio = _read_yield(table)
    if not ctx.clean_since(mark, table):
        return None
    return table.construct(
        RecipeLine,
        {"quantity_per_cover": "quantity", "yield_ratio": "yield"},
        ingredient=ingredient,
        quantity_per_cover=quantity,
        yield_ratio=ratio,
    )
