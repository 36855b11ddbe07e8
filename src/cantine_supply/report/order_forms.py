"""Order forms: one per supplier and delivery day, as CSV and as a printable HTML page.

The CSV (UTF-8, comma separated, decimal point, ISO dates, header row in the chosen
language) has one row per order line and then three summary rows; the first column says
which (its values are codes, the same in every language):

- ``line``: a product ordered: packs, pack size, unit price HT, VAT rate (a fraction,
  ``0.055``), line totals HT and TTC;
- ``delivery_fee``: the delivery fee HT and TTC (``0.00`` when none is due), its status
  in words in the product column;
- ``total``: the order's totals HT and TTC: the lines plus the fee, to the cent;
- ``minimum_order``: the supplier's minimum order HT in ``total_ht`` and whether the
  order reaches it in the product column (absent when the supplier has no minimum).

Amounts are the plan's own cent-rounded amounts, so they match ``plan.json`` exactly.
"""

from __future__ import annotations

import io
import re
import unicodedata
from decimal import Decimal

from cantine_supply.model import Supplier
from cantine_supply.plan import Order, OrderLine, Plan, to_cents
from cantine_supply.problem import WeekProblem
from cantine_supply.report.cells import spreadsheet_writer
from cantine_supply.report.html import esc, page, table
from cantine_supply.report.i18n import Texts

CSV_KEYS = ("kind", "canteen", "supplier", "email", "delivery_date", "product", "offer",
            "packs", "pack_size", "unit_price_ht", "vat_rate", "total_ht", "total_ttc")

_CSS = """
.head { display: flex; flex-wrap: wrap; gap: 4mm; margin: 3mm 0; }
.head div { flex: 1 1 70mm; border: 0.3mm solid #999; border-radius: 2mm; padding: 2mm 3mm; }
.head b { display: block; font-size: 11.5pt; }
.terms td:first-child { width: 45%; }
"""


def slug(text: str) -> str:
    """``text`` as a file-name part: ASCII lower case, words joined by ``-``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "supplier"


def form_names(plan: Plan) -> list[str]:
    """The file name stem of each order's form, in plan order: ``2026-11-24_ferme-du-val``
    (the supplier's id; a ``-2`` suffix in the unlikely case two ids give the same stem)."""
    names: list[str] = []
    for order in plan.orders:
        stem = f"{order.delivery_date.isoformat()}_{slug(order.supplier)}"
        candidate, n = stem, 1
        while candidate in names:
            n += 1
            candidate = f"{stem}-{n}"
        names.append(candidate)
    return names


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _price(value: float) -> str:
    """A unit price as written in the price list (at least two decimals)."""
    text = f"{value:.2f}"
    return text if float(text) == value else repr(value)


def pack_size(line: OrderLine, t: Texts) -> str:
    """The pack as the supplier names it, or its content: ``sac de 25 kg`` / ``5 kg``."""
    return line.pack_label or t.quantity(line.pack_quantity, line.unit)


def min_order_reached(order: Order) -> bool:
    """Whether the order's lines (HT, fee excluded) reach the supplier's minimum."""
    return order.lines_ht >= to_cents(order.min_order_ht)


def fee_status(order: Order, supplier: Supplier, t: Texts) -> str:
    """The delivery fee's status in words: none, free from X, paid, or always charged."""
    if supplier.delivery_fee_ht <= 0:
        return t["delivery_fee_none"]
    threshold = supplier.free_delivery_from_ht
    if threshold is None:
        return t["delivery_fee_always"]
    amount = t.money(to_cents(threshold))
    if order.delivery_fee_ht == 0:
        return t["delivery_fee_waived"].format(amount=amount)
    return t["delivery_fee_paid"].format(amount=amount)


def min_order_status(order: Order, t: Texts) -> str:
    if order.min_order_ht <= 0:
        return t["min_order_none"]
    word = t["min_order_reached"] if min_order_reached(order) else t["min_order_not_reached"]
    return f"{t.money(to_cents(order.min_order_ht))}{t.colon} {word}"


def order_form_csv(problem: WeekProblem, order: Order, t: Texts) -> str:
    """The order form as CSV text (see the module docstring for its rows)."""
    supplier = problem.suppliers[order.supplier]
    common = [problem.week.canteen, order.supplier_name, supplier.email,
              order.delivery_date.isoformat()]
    buffer = io.StringIO(newline="")
    writer = spreadsheet_writer(buffer, lineterminator="\r\n")
    writer.writerow([t[f"csv_{key}"] for key in CSV_KEYS])
    for line in order.lines:
        writer.writerow(["line", *common, line.product, line.offer, line.packs,
                         pack_size(line, t), _price(line.price_per_pack_ht), repr(line.vat_rate),
                         _amount(line.total_ht), _amount(line.total_ttc)])
    writer.writerow(["delivery_fee", *common,
                     f"{t['delivery_fee']} ({fee_status(order, supplier, t)})", "", "", "", "",
                     repr(order.fee_vat_rate), _amount(order.delivery_fee_ht),
                     _amount(order.delivery_fee_ttc)])
    writer.writerow(["total", *common, t["total"], "", "", "", "", "",
                     _amount(order.total_ht), _amount(order.total_ttc)])
    if order.min_order_ht > 0:
        word = t["min_order_reached"] if min_order_reached(order) else t["min_order_not_reached"]
        writer.writerow(["minimum_order", *common, f"{t['min_order']}{t.colon} {word}",
                         "", "", "", "", "", _amount(to_cents(order.min_order_ht)), ""])
    return buffer.getvalue()


def order_form_html(problem: WeekProblem, order: Order, t: Texts) -> str:
    """The order form as a printable A4 page."""
    supplier = problem.suppliers[order.supplier]
    week = problem.week
    canteen = week.canteen or week.name
    head = (
        '<div class="head">'
        f"<div>{esc(t['from'])}<b>{esc(canteen)}</b>{esc(t['order_date'])}"
        f" {esc(t.date(week.order_date))}</div>"
        f"<div>{esc(t['to'])}<b>{esc(order.supplier_name)}</b>"
        + (f"{esc(t['email'])}{esc(t.colon)} {esc(supplier.email)}" if supplier.email else "")
        + "</div></div>"
    )
    rows = [
        [esc(line.product), str(line.packs), esc(pack_size(line, t)),
         esc(t.money(Decimal(str(line.price_per_pack_ht)))), esc(t.share(line.vat_rate, 1)),
         esc(t.money(line.total_ht)), esc(t.money(line.total_ttc))]
        for line in order.lines
    ]
    rows.append([esc(t["delivery_fee"]), "", "", "", esc(t.share(order.fee_vat_rate, 1)),
                 esc(t.money(order.delivery_fee_ht)), esc(t.money(order.delivery_fee_ttc))])
    lines = table(
        [esc(t["product"]), esc(t["packs"]), esc(t["pack_size"]), esc(t["unit_price_ht"]),
         esc(t["vat"]), esc(t["total_ht"]), esc(t["total_ttc"])],
        rows,
        numeric=(1, 3, 4, 5, 6),
        foot=[esc(t["total"]), "", "", "", "", esc(t.money(order.total_ht)),
              esc(t.money(order.total_ttc))],
    )
    terms = table(
        [],
        [[esc(t["min_order"]), esc(min_order_status(order, t))],
         [esc(t["delivery_fee"]), esc(fee_status(order, supplier, t))]],
    ).replace("<table>", '<table class="terms">', 1)
    body = (
        f"<h1>{esc(t['orders_title'])}{esc(t.colon)} {esc(order.supplier_name)}</h1>\n"
        f'<p class="sub">{esc(t["delivery_date"])}{esc(t.colon)}'
        f" <b>{esc(t.date(order.delivery_date))}</b>"
        f" &middot; {esc(t['week'])} {esc(week.id)}</p>\n{head}\n{lines}\n{terms}"
    )
    title = f"{t['orders_title']} {order.supplier_name} {order.delivery_date.isoformat()}"
    return page(title, body, t.lang, _CSS)


def order_forms(problem: WeekProblem, plan: Plan, t: Texts) -> dict[str, str]:
    """Every order form of ``plan``: relative path (``orders/<stem>.csv`` and ``.html``)
    to file content."""
    files: dict[str, str] = {}
    for order, stem in zip(plan.orders, form_names(plan), strict=True):
        files[f"orders/{stem}.csv"] = order_form_csv(problem, order, t)
        files[f"orders/{stem}.html"] = order_form_html(problem, order, t)
    return files
