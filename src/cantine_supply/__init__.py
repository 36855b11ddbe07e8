"""cantine_supply: weekly shopping plans for participatory neighbourhood canteens.

The public API, in the order data flows through it:

- :func:`load` reads a data folder (see ``docs/data-format.md``) or a data workbook
  (``.xlsx``, ``docs/workbook.md``; :func:`write_workbook` writes one) into a :class:`Catalogue`,
  converting every quantity to its ingredient's base unit and checking every value and
  cross-reference; bad input raises one :class:`InputError` listing every :class:`Problem`.
  :func:`validate` checks a :class:`Catalogue` built in code the same way.
- The domain model (:class:`Ingredient`, :class:`Recipe`, :class:`Supplier`,
  :class:`Offer`, :class:`Week`...) is made of frozen attrs classes.

Every error raised on purpose derives from :class:`CantineSupplyError`.
"""

from cantine_supply.errors import CantineSupplyError, InputError, NoPlanError, Problem
from cantine_supply.io import load, validate, write_workbook
from cantine_supply.model import (
    Budget,
    Catalogue,
    Collection,
    CollectionItem,
    Course,
    Family,
    GroupOption,
    Ingredient,
    IngredientGroup,
    Label,
    LocalDefinition,
    Locality,
    MenuCourse,
    MenuRules,
    Offer,
    Origin,
    PriceTier,
    ProteinClass,
    Recipe,
    RecipeLine,
    Region,
    Service,
    StockLot,
    Storage,
    Supplier,
    SupplierKind,
    Targets,
    Week,
)
from cantine_supply.version import __version__ as __version__

__all__ = [
    # loading
    "load",
    "validate",
    "write_workbook",
    # errors
    "CantineSupplyError",
    "InputError",
    "NoPlanError",
    "Problem",
    # model
    "Budget",
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
    "MenuRules",
    "Offer",
    "Origin",
    "PriceTier",
    "ProteinClass",
    "Recipe",
    "RecipeLine",
    "Region",
    "Service",
    "StockLot",
    "Storage",
    "Supplier",
    "SupplierKind",
    "Targets",
    "Week",
]
