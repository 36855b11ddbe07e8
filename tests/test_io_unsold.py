"""collections.toml and stock.toml: rounds of unsold food, and stock on hand."""

from __future__ import annotations

import datetime as dt

import pytest

from cantine_supply import Label, load
from conftest import MINIMAL_FILES, MakeData, ProblemsOf

#: A collection: header on line 1, these keys on lines 2 to 4, extras from line 5.
COLLECTION = {"id": '"biocoop"', "name": '"Invendus Biocoop"', "weekday": '"tue"'}
#: An item, after a blank line and its header: keys on the 3 lines after the header.
ITEM = {"ingredient": '"rice"', "guaranteed": '"3 kg"', "expected": '"6 kg"'}


def block(header: str, values: dict[str, str | None]) -> str:
    return header + "\n" + "".join(f"{k} = {v}\n" for k, v in values.items() if v is not None)


def collections(*items: dict[str, str | None], **changes: str | None) -> dict[str, str]:
    text = block("[[collection]]", {**COLLECTION, **changes})
    for item in items:
        text += "\n" + block("[[collection.item]]", {**ITEM, **item})
    return {"collections.toml": text}


def test_collection_values(make_data: MakeData) -> None:
    files = collections(
        {},
        trip_cost="6.0",
        distance_km="2.5",
        labels='["BIO"]',
    )
    files["collections.toml"] += "\n" + block(
        "[[collection.item]]",
        {"ingredient": '"pain"', "guaranteed": '"0 kg"', "expected": '"1500 g"',
         "price_ht": "0.5"},
    )
    files["ingredients.toml"] = MINIMAL_FILES["ingredients.toml"] + "\n" + block(
        "[[ingredient]]",
        {"id": '"pain"', "name": '"Pain"', "family": '"BOULANGERIE"', "protein": '"plant"',
         "unit": '"kg"', "co2_kg_per_kg": "1.0", "shelf_life_days": "2"},
    )
    collection = load(make_data(files, base=MINIMAL_FILES)).collections[0]
    assert (collection.id, collection.weekday) == ("biocoop", 1)
    assert (collection.trip_cost, collection.distance_km, collection.labels) == (
        6.0,
        2.5,
        (Label.BIO,),
    )
    assert [(i.ingredient, i.guaranteed, i.expected, i.price_ht) for i in collection.items] == [
        ("rice", 3.0, 6.0, 0.0),
        ("pain", 0.0, 1.5, 0.5),
    ]


def test_collection_defaults(make_data: MakeData) -> None:
    collection = load(make_data(collections({}), base=MINIMAL_FILES)).collections[0]
    assert (collection.trip_cost, collection.distance_km, collection.labels) == (0.0, 0.0, ())


def test_optional_files_may_be_absent_or_only_comments(make_data: MakeData) -> None:
    catalogue = load(make_data(base=MINIMAL_FILES))
    assert (catalogue.collections, catalogue.stock) == ((), ())
    files = {"collections.toml": "# no round this week\n", "stock.toml": "# empty\n"}
    catalogue = load(make_data(files, base=MINIMAL_FILES))
    assert (catalogue.collections, catalogue.stock) == ((), ())


@pytest.mark.parametrize("name", ["collections.toml", "stock.toml"])
def test_an_empty_optional_file_is_refused(problems_of: ProblemsOf, name: str) -> None:
    assert problems_of({name: ""}) == [f"{name}: the file is empty"]


@pytest.mark.parametrize(
    ("items", "changes", "problem"),
    [
        (
            [{}],
            {"weekday": '"mecredi"'},
            "4: collection[1].weekday: unknown weekday 'mecredi', did you mean 'wed'"
            " (mercredi)? (expected one of: mon, tue, wed, thu, fri, sat, sun, or a day's name"
            " in English or French: lundi, mardi...)",
        ),
        ([{}], {"weekday": "2"}, "4: collection[1].weekday: expected a weekday like 'mon', got 2"),
        ([{}], {"weekday": None}, "1: collection[1].weekday: missing required key"),
        ([{}], {"trip_cost": "-6"}, "5: collection[1].trip_cost: must be >= 0, got -6"),
        (
            [],
            {},
            "1: collection[1].item: needs at least one [[collection.item]] table",
        ),
        (
            [{"guaranteed": '"3 kgs"'}],
            {},
            "8: collection[1].item[1].guaranteed: unknown unit 'kgs', did you mean 'kg'?"
            " (expected one of: g, kg, mg, ml, cl, dl, L, piece, dozen, bunch, can, jar)",
        ),
        (
            [{"guaranteed": '"6 kg"', "expected": '"3 kg"'}],
            {},
            "9: collection[1].item[1].expected: must be at least the guaranteed quantity"
            " ('6 kg'), got '3 kg'",
        ),
        ([{"expected": None}], {}, "6: collection[1].item[1].expected: missing required key"),
        (
            [{"guaranteed": '"3 piece"'}],
            {},
            "8: collection[1].item[1].guaranteed: cannot convert piece to kg for rice:"
            " the ingredient has no piece_weight_g",
        ),
        (
            [{"ingredient": '"carrot"'}],
            {},
            "7: collection[1].item[1].ingredient: unknown ingredient 'carrot'",
        ),
        (
            [{}, {"guaranteed": '"1 kg"'}],
            {},
            "12: collection[1].item[2].ingredient: 'rice' is already listed in"
            " collection[1].item[1]",
        ),
        (
            [{"price_ht": "-0.5"}],
            {},
            "10: collection[1].item[1].price_ht: must be >= 0, got -0.5",
        ),
    ],
)
def test_bad_collections(
    problems_of: ProblemsOf,
    items: list[dict[str, str | None]],
    changes: dict[str, str | None],
    problem: str,
) -> None:
    assert problems_of(collections(*items, **changes)) == [f"collections.toml:{problem}"]


def test_duplicate_collection_id(problems_of: ProblemsOf) -> None:
    files = collections({})
    files["collections.toml"] += "\n" + files["collections.toml"]
    assert problems_of(files) == [
        "collections.toml:12: collection[2].id: duplicate collection id 'biocoop',"
        " already used at collections.toml:2 (collection[1].id)"
    ]


LOT = {"ingredient": '"rice"', "quantity": '"6 kg"'}  # lines 2 and 3; extras from line 4


def stock(**changes: str | None) -> dict[str, str]:
    return {"stock.toml": block("[[lot]]", {**LOT, **changes})}


def test_stock_values(make_data: MakeData) -> None:
    files = stock(quantity='"6500 g"', best_before="2027-03-01", unit_cost_ht="2.10")
    lot = load(make_data(files, base=MINIMAL_FILES)).stock[0]
    assert (lot.ingredient, lot.quantity, lot.best_before, lot.unit_cost_ht) == (
        "rice",
        6.5,
        dt.date(2027, 3, 1),
        2.10,
    )


def test_stock_defaults(make_data: MakeData) -> None:
    lot = load(make_data(stock(), base=MINIMAL_FILES)).stock[0]
    assert (lot.best_before, lot.unit_cost_ht) == (None, 0.0)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"best_before": '"2027-03-01"'},
            "4: lot[1].best_before: expected a date like 2026-11-24 (without quotes),"
            " got '2027-03-01'",
        ),
        (
            {"best_before": "2027-03-01T10:00:00"},
            "4: lot[1].best_before: expected a date like 2026-11-24, got 2027-03-01T10:00:00",
        ),
        ({"unit_cost_ht": "-2"}, "4: lot[1].unit_cost_ht: must be >= 0, got -2"),
        ({"quantity": None}, "1: lot[1].quantity: missing required key"),
        (
            {"quantity": '"6 piece"'},
            "3: lot[1].quantity: cannot convert piece to kg for rice:"
            " the ingredient has no piece_weight_g",
        ),
        ({"ingredient": '"lentils"'}, "2: lot[1].ingredient: unknown ingredient 'lentils'"),
        (
            {"ingredient": None},
            "1: lot[1].ingredient: missing required key",
        ),
    ],
)
def test_bad_stock(problems_of: ProblemsOf, changes: dict[str, str | None], problem: str) -> None:
    assert problems_of(stock(**changes)) == [f"stock.toml:{problem}"]
