"""The words of ``cantine-supply plan``'s console output, in English and French."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "week": "Week {week}: {covers} covers, plan {status}",
        "gap": " (gap {gap})",
        "menu_chosen": "Menu chosen:",
        "vegetarian": " (vegetarian)",
        "delivery": "{supplier} - delivery {date}",
        "pickup": "{supplier} - collected by the canteen {date}",
        "head": "packs|product|pack|price HT|total HT",
        "delivery_fee": "delivery fee",
        "trip": "own trip",
        "total": "total",
        "ht_ttc": "HT / TTC",
        "collect": "Collect {date}: {name} (trip {cost}): {items}",
        "at_risk": " at risk",
        "collected_not_used": "Collected and not used: {items}",
        "flexible": "Flexible lines:",
        "from_stock": "From stock: {items}",
        "totals": "Total {ht} EUR HT, {ttc} EUR TTC ({per_cover} EUR TTC per cover;"
        " fees {fees}, trips {trips})",
        "meat": "Meat {meat} g and {co2} kg CO2e per cover; {leftovers} leftovers, {waste} kg"
        " at risk of waste ({items} items)",
        "targets_head": "target|limit|value|",
        "met": "met",
        "not_met": "NOT MET",
    },
    "fr": {
        "week": "Semaine {week} : {covers} couverts, plan {status}",
        "gap": " (écart {gap})",
        "menu_chosen": "Menu choisi :",
        "vegetarian": " (végétarien)",
        "delivery": "{supplier} - livraison {date}",
        "pickup": "{supplier} - retrait par la cantine {date}",
        "head": "colis|produit|conditionnement|prix HT|total HT",
        "delivery_fee": "frais de livraison",
        "trip": "trajet de la cantine",
        "total": "total",
        "ht_ttc": "HT / TTC",
        "collect": "Collecte {date} : {name} (trajet {cost}) : {items}",
        "at_risk": " à risque",
        "collected_not_used": "Collecté et non utilisé : {items}",
        "flexible": "Lignes flexibles :",
        "from_stock": "Pris dans le stock : {items}",
        "totals": "Total {ht} EUR HT, {ttc} EUR TTC ({per_cover} EUR TTC par couvert ;"
        " frais {fees}, trajets {trips})",
        "meat": "Viande {meat} g et {co2} kg CO2e par couvert ; {leftovers} restes, {waste} kg"
        " à risque de gaspillage ({items} produits)",
        "targets_head": "objectif|limite|valeur|",
        "met": "atteint",
        "not_met": "NON ATTEINT",
    },
}

STATUS_FR = {"optimal": "optimal", "feasible": "réalisable", "infeasible": "impossible",
             "time_limit": "sans solution dans le temps imparti", "error": "en erreur"}
DAYS_FR = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
MONTHS_FR = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
             "oct.", "nov.", "déc.")
COURSES_FR = {"starter": "entrée", "main": "plat", "dessert": "dessert", "other": "autre"}

#: The storage classes in French (``storage.toml``'s keys).
STORAGE_FR = {"ambient": "ambiant", "chilled": "frais", "frozen": "surgelé"}

#: The words of ``cantine-supply horizon``'s console output (``--lang``), in English and
#: French; amounts are EUR HT unless said.
HORIZON_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "head": "Horizon {weeks}: {status} ({solver}, {time} s, gap {gap})",
        "solver": "  solver: {termination}",
        "week": "\n{week}: {total} EUR HT",
        "order": "  {date} {supplier}: {total} EUR HT",
        "line": "    {packs} x {product} ({price})",
        "week_end": "  stock at the week's end: {held}",
        "bulk_head": "\nBought in bulk (bulk formats and price breaks, see docs/horizon.md):",
        "bulk_saved": "; {saved} EUR HT less than in {other}",
        "bulk_line": "  {week} {date} {packs} x {product}: {total} EUR HT ({kind}{versus})",
        "no_bulk": "\nBought in bulk: nothing (no bulk format, no price break)",
        "cash": "\nCash spent {ht} EUR HT ({ttc} TTC)",
        "left": "Food left at the end: {kg} kg, {again} EUR HT to buy again; counted for"
        " {counted} (what keeps {days} days past the last service and can be used before it"
        " spoils, at {share} of its value)",
        "origin": "  of which from the starting stock {start}; bought in these weeks {bought}"
        " ({of_spend} of the cash spent; target at most {target}{over}): {part} less than"
        " one pack of its ingredient, {whole} a pack or more",
        "over": ", over it",
        "alone": "  each week planned alone: cash spent {spend} EUR HT, food bought and left"
        " {bought}; together the weeks spend {saved} {more_less} cash, so the food left {pays}",
        "less": "less",
        "more": "more",
        "pays": "costs nothing extra: it pays",
        "does_not_pay": "does not pay in cash",
        "net": "Net cost {net} EUR HT",
        "week_by_week": "Week by week (each week planned alone): net {net}; bulk savings"
        " {saved} EUR HT",
    },
    "fr": {
        "head": "Horizon {weeks} : {status} ({solver}, {time} s, écart {gap})",
        "solver": "  solveur : {termination}",
        "week": "\n{week} : {total} EUR HT",
        "order": "  {date} {supplier} : {total} EUR HT",
        "line": "    {packs} x {product} ({price})",
        "week_end": "  stock en fin de semaine : {held}",
        "bulk_head": "\nAchats en gros (grands conditionnements et prix dégressifs, voir"
        " docs/horizon.md) :",
        "bulk_saved": " ; {saved} EUR HT de moins qu'en {other}",
        "bulk_line": "  {week} {date} {packs} x {product} : {total} EUR HT ({kind}{versus})",
        "no_bulk": "\nAchats en gros : aucun (ni grand conditionnement, ni prix dégressif)",
        "cash": "\nDépensé {ht} EUR HT ({ttc} TTC)",
        "left": "Reste en stock à la fin : {kg} kg, {again} EUR HT à racheter ; compté pour"
        " {counted} (ce qui se garde {days} jours après le dernier service et peut servir"
        " avant de se perdre, à {share} de sa valeur)",
        "origin": "  dont venu du stock de départ {start} ; acheté pendant ces semaines"
        " {bought} ({of_spend} de la dépense ; objectif au plus {target}{over}) : {part}"
        " en dessous d'un colis de l'ingrédient, {whole} un colis ou plus",
        "over": ", dépassé",
        "alone": "  chaque semaine planifiée seule : dépense {spend} EUR HT, acheté et restant"
        " {bought} ; ensemble, les semaines dépensent {saved} de {more_less}, donc ce qui"
        " reste {pays}",
        "less": "moins",
        "more": "plus",
        "pays": "ne coûte rien de plus : c'est rentable",
        "does_not_pay": "n'est pas rentable en trésorerie",
        "net": "Coût net {net} EUR HT",
        "week_by_week": "Semaine par semaine (chacune planifiée seule) : net {net} ;"
        " économies d'achat en gros {saved} EUR HT",
    },
}
