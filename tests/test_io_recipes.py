"""recipes/*.toml: lines per cover converted to base units, every bad value reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from cantine_supply import Course, load
from conftest import MINIMAL_FILES, RICE, MakeData, ProblemsOf

INGREDIENTS = RICE + """
[[ingredient]]
id = "coconut_milk"
name = "Lait de coco"
family = "AUTRES"
protein = "plant"
unit = "L"
co2_kg_per_kg = 2.0
shelf_life_days = 700

[[ingredient]]
id = "egg"
name = "Oeuf"
family = "PRODUITS_LAITIERS"
protein = "egg_dairy"
unit = "piece"
co2_kg_per_kg = 3.5
shelf_life_days = 28
piece_weight_g = 60
"""
BASE = {**MINIMAL_FILES, "ingredients.toml": INGREDIENTS}

HEAD = 'id = "extra"\nname = "Extra"\ncourse = "starter"\n'  # lines 1-3


def extra(*lines: str, head: str = HEAD) -> dict[str, str]:
    """``recipes/extra.toml`` with ``[[line]]`` bodies; the first header is on line 5.

    Each body is two lines (ingredient, quantity) unless it says otherwise.
    """
    return {"recipes/extra.toml": head + "".join(f"\n[[line]]\n{body}" for body in lines)}


def line(ingredient: str, quantity: str, *more: str) -> str:
    return f'ingredient = "{ingredient}"\nquantity = {quantity}\n' + "".join(m + "\n" for m in more)


def test_quantities_are_converted_to_base_units(make_data: MakeData) -> None:
    files = extra(
        line("rice", '"70 g"', "yield = 0.8"),
        line("coconut_milk", '"0.1 can"', 'net = "400 ml"'),
        line("egg", '"1 pièce"'),
    )
    recipe = load(make_data(files, base=BASE)).recipe_by_id["extra"]
    assert recipe.course is Course.STARTER
    assert [(x.ingredient, x.quantity_per_cover, x.yield_ratio) for x in recipe.lines] == [
        ("rice", pytest.approx(0.07), 0.8),
        ("coconut_milk", pytest.approx(0.04), 1.0),
        ("egg", 1.0, 1.0),
    ]


def test_decimal_comma_and_units_without_space(make_data: MakeData) -> None:
    files = extra(line("rice", '"2,5kg"'), line("coconut_milk", '"12,5 cl"'))
    recipe = load(make_data(files, base=BASE)).recipe_by_id["extra"]
    assert [x.quantity_per_cover for x in recipe.lines] == [2.5, pytest.approx(0.125)]


UNITS = "g, kg, mg, ml, cl, dl, L, piece, dozen, bunch, can, jar"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            line("rice", '"70 gr"'),
            f"7: line[1].quantity: unknown unit 'gr', did you mean 'g'? (expected one of: {UNITS})",
        ),
        (
            line("rice", "70"),
            "7: line[1].quantity: expected a quantity as text, like '2.5 kg', got 70",
        ),
        (line("rice", '"0 g"'), "7: line[1].quantity: must be > 0, got '0 g'"),
        (
            line("rice", '"-5 g"'),
            "7: line[1].quantity: expected a quantity like '2.5 kg', got '-5 g'",
        ),
        (line("rice", '"g"'), "7: line[1].quantity: expected a quantity like '2.5 kg', got 'g'"),
        (
            line("rice", '"1 piece"'),
            "7: line[1].quantity: cannot convert piece to kg for rice:"
            " the ingredient has no piece_weight_g",
        ),
        (
            line("coconut_milk", '"100 g"'),
            "7: line[1].quantity: cannot convert g to L for coconut_milk:"
            " the ingredient has no density_g_per_ml",
        ),
        (
            line("coconut_milk", '"0.1 can"'),
            "7: line[1].quantity: a can is a container: add net, the content of one can"
            " (for example net = \"400 g\"), got '0.1 can'",
        ),
        (
            line("coconut_milk", '"0.1 can"', 'net = "400 g"'),
            "8: line[1].net: cannot convert g to L for coconut_milk:"
            " the ingredient has no density_g_per_ml",
        ),
        (
            line("coconut_milk", '"0.1 can"', 'net = "1 jar"'),
            "8: line[1].net: net content of a can of coconut_milk cannot be a container",
        ),
        (
            line("coconut_milk", '"0.1 can"', 'net = "0 ml"'),
            "8: line[1].net: must be > 0, got '0 ml'",
        ),
        (
            line("rice", '"70 g"', 'net = "400 g"'),
            "8: line[1].net: only used with a container unit (bunch, can, jar),"
            " but quantity is '70 g'",
        ),
        (
            line("rice", '"70 g"', "yield = 0"),
            "8: line[1].yield: must be a fraction from 0.01 to 1 (0.9 keeps 90%), got 0",
        ),
        (
            line("rice", '"70 g"', "yield = 1.2"),
            "8: line[1].yield: must be a fraction from 0.01 to 1 (0.9 keeps 90%), got 1.2",
        ),
        (
            line("rice", '"70 g"', 'yield = "90%"'),
            "8: line[1].yield: expected a number, got '90%'",
        ),
        (
            'ingredient = "rice"\nquantiy = "70 g"\n',
            "7: line[1].quantiy: unknown key 'quantiy', did you mean 'quantity'?"
            " (expected one of: ingredient, quantity, net, yield)",
        ),
        ('quantity = "70 g"\n', "5: line[1].ingredient: missing required key"),
        (
            line("ryce", '"70 g"'),
            "6: line[1].ingredient: unknown ingredient 'ryce', did you mean 'rice'?",
        ),
        (line("rice", '"70 g"') + line("rice", '"10 g"'), None),
    ],
)
def test_bad_lines(problems_of: ProblemsOf, body: str, problem: str | None) -> None:
    if problem is None:  # two lines of the same ingredient in one table: a TOML error
        assert problems_of(extra(body), base=BASE) == [
            "recipes/extra.toml:8: invalid TOML: Cannot overwrite a value"
        ]
        return
    assert problems_of(extra(body), base=BASE) == [f"recipes/extra.toml:{problem}"]


def test_an_ingredient_listed_twice(problems_of: ProblemsOf) -> None:
    files = extra(line("rice", '"70 g"'), line("egg", '"1 piece"'), line("rice", '"10 g"'))
    assert problems_of(files, base=BASE) == [
        "recipes/extra.toml:14: line[3].ingredient: 'rice' is already listed in line[1]"
    ]


@pytest.mark.parametrize(
    ("head", "problem"),
    [
        (
            'id = "extra"\nname = "Extra"\ncourse = "plat"\n',
            "recipes/extra.toml:3: course: unknown course 'plat'"
            " (expected one of: starter, main, dessert, other)",
        ),
        ('id = "extra"\ncourse = "main"\n', "recipes/extra.toml: name: missing required key"),
        (
            'id = "extra"\nname = "Extra"\ncourse = "main"\nvegetarian = true\n',
            "recipes/extra.toml:4: vegetarian: unknown key 'vegetarian'"
            " (expected one of: id, name, course, line, group)",
        ),
        (
            'id = "riz"\nname = "Extra"\ncourse = "main"\n',
            "recipes/riz.toml:1: id: duplicate recipe id 'riz',"
            " already used at recipes/extra.toml:1 (id)",
        ),
    ],
)
def test_bad_recipe_keys(problems_of: ProblemsOf, head: str, problem: str) -> None:
    assert problems_of(extra(line("rice", '"70 g"'), head=head), base=BASE) == [problem]


def test_a_recipe_needs_lines(problems_of: ProblemsOf) -> None:
    assert problems_of({"recipes/extra.toml": HEAD}, base=BASE) == [
        "recipes/extra.toml: line: needs at least one [[line]] table"
    ]


def test_several_problems_in_one_recipe_are_reported_together(problems_of: ProblemsOf) -> None:
    files = extra(
        line("rice", '"70 kgs"'),
        line("coconut_milk", '"1 can"'),
        line("nothing", '"1 g"', "yield = 2"),
        head='id = "extra"\ncourse = "entree"\n',
    )
    assert problems_of(files, base=BASE) == [
        "recipes/extra.toml: name: missing required key",
        "recipes/extra.toml:2: course: unknown course 'entree'"
        " (expected one of: starter, main, dessert, other)",
        "recipes/extra.toml:6: line[1].quantity: unknown unit 'kgs', did you mean 'kg'?"
        f" (expected one of: {UNITS})",
        "recipes/extra.toml:10: line[2].quantity: a can is a container: add net, the content"
        " of one can (for example net = \"400 g\"), got '1 can'",
        "recipes/extra.toml:13: line[3].ingredient: unknown ingredient 'nothing'",
        "recipes/extra.toml:15: line[3].yield: must be a fraction from 0.01 to 1"
        " (0.9 keeps 90%), got 2",
    ]


def test_a_week_naming_a_recipe_that_failed_does_not_repeat_the_problem(
    problems_of: ProblemsOf,
) -> None:
    files = {"recipes/riz.toml": MINIMAL_FILES["recipes/riz.toml"].replace("80 g", "80 gg")}
    assert problems_of(files, base=BASE) == [
        "recipes/riz.toml:7: line[1].quantity: unknown unit 'gg', did you mean 'g'?"
        f" (expected one of: {UNITS})"
    ]


def test_a_recipe_using_an_ingredient_that_failed_does_not_repeat_the_problem(
    problems_of: ProblemsOf,
) -> None:
    files = {"ingredients.toml": INGREDIENTS.replace('unit = "kg"', 'unit = "kilo grams"')}
    assert problems_of(files, base=BASE) == [
        "ingredients.toml:6: ingredient[1].unit: unknown unit 'kilo grams'"
        " (expected one of: kg, L, piece)"
    ]


# --- flexible lines: [[group]] with [[group.option]] ------------------------------------------


def group(*options: str, head: str = 'label = "féculents"\nquantity = "120 g"\n') -> str:
    """A ``[[group]]`` body with ``[[group.option]]`` bodies (one key per line)."""
    return "\n[[group]]\n" + head + "".join(f"\n[[group.option]]\n{body}" for body in options)


def flexible(*groups: str) -> dict[str, str]:
    """``recipes/extra.toml`` with one rice line (lines 5-7) then the groups (from line 8)."""
    return {"recipes/extra.toml": HEAD + "\n[[line]]\n" + line("rice", '"10 g"') + "".join(groups)}


def option(ingredient: str, *more: str) -> str:
    return f'ingredient = "{ingredient}"\n' + "".join(m + "\n" for m in more)


INGREDIENTS_GROUPS = INGREDIENTS + """
[[ingredient]]
id = "semolina"
name = "Semoule"
family = "AUTRES"
protein = "plant"
unit = "kg"
co2_kg_per_kg = 1.5
shelf_life_days = 365
"""
BASE_GROUPS = {**MINIMAL_FILES, "ingredients.toml": INGREDIENTS_GROUPS}


def test_a_group_is_converted_to_each_options_base_unit(make_data: MakeData) -> None:
    files = flexible(group(option("semolina", "yield = 0.8", "max_share = 0.6"),
                           option("egg", "min_share = 0.1")))
    recipe = load(make_data(files, base=BASE_GROUPS)).recipe_by_id["extra"]
    (only,) = recipe.groups
    assert only.label == "féculents"
    assert [(o.ingredient, o.quantity_per_cover, o.yield_ratio, o.min_share, o.max_share)
            for o in only.options] == [
        ("semolina", pytest.approx(0.12), 0.8, 0.0, 0.6),
        ("egg", pytest.approx(2.0), 1.0, 0.1, 1.0),  # 120 g of 60 g eggs
    ]
    assert recipe.ingredient_ids() == ("rice", "semolina", "egg")


def test_a_recipe_of_groups_only_needs_no_line(make_data: MakeData) -> None:
    files = {"recipes/extra.toml": HEAD + group(option("semolina"), option("rice"))}
    recipe = load(make_data(files, base=BASE_GROUPS)).recipe_by_id["extra"]
    assert recipe.lines == () and len(recipe.groups) == 1


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            group(option("semolina"), option("egg"), head='label = "féculents"\n'),
            ":9: group[1].quantity: missing required key",
        ),
        (
            group(option("semolina"), option("egg"),
                  head='label = "féculents"\nquantity = "120 gr"\n'),
            ":11: group[1].quantity: unknown unit 'gr', did you mean 'g'?"
            " (expected one of: g, kg, mg, ml, cl, dl, L, piece, dozen, bunch, can, jar)",
        ),
        (
            group(option("semolina"), option("coconut_milk")),
            ":11: group[1].quantity: cannot convert g to L for coconut_milk:"
            " the ingredient has no density_g_per_ml",
        ),
        (
            group(option("semolina")),
            ":13: group[1].option: a group needs at least 2 [[group.option]] tables, got 1",
        ),
        (
            group(head='label = "féculents"\nquantity = "120 g"\n'),
            ":9: group[1].option: needs at least one [[group.option]] table",
        ),
        (
            group(option("semolina", "yield = 1.5"), option("egg")),
            ":15: group[1].option[1].yield: must be a fraction from 0.01 to 1"
            " (0.9 keeps 90%), got 1.5",
        ),
        (
            group(option("semolina", "max_share = 1.2"), option("egg")),
            ":15: group[1].option[1].max_share: must be a share between 0 and 1"
            " (0.3 means 30%), got 1.2",
        ),
        (
            group(option("semolina"), option("egg", "min_share = -0.1")),
            ":18: group[1].option[2].min_share: must be a share between 0 and 1"
            " (0.3 means 30%), got -0.1",
        ),
        (
            group(option("semolina", "min_share = 0.5", "max_share = 0.4"), option("egg")),
            ":15: group[1].option[1].min_share: must not be above max_share (0.5 > 0.4)",
        ),
        (
            group(option("semolina", "min_share = 0.6"), option("egg", "min_share = 0.6")),
            ":13: group[1].option: the options' min_share add up to more than 1",
        ),
        (
            group(option("semolina", "max_share = 0.4"), option("egg", "max_share = 0.4")),
            ":13: group[1].option: the options' max_share add up to less than 1",
        ),
        (
            group(option("semolina"), option("rice")),
            ":17: group[1].option[2].ingredient: 'rice' is already listed in line[1]",
        ),
        (
            group(option("semolina"), option("semolina")),
            ":17: group[1].option[2].ingredient: 'semolina' is already listed in"
            " group[1].option[1]",
        ),
        (
            group(option("semolina"), option("eggs")),
            ":17: group[1].option[2].ingredient: unknown ingredient 'eggs', did you mean 'egg'?",
        ),
        (
            group(option("semolina", 'share = 0.5'), option("egg")),
            ":15: group[1].option[1].share: unknown key 'share', did you mean 'min_share'?"
            " (expected one of: ingredient, yield, min_share, max_share)",
        ),
        (
            group(option("semolina"), option("egg"),
                  head='labl = "féculents"\nquantity = "120 g"\n'),
            ":10: group[1].labl: unknown key 'labl', did you mean 'label'?"
            " (expected one of: label, quantity, net, option)",
        ),
    ],
)
def test_bad_groups(problems_of: ProblemsOf, body: str, problem: str) -> None:
    assert problems_of(flexible(body), base=BASE_GROUPS) == [f"recipes/extra.toml{problem}"]


def test_the_documented_flexible_line_example_loads(make_data: MakeData) -> None:
    """The ``[[group]]`` example of docs/data-format.md, pasted into a data folder with the
    sample's ingredients, loads as documented."""
    root = Path(__file__).resolve().parents[1]
    doc = (root / "docs/data-format.md").read_text(encoding="utf-8")
    section = doc[doc.index("### Flexible lines"):]
    example = section[section.index("```toml") + len("```toml"):section.index("```\n", 10)]
    files = {
        **MINIMAL_FILES,
        "ingredients.toml": (root / "data/ingredients.toml").read_text(encoding="utf-8"),
        "recipes/potee-legumes-hiver.toml": example,
    }
    recipe = load(make_data(files, base=MINIMAL_FILES)).recipe_by_id["potee-legumes-hiver"]
    (only,) = recipe.groups
    assert [(o.ingredient, o.min_share, o.max_share) for o in only.options] == [
        ("carrot", 0.25, 1.0),
        ("cabbage_green", 0.0, 0.4),
        ("leek", 0.0, 0.4),
    ]
    assert only.options[0].gross_per_cover == pytest.approx(0.15 / 0.85)


def test_a_served_flexible_line_needs_a_provided_option(problems_of: ProblemsOf) -> None:
    """The week serves ``extra`` as a starter: a group of semolina and egg (neither sold),
    then of rice (sold) and egg with at least half of egg."""
    week = MINIMAL_FILES["weeks/w1.toml"] + 'starter = "extra"\n'
    files = {
        "recipes/extra.toml": HEAD + group(option("semolina"), option("egg")),
        "weeks/w1.toml": week,
    }
    assert problems_of(files, base=BASE_GROUPS) == [
        "weeks/w1.toml:10: service[1].starter: extra needs 'semolina' or another option of its"
        " line 'féculents' (semolina, egg), which no supplier, collection or stock provides"
    ]
    files["recipes/extra.toml"] = HEAD + group(option("rice"), option("egg", "min_share = 0.5"))
    assert problems_of(files, base=BASE_GROUPS) == [
        "weeks/w1.toml:10: service[1].starter: extra needs 'egg' (at least 50% of féculents),"
        " which no supplier, collection or stock provides"
    ]
