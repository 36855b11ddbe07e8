"""The data workbook (``.xlsx``): written from a folder, read back with the same checks.

The round trips compare the whole catalogue (every quantity converted, every offer) and,
for the sample week, the whole plan JSON except the solver's timing; the damaged
workbooks are refused with the exact message naming sheet, row and column, exit 2.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cantine_supply import InputError, load, write_workbook
from cantine_supply.cli.main import main
from cantine_supply.planning.week import plan
from conftest import VALID_FILES, write_data

SAMPLE = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """The conftest's valid folder (CSV price list, tiers, containers...) as a workbook."""
    folder = write_data(tmp_path / "data", VALID_FILES)
    return write_workbook(folder, tmp_path / "cantine.xlsx")


def _edit(path: Path, sheet: str, cell: str, value: Any) -> None:
    """Set ``cell`` (``"G3"``) of ``sheet`` in the workbook at ``path``, as a user would."""
    book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def _stderr_lines(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(argv)
    return code, capsys.readouterr().err.splitlines()


# -- round trips ------------------------------------------------------------------------------


def test_valid_folder_round_trips_to_the_same_catalogue(tmp_path: Path, workbook: Path) -> None:
    assert load(workbook) == load(tmp_path / "data")


@pytest.fixture(scope="module")
def sample_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample data folder written as a workbook by the command line."""
    out = tmp_path_factory.mktemp("workbook") / "sample.xlsx"
    assert main(["workbook", str(SAMPLE), str(out), "-q"]) == 0
    return out


def test_sample_folder_round_trips_to_the_same_catalogue(sample_workbook: Path) -> None:
    assert load(sample_workbook) == load(SAMPLE)


def _without_timing(plan_json: dict[str, Any]) -> dict[str, Any]:
    solver = {k: v for k, v in plan_json["solver"].items() if k != "time_s"}
    return {**plan_json, "solver": solver}


def test_sample_week_plans_the_same_to_the_cent_from_the_workbook(
    sample_workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """folder -> workbook -> plan: the same plan JSON (orders, lines, every amount to the
    cent, indicators), both solved to gap 0."""
    from_folder = plan(load(SAMPLE), "2026-w48").to_json()
    assert main(["plan", str(sample_workbook), "--week", "2026-w48", "--json"]) == 0
    from_workbook = json.loads(capsys.readouterr().out)
    assert from_folder["status"] == "optimal" and from_folder["solver"]["gap"] == 0.0
    assert _without_timing(from_workbook) == _without_timing(from_folder)
    assert from_workbook["indicators"]["total_ttc"] == 352.34
    assert [order["total_ht"] for order in from_workbook["orders"]] == [
        order["total_ht"] for order in from_folder["orders"]
    ]


def test_cli_workbook_prints_what_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_data(tmp_path / "data", VALID_FILES)
    out = tmp_path / "cantine.xlsx"
    assert main(["workbook", str(folder), str(out)]) == 0
    assert capsys.readouterr() == (
        f"wrote {out}: 4 ingredients, 2 recipes, 2 suppliers, 5 offers, 1 collections,"
        " 1 week sheets\n",
        "",
    )


def test_workbook_sheets_and_french_headers(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == [
        "Lisez-moi", "Ingrédients", "Fournisseurs", "Offres", "Recettes", "Stock",
        "Collectes", "Semaine 2026-w48",
    ]
    offers = book["Offres"]
    assert [c.value for c in offers[1]][:7] == [
        "Fournisseur", "Référence", "Ingrédient", "Produit", "Colis", "Contenance",
        "Prix HT du colis",
    ]
    # the CSV price list's row: numbers as numbers, labels and tiers as text
    row = [c.value for c in offers[3]]
    assert row[:7] == ["ferme", "carottes-vrac", "carrot", "Carottes en vrac", "40 piece", None,
                       2.4]
    assert row[8] == "BIO HVE"
    assert row[12] == "4:2,20 10:2"
    week = book["Semaine 2026-w48"]
    grid = [[c.value for c in row] for row in week.iter_rows(min_row=25, max_row=26)]
    assert grid[0] == ["Date", "Service", "Couverts", "Entrée", "Plat principal", "Dessert",
                       "Autre"]
    assert grid[1][2:5] == [40, "oeufs-mimosa", "dahl"]


def test_an_existing_workbook_is_not_overwritten(
    tmp_path: Path, workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = workbook.read_bytes()
    code, err = _stderr_lines(["workbook", str(tmp_path / "data"), str(workbook)], capsys)
    assert (code, err) == (
        2, [f"{workbook}: already exists: choose a new name, or pass --force to replace it"]
    )
    assert workbook.read_bytes() == before
    assert main(["workbook", str(tmp_path / "data"), str(workbook), "--force", "-q"]) == 0


def test_the_name_must_end_in_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_data(tmp_path / "data", VALID_FILES)
    code, err = _stderr_lines(["workbook", str(folder), str(tmp_path / "x.ods")], capsys)
    assert (code, err) == (2, [f"{tmp_path / 'x.ods'}: the workbook's name must end in .xlsx"])
    assert not (tmp_path / "x.ods").exists()


def test_a_folder_with_problems_writes_no_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {**VALID_FILES, "stock.toml": VALID_FILES["stock.toml"].replace("6 kg", "6 kgs")}
    folder = write_data(tmp_path / "data", files)
    code, err = _stderr_lines(["workbook", str(folder), str(tmp_path / "x.xlsx")], capsys)
    assert code == 2
    assert err[0].startswith("stock.toml:3: lot[1].quantity: ")
    assert not (tmp_path / "x.xlsx").exists()


# -- damaged workbooks: sheet, row and column, exit 2 ----------------------------------------


def test_bad_unit_names_sheet_row_and_column(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(workbook, "Stock", "B2", "6 kgs")
    code, err = _stderr_lines(["validate", str(workbook)], capsys)
    assert (code, err) == (
        2,
        ["cantine.xlsx: sheet 'Stock', row 2, column B (Quantité): unknown unit 'kgs', did you"
         " mean 'kg'? (expected one of: g, kg, mg, ml, cl, dl, L, piece, dozen, bunch, can,"
         " jar)"],
    )


def test_unknown_ingredient_names_sheet_row_and_column(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(workbook, "Recettes", "E3", "lentils_rd")
    code, err = _stderr_lines(["plan", str(workbook), "--week", "2026-w48"], capsys)
    assert (code, err) == (
        2,
        ["cantine.xlsx: sheet 'Recettes', row 3, column E (Ingrédient): unknown ingredient"
         " 'lentils_rd', did you mean 'lentils_red'?"],
    )


def test_text_in_a_number_cell_names_sheet_row_and_column(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(workbook, "Offres", "G2", "onze")
    code, err = _stderr_lines(["plan", str(workbook), "--week", "2026-w48"], capsys)
    assert (code, err) == (
        2,
        ["cantine.xlsx: sheet 'Offres', row 2, column G (Prix HT du colis): expected a number,"
         " got 'onze'"],
    )


def test_every_problem_is_reported_in_sheet_order(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = openpyxl.load_workbook(workbook)
    book["Offres"]["G2"] = "onze"
    book["Ingrédients"]["F3"] = "beaucoup"
    book["Semaine 2026-w48"]["B9"] = "1,5"  # organic share: a decimal comma, refused as > 1
    book.save(workbook)
    code, err = _stderr_lines(["validate", str(workbook)], capsys)
    assert (code, err) == (
        2,
        [
            "cantine.xlsx: sheet 'Ingrédients', row 3, column F (kg CO2e par kg): expected a"
            " number, got 'beaucoup'",
            "cantine.xlsx: sheet 'Offres', row 2, column G (Prix HT du colis): expected a"
            " number, got 'onze'",
            "cantine.xlsx: sheet 'Semaine 2026-w48', row 9, column B (Part bio minimum): must"
            " be a share between 0 and 1 (0.3 means 30%), got 1.5",
        ],
    )


def test_decimal_comma_text_and_french_booleans_are_read(tmp_path: Path, workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["Offres"]["G2"] = "16,5"  # the folder's 16.50
    book["Semaine 2026-w48"]["B7"] = "oui"
    book.save(workbook)
    assert load(workbook) == load(tmp_path / "data")


def test_unknown_header_sheet_and_field(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["Stock"]["D1"] = "Cout unitaire"
    book["Semaine 2026-w48"]["A2"] = "Nom de semaine"
    book.create_sheet("Fournisseur")
    book.save(workbook)
    with pytest.raises(InputError) as error:
        load(workbook)
    assert [str(p) for p in error.value.problems] == [
        "cantine.xlsx: sheet 'Stock', row 1, column D (Cout unitaire): unknown column"
        " 'Cout unitaire', did you mean 'Coût unitaire HT'? (expected one of: Ingrédient,"
        " Quantité, À consommer avant, Coût unitaire HT)",
        "cantine.xlsx: sheet 'Semaine 2026-w48', row 2, column A (Nom de semaine): unknown"
        " field 'Nom de semaine', did you mean 'Nom de la semaine'? (expected one of: "
        + ", ".join(_week_labels()) + ")",
        "cantine.xlsx: sheet 'Semaine 2026-w48', row 'Nom de la semaine' (not in the sheet):"
        " required",
        "cantine.xlsx: sheet 'Fournisseur': unknown sheet 'Fournisseur', did you mean"
        " 'Fournisseurs'? (expected one of: Ingrédients, Fournisseurs, Offres, Recettes,"
        " Stock, Collectes, Cantine, Semaine ..., Lisez-moi)",
    ]


def _week_labels() -> list[str]:
    from cantine_supply.io.workbook_sheets import WEEK_FIELDS

    return [field.header for field in WEEK_FIELDS]


def test_offer_of_an_unknown_supplier_and_recipe_rows_that_disagree(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["Offres"]["A3"] = "grosiste"
    book["Recettes"]["B3"] = "Dahl"
    book.save(workbook)
    with pytest.raises(InputError) as error:
        load(workbook)
    assert [str(p) for p in error.value.problems] == [
        "cantine.xlsx: sheet 'Offres', row 3, column A (Fournisseur): unknown supplier"
        " 'grosiste', did you mean 'grossiste'? (expected one of: ferme, grossiste)",
        "cantine.xlsx: sheet 'Recettes', row 3, column B (Nom): differs from row 2"
        " ('Dahl de lentilles corail') of the same recipe; give it once, on its first row",
    ]


def test_missing_sheet_and_not_a_workbook(tmp_path: Path, workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    del book["Recettes"]
    book.save(workbook)
    with pytest.raises(InputError) as error:
        load(workbook)
    assert [str(p) for p in error.value.problems] == [
        "cantine.xlsx: sheet 'Recettes': sheet not found (every data workbook needs it)"
    ]
    fake = tmp_path / "fake.xlsx"
    fake.write_text("id;name\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load(fake)
    assert str(error.value) == (
        f"{fake}: cannot read the workbook (File is not a zip file); save it as an Excel"
        " .xlsx file"
    )


# -- the writer loses nothing ----------------------------------------------------------------


def test_a_key_without_a_column_is_refused_not_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key the folder accepts but the sheet has no column for (here ``email``, its
    column taken away) stops the writer: the workbook would lose it."""
    from cantine_supply.io import workbook_sheets, workbook_write

    files = {**VALID_FILES}
    files["suppliers/ferme.toml"] = files["suppliers/ferme.toml"].replace(
        'kind = "producer"', 'kind = "producer"\nemail = "commandes@ferme-du-val.fr"'
    )
    folder = write_data(tmp_path / "data", files)
    columns = tuple(c for c in workbook_sheets.SUPPLIERS.columns if c.key != "email")
    monkeypatch.setattr(workbook_write, "SUPPLIERS", workbook_sheets.Sheet("Fournisseurs", columns))
    with pytest.raises(InputError) as error:
        write_workbook(folder, tmp_path / "x.xlsx")
    assert str(error.value) == (
        "workbook: sheet 'Fournisseurs' has no column for email (read from the folder): the"
        " workbook would lose it, so it is not written"
    )
    assert list(tmp_path.glob("*.xlsx")) == list(tmp_path.glob(".tmp-*")) == []


def test_a_workbook_that_reads_back_differently_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cantine_supply.io import workbook_write
    from cantine_supply.io.workbook_sheets import Kind

    folder = write_data(tmp_path / "data", VALID_FILES)
    real = workbook_write.value_to_cell

    def off_by_a_cent(value: object, kind: Kind) -> object:
        cell = real(value, kind)
        return cell + 0.01 if isinstance(cell, float) and cell == 16.5 else cell

    monkeypatch.setattr(workbook_write, "value_to_cell", off_by_a_cent)
    with pytest.raises(workbook_write.NotWritableError) as error:
        write_workbook(folder, tmp_path / "x.xlsx")
    assert str(error.value) == (
        "the workbook would not read back as the folder (its offers differ); not written"
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


def test_a_missing_column_is_one_problem_and_a_duplicate_names_the_first_cell(
    workbook: Path,
) -> None:
    book = openpyxl.load_workbook(workbook)
    book["Ingrédients"]["B1"] = None  # the 'Nom' header: the column is gone
    book["Recettes"].append(["dahl", "Dahl encore", "main", None, "carrot", "30 g"])
    book["Recettes"].append(["oeufs-mimosa", None, None, None, "egg", "1 pièce"])
    book.save(workbook)
    with pytest.raises(InputError) as error:
        load(workbook)
    assert [str(p) for p in error.value.problems] == [
        "cantine.xlsx: sheet 'Ingrédients', row 1, column 'Nom' (not in the sheet): required"
        " on rows 2-5: add the column",
        "cantine.xlsx: sheet 'Recettes', row 6, column A (Recette): duplicate recipe id"
        " 'dahl', already used at sheet 'Recettes', row 2, column A (Recette)",
        "cantine.xlsx: sheet 'Recettes', row 7, column B (Nom): required, but the cell is"
        " empty",
        "cantine.xlsx: sheet 'Recettes', row 7, column C (Plat): required, but the cell is"
        " empty",
    ]


def test_a_round_marked_always_round_trips(tmp_path: Path) -> None:
    files = {**VALID_FILES}
    files["collections.toml"] = files["collections.toml"].replace(
        'labels = ["BIO"]', 'labels = ["BIO"]\nalways = true'
    )
    folder = write_data(tmp_path / "data", files)
    path = write_workbook(folder, tmp_path / "cantine.xlsx")
    assert openpyxl.load_workbook(path)["Collectes"]["G2"].value is True
    catalogue = load(path)
    assert catalogue == load(folder)
    assert [c.always for c in catalogue.collections] == [True]


def test_a_week_sheet_without_its_menu_grid(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["Semaine 2026-w48"]["A25"] = "Jour"  # the grid's 'Date' header, renamed
    book.save(workbook)
    with pytest.raises(InputError) as error:
        load(workbook)
    assert [str(p) for p in error.value.problems] == [
        "cantine.xlsx: sheet 'Semaine 2026-w48': no service: the menu grid is a row whose"
        " first cell is 'Date' (with the column headers), then one row per service",
        "cantine.xlsx: sheet 'Semaine 2026-w48', row 25, column A (Jour): unknown field"
        " 'Jour' (expected one of: " + ", ".join(_week_labels()) + ")",
        "cantine.xlsx: sheet 'Semaine 2026-w48', row 26, column A (Date): a service row, but"
        " no menu grid header above it (a row whose first cell is 'Date', then the column"
        " headers)",
    ]


# -- any damaged cell: refused with its place, never a crash ---------------------------------

_CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["", " ", "douze", "12,5", "2 kgs", "3 piece", "12 can", "mercredi",
                     "BIO|HVE", "4:1,5 10:1", "4:", "x:y", "a | b", "1 2 13", "oui"]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
)


@functools.cache
def _small_workbook() -> bytes:
    """The conftest's valid folder as a workbook, written once."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_data(Path(tmp) / "data", VALID_FILES)
        return write_workbook(folder, Path(tmp) / "cantine.xlsx").read_bytes()


@pytest.mark.slow
@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 7), st.integers(1, 30), st.integers(1, 14), _CELL_VALUES),
        min_size=1,
        max_size=4,
    )
)
def test_any_damaged_cell_is_refused_with_its_place_or_read(
    edits: list[tuple[int, int, int, Any]],
) -> None:
    """Cells of the small valid workbook overwritten with arbitrary values: the workbook
    loads, or is refused with problems that each name a sheet; nothing else is raised."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cantine.xlsx"
        path.write_bytes(_small_workbook())
        book = openpyxl.load_workbook(path)
        for sheet, row, column, value in edits:
            worksheet = book[book.sheetnames[sheet % len(book.sheetnames)]]
            worksheet.cell(row=row, column=column).value = value
        book.save(path)
        try:
            load(path)
        except InputError as error:
            assert error.problems
            assert all(str(p).startswith("cantine.xlsx: sheet '") for p in error.problems)
