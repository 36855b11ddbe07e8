"""The journal's input files: delivery notes, collections, waste, stock counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cantine_supply import InputError, load
from cantine_supply.io.journal_files import (
    CollectedRow,
    ReceivedRow,
    load_count_file,
    read_collected_csv,
    read_receipt_csv,
    read_waste_csv,
)
from journal_loop import DATA


@pytest.fixture(scope="module")
def catalogue():  # type: ignore[no-untyped-def]
    return load(DATA)


def test_delivery_notes_as_a_french_spreadsheet_writes_them(tmp_path: Path) -> None:
    notes = tmp_path / "livraisons.csv"
    notes.write_bytes("\ufeffdate;offer;packs;invoiced_ht;replaces;product\r\n"
                      "2026-11-24;grand-marche-pro/kiwis-3kg;0;;;Kiwis\r\n"
                      "2026-11-24;grand-marche-pro/lait-6L;1;0,285;;\r\n"
                      ";;;;;\r\n"
                      "2026-11-26;a/b;2;13,50;a/c;\r\n".encode())
    assert read_receipt_csv(notes) == [
        ReceivedRow(dt.date(2026, 11, 24), "grand-marche-pro/kiwis-3kg", 0, None, None,
                    "livraisons.csv", 2),
        ReceivedRow(dt.date(2026, 11, 24), "grand-marche-pro/lait-6L", 1, 29, None,
                    "livraisons.csv", 3),  # 0.285 rounded half up once: 0.29
        ReceivedRow(dt.date(2026, 11, 26), "a/b", 2, 1350, "a/c", "livraisons.csv", 5),
    ]


def test_bad_delivery_notes_name_row_and_column(tmp_path: Path) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("date,offer,packs,invoiced_ht,replaces\n"
                     "24/11/2026,x/y,1,,\n2026-11-24,,-1,abc,\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_receipt_csv(notes)
    assert [str(p) for p in caught.value.problems] == [
        "notes.csv:2: row 2, column date: expected a date YYYY-MM-DD, got '24/11/2026'",
        "notes.csv:3: row 3, column packs: expected a whole number of packs >= 0, got '-1'",
        "notes.csv:3: row 3, column invoiced_ht: expected an amount in EUR HT >= 0, got 'abc'",
        "notes.csv:3: row 3, column offer: empty (expected an offer id such as"
        " grand-marche-pro/carottes-10kg)",
    ]
    short = tmp_path / "short.csv"
    short.write_text("date,offer\n2026-11-24,x/y\n", encoding="utf-8")
    with pytest.raises(InputError, match="short.csv:1: header: missing column"
                       r"\(s\) packs, invoiced_ht, replaces"):
        read_receipt_csv(short)


def test_collections_and_waste_are_converted_once_to_base_units(
        tmp_path: Path, catalogue) -> None:  # type: ignore[no-untyped-def]
    collected = tmp_path / "collectes.csv"
    collected.write_text("date,collection,ingredient,quantity\n"
                         "2026-11-24,epi-vert-mardi,carrot,4500 g\n"
                         "2026-11-24,epi-vert-mardi,apple,\"2,5 kg\"\n", encoding="utf-8")
    assert read_collected_csv(collected, catalogue) == [
        CollectedRow(dt.date(2026, 11, 24), "epi-vert-mardi", "carrot", 4.5,
                     "collectes.csv", 2),
        CollectedRow(dt.date(2026, 11, 24), "epi-vert-mardi", "apple", 2.5,
                     "collectes.csv", 3)]
    waste = tmp_path / "pertes.csv"
    waste.write_text("date,ingredient,quantity\n2026-11-27,milk,50 cl\n"
                     "2026-11-27,unicorn,1 kg\n2026-11-27,cream,deux kilos\n",
                     encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_waste_csv(waste, catalogue)
    assert [p.field for p in caught.value.problems] == [
        "row 3, column ingredient", "row 4, column quantity"]
    waste.write_text("date,ingredient,quantity\n2026-11-27,milk,50 cl\n", encoding="utf-8")
    [row] = read_waste_csv(waste, catalogue)
    assert (row.ingredient, row.quantity, row.unit) == ("milk", 0.5, "L")


def test_a_count_with_an_unknown_ingredient_is_refused(
        tmp_path: Path, catalogue) -> None:  # type: ignore[no-untyped-def]
    count = tmp_path / "inventaire.toml"
    count.write_text('[[lot]]\ningredient = "unicorn"\nquantity = "1 kg"\n', encoding="utf-8")
    with pytest.raises(InputError, match="inventaire.toml"):
        load_count_file(count, catalogue)
    with pytest.raises(InputError, match="missing.toml: file not found"):
        load_count_file(tmp_path / "missing.toml", catalogue)
