"""The .eml drafts: addressed to the supplier, in French, the order as body, the order
form's CSV and HTML attached, readable back by Python's own e-mail parser; the send list."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage

import attrs
import pytest

from calc_fr import read_calc_fr
from cantine_supply.model import Canteen, Ordering
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report.outputs import render_outputs
from report_week import report_week

CANTEEN = Canteen(name="La Petite Cantine", address=["12 rue de Bourgogne"], postcode="69009",
                  city="Lyon", phone="04 65 71 02 46", contact="Camille Martin",
                  email="cuisine@cantine.example", siret="81234567800005")


@pytest.fixture(scope="module")
def week() -> tuple[WeekProblem, Plan]:
    problem, plan = report_week()
    catalogue = problem.catalogue
    farm = attrs.evolve(catalogue.supplier_by_id["ferme-du-val"],
                        ordering=Ordering(contact="Paul Durand", customer_account="PC-7"))
    suppliers = [farm if s.id == farm.id else s for s in catalogue.suppliers]
    catalogue = attrs.evolve(catalogue, canteen=CANTEEN, suppliers=suppliers)
    return attrs.evolve(problem, catalogue=catalogue), plan


def parse(text: str) -> EmailMessage:
    message = email.message_from_string(text, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_one_draft_per_supplier_with_an_email_reads_back_with_both_attachments(
        week: tuple[WeekProblem, Plan]) -> None:
    problem, plan = week
    files = render_outputs(problem, plan, lang="fr")
    drafts = {name: text for name, text in files.items() if name.endswith(".eml")}
    with_email = {o.supplier for o in plan.orders if problem.suppliers[o.supplier].email}
    assert set(drafts) == {f"emails/{s}.eml" for s in with_email}
    message = parse(drafts["emails/ferme-du-val.eml"])
    (order,) = [o for o in plan.orders if o.supplier == "ferme-du-val"]
    assert message["To"].addresses[0].addr_spec == "commandes@fermeduval.example"
    assert message["From"].addresses[0].addr_spec == "cuisine@cantine.example"
    assert message["Subject"].startswith("Commande La Petite Cantine (livraison ")
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert text.startswith("Bonjour Paul Durand,\n")
    assert "N° de client\u00a0: PC-7" in text and "12 rue de Bourgogne" in text
    for line in order.lines:
        assert line.product in text
    attachments = list(message.iter_attachments())
    names = [a.get_filename() for a in attachments]
    stem = f"{order.delivery_date.isoformat()}_ferme-du-val"
    assert names == [f"{stem}.csv", f"{stem}.html"]
    csv_part, html_part = attachments
    assert csv_part.get_content_type() == "text/csv"
    assert html_part.get_content_type() == "text/html"
    raw_csv = csv_part.get_payload(decode=True)
    assert isinstance(raw_csv, bytes)
    rows = read_calc_fr(raw_csv)  # the French form: numbers in a French spreadsheet
    assert rows[0][0] == "type" and rows[1][0] == "ligne"
    html = html_part.get_payload(decode=True)
    assert isinstance(html, bytes)
    assert "Bon de commande" in html.decode("utf-8")


def test_the_send_list_has_a_row_to_tick_per_order(week: tuple[WeekProblem, Plan]) -> None:
    problem, plan = week
    files = render_outputs(problem, plan, lang="fr")
    rows = read_calc_fr(files["a-envoyer.csv"].encode("utf-8"))
    assert rows[0] == ["envoye", "fournisseur", "canal", "adresse", "date_livraison",
                       "total_ht", "bon_de_commande", "brouillon_courriel"]
    assert len(rows) == 1 + len(plan.orders)
    assert all(row[0] == "" for row in rows[1:])
    assert sorted(float(row[5]) for row in rows[1:]) == sorted(  # type: ignore[arg-type]
        float(o.total_ht) for o in plan.orders)
    assert "to-send.csv" in render_outputs(problem, plan)
