"""Orders ready to send: one ``.eml`` draft per supplier with an e-mail, and the send list.

A draft (standard library :mod:`email`) is addressed to the supplier, in French (the
suppliers are French), with the week's orders to that supplier as its plain-text body and,
for each order, the order form's CSV (French spreadsheet style) and printable HTML page
attached. It carries ``X-Unsent: 1``, so that Outlook and Thunderbird open it as a message
to send; nothing is ever sent from here. The send list (``a-envoyer.csv`` / ``to-send.csv``)
has one row per order with an empty ``sent`` column for the manager to tick.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP

from cantine_supply.model import Supplier
from cantine_supply.plans.plan import Order
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report.canteen_view import canteen_view
from cantine_supply.report.i18n import Texts
from cantine_supply.report.order_forms import pack_size, supplier_total
from cantine_supply.report.sheets import Cell, CsvStyle, csv_text

#: The send list's file name, per CSV language.
SEND_LIST = {"en": "to-send.csv", "fr": "a-envoyer.csv"}


def _address(name: str, email: str) -> Address:
    user, _, domain = email.partition("@")
    return Address(display_name=name, username=user, domain=domain)


def draft_body(problem: WeekProblem, supplier: Supplier, orders: Sequence[Order],
               t: Texts) -> str:
    """The plain-text body: greeting, each order's lines and totals, where and when to
    deliver (or that the canteen collects), and who to call."""
    canteen = canteen_view(problem, t, delivered=not supplier.ordering.pickup)
    contact = supplier.ordering.contact
    lines = [f"Bonjour{' ' + contact if contact else ''},", "",
             f"Voici la commande de {canteen.name} pour la semaine {problem.week.id}."]
    if supplier.ordering.customer_account:
        lines.append(f"{t['customer_account']}{t.colon} {supplier.ordering.customer_account}")
    for order in orders:
        when = t.date(order.delivery_date)
        pickup = supplier.ordering.pickup
        lines += ["", f"{t['pickup_date'] if pickup else t['delivery_date']}{t.colon} {when}"]
        for line in order.lines:
            lines.append(f"- {line.packs} × {line.product} ({pack_size(line, t)}){t.colon}"
                         f" {t.money(line.total_ht)} HT")
        if not pickup and order.delivery_fee_ht:
            lines.append(f"- {t['delivery_fee']}{t.colon} {t.money(order.delivery_fee_ht)} HT")
        total_ht, total_ttc = supplier_total(order, supplier)
        lines.append(t["total_line"].format(ht=t.money(total_ht), vat=t.money(total_ttc - total_ht),
                                            ttc=t.money(total_ttc)))
    if not supplier.ordering.pickup:
        lines += ["", f"{t['ordered_by']}{t.colon}", canteen.name, *canteen.address]
    lines += [f"{label}{t.colon} {value}" for label, value in canteen.details]
    lines += ["", "Le bon de commande est joint (tableur CSV et page à imprimer).",
              "Merci de nous confirmer la commande par retour de courriel.", "",
              "Bien cordialement,", canteen.name]
    return "\n".join(lines) + "\n"


def email_draft(problem: WeekProblem, supplier: Supplier, orders: Sequence[Order],
                attachments: Sequence[tuple[str, str]], t: Texts) -> str:
    """The ``.eml`` text of the draft to ``supplier``; ``attachments`` are ``(file name,
    content)`` pairs (``.csv`` and ``.html``), attached as UTF-8 files."""
    canteen = problem.catalogue.canteen
    message = EmailMessage()
    if canteen is not None and canteen.email:
        message["From"] = _address(canteen.name, canteen.email)
    message["To"] = _address(supplier.name, supplier.email)
    days = ", ".join(t.date(order.delivery_date) for order in orders)
    name = canteen.name if canteen is not None else (problem.week.canteen or problem.week.name)
    what = "retrait" if supplier.ordering.pickup else "livraison"
    message["Subject"] = f"Commande {name} ({what} {days})"
    message["X-Unsent"] = "1"
    message.set_content(draft_body(problem, supplier, orders, t))
    for file_name, content in attachments:
        subtype = "csv" if file_name.endswith(".csv") else "html"
        message.add_attachment(content.encode("utf-8"), maintype="text", subtype=subtype,
                               filename=file_name)
    return message.as_string(policy=SMTP)


def send_list(problem: WeekProblem, orders: Sequence[tuple[Order, str]],
              drafts: dict[str, str], t: Texts, style: CsvStyle) -> str:
    """The send list: one row per order (``(order, form stem)``), the ``sent`` cell empty
    for the manager to tick; ``drafts`` maps a supplier id to its draft's path."""
    rows: list[list[Cell]] = []
    for order, stem in orders:
        supplier = problem.suppliers[order.supplier]
        ordering = supplier.ordering
        address = {"email": supplier.email, "phone": ordering.phone,
                   "web": ordering.website}[ordering.channel]
        total_ht, _ = supplier_total(order, supplier)
        rows.append(["", order.supplier_name, t[f"channel_{ordering.channel}"], address,
                     order.delivery_date.isoformat(), total_ht, f"orders/{stem}.html",
                     drafts.get(order.supplier, "")])
    keys = ("sent", "supplier", "channel", "address", "delivery_date", "total_ht", "form",
            "draft")
    return csv_text([t[f"csv_{key}"] for key in keys], rows, style)
