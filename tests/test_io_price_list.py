"""CSV price lists: separators, decimal commas, encodings, and a problem per bad cell."""

from __future__ import annotations

import pytest

from cantine_supply import Label, PriceTier, load
from cantine_supply.io.price_list import decode_csv, sniff_separator
from conftest import MINIMAL_FILES, MakeData, ProblemsOf

SUPPLIER = """\
[supplier]
id = "ferme"
name = "Ferme du Val"
kind = "producer"
distance_km = 18
intermediaries = 0
delivery_weekdays = ["tue"]
price_list = "ferme.csv"
"""
HEADER = "id;ingredient;product;pack;price_ht"


def with_csv(content: str | bytes, supplier: str = SUPPLIER) -> dict[str, str | bytes]:
    return {"suppliers/ferme.toml": supplier, "suppliers/ferme.csv": content}


def test_french_spreadsheet_csv(make_data: MakeData) -> None:
    csv = (
        "id;ingredient;product;pack;price_ht;vat_rate;labels;origin;months_available;"
        "max_packs;tiers;net\n"
        "riz-5kg;rice;Riz long, sac de 5 kg;5 kg;9,50;0,055;BIO|HVE;europe;1 2 12;8;"
        "4:9,20 10:8,90;\n"
        "riz-vrac;rice;Riz en vrac;2,5 kg;4,10;;;;;;;\n"
    )
    catalogue = load(make_data(with_csv(csv), base=MINIMAL_FILES))
    offer = catalogue.offer_by_id["ferme/riz-5kg"]
    assert (offer.product, offer.pack_quantity, offer.price_ht, offer.vat_rate) == (
        "Riz long, sac de 5 kg",
        5.0,
        9.5,
        0.055,
    )
    assert offer.labels == (Label.BIO, Label.HVE)
    assert offer.origin.value == "EUROPE"
    assert offer.months_available == (1, 2, 12)
    assert offer.max_packs == 8
    assert offer.tiers == (PriceTier(4, 9.2), PriceTier(10, 8.9))
    bulk = catalogue.offer_by_id["ferme/riz-vrac"]
    assert (bulk.pack_quantity, bulk.price_ht, bulk.labels, bulk.tiers) == (2.5, 4.1, (), ())


def test_comma_separated_with_quoted_decimal_commas(make_data: MakeData) -> None:
    csv = 'id,ingredient,product,pack,price_ht\r\nriz,rice,"Riz, sac",5 kg,"9,50"\r\n'
    offer = load(make_data(with_csv(csv), base=MINIMAL_FILES)).offer_by_id["ferme/riz"]
    assert (offer.product, offer.price_ht) == ("Riz, sac", 9.5)


@pytest.mark.parametrize(
    "encoded",
    [
        ("\ufeff" + HEADER + "\nriz;rice;Riz de Camargue;5 kg;9,5\n").encode("utf-8"),
        (HEADER + "\nriz;rice;Riz de Camargue;5 kg;9,5\n").encode("utf-8"),
    ],
)
def test_utf8_with_or_without_bom(make_data: MakeData, encoded: bytes) -> None:
    offer = load(make_data(with_csv(encoded), base=MINIMAL_FILES)).offer_by_id["ferme/riz"]
    assert offer.product == "Riz de Camargue"


def test_windows_1252(make_data: MakeData) -> None:
    text = HEADER + "\nriz;rice;Riz étuvé – prix 9,5 €;5 kg;9,5\n"
    catalogue = load(make_data(with_csv(text.encode("cp1252")), base=MINIMAL_FILES))
    assert catalogue.offer_by_id["ferme/riz"].product == "Riz étuvé – prix 9,5 €"


@pytest.mark.parametrize(
    ("raw", "why", "line"),
    [
        (
            (HEADER + "\n").encode("utf-16"),
            "it is UTF-16 or binary, not text in UTF-8 or Windows-1252;"
            " save it from the spreadsheet as 'CSV UTF-8'",
            None,
        ),
        (
            b"PK\x03\x04\x00\x00",
            "it is UTF-16 or binary, not text in UTF-8 or Windows-1252;"
            " save it from the spreadsheet as 'CSV UTF-8'",
            None,
        ),
        (
            b"id;product\nx;caf\x81\n",
            "it is neither UTF-8 nor Windows-1252 (byte 0x81 on line 2);"
            " save it from the spreadsheet as 'CSV UTF-8'",
            2,
        ),
        (
            b"\xef\xbb\xbfid;product\nx;caf\xe9\n",
            "it starts like UTF-8 but byte 0xe9 on line 2 is not UTF-8; save it from the"
            " spreadsheet as 'CSV UTF-8'",
            2,
        ),
        (
            "id;product\nx;récolte\ny;caf".encode() + b"\xe9\n",
            "it mixes encodings: byte 0xe9 on line 3 is not UTF-8 but the rest of the file is;"
            " fix that line or save it from the spreadsheet as 'CSV UTF-8'",
            3,
        ),
    ],
)
def test_other_encodings_are_refused(
    problems_of: ProblemsOf, raw: bytes, why: str, line: int | None
) -> None:
    assert decode_csv(raw) == (None, why, line)
    where = "" if line is None else f":{line}"
    assert problems_of(with_csv(raw)) == [
        f"suppliers/ferme.csv{where}: cannot read the file: {why}"]


def test_sniff_separator() -> None:
    assert sniff_separator("id;ingredient;product;pack;price_ht") == ";"
    assert sniff_separator("id,ingredient,product,pack,price_ht") == ","
    assert sniff_separator("id,ingredient;product,pack,price_ht") == ","
    assert sniff_separator("id") == ","


def test_empty_file(problems_of: ProblemsOf) -> None:
    assert problems_of(with_csv("")) == [
        "suppliers/ferme.csv: the file is empty (expected a header line and rows)"
    ]


def test_header_only_is_an_empty_price_list(make_data: MakeData) -> None:
    catalogue = load(make_data(with_csv(HEADER + "\n"), base=MINIMAL_FILES))
    assert [o.id for o in catalogue.offers if o.supplier == "ferme"] == []


COLUMNS = (
    "id, ingredient, product, pack, price_ht, net, vat_rate, labels, origin, months_available,"
    " max_packs, max_packs_per_delivery, tiers"
)


def test_header_problems(problems_of: ProblemsOf) -> None:
    csv = "id;ingredient;product;pack;pirce_ht;labels;labels\nriz;rice;Riz;5 kg;9;;\n"
    assert problems_of(with_csv(csv)) == [
        "suppliers/ferme.csv:1: pirce_ht: unknown column 'pirce_ht', did you mean 'price_ht'?"
        f" (expected one of: {COLUMNS})",
        "suppliers/ferme.csv:1: labels: column appears twice in the header",
        "suppliers/ferme.csv:1: price_ht: missing required column",
    ]


def test_empty_trailing_columns_are_ignored(make_data: MakeData) -> None:
    csv = HEADER + ";;\nriz;rice;Riz;5 kg;9;;\n;;;;;;\n"
    catalogue = load(make_data(with_csv(csv), base=MINIMAL_FILES))
    assert catalogue.offer_by_id["ferme/riz"].price_ht == 9.0


UNITS = "g, kg, mg, ml, cl, dl, L, piece, dozen, bunch, can, jar"


@pytest.mark.parametrize(
    ("columns", "row", "problem"),
    [
        ("", "riz;rice;Riz;5 kg;9,5 €", "price_ht: expected a number, got '9,5 €'"),
        ("", "riz;rice;Riz;5 kg;-9", "price_ht: must be > 0, got -9"),
        ("", "riz;rice;Riz;5 kg;", "price_ht: required, but the cell is empty"),
        (  # a row cut short: refused as such (issue 21, defect 6)
            "",
            "riz;rice;Riz;5 kg",
            "the row has 4 cells but the header has 5 columns: price_ht missing (is the row"
            " cut short? an empty cell still needs its ';')",
        ),
        (
            "",
            "riz;rice;Riz;5 sacs;9",
            f"pack: unknown unit 'sacs' (expected one of: {UNITS})",
        ),
        ("", "riz;ryce;Riz;5 kg;9", "ingredient: unknown ingredient 'ryce', did you mean 'rice'?"),
        ("", "ri/z;rice;Riz;5 kg;9", "id: must not contain '/', got 'ri/z'"),
        (
            ";net",
            "riz;rice;Riz;5 kg;9;500 g",
            "net: only used with a container unit (bunch, can, jar), but pack is '5 kg'",
        ),
        (
            ";vat_rate",
            "riz;rice;Riz;5 kg;9;5,5",
            "vat_rate: must be a share between 0 and 1 (0.3 means 30%), got 5.5",
        ),
        (
            ";labels",
            "riz;rice;Riz;5 kg;9;BIO|LABEL ROUGE",
            "labels[2]: unknown label 'LABEL ROUGE', did you mean 'LABEL_ROUGE'? (expected one"
            " of: BIO, CONVERSION_BIO, LABEL_ROUGE, AOCAOP, IGP, STG, HVE, PECHE_DURABLE, RUP,"
            " FERMIER, COMMERCE_EQUITABLE, EXTERNALITES, PERFORMANCE)",
        ),
        (
            ";months_available",
            "riz;rice;Riz;5 kg;9;1 2 13",
            "months_available[3]: must be a month from 1 to 12, got 13",
        ),
        (
            ";months_available",
            "riz;rice;Riz;5 kg;9;1,2,3",
            "months_available[1]: expected a whole number, got '1,2,3'",
        ),
        (";max_packs", "riz;rice;Riz;5 kg;9;2,5", "max_packs: expected a whole number, got '2,5'"),
        (
            ";tiers",
            "riz;rice;Riz;5 kg;9;4-8,5",
            "tiers: expected tiers like '4:15.20 10:14.50' (from 4 packs 15.20 a pack, from 10"
            " packs 14.50), got '4-8,5'",
        ),
        (
            ";tiers",
            "riz;rice;Riz;5 kg;9;1:8,5",
            "tiers: a tier starts from 2 packs or more, got '1:8,5'",
        ),
        (";tiers", "riz;rice;Riz;5 kg;9;4:0", "tiers: a tier price must be > 0, got '4:0'"),
        (";tiers", "riz;rice;Riz;5 kg;9;4:8 4:7", "tiers: two tiers start at 4 packs"),
        (
            "",
            "riz;rice;Riz;5 kg;9;extra",
            "the row has 6 cells but the header has 5 columns (is a ';' missing quotes?)",
        ),
    ],
)
def test_bad_cells_give_the_row_line(
    problems_of: ProblemsOf, columns: str, row: str, problem: str
) -> None:
    ok = "ok;rice;Riz;1 kg;2" + ";" * columns.count(";")  # every cell, empty or not
    csv = f"{HEADER}{columns}\n{ok}\n{row}\n"
    assert problems_of(with_csv(csv)) == [f"suppliers/ferme.csv:3: {problem}"]


def test_every_bad_row_is_reported_with_its_line(problems_of: ProblemsOf) -> None:
    csv = (
        f"{HEADER}\n"
        'riz;rice;"Riz,\nsac de 5 kg";5 kg;x\n'  # a quoted cell over two lines: lines 2-3
        ";;;;\n"  # line 4, empty: skipped
        "riz2;rice;Riz;5 kgs;0\n"  # line 5
    )
    assert problems_of(with_csv(csv)) == [
        "suppliers/ferme.csv:2: product: holds the control character U+000A LINE FEED at"
        " character 5; remove it",  # a line break in a name is refused (issue 21)
        "suppliers/ferme.csv:2: price_ht: expected a number, got 'x'",
        "suppliers/ferme.csv:5: pack: unknown unit 'kgs', did you mean 'kg'?"
        f" (expected one of: {UNITS})",
        "suppliers/ferme.csv:5: price_ht: must be > 0, got 0",
    ]


def test_an_offer_id_in_both_the_toml_and_the_csv(problems_of: ProblemsOf) -> None:
    supplier = SUPPLIER + '\n[[offer]]\nid = "riz"\ningredient = "rice"\nproduct = "Riz"\n'
    supplier += 'pack = "1 kg"\nprice_ht = 2.0\n'
    csv = f"{HEADER}\nriz;rice;Riz;5 kg;9\n"
    assert problems_of(with_csv(csv, supplier)) == [
        "suppliers/ferme.csv:2: id: duplicate offer id 'ferme/riz',"
        " already used at suppliers/ferme.toml:11 (offer[1].id)"
    ]


def test_a_price_list_no_supplier_names(problems_of: ProblemsOf) -> None:
    files = {"suppliers/autre.csv": f"{HEADER}\nriz;rice;Riz;5 kg;9\n"}
    assert problems_of(files) == [
        "suppliers/autre.csv: no supplier names this price list"
        " (add price_list = 'autre.csv' to its supplier file)"
    ]
