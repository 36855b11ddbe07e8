"""Order forms: one per supplier and delivery day, as CSV and as a printable HTML page.

The CSV (in the style of :mod:`cantine_supply.report.sheets`: English, or French with
``;``, decimal comma and a BOM; ISO dates; header row and row codes in the chosen
language) has one row per order line and then the summary rows; the first column says
which (English code / French code):

- ``line`` / ``ligne``: a product ordered: packs, pack (``3 boîtes de 2,5 kg``), unit
  price HT, VAT rate (a fraction, ``0.055``), line totals HT and TTC;
- ``delivery_fee`` / ``frais_livraison``: the delivery fee HT and TTC (``0.00`` when none
  is due), its status in words in the product column; or, when the canteen collects the
  order itself, ``pickup`` / ``retrait`` with the day and no amount (the canteen's own
  trip is not the supplier's to charge);
- ``total``: the order's totals HT and TTC as the supplier invoices them: the lines plus
  the fee (the lines alone for a pickup), to the cent;
- ``minimum_order`` / ``minimum_commande``: the supplier's minimum order HT in
  ``total_ht`` and whether the order reaches it (absent when there is no minimum).

Every row also carries the canteen, its delivery address and customer account, and the
supplier and its e-mail. Amounts are the plan's own cent-rounded amounts, so they match
``plan.json`` exactly (for a pickup, ``plan.json``'s order total also holds the trip).
The HTML page (template ``templates/order_form.html.j2``) shows who orders, where and when
to deliver, what and how much; the last line and the one-line total block cannot be
separated when printed, and the column headings repeat on every page.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from cantine_supply.model import Supplier
from cantine_supply.plans.plan import Order, OrderLine, Plan, to_cents
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report.canteen_view import CanteenView, canteen_view, supplier_details
from cantine_supply.report.i18n import Texts, texts
from cantine_supply.report.packs import pack_text
from cantine_supply.report.sheets import CSV_STYLES, Cell, CsvStyle, Rate, csv_text
from cantine_supply.report.templating import render

CSV_KEYS = ("kind", "canteen", "supplier", "email", "delivery_date", "product", "offer",
            "packs", "pack_size", "unit_price_ht", "vat_rate", "total_ht", "total_ttc",
            "customer_account", "delivery_address")

#: The row codes of the CSV's first column, per language.
ROW_CODES = {
    "en": {"line": "line", "delivery_fee": "delivery_fee", "pickup": "pickup", "total": "total",
           "minimum_order": "minimum_order"},
    "fr": {"line": "ligne", "delivery_fee": "frais_livraison", "pickup": "retrait",
           "total": "total", "minimum_order": "minimum_commande"},
}


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


def unit_price(value: float) -> Decimal:
    """A unit price as written in the price list (at least two decimals)."""
    text = f"{value:.2f}"
    return Decimal(text if float(text) == value else repr(value))


def pack_size(line: OrderLine, t: Texts) -> str:
    """The pack as the supplier names it, in the reader's language, or its content:
    ``3 boîtes de 2,5 kg`` / ``5 kg``."""
    if line.pack_label:
        return pack_text(line.pack_label, t.lang)
    return t.quantity(line.pack_quantity, line.unit)


def supplier_total(order: Order, supplier: Supplier) -> tuple[Decimal, Decimal]:
    """What the supplier invoices, HT and TTC: the lines and the delivery fee, or the lines
    alone when the canteen collects the order (its own trip is not on the invoice)."""
    if supplier.ordering.pickup:
        return order.lines_ht, sum((line.total_ttc for line in order.lines), Decimal(0))
    return order.total_ht, order.total_ttc


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


def order_form_csv(problem: WeekProblem, order: Order, t: Texts,
                   style: CsvStyle | None = None) -> str:
    """The order form as CSV text in ``style`` (default: the language's own; see the
    module docstring for its rows)."""
    style = style or CSV_STYLES[t.lang]
    t = texts(style.lang)
    codes = ROW_CODES[style.lang]
    supplier = problem.suppliers[order.supplier]
    canteen = canteen_view(problem, t)
    head: list[Cell] = [canteen.name, order.supplier_name, supplier.email,
                        order.delivery_date.isoformat()]
    tail: list[Cell] = [supplier.ordering.customer_account, ", ".join(canteen.address)]
    rows: list[list[Cell]] = []
    for line in order.lines:
        rows.append([codes["line"], *head, line.product, line.offer, line.packs,
                     pack_size(line, t), unit_price(line.price_per_pack_ht),
                     Rate(line.vat_rate), line.total_ht, line.total_ttc, *tail])
    if supplier.ordering.pickup:
        rows.append([codes["pickup"], *head, f"{t['pickup_date']} {t.date(order.delivery_date)}",
                     None, None, None, None, None, None, None, *tail])
    else:
        rows.append([codes["delivery_fee"], *head,
                     f"{t['delivery_fee']} ({fee_status(order, supplier, t)})", None, None,
                     None, None, Rate(order.fee_vat_rate), order.delivery_fee_ht,
                     order.delivery_fee_ttc, *tail])
    total_ht, total_ttc = supplier_total(order, supplier)
    rows.append([codes["total"], *head, t["total"], None, None, None, None, None, total_ht,
                 total_ttc, *tail])
    if order.min_order_ht > 0:
        word = t["min_order_reached"] if min_order_reached(order) else t["min_order_not_reached"]
        rows.append([codes["minimum_order"], *head, f"{t['min_order']}{t.colon} {word}",
                     None, None, None, None, None, to_cents(order.min_order_ht), None, *tail])
    return csv_text([t[f"csv_{key}"] for key in CSV_KEYS], rows, style)


def _line_rows(order: Order, t: Texts) -> list[list[str]]:
    return [[line.product, str(line.packs), pack_size(line, t),
             t.money(unit_price(line.price_per_pack_ht)), t.share(line.vat_rate, 1),
             t.money(line.total_ht), t.money(line.total_ttc)] for line in order.lines]


def order_form_html(problem: WeekProblem, order: Order, t: Texts) -> str:
    """The order form as a printable A4 page (template ``order_form.html.j2``)."""
    supplier = problem.suppliers[order.supplier]
    week = problem.week
    pickup = supplier.ordering.pickup
    rows = _line_rows(order, t)
    terms = [(t["min_order"], min_order_status(order, t))]
    if pickup:
        terms.append((t["pickup"], t["pickup_note"]))
    else:
        rows.append([t["delivery_fee"], "", "", "", t.share(order.fee_vat_rate, 1),
                     t.money(order.delivery_fee_ht), t.money(order.delivery_fee_ttc)])
        terms.append((t["delivery_fee"], fee_status(order, supplier, t)))
    total_ht, total_ttc = supplier_total(order, supplier)
    canteen: CanteenView = canteen_view(problem, t, delivered=not pickup)
    return render(
        "order_form.html.j2",
        lang=t.lang, t=t, order=order, week_id=week.id, rows=rows, numeric=(1, 3, 4, 5, 6),
        end_from=max(len(order.lines) - 1, 0),  # the last line, the fee, the total: one block
        title=f"{t['orders_title']} {order.supplier_name} {order.delivery_date.isoformat()}",
        when_label=t["pickup_date"] if pickup else t["delivery_date"],
        when=t.date(order.delivery_date), ordered_on=t.date(week.order_date),
        canteen=canteen.with_label(t["ordered_by_pickup"] if pickup else t["ordered_by"]),
        supplier_details=supplier_details(supplier, t),
        total_line=t["total_line"].format(ht=t.money(total_ht), vat=t.money(total_ttc - total_ht),
                                          ttc=t.money(total_ttc)),
        terms=terms,
    )


def order_forms(problem: WeekProblem, plan: Plan, t: Texts,
                style: CsvStyle | None = None) -> dict[str, str]:
    """Every order form of ``plan``: relative path (``orders/<stem>.csv`` and ``.html``)
    to file content; the CSVs in ``style`` (default: the language's own)."""
    files: dict[str, str] = {}
    for order, stem in zip(plan.orders, form_names(plan), strict=True):
        files[f"orders/{stem}.csv"] = order_form_csv(problem, order, t, style)
        files[f"orders/{stem}.html"] = order_form_html(problem, order, t)
    return files
