"""canteen.toml and [supplier.ordering]: what a supplier needs to deliver, checked with
file, field and line like every other value; French habits (weekday names, a decimal
comma) get a message that says what to write."""

from __future__ import annotations

from cantine_supply import load
from conftest import VALID_FILES, MakeData, ProblemsOf

CANTEEN = """\
[canteen]
name = "La Petite Cantine"
address = ["12 rue de Bourgogne", "porte verte"]
postcode = "69009"
city = "Lyon"
phone = "04 65 71 02 46"
contact = "Camille Martin"
email = "cuisine@cantine.example"
siret = "81234567800005"
opening_days = ["mardi", "mer", "thursday", "fri"]
delivery_hours = "7 h 30 - 10 h 30"
"""

GROSSISTE = VALID_FILES["suppliers/grossiste.toml"]


def with_ordering(block: str) -> str:
    """The wholesaler's file with ``block`` (a [supplier.ordering] table) before its offers."""
    head, offers = GROSSISTE.split("[[offer]]", 1)
    return f"{head}{block}\n[[offer]]{offers}"


def test_the_canteen_and_ordering_are_read(make_data: MakeData) -> None:
    ordering = with_ordering('[supplier.ordering]\nchannel = "web"\nwebsite = "https://x.example"'
                             '\ncustomer_account = "C-12"\npickup = true\n')
    catalogue = load(make_data({"canteen.toml": CANTEEN, "suppliers/grossiste.toml": ordering}))
    canteen = catalogue.canteen
    assert canteen is not None
    assert canteen.address_lines == ("12 rue de Bourgogne", "porte verte", "69009 Lyon")
    assert canteen.opening_days == (1, 2, 3, 4)
    assert canteen.siret == "81234567800005"
    supplier = catalogue.supplier_by_id["grossiste"]
    assert (supplier.ordering.channel, supplier.ordering.customer_account,
            supplier.ordering.pickup) == ("web", "C-12", True)
    assert load(make_data()).canteen is None  # the file is optional


def test_canteen_problems_name_file_field_and_line(problems_of: ProblemsOf) -> None:
    bad = (CANTEEN.replace('siret = "81234567800005"', 'siret = "812 345 678"')
           .replace('phone = "04 65 71 02 46"\n', "")
           .replace('"mer"', '"mecredi"'))
    assert problems_of({"canteen.toml": bad}, base=VALID_FILES) == [
        "canteen.toml:1: canteen.phone: missing required key",
        "canteen.toml:9: canteen.opening_days[2]: unknown weekday 'mecredi', did you mean"
        " 'wed' (mercredi)? (expected one of: mon, tue, wed, thu, fri, sat, sun, or a day's"
        " name in English or French: lundi, mardi...)",
    ]
    assert problems_of({"canteen.toml": CANTEEN.replace('"81234567800005"', '"812 345 678"')},
                       base=VALID_FILES) == [
        "canteen.toml:9: canteen.siret: must be 14 digits without spaces, got '812 345 678'"]


def test_ordering_problems(problems_of: ProblemsOf) -> None:
    assert problems_of({"suppliers/grossiste.toml": with_ordering(
        '[supplier.ordering]\nchannel = "fax"\n')}, base=VALID_FILES) == [
        "suppliers/grossiste.toml:10: supplier.ordering.channel: unknown ordering channel"
        " 'fax' (expected one of: email, phone, web)"]


def test_a_decimal_comma_says_use_a_decimal_point(problems_of: ProblemsOf) -> None:
    broken = GROSSISTE.replace("price_ht = ", "price_ht = 7,40 #", 1)
    line = broken.splitlines().index(next(x for x in broken.splitlines()
                                          if x.startswith("price_ht = 7,40"))) + 1
    assert problems_of({"suppliers/grossiste.toml": broken}, base=VALID_FILES) == [
        f"suppliers/grossiste.toml:{line}: price_ht: 7,40 has a decimal comma; use a decimal"
        " point: 7.40"]
