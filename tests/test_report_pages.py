"""The printed pages built from templates: the network's and the recourse pages escape
every name; the bars and status marks of ``macros.html.j2``; no page is built by hand in
Python."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from builders import PriceTier, catalogue, ingredient, offer, recipe, supplier, week
from cantine_supply.model.network import Network, NetworkCanteen
from cantine_supply.network import plan_network
from cantine_supply.network.result import NetworkPlan
from cantine_supply.optimize.decisions import PlanStatus, SolverReport
from cantine_supply.plans.uncertain import RecourseRow, UncertainPlan
from cantine_supply.report.network import network_html, pooled_order_html
from cantine_supply.report.recourse import recourse_html
from cantine_supply.report.templating import GOOD, bar, status_mark

REPORT = Path(__file__).resolve().parent.parent / "src" / "cantine_supply" / "report"
SHOP = 'Ferme "Croix" <bio> & co'


def _canteen(name: str) -> NetworkCanteen:
    shop = supplier("farm", name=SHOP, fee_vat_rate=0.0, delivery_fee_ht=10.0)
    carrots = offer("farm", "carrot", 5.0, 10.0, product="Carottes <vrac>",
                    tiers=[PriceTier(min_packs=4, price_ht=8.0)])
    data = catalogue(ingredients=[ingredient("carrot")], recipes=[recipe("dish", {"carrot": 0.2})],
                     suppliers=[shop], offers=[carrots],
                     weeks=[week({week().services[0].date: ("dish", 50)})])
    return NetworkCanteen(name, name, name, data)


@pytest.fixture(scope="module")
def pooled() -> NetworkPlan:
    return plan_network(Network("n<1>", [_canteen("a&b"), _canteen("c")]), "w")


def test_the_network_pages_escape_every_name(pooled: NetworkPlan) -> None:
    pages = {"network": network_html(pooled, "fr"),
             "order": pooled_order_html(pooled, pooled.orders[0], "en")}
    for name, text in pages.items():
        for raw in (SHOP, "a&b", "n<1>", "Carottes <vrac>"):
            assert raw not in text, (name, raw)
    assert "<h1>Commandes groupées de n&lt;1&gt;, w</h1>" in pages["network"]
    assert "<td>a&amp;b</td>" in pages["network"]
    order = pages["order"]
    assert "<h1>Pooled order: Ferme &#34;Croix&#34; &lt;bio&gt; &amp; co</h1>" in order
    assert '<th class="num">deliver to a&amp;b</th><th class="num">deliver to c</th>' in order
    # 4 packs at the tier price, 2 to each canteen (no pack label in these offers); the
    # fees of the two drops, and the total in the foot
    assert ('<tr><td>Carottes &lt;vrac&gt;</td><td></td><td class="num">4</td>'
            '<td class="num">8.00</td><td class="num">32.00</td><td class="num">2</td>'
            '<td class="num">2</td></tr>') in order
    assert '<tr><td>delivery fees</td><td></td>' in order and '"num">20.00</td>' in order
    assert re.search(r'<tfoot><tr><td>total</td>.*<td class="num">52.00</td>', order)


def test_a_bar_fills_its_share_and_marks_the_target_inside_the_edges() -> None:
    svg = bar(0.5, 1.0, marker=0.4, colour=GOOD, label='organic "bio" <40 %>')
    assert svg == (
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"'
        ' aria-label="organic &#34;bio&#34; &lt;40 %&gt;" xmlns="http://www.w3.org/2000/svg">'
        '<rect x="0" y="1" width="100" height="8" fill="#eee"/>'
        '<rect x="0" y="1" width="50.00" height="8" fill="#3b8b4b"/>'
        '<rect x="39.60" y="0" width="0.8" height="10" fill="#222"/></svg>')
    # over the scale: full width; a target at 0 stays visible; no value: an empty bar
    assert 'width="100.00"' in bar(3.0, 2.0)
    assert '<rect x="0.00" y="0"' in bar(None, 1.0, marker=0.0)
    assert 'width="0.00"' in bar(None, 1.0) and "y=\"0\"" not in bar(None, 1.0)


def test_status_marks_are_escaped() -> None:
    assert status_mark(True, "<met>", "no", "n/a") == '<span class="ok">&lt;met&gt;</span>'
    assert status_mark(False, "yes", "not & met", "n/a") == '<span class="bad">not &amp; met</span>'
    assert status_mark(None, "yes", "no", "n'a") == "n&#39;a"


def test_no_page_is_built_by_hand() -> None:
    # Every page comes from report/templates (autoescaped): no module of report/ escapes
    # HTML itself or writes a document head.
    for path in sorted(REPORT.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "import html" not in text and "from html import" not in text, path.name
        assert "<!DOCTYPE" not in text and "<table" not in text, path.name


def test_the_recourse_page_escapes_its_rows_and_its_text() -> None:
    row = RecourseRow("r1", "Tournée <Vaise>", "rice", "kg", 2.0, 1.5, 'Métro "Cash" & co',
                      dt.date(2026, 11, 24), "metro/rice", "Riz <long>", 2, Decimal("7.10"),
                      0.25)
    plan = UncertainPlan("w", PlanStatus.OPTIMAL, SolverReport("scip", "optimal", 0.1, 0.0,
                                                                 None, None),
                         orders=(), scenarios=(), recourse=(row,), expected_ttc=Decimal("0"),
                         expected_ht=Decimal("0"), at_risk=())
    page = recourse_html(plan, "en")
    for raw in ("Tournée <Vaise>", 'Métro "Cash" & co', "Riz <long>"):
        assert raw not in page
    assert ("<tr><td>Tournée &lt;Vaise&gt;</td><td>rice</td><td>1.5 kg</td>"
            "<td>2 × Riz &lt;long&gt;</td><td>Métro &#34;Cash&#34; &amp; co</td>") in page
    assert page.count("<th>") == 8 and "<p>No day-of purchase" not in page
    empty = recourse_html(attrs.evolve(plan, recourse=()), "fr")
    assert "<table>" not in empty
    assert "<p>Aucun achat du jour n&#39;est nécessaire, quel que soit le scénario.</p>" in empty
