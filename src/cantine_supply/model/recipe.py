"""Recipes: lines of ingredients per cover, with trim and cooking yield."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.codes import Course, ProteinClass
from cantine_supply.model.ingredient import Ingredient


def _yield(_inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (isinstance(value, (int, float)) and 0.0 < value <= 1.0):
        raise ValueError(f"{attribute.name} must be in (0, 1], got {value!r}")


@attrs.frozen
class RecipeLine:
    """One ingredient of a recipe.

    ``quantity_per_cover`` is in the ingredient's base unit (converted at load time) and is
    what ends up on the plate; ``yield_ratio`` is the usable fraction after trimming and
    cooking losses, so the quantity to buy is ``quantity_per_cover / yield_ratio``.
    """

    ingredient: str = attrs.field(validator=v.identifier)
    quantity_per_cover: float = attrs.field(validator=v.finite_positive)
    yield_ratio: float = attrs.field(default=1.0, validator=_yield)

    @property
    def gross_per_cover(self) -> float:
        """Quantity to buy per cover, in the ingredient's base unit."""
        return self.quantity_per_cover / self.yield_ratio


@attrs.frozen
class Recipe:
    """A dish, by course; whether it is vegetarian follows from its ingredients."""

    id: str = attrs.field(validator=v.identifier)
    name: str
    course: Course = attrs.field(converter=Course)
    lines: tuple[RecipeLine, ...] = attrs.field(converter=v.to_tuple)

    @lines.validator
    def _check_lines(
        self, _attribute: attrs.Attribute[object], value: tuple[RecipeLine, ...]
    ) -> None:
        if not value:
            raise ValueError("a recipe needs at least one line")
        seen = [line.ingredient for line in value]
        dup = sorted({i for i in seen if seen.count(i) > 1})
        if dup:
            raise ValueError(f"ingredient listed twice: {', '.join(dup)}")

    def is_vegetarian(self, ingredients: Mapping[str, Ingredient]) -> bool:
        """No meat and no fish among the recipe's ingredients."""
        return all(not ingredients[line.ingredient].is_meat_or_fish for line in self.lines)

    def is_vegan(self, ingredients: Mapping[str, Ingredient]) -> bool:
        """Only plant ingredients."""
        return all(
            ingredients[line.ingredient].protein is ProteinClass.PLANT for line in self.lines
        )
