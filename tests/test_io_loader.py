"""load(): a whole folder, every problem of every file reported together."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cantine_supply import CantineSupplyError, InputError, load
from conftest import MINIMAL_FILES, VALID_FILES, MakeData, ProblemsOf, write_data


def test_the_valid_folder(data_dir: Path) -> None:
    catalogue = load(data_dir)
    assert [i.id for i in catalogue.ingredients] == ["carrot", "lentils_red", "coconut_milk", "egg"]
    assert [r.id for r in catalogue.recipes] == ["dahl", "oeufs-mimosa"]  # by file name
    assert [s.id for s in catalogue.suppliers] == ["ferme", "grossiste"]
    assert [o.id for o in catalogue.offers] == [
        "ferme/carottes-10kg",
        "ferme/carottes-vrac",  # from ferme.csv, after the TOML offers
        "grossiste/lentilles-5kg",
        "grossiste/coco-12x400ml",
        "grossiste/oeufs-30",
    ]
    assert [c.id for c in catalogue.collections] == ["biocoop-mardi"]
    assert [lot.ingredient for lot in catalogue.stock] == ["lentils_red"]
    assert [w.id for w in catalogue.weeks] == ["2026-w48"]
    assert list(catalogue.reference_errors()) == []


def test_quantities_are_in_base_units(data_dir: Path) -> None:
    catalogue = load(str(data_dir))  # a str is fine too
    offers = catalogue.offer_by_id
    assert offers["ferme/carottes-vrac"].pack_quantity == pytest.approx(2.4)  # 40 x 60 g
    assert offers["grossiste/coco-12x400ml"].pack_quantity == pytest.approx(4.8)  # L
    assert offers["grossiste/oeufs-30"].pack_quantity == 30.0  # pieces
    dahl = catalogue.recipe_by_id["dahl"]
    assert [line.quantity_per_cover for line in dahl.lines] == pytest.approx([0.07, 0.04, 0.03])
    assert catalogue.collections[0].items[0].guaranteed == 3.0


def test_missing_data_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load(tmp_path / "nowhere")
    expected = f"{tmp_path / 'nowhere'}: data folder not found"
    assert [str(p) for p in info.value.problems] == [expected]


def test_a_file_is_not_a_data_folder(tmp_path: Path) -> None:
    (tmp_path / "data.toml").write_text("")
    with pytest.raises(InputError) as info:
        load(tmp_path / "data.toml")
    assert [str(p) for p in info.value.problems] == [f"{tmp_path / 'data.toml'}: not a folder"]


def test_input_error_is_a_cantine_supply_error(make_data: MakeData) -> None:
    with pytest.raises(CantineSupplyError) as info:
        load(make_data({"ingredients.toml": None}))
    assert str(info.value) == (
        "ingredients.toml: file not found: every data folder needs an ingredients.toml"
    )


def test_missing_folders(problems_of: ProblemsOf) -> None:
    # Weeks name recipes: with no recipes/ folder, that is not reported once per recipe.
    assert problems_of({"recipes/riz.toml": None, "suppliers/grossiste.toml": None}) == [
        "recipes/: folder not found (expected one .toml file per recipe)",
        "suppliers/: folder not found (expected one .toml file per supplier)",
    ]


def test_a_folder_without_toml_files(make_data: MakeData) -> None:
    folder = make_data({"weeks/w1.toml": None, "weeks/README.md": "notes"}, base=MINIMAL_FILES)
    with pytest.raises(InputError) as info:
        load(folder)
    expected = "weeks/: no .toml file (expected one per week)"
    assert [str(p) for p in info.value.problems] == [expected]


def test_other_files_are_ignored(make_data: MakeData) -> None:
    files = {"recipes/README.md": "x", "recipes/.draft.toml": "x = ", "weeks/notes.txt": "y"}
    catalogue = load(make_data(files, base=MINIMAL_FILES))
    assert [r.id for r in catalogue.recipes] == ["riz"]


def test_every_problem_of_every_file_is_reported_together(problems_of: ProblemsOf) -> None:
    """A typo, a negative price, an unknown unit, an unknown ingredient, a bad TOML file..."""
    files = {
        "ingredients.toml": VALID_FILES["ingredients.toml"].replace(
            'unit = "L"', 'unit = "litres"'  # fine: a French spelling
        ).replace("shelf_life_days = 28", "shelf_life_days = -28"),
        "suppliers/grossiste.toml": VALID_FILES["suppliers/grossiste.toml"]
        .replace("price_ht = 11.0", "pirce_ht = 11.0")
        .replace("price_ht = 18.0", "price_ht = -2.5"),
        "recipes/dahl.toml": VALID_FILES["recipes/dahl.toml"]
        .replace('"70 g"', '"70 grs"')
        .replace('ingredient = "carrot"', 'ingredient = "carot"'),
        "stock.toml": b'[[lot]]\ningredient = "lentils_red"\nquantity = "6 kg"\n# \xe9\n',
    }
    assert problems_of(files, base=VALID_FILES) == [
        "ingredients.toml:39: ingredient[4].shelf_life_days: must be >= 1, got -28",
        "recipes/dahl.toml:7: line[1].quantity: unknown unit 'grs', did you mean 'g'?"
        " (expected one of: g, kg, mg, ml, cl, dl, L, piece, dozen, bunch, can, jar)",
        "recipes/dahl.toml:15: line[3].ingredient: unknown ingredient 'carot',"
        " did you mean 'carrot'?",
        "stock.toml:4: the file is not UTF-8 text (byte 0xe9); save it as UTF-8",
        "suppliers/grossiste.toml:14: offer[1].pirce_ht: unknown key 'pirce_ht', did you mean"
        " 'price_ht'? (expected one of: id, ingredient, product, pack, net, price_ht, vat_rate,"
        " labels, origin, months_available, max_packs, max_packs_per_delivery, tier)",
        "suppliers/grossiste.toml:26: offer[2].price_ht: must be > 0, got -2.5",
    ]


def test_the_error_message_lists_every_problem(make_data: MakeData) -> None:
    files = {"recipes/riz.toml": MINIMAL_FILES["recipes/riz.toml"].replace("main", "plat")}
    files["weeks/w1.toml"] = MINIMAL_FILES["weeks/w1.toml"].replace("30", "-30")
    with pytest.raises(InputError) as info:
        load(make_data(files, base=MINIMAL_FILES))
    assert str(info.value) == (
        "recipes/riz.toml:3: course: unknown course 'plat' (expected one of: starter, main,"
        " dessert, other)\n"
        "weeks/w1.toml:8: service[1].covers: must be >= 1, got -30"
    )


# -- robustness: whatever the values, load raises InputError or succeeds ---------------------

SCALARS = [
    '""', '"x"', "0", "-1", "1.5", "nan", "inf", "true", "[]", '[1, "a"]', "{a = 1}",
    "2026-11-24", "2026-11-24T10:00:00", '"5 kg"', '"0.1 can"', '"mon"', "[true]", '"BIO"',
]
TOML_FILES = sorted(name for name in VALID_FILES if name.endswith(".toml"))


@settings(derandomize=True, max_examples=60, deadline=None)
@given(data=st.data())
def test_any_value_gives_input_error_or_a_catalogue(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(TOML_FILES))
    lines = VALID_FILES[name].splitlines()
    assignments = [i for i, text in enumerate(lines) if "=" in text]
    index = data.draw(st.sampled_from(assignments))
    key = lines[index].split("=")[0]
    lines[index] = key + "= " + data.draw(st.sampled_from(SCALARS))
    folder = write_data(tmp_path_factory.mktemp("fuzz"), {**VALID_FILES, name: "\n".join(lines)})
    try:
        load(folder)
    except InputError as error:
        assert error.problems and all(str(problem) for problem in error.problems)
