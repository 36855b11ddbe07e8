"""The workbook's place for ``canteen.toml`` (the ``Cantine`` sheet) and for each supplier's
``[supplier.ordering]`` (the ``Commande : ...`` columns of ``Fournisseurs``).

A folder with both round-trips (folder -> workbook -> the same catalogue, the same plan to
the cent), and a bad value in either is refused on its sheet, row and column with the
message of the folder's own loaders.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cantine_supply import InputError, load, write_workbook
from cantine_supply.io.canteen import CANTEEN_KEYS
from cantine_supply.io.suppliers import ORDERING_KEYS
from cantine_supply.io.workbook_sheets import CANTEEN_FIELDS, CANTEEN_SHEET, SUPPLIERS
from cantine_supply.model import Ordering
from cantine_supply.planning.week import plan
from conftest import VALID_FILES, write_data

SAMPLE = Path(__file__).resolve().parent.parent / "data"

CANTEEN = """\
[canteen]
name = "La Petite Cantine"
address = ["3 rue des Écoles", "Bâtiment B, porte de service"]
postcode = "69009"
city = "Lyon"
phone = "04 65 71 02 46"
contact = "Camille Martin"
email = "cuisine@petite-cantine.example"
siret = "81234567800005"
opening_days = ["mardi", "jeudi", "vendredi"]
delivery_hours = "7 h 30 - 10 h 30"
delivery_notes = "Sonner « Cuisine »."
"""

FERME_ORDERING = """
[supplier.ordering]
channel = "phone"
customer_account = "PCV-0412"
contact = "Lucas Fayolle"
phone = "06 39 98 17 52"
"""

GROSSISTE_ORDERING = """
[supplier.ordering]
channel = "web"
customer_account = "Carte 0069 4471"
website = "https://grossiste.example/commande"
pickup = true
"""


def _with_ordering(files: dict[str, Any], name: str, table: str) -> None:
    """Put ``table`` right after the ``[supplier]`` table of ``suppliers/name``."""
    text = files[f"suppliers/{name}"]
    head, offers = text.split("[[offer]]", 1)
    files[f"suppliers/{name}"] = head.rstrip() + "\n" + table + "\n[[offer]]" + offers


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The conftest's valid folder with a canteen.toml and both suppliers' ordering."""
    files: dict[str, Any] = {**VALID_FILES, "canteen.toml": CANTEEN}
    _with_ordering(files, "ferme.toml", FERME_ORDERING)
    _with_ordering(files, "grossiste.toml", GROSSISTE_ORDERING)
    # delivered on the Tuesday of the service (ordered Monday), so the week can be planned
    files["suppliers/grossiste.toml"] = files["suppliers/grossiste.toml"].replace(
        'delivery_weekdays = ["mon", "thu"]', 'delivery_weekdays = ["tue", "thu"]'
    )
    return write_data(tmp_path / "data", files)


@pytest.fixture
def workbook(tmp_path: Path, folder: Path) -> Path:
    return write_workbook(folder, tmp_path / "cantine.xlsx")


def _without_timing(plan_json: dict[str, Any]) -> dict[str, Any]:
    solver = {k: v for k, v in plan_json["solver"].items() if k != "time_s"}
    return {**plan_json, "solver": solver}


def test_the_sheets_have_a_place_for_every_key() -> None:
    """Every key canteen.toml and [supplier.ordering] accept has its row or column."""
    assert [field.key for field in CANTEEN_FIELDS] == [f"canteen.{k}" for k in CANTEEN_KEYS]
    ordering = [c.key for c in SUPPLIERS.columns if c.key.startswith("ordering.")]
    assert ordering == [f"ordering.{key}" for key in ORDERING_KEYS]


def test_canteen_and_ordering_round_trip_to_the_same_catalogue_and_plan(
    folder: Path, workbook: Path
) -> None:
    from_folder, from_workbook = load(folder), load(workbook)
    assert from_workbook == from_folder
    canteen = from_workbook.canteen
    assert canteen is not None
    assert canteen.address == ("3 rue des Écoles", "Bâtiment B, porte de service")
    assert canteen.opening_days == (1, 3, 4)
    assert canteen.siret == "81234567800005"
    orderings = {s.id: s.ordering for s in from_workbook.suppliers}
    assert orderings == {
        "ferme": Ordering(channel="phone", customer_account="PCV-0412",
                          contact="Lucas Fayolle", phone="06 39 98 17 52"),
        "grossiste": Ordering(channel="web", customer_account="Carte 0069 4471",
                              website="https://grossiste.example/commande", pickup=True),
    }
    plan_folder = plan(from_folder, "2026-w48").to_json()
    plan_workbook = plan(from_workbook, "2026-w48").to_json()
    assert plan_folder["status"] == "optimal" and plan_folder["solver"]["gap"] == 0.0
    assert plan_folder["orders"] and plan_folder["indicators"]["total_ttc"] > 0
    assert _without_timing(plan_workbook) == _without_timing(plan_folder)
    assert [o["total_ht"] for o in plan_workbook["orders"]] == [
        o["total_ht"] for o in plan_folder["orders"]
    ]


def test_the_sample_folder_keeps_its_canteen_and_ordering(tmp_path: Path) -> None:
    path = write_workbook(SAMPLE, tmp_path / "sample.xlsx")
    catalogue = load(path)
    assert catalogue.canteen == load(SAMPLE).canteen
    assert catalogue.canteen is not None
    assert {s.ordering.channel for s in catalogue.suppliers} == {"email", "phone", "web"}
    assert [s.ordering for s in catalogue.suppliers] == [
        s.ordering for s in load(SAMPLE).suppliers
    ]


def test_the_canteen_sheet_and_ordering_columns(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == [
        "Lisez-moi", "Ingrédients", "Fournisseurs", "Offres", "Recettes", "Stock",
        "Collectes", "Cantine", "Semaine 2026-w48",
    ]
    rows = [tuple(c.value for c in row) for row in book[CANTEEN_SHEET].iter_rows()]
    assert rows[:3] == [
        ("Nom", "La Petite Cantine"),
        ("Adresse", "3 rue des Écoles\nBâtiment B, porte de service"),
        ("Code postal", "69009"),
    ]
    assert rows[8] == ("Jours d'ouverture", "mardi jeudi vendredi")
    suppliers = book["Fournisseurs"]
    header = [c.value for c in suppliers[1]]
    assert header[14:] == [
        "Commande : canal", "Commande : n° de client", "Commande : contact",
        "Commande : téléphone", "Commande : site web", "Commande : retrait sur place",
    ]
    assert [c.value for c in suppliers[3]][14:] == [
        "web", "Carte 0069 4471", None, None, "https://grossiste.example/commande", True,
    ]


def test_a_folder_without_canteen_toml_has_no_canteen_sheet(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", VALID_FILES)
    path = write_workbook(folder, tmp_path / "cantine.xlsx")
    assert CANTEEN_SHEET not in openpyxl.load_workbook(path).sheetnames
    assert load(path).canteen is None


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as error:
        load(path)
    return [str(p) for p in error.value.problems]


def test_bad_ordering_cells_name_sheet_row_and_column(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["Fournisseurs"]["O2"] = "fax"
    book["Fournisseurs"]["S3"] = None  # web without a website
    book["Fournisseurs"]["T3"] = "peut-être"
    book.save(workbook)
    assert _problems(workbook) == [
        "cantine.xlsx: sheet 'Fournisseurs', row 2, column O (Commande : canal): unknown"
        " ordering channel 'fax' (expected one of: email, phone, web)",
        "cantine.xlsx: sheet 'Fournisseurs', row 3, column O (Commande : canal): channel ="
        ' "web" needs the shop\'s address (website = "...")',
        "cantine.xlsx: sheet 'Fournisseurs', row 3, column T (Commande : retrait sur place):"
        " expected true or false, got 'peut-être'",
    ]


def test_bad_canteen_fields_name_sheet_row_and_column(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    sheet = book[CANTEEN_SHEET]
    sheet["B1"] = None  # Nom: the cell emptied
    sheet.delete_rows(4)  # Ville: the row is gone (the rows below move up one)
    sheet["C5"] = "poste 12"  # next to Contact's value
    sheet["B8"] = "mardi dimanch"  # Jours d'ouverture
    sheet["B12"] = "Bâtiment C"  # an address line below the sheet's fields, unnamed
    sheet["A13"], sheet["B13"] = "Fax", "04 00 00 00 00"
    book.save(workbook)
    assert _problems(workbook) == [
        "cantine.xlsx: sheet 'Cantine', row 1, column B (Nom): required, but the cell is"
        " empty",
        "cantine.xlsx: sheet 'Cantine', row 5, column C: only column B holds the value of"
        " 'Contact'",
        "cantine.xlsx: sheet 'Cantine', row 8, column B (Jours d'ouverture): unknown weekday"
        " 'dimanch', did you mean 'sun' (dimanche)? (expected one of: mon, tue, wed, thu,"
        " fri, sat, sun, or a day's name in English or French: lundi, mardi...)",
        "cantine.xlsx: sheet 'Cantine', row 12, column B: a value without a field name in"
        " column A (several address lines go in one cell, one per line)",
        "cantine.xlsx: sheet 'Cantine', row 13, column A (Fax): unknown field 'Fax'"
        " (expected one of: " + ", ".join(f.header for f in CANTEEN_FIELDS) + ")",
        "cantine.xlsx: sheet 'Cantine', row 'Ville' (not in the sheet): required",
    ]


def test_a_bad_siret_and_cells_typed_as_numbers_or_on_several_lines(workbook: Path) -> None:
    """The SIRET's own rule (the model's) is shown on its cell; a SIRET or postcode typed
    as a number reads as its text, and blank address lines are dropped."""
    book = openpyxl.load_workbook(workbook)
    sheet = book[CANTEEN_SHEET]
    sheet["B8"] = "8123 4567 8000 05"
    book.save(workbook)
    assert _problems(workbook) == [
        "cantine.xlsx: sheet 'Cantine', row 8, column B (SIRET): must be 14 digits without"
        " spaces, got '8123 4567 8000 05'",
    ]
    sheet["B8"], sheet["B3"] = 81234567800005, 69009
    sheet["B2"] = "  3 rue des Écoles \n\n  Bâtiment B  "
    book.save(workbook)
    canteen = load(workbook).canteen
    assert canteen is not None
    assert (canteen.siret, canteen.postcode) == ("81234567800005", "69009")
    assert canteen.address == ("3 rue des Écoles", "Bâtiment B")


_CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["", " ", "fax", "web", "phone", "email", "oui", "peut-être",
                     "mardi dimanch", "a\nb", "\n\n", "Nom", "Adresse", "SIRET",
                     "canteen.city", "81234567800005", "8123 4567"]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
)


@functools.cache
def _canteen_workbook() -> bytes:
    """The canteen fixture's folder as a workbook, written once."""
    with tempfile.TemporaryDirectory() as tmp:
        files: dict[str, Any] = {**VALID_FILES, "canteen.toml": CANTEEN}
        _with_ordering(files, "ferme.toml", FERME_ORDERING)
        _with_ordering(files, "grossiste.toml", GROSSISTE_ORDERING)
        folder = write_data(Path(tmp) / "data", files)
        return write_workbook(folder, Path(tmp) / "cantine.xlsx").read_bytes()


@pytest.mark.slow
@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from([CANTEEN_SHEET, "Fournisseurs"]), st.integers(1, 14),
                  st.integers(1, 21), _CELL_VALUES),
        min_size=1,
        max_size=4,
    )
)
def test_any_damaged_canteen_or_ordering_cell_is_refused_with_its_place_or_read(
    edits: list[tuple[str, int, int, Any]],
) -> None:
    """The canteen sheet and the ordering columns overwritten with arbitrary values: the
    workbook loads, or is refused with problems that each name a sheet; nothing else."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cantine.xlsx"
        path.write_bytes(_canteen_workbook())
        book = openpyxl.load_workbook(path)
        for sheet, row, column, value in edits:
            if sheet == "Fournisseurs":
                row, column = min(row, 4), 15 + column % 6  # the ordering columns, O to T
            book[sheet].cell(row=row, column=column).value = value
        book.save(path)
        try:
            load(path)
        except InputError as error:
            assert error.problems
            assert all(str(p).startswith("cantine.xlsx: sheet '") for p in error.problems)
