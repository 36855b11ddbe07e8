"""The domain model: frozen attrs classes, in the canteen's words, knowing nothing of files."""

from cantine_supply.model.canteen import CHANNELS, Canteen, Ordering
from cantine_supply.model.catalogue import Catalogue
from cantine_supply.model.codes import (
    Course,
    Family,
    Label,
    LocalDefinition,
    Origin,
    ProteinClass,
    Region,
    Storage,
    SupplierKind,
)
from cantine_supply.model.ingredient import Ingredient
from cantine_supply.model.recipe import GroupOption, IngredientGroup, Recipe, RecipeLine
from cantine_supply.model.supplier import Locality, Offer, PriceTier, Supplier
from cantine_supply.model.unsold import Collection, CollectionItem, Recourse, StockLot
from cantine_supply.model.week import Budget, MenuCourse, MenuRules, Service, Targets, Week

__all__ = [
    "Budget",
    "CHANNELS",
    "Canteen",
    "Catalogue",
    "Collection",
    "CollectionItem",
    "Course",
    "Family",
    "GroupOption",
    "Ingredient",
    "IngredientGroup",
    "Label",
    "LocalDefinition",
    "Locality",
    "MenuCourse",
    "Offer",
    "Ordering",
    "Origin",
    "PriceTier",
    "ProteinClass",
    "Recipe",
    "RecipeLine",
    "Region",
    "Service",
    "Recourse",
    "StockLot",
    "Storage",
    "Supplier",
    "SupplierKind",
    "MenuRules",
    "Targets",
    "Week",
]
