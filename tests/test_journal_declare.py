"""``declare`` from received purchases (issue 19, second "must show"): the ma cantine
file keeps the platform's rules, a second declare writes no purchase twice, and the EGalim
figures match a hand computation (fair-trade sub-totals, origin France, several labels
per purchase counted once under the highest)."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from cantine_supply.io.journal_files import ReceivedRow
from cantine_supply.journal import (
    DeliveredLine,
    Journal,
    JournalError,
    receive_week,
)
from cantine_supply.model import Family, Label, LocalDefinition, Origin
from cantine_supply.report.declare import declare, price_moves
from cantine_supply.report.egalim_period import LABEL_PRIORITY, period_indicators, top_label
from cantine_supply.report.macantine import MACANTINE_COLUMNS, MacantineExportError
from journal_loop import Loop, loop_fixture  # noqa: F401

SIRET = "49463556926130"
EGALIM = "BIO|LABEL_ROUGE|AOCAOP|IGP|STG|HVE|PECHE_DURABLE|RUP|COMMERCE_EQUITABLE|FERMIER" \
    "|EXTERNALITES|PERFORMANCE"
#: The platform's pattern for a list of characteristics (achats_siret.json).
LABELS_PATTERN = re.compile(rf"^ *({EGALIM})( *, *({EGALIM}))* *$")


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def _copy(loop: Loop, tmp_path: Path) -> Path:
    copy = tmp_path / "journal.sqlite"
    shutil.copy(loop[1], copy)
    return copy


def test_declare_keeps_every_platform_rule(loop: Loop, tmp_path: Path) -> None:
    catalogue, _path, weeks = loop
    out = tmp_path / "achats.csv"
    today = dt.date(2026, 12, 10)
    with Journal(_copy(loop, tmp_path)) as journal:
        result = declare(journal, catalogue, dt.date(2026, 11, 1), dt.date(2026, 12, 31),
                         siret=SIRET, path=out, today=today)
        delivered = [d for d in journal.deliveries() if d.packs > 0]
    table = _read(out)
    assert tuple(table[0]) == MACANTINE_COLUMNS  # the 12 columns, in order
    rows = table[1:]
    # no date in the future: what is delivered after today waits for a later declare
    assert all(dt.date.fromisoformat(r[3]) <= today for r in rows)
    past = [d for d in delivered if d.delivery_date <= today]
    assert (result.rows, result.future) == (len(past), len(delivered) - len(past))
    assert len(rows) == len(past) > 0
    # booleans are "oui" or empty, read by the platform as it reads them (strip, lower,
    # "oui" or "x" is true): exactly the purchase's flags
    by_product = {(d.delivery_date.isoformat(), d.product): d for d in past}
    for r in rows:
        line = by_product[(r[3], r[1])]
        assert r[8] in ("oui", "") and r[9] in ("oui", "")
        assert (r[8].strip().lower() in ("oui", "x")) is line.circuit_court
        assert (r[9].strip().lower() in ("oui", "x")) is line.local
        assert r[7] in ("FRANCE", "EUROPE", "") and r[7] == (
            "" if line.origin is Origin.OTHER else str(line.origin))
        assert r[6] == "" or LABELS_PATTERN.match(r[6])
        assert r[10] == "" or r[9] == "oui"  # a local definition only when local
        assert r[11] == "" or r[10] == "KM"
        assert r[0] == SIRET and r[4] == f"{line.invoiced_ht_cents / 100:.2f}"
    # received purchases only: the missing kiwis are not there, the substitute is,
    # and the chicken at its invoiced price
    products = {(r[3], r[1]) for r in rows}
    w48 = weeks[0].plan
    day, kiwis = next((o.delivery_date, x) for o in w48.orders for x in o.lines
                      if x.ingredient == "kiwi")
    assert (day.isoformat(), kiwis.product) not in products
    sub = next(d for d in past if d.replaces)
    assert [r[4] for r in rows if r[1] == sub.product and r[3] == str(sub.delivery_date)] == [
        f"{sub.invoiced_ht_cents / 100:.2f}"]
    chicken = next(d for d in past if d.ingredient == "chicken")
    assert f"{chicken.invoiced_ht_cents / 100:.2f}" == "56.50"


def test_a_second_declare_writes_no_purchase_twice(loop: Loop, tmp_path: Path) -> None:
    catalogue, _path, _weeks = loop
    period = (dt.date(2026, 11, 1), dt.date(2026, 12, 31))
    with Journal(_copy(loop, tmp_path)) as journal:
        first = declare(journal, catalogue, *period, siret=SIRET, path=tmp_path / "a.csv",
                        today=dt.date(2026, 12, 10))
        second = declare(journal, catalogue, *period, siret=SIRET, path=tmp_path / "b.csv",
                         today=dt.date(2027, 1, 5))
        third = declare(journal, catalogue, *period, siret=SIRET, path=tmp_path / "c.csv",
                        today=dt.date(2027, 1, 5))
        delivered = [d for d in journal.deliveries() if d.packs > 0]
        exports = journal.exports()
        with pytest.raises(JournalError, match="exists already"):
            declare(journal, catalogue, *period, siret=SIRET, path=tmp_path / "a.csv")
    rows_a, rows_b = _read(tmp_path / "a.csv")[1:], _read(tmp_path / "b.csv")[1:]
    keys = [(r[1], r[2], r[3], r[4]) for r in rows_a + rows_b]
    assert len(keys) == len(set(keys)) == len(delivered)
    assert (first.rows, second.rows, second.already_exported) == (
        len(rows_a), len(rows_b), len(rows_a))
    assert third.path is None and third.rows == 0 and not (tmp_path / "c.csv").exists()
    assert [e.rows for e in exports] == [len(rows_a), len(rows_b)]
    # the EGalim report still covers every purchase of the period
    assert third.indicators.purchases == len(delivered)


def _line(product: str, family: Family, labels: tuple[Label, ...], origin: Origin,
          cents: int, day: int = 5, packs: int = 1) -> DeliveredLine:
    return DeliveredLine(
        week="2026-w02", delivery_date=dt.date(2026, 1, day), supplier="s", supplier_name="S",
        offer=f"s/{product}", ingredient="x", product=product, ordered_packs=1, packs=packs,
        quantity=float(packs), unit="kg", invoiced_ht_cents=cents, vat_rate=0.055,
        family=family, labels=labels, origin=origin, circuit_court=False, local=True,
        local_definition=LocalDefinition.DEPARTEMENT)


#: Purchases chosen to exercise every rule; the expected figures below are worked out by
#: hand from this list.
HAND = [
    _line("chocolat", Family.AUTRES, (Label.BIO, Label.COMMERCE_EQUITABLE), Origin.EUROPE,
          1000),
    _line("poulet", Family.VIANDES_VOLAILLES, (Label.FERMIER, Label.LABEL_ROUGE),
          Origin.FRANCE, 5450),
    _line("sucre", Family.AUTRES, (Label.PERFORMANCE, Label.COMMERCE_EQUITABLE), Origin.OTHER,
          725),
    _line("lieu", Family.PRODUITS_DE_LA_MER, (Label.EXTERNALITES, Label.PECHE_DURABLE),
          Origin.EUROPE, 2680),
    _line("jambon", Family.CHARCUTERIE, (Label.LABEL_ROUGE,), Origin.FRANCE, 1200),
    _line("boeuf", Family.VIANDES_VOLAILLES, (), Origin.FRANCE, 3000),
    _line("comte", Family.PRODUITS_LAITIERS, (Label.AOCAOP, Label.BIO), Origin.FRANCE, 2000),
    _line("carottes", Family.FRUITS_ET_LEGUMES, (), Origin.FRANCE, 800),
    _line("merlu", Family.PRODUITS_DE_LA_MER, (), Origin.FRANCE, 1500),
    _line("oeufs", Family.PRODUITS_LAITIERS, (Label.BIO,), Origin.FRANCE, 900, packs=0),
    _line("pommes", Family.FRUITS_ET_LEGUMES, (Label.HVE,), Origin.FRANCE, 1100, day=20),
]


def test_egalim_figures_match_a_hand_computation(tmp_path: Path) -> None:
    from cantine_supply import load
    from journal_loop import DATA

    catalogue = load(DATA)
    with Journal(tmp_path / "journal.sqlite") as journal:
        journal.add_commit("2026-w02", "{}", 0, [], [])
        commit = journal.latest_commit("2026-w02")
        assert commit is not None
        journal.add_receipt(commit, HAND, [], "hand")
        result = declare(journal, catalogue, dt.date(2026, 1, 1), dt.date(2026, 1, 31),
                         siret=SIRET, path=tmp_path / "achats.csv",
                         today=dt.date(2026, 1, 15))
    ind = result.indicators
    e = ind.egalim
    # 9 purchases: the eggs were missing (0 packs), the apples are after "today"
    assert (ind.purchases, result.rows, result.future) == (9, 9, 1)
    assert e.total_ht == 183.55  # 10 + 54.50 + 7.25 + 26.80 + 12 + 30 + 20 + 8 + 15
    # chocolate (bio + fair trade) and Comté (AOC + bio: bio first)
    assert (e.bio_ht, ind.bio_fair_trade_ht) == (30.00, 10.00)
    # chicken (Label Rouge + fermier: SIQO) and ham (Label Rouge, charcuterie)
    assert e.siqo_ht == 66.50
    # sugar (fair trade + performance: other EGalim) and pollock (sustainable fishing +
    # externalities: other EGalim); of which fair trade: the sugar
    assert (e.egalim_other_ht, ind.egalim_other_fair_trade_ht) == (34.05, 7.25)
    assert e.externalities_ht == 0.0
    assert e.egalim_ht == 130.55
    assert e.bio_share == pytest.approx(3000 / 18355)
    assert e.egalim_share == pytest.approx(13055 / 18355)
    assert (e.bio_met, e.egalim_met) == (False, True)  # 16.3% < 20%, 71.1% >= 50%
    # meat: chicken 54.50 (EGalim, France) + beef 30 (France); the ham is charcuterie,
    # outside the target; fish: pollock 26.80 (EGalim, Europe) + hake 15 (France)
    assert (e.meat_ht, e.meat_egalim_ht, e.fish_ht, e.fish_egalim_ht) == (
        84.50, 54.50, 41.80, 26.80)
    assert ind.charcuterie_ht == 12.00
    assert e.meat_fish_egalim_share == pytest.approx(8130 / 12630)
    assert e.meat_fish_met is True  # 64.4% >= 60%
    assert (ind.meat_france_ht, ind.fish_france_ht) == (84.50, 15.00)
    assert ind.meat_france_share == 1.0
    assert ind.fish_france_share == pytest.approx(1500 / 4180)
    assert ind.meat_fish_france_share == pytest.approx(9950 / 12630)
    # each purchase once, under its highest label in the platform's order
    assert dict(ind.by_label_ht) == {
        "bio": 30.00, "label_rouge": 66.50, "aocaop_igp_stg": 0.0, "hve": 0.0,
        "peche_durable": 26.80, "rup": 0.0, "commerce_equitable": 7.25, "fermier": 0.0,
        "externalites": 0.0, "performance": 0.0}
    assert sum(v for _k, v in ind.by_label_ht) == pytest.approx(e.egalim_ht)
    assert [name for name, _ in LABEL_PRIORITY] == [
        "bio", "label_rouge", "aocaop_igp_stg", "hve", "peche_durable", "rup",
        "commerce_equitable", "fermier", "externalites", "performance"]
    assert top_label((Label.PERFORMANCE, Label.FERMIER, Label.IGP)) == "aocaop_igp_stg"
    rows = _read(tmp_path / "achats.csv")[1:]
    assert {r[1]: r[6] for r in rows}["poulet"] == "LABEL_ROUGE,FERMIER"  # every label sent


def test_egalim_report_of_the_four_weeks_matches_the_file(loop: Loop, tmp_path: Path) -> None:
    """The indicators printed with the file are those of the purchases in the file,
    recomputed here from its rows alone (when it holds the whole period)."""
    catalogue, _path, _weeks = loop
    out = tmp_path / "achats.csv"
    with Journal(_copy(loop, tmp_path)) as journal:
        result = declare(journal, catalogue, dt.date(2026, 11, 1), dt.date(2026, 12, 31),
                         siret=SIRET, path=out, today=dt.date(2027, 1, 5))
    rows = _read(out)[1:]
    total = bio = bio_ft = egalim = meat = meat_fr = meat_eg = fish = fish_eg = 0
    for r in rows:
        cents = round(float(r[4]) * 100)
        labels = set(r[6].split(",")) - {""}
        total += cents
        bio += cents if "BIO" in labels else 0
        bio_ft += cents if {"BIO", "COMMERCE_EQUITABLE"} <= labels else 0
        egalim += cents if labels else 0
        if r[5] == "VIANDES_VOLAILLES":
            meat += cents
            meat_eg += cents if labels else 0
            meat_fr += cents if r[7] == "FRANCE" else 0
        if r[5] == "PRODUITS_DE_LA_MER":
            fish += cents
            fish_eg += cents if labels else 0
    ind = result.indicators
    assert round(ind.egalim.total_ht * 100) == total
    assert round(ind.egalim.bio_ht * 100) == bio and round(ind.bio_fair_trade_ht * 100) == bio_ft
    assert round(ind.egalim.egalim_ht * 100) == egalim
    assert round(ind.meat_france_ht * 100) == meat_fr
    assert ind.egalim.meat_fish_egalim_share == pytest.approx((meat_eg + fish_eg) / (meat + fish))
    assert period_indicators([], ind.egalim.region).egalim.bio_share is None


def test_prices_lists_the_offer_invoiced_above_its_list_price(loop: Loop) -> None:
    catalogue, path, _weeks = loop
    with Journal(path, create=False) as journal:
        moves = price_moves(journal, catalogue)
    assert [(m.offer, m.list_ht, m.invoiced_ht) for m in moves] == [
        ("boucherie-martinon/poulet-lr-kg", 10.90, 11.30)]
    assert moves[0].change == pytest.approx(11.30 / 10.90 - 1)


def test_a_purchase_corrected_after_its_export_is_reported_not_written_again(
        loop: Loop, tmp_path: Path) -> None:
    catalogue, _path, weeks = loop
    period = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    chicken_day, chicken = next((o.delivery_date, x) for o in weeks[0].plan.orders
                                for x in o.lines if x.ingredient == "chicken")
    with Journal(_copy(loop, tmp_path)) as journal:
        first = declare(journal, catalogue, *period, siret=SIRET, path=tmp_path / "a.csv",
                        today=dt.date(2026, 12, 1))
        receive_week(journal, catalogue, "2026-w48",
                     [ReceivedRow(chicken_day, chicken.offer, chicken.packs, 5500)])
        second = declare(journal, catalogue, *period, siret=SIRET, path=tmp_path / "b.csv",
                         today=dt.date(2026, 12, 1))
    assert first.rows > 0 and first.corrected_after_export == ()
    assert second.rows == 0 and second.path is None
    assert [(x.offer, x.invoiced_ht_cents) for x in second.corrected_after_export] == [
        (chicken.offer, 5500)]


def test_a_file_the_platform_would_refuse_is_not_written_nor_recorded(tmp_path: Path) -> None:
    from cantine_supply import load
    from journal_loop import DATA

    catalogue = load(DATA)
    refused = _line("lait", Family.PRODUITS_LAITIERS, (Label.CONVERSION_BIO,), Origin.FRANCE,
                    600)
    with Journal(tmp_path / "journal.sqlite") as journal:
        journal.add_commit("2026-w02", "{}", 0, [], [])
        commit = journal.latest_commit("2026-w02")
        assert commit is not None
        journal.add_receipt(commit, [HAND[0], refused], [], "hand")
        with pytest.raises(MacantineExportError, match="CONVERSION_BIO is no longer accepted"):
            declare(journal, catalogue, dt.date(2026, 1, 1), dt.date(2026, 1, 31),
                    siret=SIRET, path=tmp_path / "achats.csv", today=dt.date(2026, 1, 15))
        assert journal.exports() == [] and journal.exported_ids() == {}
    assert not (tmp_path / "achats.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["journal.sqlite"]  # no temporary file


def test_declare_command_refuses_such_a_file_with_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cantine_supply.cli.main import main
    from journal_loop import DATA

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    refused = _line("lait", Family.PRODUITS_LAITIERS, (Label.CONVERSION_BIO,), Origin.FRANCE,
                    600)
    with Journal(data / "journal.sqlite") as journal:
        journal.add_commit("2026-w02", "{}", 0, [], [])
        commit = journal.latest_commit("2026-w02")
        assert commit is not None
        journal.add_receipt(commit, [refused], [], "hand")
    out = tmp_path / "achats.csv"
    assert main(["declare", str(data), "--from", "2026-01-01", "--to", "2026-01-31",
                 "--siret", SIRET, "--out", str(out), "--today", "2026-01-15"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("error: line 2 ('lait', 2026-01-05): label CONVERSION_BIO")
    assert not out.exists()
