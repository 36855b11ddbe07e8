"""The two-stage plan for the manager, in English or French: the orders to send now, the
recourse table to print beside the order forms, the expected cost and its range, and the
food at risk of waste; as plain text (console) and as an HTML page (``recourse.html``)."""

from __future__ import annotations

from cantine_supply.plans.uncertain import UncertainPlan
from cantine_supply.report.i18n import texts
from cantine_supply.report.templating import render

WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Uncertain collections: the two-stage plan",
              "fr": "Collectes incertaines : le plan en deux temps"},
    "orders": {"en": "Orders to send now", "fr": "Commandes à passer maintenant"},
    "expected": {"en": "Expected cost", "fr": "Coût attendu"},
    "range": {"en": "from {low} to {high} over {n} scenarios",
              "fr": "de {low} à {high} selon les {n} scénarios"},
    "recourse": {"en": "If a collection brings less (print beside the order forms)",
                 "fr": "Si une collecte apporte moins (à imprimer avec les bons de commande)"},
    "round": {"en": "Round", "fr": "Tournée"},
    "item": {"en": "Item", "fr": "Produit"},
    "below": {"en": "If it brings less than", "fr": "Si elle apporte moins de"},
    "buy": {"en": "Buy", "fr": "Acheter"},
    "at": {"en": "At", "fr": "Chez"},
    "day": {"en": "On", "fr": "Le"},
    "cost": {"en": "Cost HT", "fr": "Coût HT"},
    "chance": {"en": "Chance", "fr": "Probabilité"},
    "none": {"en": "No day-of purchase is needed in any scenario.",
             "fr": "Aucun achat du jour n'est nécessaire, quel que soit le scénario."},
    "waste": {"en": "Food at risk of waste (expected, most)",
              "fr": "Denrées à risque de gaspillage (en moyenne, au plus)"},
    "no_waste": {"en": "none", "fr": "aucune"},
    "no_plan": {"en": "No two-stage plan", "fr": "Pas de plan en deux temps"},
}


def _w(key: str, lang: str) -> str:
    return WORDS[key]["fr" if lang == "fr" else "en"]


def recourse_rows(plan: UncertainPlan, lang: str) -> list[list[str]]:
    """The recourse table's rows as display text (round, item, threshold, what to buy,
    where, when, cost, chance)."""
    t = texts(lang)
    return [
        [row.collection_name, row.ingredient, t.quantity(row.below, row.unit),
         f"{row.packs} × {row.product}", row.shop, t.date(row.day), t.money(row.cost_ht),
         t.share(row.probability)]
        for row in plan.recourse
    ]


def recourse_text(plan: UncertainPlan, lang: str = "en") -> str:
    """The two-stage plan as console text."""
    t = texts(lang)
    if not plan.status.has_plan:
        return f"{_w('no_plan', lang)}{t.colon} {plan.status.value}. " + " ".join(plan.messages)
    out = [f"{_w('orders', lang)}{t.colon}"]
    for order in plan.orders:
        out.append(f"  {order.supplier_name}, {t.date(order.delivery_date)}{t.colon}"
                   f" {t.money(order.total_ht)} HT")
        out += [f"    {line.packs} × {line.product}" for line in order.lines]
    low, high = plan.cost_range_ttc
    out.append(f"{_w('expected', lang)}{t.colon} {t.money(plan.expected_ttc)} TTC ("
               + _w("range", lang).format(low=t.money(low), high=t.money(high),
                                          n=len(plan.scenarios)) + ")")
    out.append(f"{_w('recourse', lang)}{t.colon}")
    rows = recourse_rows(plan, lang)
    if not rows:
        out.append("  " + _w("none", lang))
    header = [_w(k, lang) for k in ("round", "item", "below", "buy", "at", "day", "cost",
                                    "chance")]
    for row in [header] + rows if rows else []:
        out.append("  " + " | ".join(row))
    waste = ", ".join(f"{a.ingredient} {t.quantity(a.expected, a.unit)},"
                      f" {t.quantity(a.most, a.unit)}" for a in plan.at_risk)
    out.append(f"{_w('waste', lang)}{t.colon} {waste or _w('no_waste', lang)}")
    return "\n".join(out)


def recourse_html(plan: UncertainPlan, lang: str = "en") -> str:
    """A printable page with the recourse table (``recourse.html.j2``, autoescaped)."""
    return render("recourse.html.j2", lang=lang, w=lambda key: _w(key, lang),
                  text=recourse_text(plan, lang).split(_w("recourse", lang))[0],
                  head=("round", "item", "below", "buy", "at", "day", "cost", "chance"),
                  rows=recourse_rows(plan, lang))
