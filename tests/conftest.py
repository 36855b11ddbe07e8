"""Shared fixtures: a tiny valid data folder, written into ``tmp_path``, to vary per test."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from cantine_supply import InputError, load

#: A small but complete data folder: every file kind, every unit bridge used once.
VALID_FILES: dict[str, str] = {
    "ingredients.toml": """\
[[ingredient]]
id = "carrot"
name = "Carotte"
family = "FRUITS_ET_LEGUMES"
protein = "plant"
unit = "kg"
co2_kg_per_kg = 0.396
shelf_life_days = 21
storage = "chilled"
months_in_season = [1, 2, 3, 9, 10, 11, 12]
piece_weight_g = 60

[[ingredient]]
id = "lentils_red"
name = "Lentilles corail"
family = "AUTRES"
protein = "plant"
unit = "kg"
co2_kg_per_kg = 1.2
shelf_life_days = 365

[[ingredient]]
id = "coconut_milk"
name = "Lait de coco"
family = "AUTRES"
protein = "plant"
unit = "L"
co2_kg_per_kg = 2.0
shelf_life_days = 700
density_g_per_ml = 1.0

[[ingredient]]
id = "egg"
name = "Oeuf"
family = "PRODUITS_LAITIERS"
protein = "egg_dairy"
unit = "piece"
co2_kg_per_kg = 3.5
shelf_life_days = 28
storage = "chilled"
piece_weight_g = 60
""",
    "recipes/dahl.toml": """\
id = "dahl"
name = "Dahl de lentilles corail"
course = "main"

[[line]]
ingredient = "lentils_red"
quantity = "70 g"

[[line]]
ingredient = "coconut_milk"
quantity = "0.1 can"
net = "400 ml"

[[line]]
ingredient = "carrot"
quantity = "30 g"
yield = 0.8
""",
    "recipes/oeufs-mimosa.toml": """\
id = "oeufs-mimosa"
name = "Oeufs mimosa"
course = "starter"

[[line]]
ingredient = "egg"
quantity = "1 pièce"
""",
    "suppliers/grossiste.toml": """\
[supplier]
id = "grossiste"
name = "Grossiste du marché"
kind = "wholesaler"
distance_km = 12.5
intermediaries = 1
delivery_weekdays = ["mon", "thu"]

[[offer]]
id = "lentilles-5kg"
ingredient = "lentils_red"
product = "Lentilles corail, sac de 5 kg"
pack = "5 kg"
price_ht = 11.0

[[offer.tier]]
min_packs = 4
price_ht = 10.0

[[offer]]
id = "coco-12x400ml"
ingredient = "coconut_milk"
product = "Lait de coco, carton de 12 boîtes"
pack = "12 can"
net = "400 ml"
price_ht = 18.0
vat_rate = 0.055
origin = "OTHER"

[[offer]]
id = "oeufs-30"
ingredient = "egg"
product = "Oeufs plein air, plateau de 30"
pack = "2,5 dozen"
price_ht = 7.5
labels = ["BIO"]
""",
    "collections.toml": """\
[[collection]]
id = "biocoop-mardi"
name = "Invendus Biocoop"
weekday = "tue"
trip_cost = 6.0
distance_km = 2.5
labels = ["BIO"]

[[collection.item]]
ingredient = "carrot"
guaranteed = "3 kg"
expected = "6 kg"
""",
    "stock.toml": """\
[[lot]]
ingredient = "lentils_red"
quantity = "6 kg"
best_before = 2027-03-01
unit_cost_ht = 2.10
""",
    "weeks/2026-w48.toml": """\
[week]
id = "2026-w48"
name = "Semaine du 24 novembre 2026"
canteen = "La Petite Cantine"
order_date = 2026-11-23

[budget]
amount = 3.20
per_cover = true

[targets]
organic_share = 0.30
max_meat_g_per_cover = 40
min_vegetarian_mains = 1

[[service]]
date = 2026-11-24
covers = 40
starter = "oeufs-mimosa"
main = ["dahl"]
""",
}

# The producer, with its price list in CSV (``;`` and decimal commas, as spreadsheets do).
VALID_FILES["suppliers/ferme.toml"] = """\
[supplier]
id = "ferme"
name = "Ferme du Val"
kind = "producer"
distance_km = 18
intermediaries = 0
delivery_weekdays = ["tue", "fri"]
lead_time_days = 2
min_order_ht = 60.0
delivery_fee_ht = 8.0
free_delivery_from_ht = 120.0
price_list = "ferme.csv"

[supplier.local]
definition = "DEPARTEMENT"

[[offer]]
id = "carottes-10kg"
ingredient = "carrot"
product = "Carottes bio, sac de 10 kg"
pack = "10 kg"
price_ht = 16.50
labels = ["BIO"]
months_available = [1, 2, 3, 9, 10, 11, 12]
max_packs = 8
"""
VALID_FILES["suppliers/ferme.csv"] = (
    "id;ingredient;product;pack;price_ht;labels;months_available;tiers\n"
    "carottes-vrac;carrot;Carottes en vrac;40 piece;2,40;BIO|HVE;1 2 3;4:2,20 10:2\n"
)

#: The smallest valid folder: one ingredient (rice), one recipe, one supplier, one week.
#: Tests about one file kind replace that file, keeping ``rice`` for the others.
RICE = """\
[[ingredient]]
id = "rice"
name = "Riz"
family = "AUTRES"
protein = "plant"
unit = "kg"
co2_kg_per_kg = 1.6
shelf_life_days = 365
"""
MINIMAL_FILES: dict[str, str] = {
    "ingredients.toml": RICE,
    "recipes/riz.toml": """\
id = "riz"
name = "Riz pilaf"
course = "main"

[[line]]
ingredient = "rice"
quantity = "80 g"
""",
    "suppliers/grossiste.toml": """\
[supplier]
id = "grossiste"
name = "Grossiste"
kind = "wholesaler"
distance_km = 10
intermediaries = 1
delivery_weekdays = ["tue"]

[[offer]]
id = "riz-5kg"
ingredient = "rice"
product = "Riz, sac de 5 kg"
pack = "5 kg"
price_ht = 9.5
""",
    "weeks/w1.toml": """\
[week]
id = "w1"
name = "Semaine 1"
order_date = 2026-11-23

[[service]]
date = 2026-11-26
covers = 30
main = "riz"
""",
}

FileSet = Mapping[str, "str | bytes | None"]
MakeData = Callable[..., Path]
ProblemsOf = Callable[..., list[str]]


def write_data(root: Path, files: FileSet) -> Path:
    """Write ``files`` (relative path -> text or bytes; None: leave out) under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_data(tmp_path: Path) -> MakeData:
    """``make_data({"stock.toml": "..."})``: the valid folder with some files replaced.

    A value of None removes that file; ``base=`` replaces the valid folder entirely.
    """
    count = 0

    def make(files: FileSet | None = None, *, base: FileSet = VALID_FILES) -> Path:
        nonlocal count
        count += 1
        merged = {**base, **(files or {})}
        return write_data(tmp_path / f"data{count}", merged)

    return make


@pytest.fixture
def data_dir(make_data: MakeData) -> Path:
    """The tiny valid data folder."""
    return make_data()


@pytest.fixture
def problems_of(make_data: MakeData) -> ProblemsOf:
    """``problems_of(files, base=...)``: the problem lines ``load`` reports for the folder.

    Fails the test when the folder loads without an InputError.
    """

    def run(files: FileSet | None = None, *, base: FileSet = MINIMAL_FILES) -> list[str]:
        folder = make_data(files, base=base)
        with pytest.raises(InputError) as info:
            load(folder)
        return [str(problem) for problem in info.value.problems]

    return run
