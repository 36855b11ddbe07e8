"""The ma cantine purchase import file: columns, formats, quoting and refusals."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cantine_supply.errors import CantineSupplyError
from cantine_supply.model.codes import Family, Label, LocalDefinition, Origin
from cantine_supply.report import (
    MACANTINE_COLUMNS,
    MacantineExportError,
    Purchase,
    macantine_rows,
    write_macantine_csv,
)
from cantine_supply.report.cells import spreadsheet_cell

SIRET = "21450269200012"
TODAY = dt.date(2024, 6, 30)
EXPECTED_HEADER = [
    "siret",
    "description",
    "fournisseur",
    "date",
    "prix_ht",
    "famille_produits",
    "categories_egalim",
    "origine",
    "est_circuit_court",
    "est_local",
    "definition_local",
    "definition_local_km",
]


def purchase(**changes: object) -> Purchase:
    fields: dict[str, object] = {
        "description": "Pommes de terre",
        "supplier": "Ferme des Lilas",
        "date": dt.date(2024, 6, 3),
        "value_ht": 42.5,
        "family": Family.FRUITS_ET_LEGUMES,
        "labels": (),
        "origin": Origin.FRANCE,
        "circuit_court": False,
        "local": False,
        "local_definition": None,
        "local_km": None,
    }
    fields.update(changes)
    return Purchase(**fields)  # type: ignore[arg-type]


def sample() -> list[Purchase]:
    return [
        purchase(labels=(Label.LABEL_ROUGE, Label.BIO), circuit_court=True),
        purchase(
            description="Filets de lieu, pêche durable",
            family=Family.PRODUITS_DE_LA_MER,
            value_ht=1234.5,
            labels=(Label.PECHE_DURABLE,),
            origin=Origin.EUROPE,
        ),
        purchase(
            description="Poulet fermier",
            family=Family.VIANDES_VOLAILLES,
            value_ht=0.1 + 0.2,
            origin=Origin.OTHER,
            local=True,
            local_definition=LocalDefinition.KM,
            local_km=30.0,
        ),
        purchase(
            description="Yaourts",
            family=Family.PRODUITS_LAITIERS,
            local=True,
            local_definition=LocalDefinition.REGION,
            date=TODAY,
        ),
    ]


def write(tmp_path: Path, purchases: list[Purchase]) -> tuple[str, list[list[str]]]:
    path = tmp_path / "achats.csv"
    write_macantine_csv(purchases, SIRET, path, today=TODAY)
    raw = path.read_text(encoding="utf-8")
    with path.open(newline="", encoding="utf-8") as f:
        return raw, list(csv.reader(f))


# --------------------------------------------------------------------------- shape


def test_header_and_exactly_twelve_columns_in_order(tmp_path: Path) -> None:
    raw, table = write(tmp_path, sample())
    assert list(MACANTINE_COLUMNS) == EXPECTED_HEADER
    assert table[0] == EXPECTED_HEADER
    assert raw.startswith('"siret","description","fournisseur","date","prix_ht",')
    assert not raw.startswith("\ufeff")  # no byte-order mark before the header
    assert len(table) == 1 + 4
    assert all(len(row) == 12 for row in table)
    assert all(row[0] == SIRET for row in table[1:])


def test_rows_match_the_written_file(tmp_path: Path) -> None:
    _, table = write(tmp_path, sample())
    assert table[1:] == macantine_rows(sample(), SIRET, today=TODAY)


def test_dates_are_iso(tmp_path: Path) -> None:
    _, table = write(tmp_path, sample())
    dates = [row[3] for row in table[1:]]
    assert dates == ["2024-06-03", "2024-06-03", "2024-06-03", "2024-06-30"]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)


def test_prices_have_a_decimal_point_and_two_decimals(tmp_path: Path) -> None:
    raw, table = write(tmp_path, sample())
    prices = [row[4] for row in table[1:]]
    # 42.5 -> 42.50 ; 1234.5 -> 1234.50 (no thousands separator) ; 0.1 + 0.2 -> 0.30
    assert prices == ["42.50", "1234.50", "0.30", "42.50"]
    assert all(re.fullmatch(r"\d+\.\d{2}", p) for p in prices)
    assert '"42,50"' not in raw and "1 234" not in raw


def test_half_cents_round_up() -> None:
    [row] = macantine_rows([purchase(value_ht=2.675)], SIRET, today=TODAY)
    assert row[4] == "2.68"


def test_label_list_is_quoted_in_the_raw_file(tmp_path: Path) -> None:
    raw, table = write(tmp_path, sample())
    # the labels are written in ma cantine's order whatever order the purchase lists them
    assert table[1][6] == "BIO,LABEL_ROUGE"
    assert '"BIO,LABEL_ROUGE"' in raw
    assert table[2][6] == "PECHE_DURABLE"
    assert table[3][6] == ""
    # every field is quoted, empty ones too
    first_data_line = raw.splitlines()[1]
    assert first_data_line.startswith(f'"{SIRET}","Pommes de terre","Ferme des Lilas",')
    assert first_data_line.endswith(',"oui","","",""')


def test_origin_is_france_or_europe_or_empty_never_both(tmp_path: Path) -> None:
    _, table = write(tmp_path, sample())
    origins = [row[7] for row in table[1:]]
    assert origins == ["FRANCE", "EUROPE", "", "FRANCE"]
    for row in table[1:]:
        cells = ",".join(row[6:8]).split(",")
        assert not ("FRANCE" in cells and "EUROPE" in cells)


def test_flags_are_oui_or_empty(tmp_path: Path) -> None:
    _, table = write(tmp_path, sample())
    assert [row[8] for row in table[1:]] == ["oui", "", "", ""]  # est_circuit_court
    assert [row[9] for row in table[1:]] == ["", "", "oui", "oui"]  # est_local


def test_local_definition_columns(tmp_path: Path) -> None:
    _, table = write(tmp_path, sample())
    assert [row[10:12] for row in table[1:]] == [["", ""], ["", ""], ["KM", "30"], ["REGION", ""]]
    # local without a definition, and KM without a distance, are accepted by ma cantine
    rows = macantine_rows(
        [
            purchase(local=True),
            purchase(local=True, local_definition=LocalDefinition.KM),
        ],
        SIRET,
        today=TODAY,
    )
    assert [row[9:12] for row in rows] == [["oui", "", ""], ["oui", "KM", ""]]


def test_write_to_an_open_text_file() -> None:
    buffer = io.StringIO(newline="")
    write_macantine_csv(sample(), SIRET, buffer, today=TODAY)
    lines = buffer.getvalue().split("\r\n")
    assert lines[0] == ",".join(f'"{c}"' for c in EXPECTED_HEADER)
    assert lines[-1] == ""  # the file ends with a line break
    assert len(lines) == 1 + 4 + 1


def test_no_purchases_gives_a_header_only_file(tmp_path: Path) -> None:
    _, table = write(tmp_path, [])
    assert table == [EXPECTED_HEADER]


# --------------------------------------------------------------------------- refusals


def test_future_date_is_refused_relative_to_today() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(
        MacantineExportError, match=r"2024-07-01 is in the future \(today is 2024-06-30\)"
    ):
        macantine_rows([purchase(date=tomorrow)], SIRET, today=TODAY)
    assert macantine_rows([purchase(date=TODAY)], SIRET, today=TODAY)[0][3] == "2024-06-30"


def test_every_problem_is_reported_together_with_its_line() -> None:
    purchases = [
        purchase(),
        purchase(description="  ", date=dt.date(2025, 1, 1)),
        purchase(supplier="", labels=(Label.CONVERSION_BIO,)),
        purchase(local=True, local_definition=LocalDefinition.KM, local_km=12.5),
    ]
    with pytest.raises(MacantineExportError) as caught:
        macantine_rows(purchases, "214 502 692 00012", today=TODAY)
    problems = caught.value.problems
    assert problems[0].startswith("siret must be 14 digits")
    assert any(p.startswith("line 3 ") and "description is empty" in p for p in problems)
    assert any(p.startswith("line 3 ") and "in the future" in p for p in problems)
    assert any(p.startswith("line 4 ") and "fournisseur is empty" in p for p in problems)
    assert any(p.startswith("line 4 ") and "CONVERSION_BIO" in p for p in problems)
    assert any(p.startswith("line 5 ") and "whole number of km, got 12.5" in p for p in problems)
    assert len(problems) == 6
    # one error class for callers who catch the library's errors, a ValueError for others
    assert isinstance(caught.value, CantineSupplyError)
    assert isinstance(caught.value, ValueError)


def test_price_too_large_for_the_platform_is_refused() -> None:
    with pytest.raises(ValueError, match="too large"):
        macantine_rows([purchase(value_ht=1e18)], SIRET, today=TODAY)


def test_a_refused_export_leaves_the_existing_file_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "achats.csv"
    write_macantine_csv(sample(), SIRET, path, today=TODAY)
    before = path.read_bytes()
    os.chmod(path, 0o640)
    with pytest.raises(MacantineExportError):
        write_macantine_csv([purchase(date=dt.date(2099, 1, 1))], SIRET, path, today=TODAY)
    assert path.read_bytes() == before
    write_macantine_csv(sample()[:1], SIRET, path, today=TODAY)
    assert path.read_bytes() != before
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)  # an existing file keeps its mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["achats.csv"]


# --------------------------------------------------------------------------- property


_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    min_size=1,
    max_size=30,
).filter(str.strip)


@settings(max_examples=200, derandomize=True)
@given(
    purchases=st.lists(
        st.builds(
            Purchase,
            description=_text,
            supplier=_text,
            date=st.dates(min_value=dt.date(2000, 1, 1), max_value=TODAY),
            value_ht=st.floats(min_value=0, max_value=1e9, allow_nan=False),
            family=st.sampled_from(Family),
            labels=st.lists(
                st.sampled_from([x for x in Label if x is not Label.CONVERSION_BIO]),
                unique=True,
                max_size=5,
            ).map(tuple),
            origin=st.sampled_from(Origin),
            circuit_court=st.booleans(),
            local=st.just(False),
            local_definition=st.none(),
            local_km=st.none(),
        ),
        max_size=8,
    )
)
def test_any_valid_purchase_round_trips_through_csv(purchases: list[Purchase]) -> None:
    buffer = io.StringIO(newline="")
    write_macantine_csv(purchases, SIRET, buffer, today=TODAY)
    table = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert table[0] == EXPECTED_HEADER
    assert len(table) == len(purchases) + 1
    for row, p in zip(table[1:], purchases, strict=True):
        assert len(row) == 12
        assert row[1] == spreadsheet_cell(p.description.strip())  # text, never a formula
        assert row[2] == spreadsheet_cell(p.supplier.strip())
        assert re.fullmatch(r"\d+\.\d{2}", row[4])
        assert abs(float(row[4]) - p.value_ht) <= 0.005 + 1e-9 * p.value_ht
        assert set(filter(None, row[6].split(","))) == {str(x) for x in p.labels}
        assert row[7] in ("FRANCE", "EUROPE", "")
