"""Everything loaded from a data folder, with its cross-references checked once."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.canteen import Canteen
from cantine_supply.model.ingredient import Ingredient
from cantine_supply.model.recipe import IngredientGroup, Recipe
from cantine_supply.model.supplier import Offer, Supplier
from cantine_supply.model.unsold import Collection, StockLot
from cantine_supply.model.week import Week


def _by_id(items: tuple[object, ...]) -> dict[str, object]:
    return {item.id: item for item in items}  # type: ignore[attr-defined]


@attrs.frozen
class Catalogue:
    """The canteen's data: ingredients, recipes, suppliers, offers, collections, stock, weeks,
    and the canteen's own details (``canteen.toml``; None when the folder has none).

    Tuples keep the file order; the ``*_by_id`` mappings are built once for look-ups.
    """

    ingredients: tuple[Ingredient, ...] = attrs.field(converter=v.to_tuple)
    recipes: tuple[Recipe, ...] = attrs.field(converter=v.to_tuple)
    suppliers: tuple[Supplier, ...] = attrs.field(converter=v.to_tuple)
    offers: tuple[Offer, ...] = attrs.field(converter=v.to_tuple)
    collections: tuple[Collection, ...] = attrs.field(converter=v.to_tuple, default=())
    stock: tuple[StockLot, ...] = attrs.field(converter=v.to_tuple, default=())
    weeks: tuple[Week, ...] = attrs.field(converter=v.to_tuple, default=())
    canteen: Canteen | None = None
    ingredient_by_id: dict[str, Ingredient] = attrs.field(init=False, eq=False, repr=False)
    recipe_by_id: dict[str, Recipe] = attrs.field(init=False, eq=False, repr=False)
    supplier_by_id: dict[str, Supplier] = attrs.field(init=False, eq=False, repr=False)
    offer_by_id: dict[str, Offer] = attrs.field(init=False, eq=False, repr=False)
    week_by_id: dict[str, Week] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "ingredient_by_id", _by_id(self.ingredients))
        object.__setattr__(self, "recipe_by_id", _by_id(self.recipes))
        object.__setattr__(self, "supplier_by_id", _by_id(self.suppliers))
        object.__setattr__(self, "offer_by_id", _by_id(self.offers))
        object.__setattr__(self, "week_by_id", _by_id(self.weeks))

    def reference_errors(self, *, unprovided: bool = True) -> Iterator[tuple[str, str, str]]:
        """Yield ``(kind, id, message)`` for every broken cross-reference or duplicate id,
        and (unless ``unprovided`` is False) every ingredient a week's recipe needs that no
        supplier, collection or stock provides.

        ``kind`` is ``ingredient``, ``recipe``, ``supplier``, ``offer``, ``collection``,
        ``stock`` or ``week``; loaders map it back to the file and field.
        """
        for kind, items in (
            ("ingredient", self.ingredients),
            ("recipe", self.recipes),
            ("supplier", self.suppliers),
            ("offer", self.offers),
            ("collection", self.collections),
            ("week", self.weeks),
        ):
            seen: set[str] = set()
            for entry in items:
                if entry.id in seen:
                    yield kind, entry.id, f"duplicate {kind} id {entry.id!r}"
                seen.add(entry.id)
        ing = self.ingredient_by_id
        for recipe in self.recipes:
            for ingredient_id in recipe.ingredient_ids():
                if ingredient_id not in ing:
                    yield "recipe", recipe.id, f"unknown ingredient {ingredient_id!r}"
        for offer in self.offers:
            if offer.ingredient not in ing:
                yield "offer", offer.id, f"unknown ingredient {offer.ingredient!r}"
            if offer.supplier not in self.supplier_by_id:
                yield "offer", offer.id, f"unknown supplier {offer.supplier!r}"
        for collection in self.collections:
            for item in collection.items:
                if item.ingredient not in ing:
                    yield "collection", collection.id, f"unknown ingredient {item.ingredient!r}"
        for lot in self.stock:
            if lot.ingredient not in ing:
                yield "stock", lot.ingredient, f"unknown ingredient {lot.ingredient!r}"
        provided = (
            {o.ingredient for o in self.offers}
            | {i.ingredient for c in self.collections for i in c.items}
            | {lot.ingredient for lot in self.stock}
        )
        for week in self.weeks:
            if week.recourse is not None and week.recourse.supplier not in self.supplier_by_id:
                shop = week.recourse.supplier
                yield "week", week.id, f"recourse shop: unknown supplier {shop!r}"
            for service in week.services:
                for course in service.courses:
                    for rid in course.recipes:
                        dish = self.recipe_by_id.get(rid)
                        if dish is None:
                            yield "week", week.id, f"{service.date}: unknown recipe {rid!r}"
                            continue
                        if not unprovided:
                            continue
                        for line in dish.lines:
                            if line.ingredient in ing and line.ingredient not in provided:
                                yield (
                                    "week",
                                    week.id,
                                    f"{service.date}: {rid} needs {line.ingredient!r}, which no"
                                    " supplier, collection or stock provides",
                                )
                        for group in dish.groups:
                            yield from _unprovided_options(week.id, service.date, rid, group,
                                                           provided)


def _unprovided_options(
    week_id: str, day: object, recipe_id: str, group: IngredientGroup, provided: set[str]
) -> Iterator[tuple[str, str, str]]:
    """A flexible line fails when none of its options is provided, or when an option it
    must use (``min_share > 0``) is not."""
    if not any(o.ingredient in provided for o in group.options):
        yield (
            "week",
            week_id,
            f"{day}: {recipe_id} needs {group.ingredients[0]!r} or another option of its"
            f" line {group.label!r} ({', '.join(group.ingredients)}), which no supplier,"
            " collection or stock provides",
        )
        return
    for option in group.options:
        if option.min_share > 0 and option.ingredient not in provided:
            yield (
                "week",
                week_id,
                f"{day}: {recipe_id} needs {option.ingredient!r} (at least"
                f" {option.min_share:.0%} of {group.label}), which no supplier, collection"
                " or stock provides",
            )
