"""The layout of a data workbook (``.xlsx``): its sheets, their columns and cell kinds.

Shared by the reader (:mod:`cantine_supply.io.workbook_read`) and the writer
(:mod:`cantine_supply.io.workbook_write`), so that both agree on every header. Each column
has a ``key`` (the data-folder key it stands for, dotted for a nested table:
``local.km`` is ``[supplier.local] km``), a French header shown in the sheet, and a
``kind`` saying how a cell becomes a value (see :class:`Kind`). The reader accepts a
column under its French header or its key, in any order.

The canteen sheet (:data:`CANTEEN_SHEET`, optional) holds rows of *field, value*
(:data:`CANTEEN_FIELDS`), as the top of a week sheet does.

A week sheet (name starting with ``Semaine``) has two parts: rows of *field, value* at the
top (:data:`WEEK_FIELDS`), then the menu grid, one row per service (days) and one column
per course (:data:`SERVICE_COLUMNS`), starting at the row whose first cell is ``Date``.
"""

from __future__ import annotations

from enum import Enum

import attrs


class Kind(Enum):
    """How a cell's value becomes the value a data-folder key would hold."""

    TEXT = "text"  # numbers become text (an id typed as 12)
    NUMBER = "number"  # a decimal comma in a text cell is accepted ("7,40")
    DATE = "date"  # a date cell, or text like 2026-11-24
    BOOL = "bool"  # a true/false cell, or oui/non, vrai/faux, true/false
    LIST = "list"  # several codes in one cell, separated by spaces, commas, ; or |
    QUANTITY = "quantity"  # text with a unit: "2,5 kg"
    TIERS = "tiers"  # price tiers "4:15.20 10:14.50" (from 4 packs 15.20 a pack...)
    RECIPES = "recipes"  # one recipe id, or candidates separated by | or commas
    LINES = "lines"  # text lines in one cell (Alt+Entrée): one text, or a list of lines


@attrs.frozen
class Column:
    """One column (or, on a week sheet, one field row): data key, French header, kind."""

    key: str
    header: str
    kind: Kind = Kind.TEXT


@attrs.frozen
class Sheet:
    """A table sheet: its name, its columns, and the column grouping rows into items.

    ``group`` (recipes, collections) names the column whose equal values make one item of
    several rows; ``item_keys`` are the columns describing the item itself, given on its
    first row (a different value on a later row is refused).
    """

    name: str
    columns: tuple[Column, ...]
    required: bool = True
    group: str | None = None
    item_keys: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        """The column of ``key`` (which must exist)."""
        return next(column for column in self.columns if column.key == key)


INGREDIENTS = Sheet(
    "Ingrédients",
    (
        Column("id", "Identifiant"),
        Column("name", "Nom"),
        Column("family", "Famille (ma cantine)"),
        Column("protein", "Protéines"),
        Column("unit", "Unité de base"),
        Column("co2_kg_per_kg", "kg CO2e par kg", Kind.NUMBER),
        Column("shelf_life_days", "Conservation (jours)", Kind.NUMBER),
        Column("storage", "Stockage"),
        Column("months_in_season", "Mois de saison", Kind.LIST),
        Column("density_g_per_ml", "Densité (g/ml)", Kind.NUMBER),
        Column("piece_weight_g", "Poids d'une pièce (g)", Kind.NUMBER),
    ),
)

SUPPLIERS = Sheet(
    "Fournisseurs",
    (
        Column("id", "Identifiant"),
        Column("name", "Nom"),
        Column("kind", "Type"),
        Column("distance_km", "Distance (km)", Kind.NUMBER),
        Column("intermediaries", "Intermédiaires", Kind.NUMBER),
        Column("delivery_weekdays", "Jours de livraison", Kind.LIST),
        Column("lead_time_days", "Délai (jours)", Kind.NUMBER),
        Column("min_order_ht", "Minimum de commande HT", Kind.NUMBER),
        Column("delivery_fee_ht", "Frais de livraison HT", Kind.NUMBER),
        Column("free_delivery_from_ht", "Franco à partir de (HT)", Kind.NUMBER),
        Column("fee_vat_rate", "TVA des frais", Kind.NUMBER),
        Column("email", "E-mail"),
        Column("local.definition", "Local : définition"),
        Column("local.km", "Local : rayon (km)", Kind.NUMBER),
        Column("ordering.channel", "Commande : canal"),
        Column("ordering.customer_account", "Commande : n° de client"),
        Column("ordering.contact", "Commande : contact"),
        Column("ordering.phone", "Commande : téléphone"),
        Column("ordering.website", "Commande : site web"),
        Column("ordering.pickup", "Commande : retrait sur place", Kind.BOOL),
    ),
)

OFFERS = Sheet(
    "Offres",
    (
        Column("supplier", "Fournisseur"),
        Column("id", "Référence"),
        Column("ingredient", "Ingrédient"),
        Column("product", "Produit"),
        Column("pack", "Colis", Kind.QUANTITY),
        Column("net", "Contenance", Kind.QUANTITY),
        Column("price_ht", "Prix HT du colis", Kind.NUMBER),
        Column("vat_rate", "TVA", Kind.NUMBER),
        Column("labels", "Labels", Kind.LIST),
        Column("origin", "Origine"),
        Column("months_available", "Mois disponibles", Kind.LIST),
        Column("max_packs", "Colis maximum", Kind.NUMBER),
        Column("tier", "Paliers (colis:prix)", Kind.TIERS),
    ),
    required=False,
)

RECIPES = Sheet(
    "Recettes",
    (
        Column("recipe", "Recette"),
        Column("name", "Nom"),
        Column("course", "Plat"),
        Column("group", "Ligne flexible"),
        Column("ingredient", "Ingrédient"),
        Column("quantity", "Quantité par couvert", Kind.QUANTITY),
        Column("net", "Contenance", Kind.QUANTITY),
        Column("yield", "Rendement", Kind.NUMBER),
        Column("min_share", "Part minimum", Kind.NUMBER),
        Column("max_share", "Part maximum", Kind.NUMBER),
    ),
    group="recipe",
    item_keys=("name", "course"),
)

STOCK = Sheet(
    "Stock",
    (
        Column("ingredient", "Ingrédient"),
        Column("quantity", "Quantité", Kind.QUANTITY),
        Column("best_before", "À consommer avant", Kind.DATE),
        Column("unit_cost_ht", "Coût unitaire HT", Kind.NUMBER),
    ),
    required=False,
)

COLLECTIONS = Sheet(
    "Collectes",
    (
        Column("collection", "Tournée"),
        Column("name", "Nom"),
        Column("weekday", "Jour"),
        Column("trip_cost", "Coût du trajet", Kind.NUMBER),
        Column("distance_km", "Distance (km)", Kind.NUMBER),
        Column("labels", "Labels", Kind.LIST),
        Column("always", "Toujours faite", Kind.BOOL),
        Column("ingredient", "Ingrédient"),
        Column("guaranteed", "Quantité garantie", Kind.QUANTITY),
        Column("expected", "Quantité attendue", Kind.QUANTITY),
        Column("price_ht", "Prix HT", Kind.NUMBER),
    ),
    required=False,
    group="collection",
    item_keys=("name", "weekday", "trip_cost", "distance_km", "labels", "always"),
)

#: The table sheets, in the order the workbook holds them (week sheets come after).
TABLE_SHEETS = (INGREDIENTS, SUPPLIERS, OFFERS, RECIPES, STOCK, COLLECTIONS)

#: The sheet of the canteen's own details (``canteen.toml``), optional like the file.
CANTEEN_SHEET = "Cantine"

#: Field rows of the canteen sheet (name in column A, value in column B), as on a week
#: sheet; keys are ``canteen.key`` of ``canteen.toml``.
CANTEEN_FIELDS = (
    Column("canteen.name", "Nom"),
    Column("canteen.address", "Adresse", Kind.LINES),
    Column("canteen.postcode", "Code postal"),
    Column("canteen.city", "Ville"),
    Column("canteen.phone", "Téléphone"),
    Column("canteen.contact", "Contact"),
    Column("canteen.email", "E-mail"),
    Column("canteen.siret", "SIRET"),
    Column("canteen.opening_days", "Jours d'ouverture", Kind.LIST),
    Column("canteen.delivery_hours", "Heures de livraison"),
    Column("canteen.delivery_notes", "Consignes de livraison"),
)

#: A sheet of explanations the writer adds and the reader skips.
README_SHEET = "Lisez-moi"

#: Week sheets are the sheets whose name starts with this.
WEEK_PREFIX = "Semaine"

#: Field rows at the top of a week sheet; keys are ``table.key`` of the week file.
WEEK_FIELDS = (
    Column("week.id", "Semaine (identifiant)"),
    Column("week.name", "Nom de la semaine"),
    Column("week.canteen", "Cantine"),
    Column("week.order_date", "Date de commande", Kind.DATE),
    Column("week.region", "Région"),
    Column("budget.amount", "Budget (EUR)", Kind.NUMBER),
    Column("budget.per_cover", "Budget par couvert", Kind.BOOL),
    Column("budget.basis", "Budget HT ou TTC"),
    Column("targets.organic_share", "Part bio minimum", Kind.NUMBER),
    Column("targets.egalim_share", "Part EGalim minimum", Kind.NUMBER),
    Column("targets.local_share", "Part locale minimum", Kind.NUMBER),
    Column("targets.circuit_court_share", "Part circuit court minimum", Kind.NUMBER),
    Column("targets.meat_fish_egalim_share", "Part EGalim viandes et poissons", Kind.NUMBER),
    Column("targets.share_basis", "Parts en valeur ou en poids"),
    Column("targets.max_meat_g_per_cover", "Viande maximum (g par couvert)", Kind.NUMBER),
    Column("targets.max_co2_kg_per_cover", "CO2 maximum (kg par couvert)", Kind.NUMBER),
    Column("targets.min_vegetarian_mains", "Plats végétariens minimum", Kind.NUMBER),
    Column("menu_rules.no_repeat", "Menus : pas de répétition", Kind.BOOL),
    Column("menu_rules.max_meat_mains", "Menus : plats de viande maximum", Kind.NUMBER),
    Column("menu_rules.min_fish_mains", "Menus : plats de poisson minimum", Kind.NUMBER),
    Column("menu_rules.off_season", "Menus : hors saison"),
    Column(
        "menu_rules.off_season_penalty_eur_per_kg",
        "Menus : pénalité hors saison (EUR/kg)",
        Kind.NUMBER,
    ),
    Column("menu_rules.off_season_co2_factor", "Menus : facteur CO2 hors saison", Kind.NUMBER),
)

#: Columns of a week sheet's menu grid; the grid starts at the row whose first cell is
#: this first column's header.
SERVICE_COLUMNS = (
    Column("date", "Date", Kind.DATE),
    Column("name", "Service"),
    Column("covers", "Couverts", Kind.NUMBER),
    Column("starter", "Entrée", Kind.RECIPES),
    Column("main", "Plat principal", Kind.RECIPES),
    Column("dessert", "Dessert", Kind.RECIPES),
    Column("other", "Autre", Kind.RECIPES),
)
