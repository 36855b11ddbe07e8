"""Small hand-made canteens for planner tests, built from the model classes directly.

Defaults describe one lunch on Tuesday 2026-11-24 for 10 covers, ordered on Monday
2026-11-23, with suppliers delivering every weekday and a lead time of one day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cantine_supply.model import (
    Budget,
    Catalogue,
    Collection,
    CollectionItem,
    Ingredient,
    Locality,
    MenuCourse,
    Offer,
    PriceTier,
    Recipe,
    RecipeLine,
    Service,
    StockLot,
    Supplier,
    Targets,
    Week,
)

MONDAY = dt.date(2026, 11, 23)
TUESDAY = dt.date(2026, 11, 24)
WEEKDAYS = (0, 1, 2, 3, 4)


def ingredient(id: str, **kw: Any) -> Ingredient:
    args: dict[str, Any] = dict(
        id=id, name=id, family="FRUITS_ET_LEGUMES", protein="plant", unit="kg",
        co2_kg_per_kg=1.0, shelf_life_days=30,
    )
    args.update(kw)
    return Ingredient(**args)


def supplier(id: str, **kw: Any) -> Supplier:
    args: dict[str, Any] = dict(
        id=id, name=id, kind="producer", distance_km=10, intermediaries=0,
        delivery_weekdays=WEEKDAYS, lead_time_days=1,
    )
    args.update(kw)
    return Supplier(**args)


def offer(supplier_id: str, ingredient_id: str, pack: float, price: float, **kw: Any) -> Offer:
    args: dict[str, Any] = dict(
        id=kw.pop("id", f"{supplier_id}/{ingredient_id}-{pack:g}"),
        supplier=supplier_id, ingredient=ingredient_id, product=f"{ingredient_id} {pack:g}",
        pack_quantity=pack, price_ht=price, vat_rate=0.0,
    )
    args.update(kw)
    return Offer(**args)


def recipe(id: str, lines: dict[str, float], course: str = "main") -> Recipe:
    return Recipe(id=id, name=id, course=course,
                  lines=[RecipeLine(ingredient=i, quantity_per_cover=q) for i, q in lines.items()])


def week(menu: dict[dt.date, tuple[str, int]] | None = None, *, targets: Targets | None = None,
         budget: Budget | None = None, id: str = "w") -> Week:
    """A week with one main course per service: ``{date: (recipe id, covers)}``."""
    menu = menu or {TUESDAY: ("dish", 10)}
    services = [
        Service(date=d, covers=c, courses=[MenuCourse(course="main", recipes=[r])])
        for d, (r, c) in sorted(menu.items())
    ]
    return Week(id=id, name=id, order_date=MONDAY, services=services,
                targets=targets or Targets(), budget=budget)


def catalogue(*, ingredients: list[Ingredient], recipes: list[Recipe], suppliers: list[Supplier],
              offers: list[Offer], weeks: list[Week], collections: list[Collection] = (),  # type: ignore[assignment]
              stock: list[StockLot] = ()) -> Catalogue:  # type: ignore[assignment]
    return Catalogue(ingredients=ingredients, recipes=recipes, suppliers=suppliers, offers=offers,
                     collections=collections, stock=stock, weeks=weeks)


__all__ = [
    "Budget", "Collection", "CollectionItem", "Locality", "PriceTier", "StockLot", "Targets",
    "catalogue", "ingredient", "offer", "recipe", "supplier", "week", "MONDAY", "TUESDAY",
]
