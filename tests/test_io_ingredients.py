"""ingredients.toml: every value checked, with the exact message for each rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from cantine_supply import Family, ProteinClass, Storage, load
from conftest import MINIMAL_FILES, RICE, MakeData, ProblemsOf

#: A valid second ingredient, key by key (its header is line 10 of the file).
CARROT: dict[str, str] = {
    "id": '"carrot"',  # line 11
    "name": '"Carotte"',  # line 12
    "family": '"FRUITS_ET_LEGUMES"',  # line 13
    "protein": '"plant"',  # line 14
    "unit": '"kg"',  # line 15
    "co2_kg_per_kg": "0.396",  # line 16
    "shelf_life_days": "21",  # line 17
}
LINE = {key: 11 + i for i, key in enumerate(CARROT)}


def with_carrot(**changes: str | None) -> dict[str, str]:
    """The minimal folder with a second ingredient; ``None`` removes a key, others add."""
    values = {**CARROT, **changes}
    body = "".join(f"{key} = {value}\n" for key, value in values.items() if value is not None)
    return {"ingredients.toml": RICE + "\n[[ingredient]]\n" + body}


def test_valid_ingredient_is_loaded(make_data: MakeData) -> None:
    files = with_carrot(
        storage='"chilled"',
        months_in_season="[1, 2, 12]",
        piece_weight_g="60",
        density_g_per_ml="0.6",
    )
    carrot = load(make_data(files, base=MINIMAL_FILES)).ingredient_by_id["carrot"]
    assert carrot.name == "Carotte"
    assert carrot.family is Family.FRUITS_ET_LEGUMES
    assert carrot.protein is ProteinClass.PLANT
    assert carrot.unit == "kg"
    assert carrot.co2_kg_per_kg == 0.396
    assert carrot.shelf_life_days == 21
    assert carrot.storage is Storage.CHILLED
    assert carrot.months_in_season == (1, 2, 12)
    assert carrot.piece_weight_g == 60.0
    assert carrot.density_g_per_ml == 0.6


def test_defaults(make_data: MakeData) -> None:
    carrot = load(make_data(with_carrot(), base=MINIMAL_FILES)).ingredient_by_id["carrot"]
    assert carrot.storage is Storage.AMBIENT
    assert carrot.months_in_season == ()
    assert carrot.density_g_per_ml is None
    assert carrot.piece_weight_g is None


@pytest.mark.parametrize(
    ("spelling", "unit"), [('"litre"', "L"), ('"l"', "L"), ('"pièce"', "piece"), ('"KG"', "kg")]
)
def test_unit_spellings(make_data: MakeData, spelling: str, unit: str) -> None:
    catalogue = load(make_data(with_carrot(unit=spelling), base=MINIMAL_FILES))
    assert catalogue.ingredient_by_id["carrot"].unit == unit


def test_codes_are_case_insensitive(make_data: MakeData) -> None:
    files = with_carrot(family='"fruits_et_legumes"', protein='"PLANT"', storage='"Frozen"')
    carrot = load(make_data(files, base=MINIMAL_FILES)).ingredient_by_id["carrot"]
    assert (carrot.family, carrot.protein, carrot.storage) == (
        Family.FRUITS_ET_LEGUMES,
        ProteinClass.PLANT,
        Storage.FROZEN,
    )


KEYS = (
    "id, name, family, protein, unit, co2_kg_per_kg, shelf_life_days, storage,"
    " months_in_season, density_g_per_ml, piece_weight_g"
)
FAMILIES = (
    "VIANDES_VOLAILLES, CHARCUTERIE, PRODUITS_DE_LA_MER, FRUITS_ET_LEGUMES, PRODUITS_LAITIERS,"
    " BOULANGERIE, BOISSONS, AUTRES"
)
UNITS = "g, kg, mg, ml, cl, dl, L, piece, dozen, bunch, can, jar"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"family": None, "fmaily": '"AUTRES"'},
            f"17: ingredient[2].fmaily: unknown key 'fmaily', did you mean 'family'?"
            f" (expected one of: {KEYS})",
        ),
        ({"name": None}, "10: ingredient[2].name: missing required key"),
        ({"name": "12"}, "12: ingredient[2].name: expected a text, got 12"),
        ({"id": '""'}, "11: ingredient[2].id: must not be empty"),
        ({"id": '"  "'}, "11: ingredient[2].id: must not be empty"),
        (
            {"family": '"FRUIT_ET_LEGUMES"'},
            "13: ingredient[2].family: unknown family 'FRUIT_ET_LEGUMES', did you mean"
            f" 'FRUITS_ET_LEGUMES'? (expected one of: {FAMILIES})",
        ),
        (
            {"family": '"LEGUMES"'},
            f"13: ingredient[2].family: unknown family 'LEGUMES' (expected one of: {FAMILIES})",
        ),
        ({"family": "3"}, "13: ingredient[2].family: expected a family code as text, got 3"),
        (
            {"protein": '"vegetal"'},
            "14: ingredient[2].protein: unknown protein class 'vegetal'"
            " (expected one of: meat, fish, egg_dairy, plant)",
        ),
        ({"unit": '"g"'}, "15: ingredient[2].unit: must be a base unit (kg, L or piece), got 'g'"),
        (
            {"unit": '"kgs"'},
            "15: ingredient[2].unit: unknown unit 'kgs', did you mean 'kg'?"
            " (expected one of: kg, L, piece)",
        ),
        ({"unit": "1"}, "15: ingredient[2].unit: expected a base unit (kg, L or piece), got 1"),
        (
            {"co2_kg_per_kg": '"0.396"'},
            "16: ingredient[2].co2_kg_per_kg: expected a number, got '0.396'"
            " (write numbers without quotes, with a decimal point)",
        ),
        (
            {"co2_kg_per_kg": '"low"'},
            "16: ingredient[2].co2_kg_per_kg: expected a number, got 'low'",
        ),
        ({"co2_kg_per_kg": "true"}, "16: ingredient[2].co2_kg_per_kg: expected a number, got true"),
        ({"co2_kg_per_kg": "-1"}, "16: ingredient[2].co2_kg_per_kg: must be >= 0, got -1"),
        ({"co2_kg_per_kg": "-0.5"}, "16: ingredient[2].co2_kg_per_kg: must be >= 0, got -0.5"),
        (
            {"co2_kg_per_kg": "nan"},
            "16: ingredient[2].co2_kg_per_kg: must be a finite number, got nan",
        ),
        (
            {"co2_kg_per_kg": "inf"},
            "16: ingredient[2].co2_kg_per_kg: must be a finite number, got inf",
        ),
        (
            {"co2_kg_per_kg": "[1]"},
            "16: ingredient[2].co2_kg_per_kg: expected a number, got [1]",
        ),
        ({"shelf_life_days": "0"}, "17: ingredient[2].shelf_life_days: must be >= 1, got 0"),
        (
            {"shelf_life_days": "2.5"},
            "17: ingredient[2].shelf_life_days: expected a whole number, got 2.5",
        ),
        (
            {"storage": '"fridge"'},
            "18: ingredient[2].storage: unknown storage 'fridge'"
            " (expected one of: ambient, chilled, frozen)",
        ),
        (
            {"months_in_season": "3"},
            "18: ingredient[2].months_in_season: expected a list like [1, 2, 12], got 3",
        ),
        (
            {"months_in_season": '["jan"]'},
            "18: ingredient[2].months_in_season[1]: expected a whole number, got 'jan'",
        ),
        (
            {"density_g_per_ml": "0"},
            "18: ingredient[2].density_g_per_ml: must be > 0, got 0",
        ),
        (
            {"piece_weight_g": "-60"},
            "18: ingredient[2].piece_weight_g: must be > 0, got -60",
        ),
        (
            {"id": '"rice"'},
            "11: ingredient[2].id: duplicate ingredient id 'rice',"
            " already used at ingredients.toml:2 (ingredient[1].id)",
        ),
    ],
)
def test_bad_values(problems_of: ProblemsOf, changes: dict[str, str | None], problem: str) -> None:
    assert problems_of(with_carrot(**changes)) == [f"ingredients.toml:{problem}"]


def test_every_bad_month_is_reported(problems_of: ProblemsOf) -> None:
    assert problems_of(with_carrot(months_in_season="[0, 5, 13]")) == [
        "ingredients.toml:18: ingredient[2].months_in_season[1]: must be a month from 1 to 12,"
        " got 0",
        "ingredients.toml:18: ingredient[2].months_in_season[3]: must be a month from 1 to 12,"
        " got 13",
    ]


def test_every_bad_value_of_one_ingredient_is_reported(problems_of: ProblemsOf) -> None:
    assert problems_of(with_carrot(unit='"g"', co2_kg_per_kg="-1", shelf_life_days=None)) == [
        "ingredients.toml:10: ingredient[2].shelf_life_days: missing required key",
        "ingredients.toml:15: ingredient[2].unit: must be a base unit (kg, L or piece), got 'g'",
        "ingredients.toml:16: ingredient[2].co2_kg_per_kg: must be >= 0, got -1",
    ]


def test_typo_in_the_table_name(problems_of: ProblemsOf) -> None:
    assert problems_of({"ingredients.toml": RICE.replace("[[ingredient]]", "[[ingredients]]")}) == [
        "ingredients.toml:1: ingredients: unknown key 'ingredients', did you mean 'ingredient'?"
        " (expected one of: ingredient)"
    ]


def test_no_ingredient_at_all(problems_of: ProblemsOf) -> None:
    assert problems_of({"ingredients.toml": "# nothing yet\n"}) == [
        "ingredients.toml: ingredient: needs at least one [[ingredient]] table"
    ]


def test_ingredient_must_be_tables(problems_of: ProblemsOf) -> None:
    assert problems_of({"ingredients.toml": 'ingredient = "rice"\n'}) == [
        "ingredients.toml:1: ingredient: expected [[ingredient]] tables, got 'rice'"
    ]


def test_missing_file(make_data: MakeData, tmp_path: Path) -> None:
    from cantine_supply import InputError

    folder = make_data({"ingredients.toml": None}, base=MINIMAL_FILES)
    with pytest.raises(InputError) as info:
        load(folder)
    assert [str(p) for p in info.value.problems] == [
        "ingredients.toml: file not found: every data folder needs an ingredients.toml"
    ]
