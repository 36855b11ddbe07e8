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
