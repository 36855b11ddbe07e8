"""The spreadsheets: one place writes every CSV (report/sheets.py), in English or French
style; the French files read as numbers in a French-locale spreadsheet (tests/calc_fr.py
reads them as LibreOffice Calc's French locale does); pack labels in French with plurals."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from calc_fr import read_calc_fr
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report.i18n import texts
from cantine_supply.report.order_forms import order_form_csv
from cantine_supply.report.packs import pack_text
from cantine_supply.report.sheets import CSV_STYLES, Rate, csv_text
from report_week import report_week


@pytest.fixture(scope="module")
def week() -> tuple[WeekProblem, Plan]:
    return report_week()


def test_french_style_is_semicolon_decimal_comma_and_bom() -> None:
    text = csv_text(["a", "b", "c", "d"], [["x;y", Decimal("1234.50"), Rate(0.055), 3]],
                    CSV_STYLES["fr"])
    assert text == '\ufeffa;b;c;d\r\n"x;y";1234,50;0,055;3\r\n'
    english = csv_text(["a", "b", "c", "d"], [["x,y", Decimal("1234.50"), Rate(0.2), 3]],
                       CSV_STYLES["en"])
    assert english == 'a,b,c,d\r\n"x,y",1234.50,0.2,3\r\n'
    assert read_calc_fr(text.encode("utf-8")) == [["a", "b", "c", "d"], ["x;y", 1234.5, 0.055, 3.0]]


def test_the_strict_reader_refuses_what_calc_would_misread() -> None:
    english = csv_text(["a", "b"], [["x", Decimal("5.20")]], CSV_STYLES["en"])
    with pytest.raises(AssertionError, match="byte-order mark"):
        read_calc_fr(english.encode("utf-8"))
    # with a BOM and ';' but a decimal point, the price stays text
    rows = read_calc_fr(b"\xef\xbb\xbfa;b\r\nx;5.20\r\n")
    assert rows[1] == ["x", "5.20"]


def test_french_order_forms_read_as_numbers_in_a_french_spreadsheet(
        week: tuple[WeekProblem, Plan]) -> None:
    problem, plan = week
    t = texts("fr")
    for order in plan.orders:
        rows = read_calc_fr(order_form_csv(problem, order, t).encode("utf-8"))
        head, body = rows[0], rows[1:]
        assert head[:5] == ["type", "cantine", "fournisseur", "courriel_fournisseur",
                            "date_livraison"]
        col = {name: i for i, name in enumerate(head)}
        lines = [r for r in body if r[0] == "ligne"]
        (total,) = [r for r in body if r[0] == "total"]
        assert [r[0] for r in body][len(lines)] in ("frais_livraison", "retrait")
        for row, line in zip(lines, order.lines, strict=True):
            assert row[col["date_livraison"]] == order.delivery_date
            for name in ("colis", "prix_unitaire_ht", "taux_tva", "total_ht", "total_ttc"):
                assert isinstance(row[col[name]], float), (name, row[col[name]])
            assert row[col["colis"]] == line.packs
            assert row[col["total_ht"]] == float(line.total_ht)
        fee = next(r for r in body if r[0] == "frais_livraison")
        summed = sum(Decimal(str(r[col["total_ht"]])) for r in [*lines, fee])
        assert summed == Decimal(str(total[col["total_ht"]])) == order.total_ht


def test_english_csv_stays_comma_and_point(week: tuple[WeekProblem, Plan]) -> None:
    problem, plan = week
    text = order_form_csv(problem, plan.orders[0], texts("en"))
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["kind"] == "line" and "." in rows[0]["unit_price_ht"]
    # --lang fr with --csv en: English spreadsheets from a French report
    mixed = order_form_csv(problem, plan.orders[0], texts("fr"), CSV_STYLES["en"])
    assert mixed == text


@pytest.mark.parametrize(("label", "fr", "en"), [
    ("1 bunch of 80 g", "1 botte de 80 g", "1 bunch of 80 g"),
    ("6 piece", "6 pièces", "6 pieces"),
    ("1 piece", "1 pièce", "1 piece"),
    ("3 can of 2.5 kg", "3 boîtes de 2,5 kg", "3 cans of 2.5 kg"),
    ("1 botte of 100 g", "1 botte de 100 g", "1 bunch of 100 g"),
    ("24 jar of 125 g", "24 pots de 125 g", "24 jars of 125 g"),
    ("12.5 kg", "12,5 kg", "12.5 kg"),
    ("sac de 25 kg", "sac de 25 kg", "sac de 25 kg"),
])
def test_pack_labels_in_french_with_plurals(label: str, fr: str, en: str) -> None:
    assert pack_text(label, "fr") == fr
    assert pack_text(label, "en") == en
