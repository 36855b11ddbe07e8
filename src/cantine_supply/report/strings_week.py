"""The words of the order forms' heads, the e-mail drafts, the send list and the report's
first page, in English and French (merged into :data:`cantine_supply.report.strings.STRINGS`)."""

from __future__ import annotations

WEEK_EN: dict[str, str] = {
    "ordered_by": "Ordered by, deliver to",
    "ordered_by_pickup": "Ordered by (collected by the canteen)",
    "pickup_date": "Collected by the canteen on",
    "pickup": "Collected by the canteen",
    "pickup_note": "The canteen collects this order itself: no delivery, no delivery fee.",
    "customer_account": "Customer account",
    "phone": "Phone",
    "contact": "Contact",
    "website": "Web shop",
    "siret": "SIRET",
    "delivery_hours": "Delivery hours",
    "opening_days": "Open on",
    "delivery_notes": "Access",
    "channel": "Order by",
    "channel_email": "e-mail",
    "channel_phone": "phone",
    "channel_web": "web shop",
    "total_line": "Total excl. VAT {ht} · VAT {vat} · Total incl. VAT {ttc}",
    "todo_section": "What to do",
    "todo_drafts": "E-mail drafts are in emails/; tick each order in {file} once sent.",
    "details_section": "Details",
    "csv_sent": "sent",
    "csv_channel": "channel",
    "csv_address": "address",
    "csv_form": "order_form",
    "csv_draft": "email_draft",
    "csv_customer_account": "customer_account",
    "csv_delivery_address": "delivery_address",
    "diag_late": "{target}: missed because of when the orders are placed: ordered on"
    " {order_date}, no offer counting towards it arrives in time for {needs}",
}

WEEK_FR: dict[str, str] = {
    "ordered_by": "Commandé par, livrer à",
    "ordered_by_pickup": "Commandé par (retrait par la cantine)",
    "pickup_date": "Retrait par la cantine le",
    "pickup": "Retrait par la cantine",
    "pickup_note": "La cantine vient chercher la commande : pas de livraison, pas de frais de"
    " port.",
    "customer_account": "N° de client",
    "phone": "Téléphone",
    "contact": "Contact",
    "website": "Site de commande",
    "siret": "SIRET",
    "delivery_hours": "Horaires de livraison",
    "opening_days": "Ouvert le",
    "delivery_notes": "Accès",
    "channel": "Commande par",
    "channel_email": "courriel",
    "channel_phone": "téléphone",
    "channel_web": "site web",
    "total_line": "Total HT {ht} · TVA {vat} · Total TTC {ttc}",
    "todo_section": "À faire",
    "todo_drafts": "Les brouillons de courriel sont dans emails/ ; cochez chaque commande dans"
    " {file} une fois envoyée.",
    "details_section": "Détails",
    "csv_sent": "envoye",
    "csv_channel": "canal",
    "csv_address": "adresse",
    "csv_form": "bon_de_commande",
    "csv_draft": "brouillon_courriel",
    "csv_customer_account": "numero_client",
    "csv_delivery_address": "adresse_livraison",
    "diag_late": "{target} : manqué à cause de la date des commandes : passées le"
    " {order_date}, aucune offre qui y compte n'arrive à temps pour {needs}",
}
