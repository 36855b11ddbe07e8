"""suppliers/*.toml: the supplier, its [[offer]] tables, tiers and locality."""

from __future__ import annotations

import pytest

from cantine_supply import Label, LocalDefinition, Origin, PriceTier, load
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
"""
BASE = {**MINIMAL_FILES, "ingredients.toml": INGREDIENTS}

#: The supplier of suppliers/ferme.toml: header on line 1, these keys on lines 2 to 7.
SUPPLIER = {
    "id": '"ferme"',
    "name": '"Ferme du Val"',
    "kind": '"producer"',
    "distance_km": "18",
    "intermediaries": "0",
    "delivery_weekdays": '["tue", "fri"]',
}
#: An offer: header on line 9 after the supplier's 7 lines, these keys on lines 10 to 14.
OFFER = {
    "id": '"riz-1kg"',
    "ingredient": '"rice"',
    "product": '"Riz, sachet de 1 kg"',
    "pack": '"1 kg"',
    "price_ht": "2.5",
}


def block(header: str, values: dict[str, str | None]) -> str:
    return header + "\n" + "".join(f"{k} = {v}\n" for k, v in values.items() if v is not None)


def ferme(*offers: dict[str, str | None], extra: str = "", **changes: str | None) -> dict[str, str]:
    """suppliers/ferme.toml: the supplier with ``changes``, then ``extra``, then offers."""
    text = block("[supplier]", {**SUPPLIER, **changes}) + extra
    for offer in offers:
        text += "\n" + block("[[offer]]", {**OFFER, **offer})
    return {"suppliers/ferme.toml": text}


def test_supplier_values_and_defaults(make_data: MakeData) -> None:
    catalogue = load(make_data(ferme(), base=BASE))
    supplier = catalogue.supplier_by_id["ferme"]
    assert supplier.name == "Ferme du Val"
    assert supplier.kind.value == "producer"
    assert supplier.distance_km == 18.0
    assert supplier.intermediaries == 0
    assert supplier.delivery_weekdays == (1, 4)
    assert supplier.lead_time_days == 1
    assert (supplier.min_order_ht, supplier.delivery_fee_ht) == (0.0, 0.0)
    assert supplier.free_delivery_from_ht is None
    assert supplier.fee_vat_rate == 0.20
    assert supplier.email == ""
    assert supplier.local is None


def test_supplier_optional_values(make_data: MakeData) -> None:
    files = ferme(
        lead_time_days="2",
        min_order_ht="60.0",
        delivery_fee_ht="8",
        free_delivery_from_ht="120.0",
        fee_vat_rate="0.1",
        email='"commandes@ferme.example"',
        extra='\n[supplier.local]\ndefinition = "KM"\nkm = 40\n',
    )
    supplier = load(make_data(files, base=BASE)).supplier_by_id["ferme"]
    assert supplier.lead_time_days == 2
    assert (supplier.min_order_ht, supplier.delivery_fee_ht) == (60.0, 8.0)
    assert supplier.free_delivery_from_ht == 120.0
    assert supplier.fee_vat_rate == 0.1
    assert supplier.email == "commandes@ferme.example"
    assert supplier.local is not None
    assert (supplier.local.definition, supplier.local.km) == (LocalDefinition.KM, 40.0)


def test_offers_get_full_ids_and_base_units(make_data: MakeData) -> None:
    files = ferme(
        {},
        {
            "id": '"coco"',
            "ingredient": '"coconut_milk"',
            "pack": '"12 can"',
            "net": '"400 ml"',
            "vat_rate": "0.2",
            "labels": '["BIO", "commerce_equitable"]',
            "origin": '"other"',
            "months_available": "[1, 2]",
            "max_packs": "3",
        },
        {"id": '"oeufs"', "ingredient": '"egg"', "pack": '"2,5 dozen"', "price_ht": "7"},
    )
    catalogue = load(make_data(files, base=BASE))
    rice = catalogue.offer_by_id["ferme/riz-1kg"]
    assert (rice.supplier, rice.ingredient, rice.pack_quantity, rice.price_ht) == (
        "ferme",
        "rice",
        1.0,
        2.5,
    )
    assert (rice.vat_rate, rice.labels, rice.origin, rice.months_available) == (
        0.055,
        (),
        Origin.FRANCE,
        (),
    )
    assert rice.max_packs is None and rice.tiers == () and rice.pack_label == "1 kg"
    coco = catalogue.offer_by_id["ferme/coco"]
    assert coco.pack_quantity == pytest.approx(4.8)
    assert coco.pack_label == "12 can of 400 ml"
    assert coco.labels == (Label.BIO, Label.COMMERCE_EQUITABLE)
    assert (coco.vat_rate, coco.origin, coco.months_available, coco.max_packs) == (
        0.2,
        Origin.OTHER,
        (1, 2),
        3,
    )
    assert catalogue.offer_by_id["ferme/oeufs"].pack_quantity == 30.0


def test_tiers_are_read_and_sorted(make_data: MakeData) -> None:
    files = ferme()
    files["suppliers/ferme.toml"] += (
        "\n" + block("[[offer]]", OFFER)
        + "\n[[offer.tier]]\nmin_packs = 10\nprice_ht = 2.0\n"
        + "\n[[offer.tier]]\nmin_packs = 4\nprice_ht = 2.2\n"
    )
    offer = load(make_data(files, base=BASE)).offer_by_id["ferme/riz-1kg"]
    assert offer.tiers == (PriceTier(4, 2.2), PriceTier(10, 2.0))


SUPPLIER_KEYS = (
    "id, name, kind, distance_km, intermediaries, delivery_weekdays, lead_time_days,"
    " min_order_ht, delivery_fee_ht, free_delivery_from_ht, fee_vat_rate, email, price_list,"
    " local, ordering"
)
LABELS = (
    "BIO, CONVERSION_BIO, LABEL_ROUGE, AOCAOP, IGP, STG, HVE, PECHE_DURABLE, RUP, FERMIER,"
    " COMMERCE_EQUITABLE, EXTERNALITES, PERFORMANCE"
)
WEEKDAYS = "mon, tue, wed, thu, fri, sat, sun"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"name": None}, "1: supplier.name: missing required key"),
        (
            {"kind": '"farm"'},
            "4: supplier.kind: unknown supplier kind 'farm' (expected one of: producer,"
            " wholesaler, cash_and_carry, shop, unsold_collection)",
        ),
        ({"distance_km": "-1"}, "5: supplier.distance_km: must be >= 0, got -1"),
        (
            {"intermediaries": "1.5"},
            "6: supplier.intermediaries: expected a whole number, got 1.5",
        ),
        ({"intermediaries": "-1"}, "6: supplier.intermediaries: must be >= 0, got -1"),
        (
            {"delivery_weekdays": '["tuesdy"]'},
            "7: supplier.delivery_weekdays[1]: unknown weekday 'tuesdy', did you mean 'tue'"
            f" (tuesday)? (expected one of: {WEEKDAYS}, or a day's name in English or French:"
            " lundi, mardi...)",
        ),
        (
            {"delivery_weekdays": "[1]"},
            "7: supplier.delivery_weekdays[1]: expected a weekday like 'mon', got 1",
        ),
        (
            {"delivery_weekdays": '"tue"'},
            "7: supplier.delivery_weekdays: expected a list like [\"tue\", \"fri\"], got 'tue'",
        ),
        (
            {"delivery_weekdays": "[]"},
            "7: supplier.delivery_weekdays: must list at least one weekday",
        ),
        ({"delivery_weekdays": None}, "1: supplier.delivery_weekdays: missing required key"),
        ({"id": '"la/ferme"'}, "2: supplier.id: must not contain '/', got 'la/ferme'"),
        (
            {"fee_vat_rate": "20"},
            "8: supplier.fee_vat_rate: must be a share between 0 and 1 (0.3 means 30%), got 20",
        ),
        (
            {"free_delivery_from_ht": "-5.0"},
            "8: supplier.free_delivery_from_ht: must be >= 0, got -5",
        ),
        ({"lead_time_days": "-1"}, "8: supplier.lead_time_days: must be >= 0, got -1"),
        ({"email": "false"}, "8: supplier.email: expected a text, got false"),
        (
            {"emial": '"a@b.example"'},
            "8: supplier.emial: unknown key 'emial', did you mean 'email'?"
            f" (expected one of: {SUPPLIER_KEYS})",
        ),
        (
            {"price_list": '"prix.csv"'},
            "8: supplier.price_list: file 'prix.csv' not found next to ferme.toml",
        ),
        (
            {"price_list": '"../prix.csv"'},
            "8: supplier.price_list: expected the name of a CSV file next to ferme.toml",
        ),
    ],
)
def test_bad_supplier_values(
    problems_of: ProblemsOf, changes: dict[str, str | None], problem: str
) -> None:
    assert problems_of(ferme(**changes), base=BASE) == [f"suppliers/ferme.toml:{problem}"]


@pytest.mark.parametrize(
    ("local", "problem"),
    [
        ('definition = "KM"\n', '9: supplier.local.km: required with definition = "KM"'
         " (the radius in km)"),
        ('definition = "PAT"\nkm = 30\n', "11: supplier.local.km: only used with"
         " definition = \"KM\", not 'PAT'"),
        ('definition = "KM"\nkm = -3\n', "11: supplier.local.km: must be >= 0, got -3"),
        (
            'definition = "DEPARTMENT"\n',
            "10: supplier.local.definition: unknown local definition 'DEPARTMENT', did you mean"
            " 'DEPARTEMENT'? (expected one of: PAT, COMMUNE, DEPARTEMENT, REGION, KM)",
        ),
        ("km = 3\n", "9: supplier.local.definition: missing required key"),
    ],
)
def test_bad_locality(problems_of: ProblemsOf, local: str, problem: str) -> None:
    files = ferme(extra="\n[supplier.local]\n" + local)
    assert problems_of(files, base=BASE) == [f"suppliers/ferme.toml:{problem}"]


def test_a_supplier_file_needs_its_supplier_table(problems_of: ProblemsOf) -> None:
    files = {"suppliers/ferme.toml": block("[[offer]]", OFFER)}
    assert problems_of(files, base=BASE) == [
        "suppliers/ferme.toml: supplier: missing required table [supplier]"
    ]


def test_a_typo_in_the_supplier_table(problems_of: ProblemsOf) -> None:
    files = {"suppliers/ferme.toml": block("[suplier]", SUPPLIER)}
    assert problems_of(files, base=BASE) == [
        "suppliers/ferme.toml:1: suplier: unknown key 'suplier', did you mean 'supplier'?"
        " (expected one of: supplier, offer)"
    ]


OFFER_KEYS = (
    "id, ingredient, product, pack, net, price_ht, vat_rate, labels, origin, months_available,"
    " max_packs, max_packs_per_delivery, tier"
)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"price_ht": "-2.5"}, "14: offer[1].price_ht: must be > 0, got -2.5"),
        ({"price_ht": "0"}, "14: offer[1].price_ht: must be > 0, got 0"),
        (
            {"price_ht": '"2,50"'},
            "14: offer[1].price_ht: expected a number, got '2,50'"
            " (write numbers without quotes, with a decimal point)",
        ),
        (
            {"price_ht": None, "pirce_ht": "2.5"},
            "14: offer[1].pirce_ht: unknown key 'pirce_ht', did you mean 'price_ht'?"
            f" (expected one of: {OFFER_KEYS})",
        ),
        ({"product": None}, "9: offer[1].product: missing required key"),
        ({"id": '"a/b"'}, "10: offer[1].id: must not contain '/', got 'a/b'"),
        (
            {"pack": '"5 kgs"'},
            "13: offer[1].pack: unknown unit 'kgs', did you mean 'kg'? (expected one of: g, kg,"
            " mg, ml, cl, dl, L, piece, dozen, bunch, can, jar)",
        ),
        (
            {"pack": '"12 piece"'},
            "13: offer[1].pack: cannot convert piece to kg for rice:"
            " the ingredient has no piece_weight_g",
        ),
        (
            {"pack": '"6 can"'},
            "13: offer[1].pack: a can is a container: add net, the content of one can"
            " (for example net = \"400 g\"), got '6 can'",
        ),
        (
            {"vat_rate": "5.5"},
            "15: offer[1].vat_rate: must be a share between 0 and 1 (0.3 means 30%), got 5.5",
        ),
        (
            {"labels": '["BOI"]'},
            f"15: offer[1].labels[1]: unknown label 'BOI', did you mean 'BIO'? (expected one of:"
            f" {LABELS})",
        ),
        (
            {"labels": '"BIO"'},
            "15: offer[1].labels: expected a list like [\"BIO\", \"HVE\"], got 'BIO'",
        ),
        (
            {"origin": '"ITALIE"'},
            "15: offer[1].origin: unknown origin 'ITALIE' (expected one of: FRANCE, EUROPE,"
            " OTHER)",
        ),
        (
            {"months_available": "[12, 13]"},
            "15: offer[1].months_available[2]: must be a month from 1 to 12, got 13",
        ),
        ({"max_packs": "0"}, "15: offer[1].max_packs: must be >= 1, got 0"),
        (
            {"ingredient": '"riz"'},
            "11: offer[1].ingredient: unknown ingredient 'riz'",
        ),
    ],
)
def test_bad_offer_values(
    problems_of: ProblemsOf, changes: dict[str, str | None], problem: str
) -> None:
    assert problems_of(ferme(changes), base=BASE) == [f"suppliers/ferme.toml:{problem}"]


@pytest.mark.parametrize(
    ("tiers", "problem"),
    [
        ("min_packs = 1\nprice_ht = 2.0\n", "17: offer[1].tier[1].min_packs: must be >= 2, got 1"),
        ("min_packs = 4\nprice_ht = 0\n", "18: offer[1].tier[1].price_ht: must be > 0, got 0"),
        ("price_ht = 2.0\n", "16: offer[1].tier[1].min_packs: missing required key"),
        (
            "min_packs = 4\nprice_ht = 2.0\nfrom = 3\n",
            "19: offer[1].tier[1].from: unknown key 'from' (expected one of: min_packs,"
            " price_ht)",
        ),
        (
            "min_packs = 4\nprice_ht = 2.0\n\n[[offer.tier]]\nmin_packs = 4\nprice_ht = 1.9\n",
            "21: offer[1].tier[2].min_packs: another tier already starts at 4 packs",
        ),
    ],
)
def test_bad_tiers(problems_of: ProblemsOf, tiers: str, problem: str) -> None:
    files = ferme({})
    files["suppliers/ferme.toml"] += "\n[[offer.tier]]\n" + tiers
    assert problems_of(files, base=BASE) == [f"suppliers/ferme.toml:{problem}"]


def test_duplicate_offer_id_within_a_supplier(problems_of: ProblemsOf) -> None:
    assert problems_of(ferme({}, {"pack": '"2 kg"'}), base=BASE) == [
        "suppliers/ferme.toml:17: offer[2].id: duplicate offer id 'ferme/riz-1kg',"
        " already used at suppliers/ferme.toml:10 (offer[1].id)"
    ]


def test_same_offer_id_at_two_suppliers_is_fine(make_data: MakeData) -> None:
    files = ferme({"id": '"riz-5kg"'})
    catalogue = load(make_data(files, base=BASE))
    assert {"ferme/riz-5kg", "grossiste/riz-5kg"} <= set(catalogue.offer_by_id)


def test_duplicate_supplier_id(problems_of: ProblemsOf) -> None:
    # Their offers' ids are then duplicated too: that is not reported again.
    assert problems_of(ferme({"id": '"riz-5kg"'}, id='"grossiste"'), base=BASE) == [
        "suppliers/grossiste.toml:2: supplier.id: duplicate supplier id 'grossiste',"
        " already used at suppliers/ferme.toml:2 (supplier.id)"
    ]


def test_offers_of_a_bad_supplier_are_still_checked(problems_of: ProblemsOf) -> None:
    assert problems_of(ferme({"price_ht": "-1"}, kind='"farm"'), base=BASE) == [
        "suppliers/ferme.toml:4: supplier.kind: unknown supplier kind 'farm' (expected one of:"
        " producer, wholesaler, cash_and_carry, shop, unsold_collection)",
        "suppliers/ferme.toml:14: offer[1].price_ht: must be > 0, got -1",
    ]
