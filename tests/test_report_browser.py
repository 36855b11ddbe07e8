"""The printed pages in a real browser: headless Chromium lays them out on an A4-wide window
(794 x 1123 CSS px, 210 x 297 mm) and prints them to PDF.

Checks: nothing sticks out of the 180 mm text column (no horizontal overflow), even with
an unbreakable 200-character product name; the key figures are on the page; the
transparency sheet prints on one A4 page. Skipped only when no Chromium is installed
(Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report import write_outputs
from cantine_supply.report.i18n import texts
from cantine_supply.report.order_forms import form_names
from report_week import report_week

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium found (chromium, chromium-browser or google-chrome on PATH);"
    " install it with: apt-get install -y chromium",
)

A4_WIDTH_PX, A4_HEIGHT_PX = 794, 1123
TEXT_WIDTH_PX = 180 / 25.4 * 96  # 180 mm
A4_POINTS = (595.28, 841.89)

#: Appended to a copy of the page: measures the layout and writes it into the DOM.
MEASURE = """<script>
var d = document.documentElement, b = document.body.getBoundingClientRect(), l = 1e9, r = 0;
for (const e of document.body.querySelectorAll("*")) {
  const q = e.getBoundingClientRect();
  if (q.width || q.height) { r = Math.max(r, q.right); l = Math.min(l, q.left); }
}
var p = document.createElement("pre"); p.id = "metrics";
p.textContent = JSON.stringify({scrollWidth: d.scrollWidth, clientWidth: d.clientWidth,
  bodyLeft: b.left, bodyRight: b.right, left: l, right: r,
  text: document.body.innerText});
document.body.appendChild(p);
</script>"""


def chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--hide-scrollbars",
               f"--user-data-dir={profile}", f"--window-size={A4_WIDTH_PX},{A4_HEIGHT_PX}",
               *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def measure(page: Path, tmp_path: Path) -> dict[str, object]:
    """Lay ``page`` out at A4 width and return its metrics (and its visible text)."""
    probe = page.with_name(f".probe-{page.name}")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"),
                     encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", probe.as_uri())
    probe.unlink()
    found = re.search(r'<pre id="metrics">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    text = found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    metrics: dict[str, object] = json.loads(text.replace("&amp;", "&"))
    return metrics


def assert_fits_a4(metrics: dict[str, object]) -> None:
    m = {k: float(v) for k, v in metrics.items() if k != "text"}  # type: ignore[arg-type]
    assert m["scrollWidth"] <= m["clientWidth"], m
    assert m["bodyRight"] - m["bodyLeft"] <= TEXT_WIDTH_PX + 1, m
    assert m["left"] >= m["bodyLeft"] - 0.5, m
    assert m["right"] <= m["bodyRight"] + 0.5, m


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height in points of each page of a (Chromium-made) PDF."""
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    boxes = [(float(m[2]) - float(m[0]), float(m[3]) - float(m[1]))
             for m in re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)",
                                 pdf)]
    assert pages >= 1 and boxes
    return boxes[:1] * pages if len(boxes) < pages else boxes[:pages]


@pytest.fixture(scope="module")
def week() -> tuple[WeekProblem, Plan]:
    return report_week()


@pytest.fixture
def out(week: tuple[WeekProblem, Plan], tmp_path: Path) -> Path:
    problem, plan = week
    write_outputs(problem, plan, tmp_path / "out")
    return tmp_path / "out"


def test_report_fits_a4_and_shows_the_key_figures(week: tuple[WeekProblem, Plan], out: Path,
                                                  tmp_path: Path) -> None:
    _, plan = week
    ind = plan.indicators
    assert ind is not None
    metrics = measure(out / "report.html", tmp_path)
    assert_fits_a4(metrics)
    text = str(metrics["text"])
    t = texts("en")
    assert t.money(ind.cost_per_cover_ttc) in text
    assert t.money(ind.total_ttc) in text
    assert "Cost per cover" in text and "Targets" in text


def test_order_form_fits_a4_and_shows_its_totals(week: tuple[WeekProblem, Plan], out: Path,
                                                 tmp_path: Path) -> None:
    _, plan = week
    order = plan.orders[0]
    metrics = measure(out / "orders" / f"{form_names(plan)[0]}.html", tmp_path)
    assert_fits_a4(metrics)
    text = str(metrics["text"])
    t = texts("en")
    assert t.money(order.total_ht) in text and t.money(order.total_ttc) in text
    assert order.supplier_name in text


def test_unbreakable_long_names_still_fit(week: tuple[WeekProblem, Plan],
                                          tmp_path: Path) -> None:
    problem, plan = week
    first = plan.orders[0]
    long_line = attrs.evolve(first.lines[0], product="Ratatouille" * 20,
                             pack_label="carton" * 15)
    order = attrs.evolve(first, supplier_name="Fournisseur" * 12,
                         lines=(long_line, *first.lines[1:]))
    stretched = attrs.evolve(plan, orders=(order, *plan.orders[1:]))
    folder = tmp_path / "long"
    write_outputs(problem, stretched, folder)
    assert_fits_a4(measure(folder / "report.html", tmp_path))
    assert_fits_a4(measure(folder / "orders" / f"{form_names(stretched)[0]}.html", tmp_path))


def test_transparency_sheet_prints_on_one_a4_page(week: tuple[WeekProblem, Plan], out: Path,
                                                  tmp_path: Path) -> None:
    _, plan = week
    ind = plan.indicators
    assert ind is not None
    for name in ("transparency.html", "report.html"):
        pdf = tmp_path / f"{name}.pdf"
        chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                 (out / name).as_uri())
        pages = pdf_pages(pdf.read_bytes())
        for width, height in pages:
            assert width == pytest.approx(A4_POINTS[0], abs=2)
            assert height == pytest.approx(A4_POINTS[1], abs=2)
        if name == "transparency.html":
            assert len(pages) == 1
    sheet = measure(out / "transparency.html", tmp_path)
    assert_fits_a4(sheet)
    assert texts("en").money(ind.cost_per_cover_ttc) in str(sheet["text"])
    assert ind.cost_per_cover_ttc > Decimal(0)


@pytest.mark.parametrize(("lines", "pages"), [(20, 1), (45, 2)])
def test_a_long_order_form_keeps_its_last_line_and_total_together(
        week: tuple[WeekProblem, Plan], tmp_path: Path, lines: int, pages: int) -> None:
    """A 20-line order (which printed its total at the foot of page 1 before its last
    line) fits one page; a 45-line one takes two, the column headings repeated (thead),
    no footer repeated on each page (no tfoot), and the last line and the one-line total
    in one block that printing may not split."""
    from cantine_supply.report.order_forms import order_form_html

    problem, plan = week
    first = plan.orders[0]
    many = tuple(attrs.evolve(first.lines[0], product=f"Produit n° {i}") for i in range(lines))
    order = attrs.evolve(first, lines=many)
    page = tmp_path / "form.html"
    page.write_text(order_form_html(problem, order, texts("fr")), encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    assert "<tfoot>" not in html and "<thead>" in html
    end = html[html.index('<tbody class="end">'):]
    assert f"Produit n° {lines - 1}" in end and 'id="total"' in end
    assert "tbody.end { break-inside: avoid" in html
    pdf = tmp_path / "form.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert len(pdf_pages(pdf.read_bytes())) == pages
