"""What the manager takes away: write_outputs, order forms, ma cantine file, HTML pages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from cantine_supply.model import Targets
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report import (
    MACANTINE_COLUMNS,
    PLACEHOLDER_SIRET,
    OutputError,
    egalim_indicators,
    plan_purchases,
    render_outputs,
    write_outputs,
)
from cantine_supply.report import outputs as outputs_module
from cantine_supply.report.i18n import texts
from cantine_supply.report.order_forms import form_names, slug
from cantine_supply.report.transparency import food_shares
from report_week import CANTEEN, CARROTS, CASH_AND_CARRY, WEEK_ID, report_week

Week = tuple[WeekProblem, Plan]


@pytest.fixture(scope="module")
def week() -> Week:
    problem, plan = report_week()
    assert plan.status.has_plan and plan.targets_met
    assert len(plan.orders) >= 2 and plan.collections and plan.leftovers
    return problem, plan


@pytest.fixture(scope="module")
def infeasible() -> Week:
    problem, plan = report_week(targets=Targets(organic_share=0.99))
    assert not plan.status.has_plan
    return problem, plan


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: content and modification time (ns)."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


# --------------------------------------------------------------------------- the folder


def test_writes_every_file_into_a_new_folder(week: Week, tmp_path: Path) -> None:
    problem, plan = week
    out = tmp_path / "results" / "w48"
    written = write_outputs(problem, plan, out)
    on_disk = sorted(p for p in out.rglob("*") if p.is_file())
    assert written == on_disk
    names = {str(p.relative_to(out)) for p in written}
    stems = form_names(plan)
    assert names == {"plan.json", "report.html", "transparency.html", "ma-cantine-achats.csv",
                     "manifest.json",
                     *(f"orders/{s}.csv" for s in stems), *(f"orders/{s}.html" for s in stems),
                     "to-send.csv",
                     *(f"emails/{s}.eml" for s in {o.supplier for o in plan.orders
                                                   if problem.suppliers[o.supplier].email})}
    assert stems[0] == f"{plan.orders[0].delivery_date.isoformat()}_{slug(plan.orders[0].supplier)}"
    assert siblings(out) == ["w48"]  # no temporary folder left behind


def test_plan_json_is_what_plan_json_prints(week: Week, tmp_path: Path) -> None:
    problem, plan = week
    write_outputs(problem, plan, tmp_path / "out")
    text = (tmp_path / "out" / "plan.json").read_text(encoding="utf-8")
    assert text == json.dumps(plan.to_json(), indent=2, ensure_ascii=False) + "\n"


def test_existing_folder_is_refused_and_left_unchanged(week: Week, tmp_path: Path) -> None:
    problem, plan = week
    out = tmp_path / "out"
    write_outputs(problem, plan, out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(OutputError, match="already exists.*--force"):
        write_outputs(problem, plan, out, lang="fr")
    assert snapshot(out) == before
    assert siblings(out) == ["out"]


def test_force_replaces_an_earlier_output_folder(week: Week, tmp_path: Path) -> None:
    problem, plan = week
    out = tmp_path / "out"
    write_outputs(problem, plan, out)
    write_outputs(problem, plan, out, force=True, lang="fr")
    assert "Bon de commande" in next((out / "orders").glob("*.html")).read_text(encoding="utf-8")
    assert siblings(out) == ["out"]


def test_force_never_replaces_a_folder_that_is_not_an_output(week: Week, tmp_path: Path) -> None:
    problem, plan = week
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.txt").write_text("years of work", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(OutputError, match="no readable manifest.json"):
        write_outputs(problem, plan, out, force=True)
    assert snapshot(out) == before
    file_out = tmp_path / "file"
    file_out.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder"):
        write_outputs(problem, plan, file_out, force=True)


def test_data_folder_is_protected(week: Week, tmp_path: Path) -> None:
    problem, plan = week
    data = tmp_path / "data"
    (data / "weeks").mkdir(parents=True)
    (data / "weeks" / "w.toml").write_text("[week]\n", encoding="utf-8")
    before = snapshot(data)
    for target in (data, data / "out", data / "weeks" / "deep" / "out"):
        with pytest.raises(OutputError, match="data folder"):
            write_outputs(problem, plan, target, force=True, protected=[data])
    with pytest.raises(OutputError, match="contains the data folder"):
        write_outputs(problem, plan, tmp_path, force=True, protected=[data])
    assert snapshot(data) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_interrupted_write_leaves_nothing_half_written(
    week: Week, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem, plan = week
    out = tmp_path / "out"
    real = outputs_module._write_tree

    def crash(root: Path, files: dict[str, str]) -> None:
        real(root, dict(list(files.items())[:2]))
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs_module, "_write_tree", crash)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(problem, plan, out)
    assert list(tmp_path.iterdir()) == []

    monkeypatch.setattr(outputs_module, "_write_tree", real)
    write_outputs(problem, plan, out)
    before = snapshot(out)
    monkeypatch.setattr(outputs_module, "_write_tree", crash)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(problem, plan, out, force=True)
    assert snapshot(out) == before
    assert siblings(out) == ["out"]


@pytest.mark.slow  # the diagnosis of the sample week at organic 99%: about a minute
def test_infeasible_week_writes_plan_and_report_with_the_diagnosis(
    infeasible: Week, tmp_path: Path
) -> None:
    problem, plan = infeasible
    plan = attrs.evolve(plan, diagnosis=(
        {"target": "organic_share", "limit": 0.99, "best": 0.4, "needed_budget": 500.0,
         "message": "organic <share> too high"},
        {"target": "all", "limit": None, "best": None, "needed_budget": None,
         "message": "no budget is enough"},
        {"target": "supply", "ingredient": "carrot", "limit": None, "best": None,
         "message": "nobody sells carrots"},
    ))
    written = write_outputs(problem, plan, tmp_path / "out")
    assert [p.name for p in written] == ["manifest.json", "plan.json", "report.html"]
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="diagnosis"' in report
    assert "organic &lt;share&gt; too high" in report and "nobody sells carrots" in report
    assert ("<tr><td>Organic share</td><td class=\"num\">99.0%</td><td class=\"num\">40.0%</td>"
            "<td class=\"num\">€500.00</td></tr>") in report
    assert "<td>Every target together</td>" in report
    assert "no plan meets every need" in report
    assert "Salade de carottes au cumin" in report  # the menu is still shown


# --------------------------------------------------------------------------- order forms


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_order_form_totals_add_up_to_the_cent_and_match_plan_json(week: Week) -> None:
    problem, plan = week
    files = render_outputs(problem, plan)
    orders_json = json.loads(files["plan.json"])["orders"]
    for stem, order, order_json in zip(form_names(plan), plan.orders, orders_json, strict=True):
        rows = read_csv(files[f"orders/{stem}.csv"])
        lines = [r for r in rows if r["kind"] == "line"]
        (fee,) = [r for r in rows if r["kind"] == "delivery_fee"]
        (total,) = [r for r in rows if r["kind"] == "total"]
        assert all(r["supplier"] == order.supplier_name for r in rows)
        assert all(r["delivery_date"] == order.delivery_date.isoformat() for r in rows)
        assert all(r["canteen"] == CANTEEN for r in rows)
        for column in ("total_ht", "total_ttc"):
            summed = sum((Decimal(r[column]) for r in lines), Decimal(0)) + Decimal(fee[column])
            assert summed == Decimal(total[column])
            assert Decimal(total[column]) == Decimal(str(order_json[column]))
        assert Decimal(fee["total_ht"]) == Decimal(str(order_json["delivery_fee_ht"]))
        for row, line in zip(lines, order_json["lines"], strict=True):
            assert row["product"] == line["product"]
            assert int(row["packs"]) == line["packs"]
            assert Decimal(row["total_ht"]) == Decimal(str(line["total_ht"]))
            assert Decimal(row["total_ht"]) == (
                Decimal(row["unit_price_ht"]) * int(row["packs"])).quantize(Decimal("0.01"))
        for line in lines:
            assert Decimal(line["total_ht"]).as_tuple().exponent == -2


def test_order_form_says_minimum_order_and_delivery_fee(week: Week) -> None:
    problem, plan = week
    files = render_outputs(problem, plan)
    stem = next(s for s, o in zip(form_names(plan), plan.orders, strict=True)
                if o.supplier == "ferme-du-val")
    order = next(o for o in plan.orders if o.supplier == "ferme-du-val")
    page = files[f"orders/{stem}.html"]
    assert "commandes@fermeduval.example" in page
    assert "Minimum order" in page and "€30.00" in page
    status = "free: the order reaches €60.00" if not order.delivery_fee_ht else (
        "paid: the order is below €60.00")
    assert status in page
    rows = read_csv(files[f"orders/{stem}.csv"])
    assert [r["kind"] for r in rows][-3:] == ["delivery_fee", "total", "minimum_order"]


# --------------------------------------------------------------------------- ma cantine


def test_macantine_file_has_the_12_columns_one_row_per_line(week: Week) -> None:
    problem, plan = week
    text = render_outputs(problem, plan, siret="12345678901234")["ma-cantine-achats.csv"]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == MACANTINE_COLUMNS
    body = rows[1:]
    assert len(body) == sum(len(o.lines) for o in plan.orders)
    assert all(len(r) == 12 and r[0] == "12345678901234" for r in body)
    assert sum(Decimal(r[4]) for r in body) == plan.indicators.purchases_ht  # type: ignore[union-attr]
    by_supplier = {r[2]: r for r in body}
    farm = by_supplier["Ferme du Val"]
    assert farm[8:12] == ["oui", "oui", "KM", "13"]  # 12.5 km, rounded up to whole km
    assert by_supplier[CASH_AND_CARRY][8:12] == ["", "", "", ""]


def test_plan_purchases_follow_offers_suppliers_and_ingredients(week: Week) -> None:
    problem, plan = week
    purchases = plan_purchases(problem, plan)
    lines = [(o, line) for o in plan.orders for line in o.lines]
    assert len(purchases) == len(lines)
    for purchase, (order, line) in zip(purchases, lines, strict=True):
        assert purchase.description == line.product
        assert purchase.supplier == order.supplier_name
        assert purchase.date == order.delivery_date
        assert Decimal(str(purchase.value_ht)) == line.total_ht
        assert purchase.family == problem.ingredients[line.ingredient].family
        assert tuple(str(x) for x in purchase.labels) == line.labels
        assert purchase.circuit_court == line.circuit_court
        assert purchase.local == line.local


def test_macantine_file_is_left_out_when_ma_cantine_would_refuse_it(tmp_path: Path) -> None:
    problem, plan = report_week(chicken_labels=("CONVERSION_BIO",))
    assert any("CONVERSION_BIO" in line.labels for o in plan.orders for line in o.lines)
    names = [p.name for p in write_outputs(problem, plan, tmp_path / "out")]
    assert "ma-cantine-achats.csv" not in names and "report.html" in names
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "ma-cantine-achats.csv was not written" in report
    assert "CONVERSION_BIO" in report


def test_placeholder_siret_is_said_in_the_report(week: Week) -> None:
    problem, plan = week
    assert PLACEHOLDER_SIRET in render_outputs(problem, plan)["report.html"]
    assert PLACEHOLDER_SIRET not in render_outputs(problem, plan,
                                                   siret="12345678901234")["report.html"]


# --------------------------------------------------------------------------- HTML pages


def test_html_escapes_every_data_string(week: Week) -> None:
    problem, plan = week
    files = render_outputs(problem, plan)
    # Jinja2 writes a double quote as &#34;, html.escape as &quot;: both are escaped
    pages = {name: text.replace("&#34;", "&quot;") for name, text in files.items()
             if name.endswith(".html")}
    raw = (CASH_AND_CARRY, CARROTS, CANTEEN, "<maison>", "<Lyon>", "<bio>")
    for name, text in pages.items():
        for value in raw:
            assert value not in text, (name, value)
    report = pages["report.html"]
    assert "Carottes &lt;bio&gt; &amp; co" in report
    assert "La Petite Cantine &quot;Vaise&quot; &amp; co" in report
    assert "Poulet rôti &lt;maison&gt;" in report
    escaped = "Métro &quot;Cash&quot; &lt;Lyon&gt; &amp; Vaise"
    assert escaped in report
    for name, text in pages.items():
        if name.startswith("orders/") and "metro" in name:
            assert escaped in text


def test_pages_are_self_contained_a4(week: Week) -> None:
    problem, plan = week
    for name, text in render_outputs(problem, plan).items():
        if not name.endswith(".html"):
            continue
        lower = text.lower()
        for needle in ("<script", "<link", "<img", "<iframe", "@import", "url(", "src="):
            assert needle not in lower, (name, needle)
        assert "https://" not in lower
        assert "http://" not in lower.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "@page { size: A4" in text and "max-width: 180mm" in text


def test_report_shows_costs_targets_egalim_menu_collections_leftovers(week: Week) -> None:
    problem, plan = week
    ind = plan.indicators
    assert ind is not None
    report = render_outputs(problem, plan)["report.html"]
    t = texts("en")
    assert f'id="cost-per-cover">{t.money(ind.cost_per_cover_ttc)}<' in report
    assert f'id="total-ttc">{t.money(ind.total_ttc)}<' in report
    for label in ("Delivery fees", "Collection trips", "Meat and poultry", "Ferme du Val"):
        assert label in report
    eg = egalim_indicators(plan_purchases(problem, plan), problem.week.region)
    for share in (eg.bio_share, eg.egalim_share, eg.meat_fish_egalim_share):
        assert t.share(share, 1) in report
    assert "≥ 20%" in report and "≥ 50%" in report and "≥ 60%" in report
    assert report.count("<svg") >= len(plan.targets)  # a bar per target (page 1)
    for text in ("Dahl de lentilles corail", "Compote de pommes", "vegetarian", "38", "42",
                 "Invendus Biocoop Les Halles", "Leftovers and waste", "Lentilles corail"):
        assert text in report
    for stem in form_names(plan):
        assert f'href="orders/{stem}.html"' in report
    assert "Why the targets are not met" not in report


def test_french_labels_and_formats(week: Week) -> None:
    problem, plan = week
    ind = plan.indicators
    assert ind is not None
    files = render_outputs(problem, plan, lang="fr")
    report, sheet = files["report.html"], files["transparency.html"]
    form = next(v for k, v in files.items() if k.startswith("orders/") and k.endswith(".html"))
    form_csv = next(v for k, v in files.items() if k.startswith("orders/") and k.endswith(".csv"))
    assert '<html lang="fr">' in report
    for label in ("Coût par couvert", "Ce que coûte un repas", "Objectifs", "Collectes à faire",
                  "Restes et gaspillage", "Frais de livraison", "mardi 24 novembre 2026"):
        assert label in report
    money = f"{ind.cost_per_cover_ttc:.2f}".replace(".", ",") + "\u202f€"
    assert money in report and money in sheet
    assert "Bon de commande" in form and "Prix unitaire HT" in form
    assert form_csv.startswith("\ufefftype;cantine;fournisseur;courriel_fournisseur;date_livraison")
    assert "prix libre" in sheet.lower()
    english = render_outputs(problem, plan)["report.html"]
    assert "Cost per cover" in english and "Coût par couvert" not in english


def test_transparency_sheet_shows_cost_and_food_shares(week: Week) -> None:
    problem, plan = week
    ind = plan.indicators
    assert ind is not None
    sheet = render_outputs(problem, plan)["transparency.html"]
    shares = food_shares(problem, plan)
    t = texts("en")
    assert f'id="cost-per-cover">{t.money(ind.cost_per_cover_ttc)}<' in sheet
    for share in (shares.organic, shares.local, shares.unsold):
        assert share is not None and 0 < share < 1
        assert f"<b>{t.share(share)}</b>" in sheet
    assert shares.unsold == pytest.approx(ind.collected_kg / (ind.collected_kg + ind.purchased_kg))
    assert "pay what you choose" in sheet


def test_texts_format_money_shares_and_dates() -> None:
    en, fr = texts("en"), texts("fr")
    assert en.money(Decimal("1234.5")) == "€1,234.50"
    assert fr.money(Decimal("1234.5")) == "1\u202f234,50\u202f€"
    assert en.share(0.305) == "30%" and fr.share(0.3051, 1) == "30,5\u202f%"
    assert en.share(None) == "n/a"
    assert en.date(dt.date(2026, 11, 24)) == "Tuesday 24 November 2026"
    assert fr.date(dt.date(2026, 11, 24)) == "mardi 24 novembre 2026"
    assert fr.short_date(dt.date(2026, 2, 3)) == "mar. 3 févr."
    assert fr.quantity(2.5, "kg") == "2,5 kg" and en.quantity(3, "piece") == "3 pieces"
    with pytest.raises(ValueError, match="unknown language"):
        texts("de")


def test_week_id_and_folder_names() -> None:
    assert slug("Ferme du Val (Lyon 9e)") == "ferme-du-val-lyon-9e"
    assert slug("Épicerie/Ô") == "epicerie-o"
    assert slug("///") == "supplier"
    assert WEEK_ID == "2026-w48"
    assert os.sep not in slug("a/b\\c")
