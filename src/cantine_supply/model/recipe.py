"""Recipes: lines of ingredients per cover, with trim and cooking yield.

A recipe line names one ingredient. A *flexible line* (:class:`IngredientGroup`) accepts
any of several ingredients ("seasonal vegetables: carrot, leek, squash"), each with its
own quantity per cover in its own base unit and optional minimum and maximum shares; the
planner splits the line between the options (the shares sum to 1).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.codes import Course
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


def _share(_inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1):
        raise ValueError(f"{attribute.name} must be a share between 0 and 1, got {value!r}")


@attrs.frozen
class GroupOption:
    """One ingredient a flexible line may use.

    ``quantity_per_cover`` (in the ingredient's base unit, converted at load time) is what
    the whole line would put on the plate if this option alone filled it, and
    ``yield_ratio`` its usable fraction, so the option alone needs
    ``gross_per_cover = quantity_per_cover / yield_ratio`` per cover. With a share ``g`` of
    the line, it needs ``g × gross_per_cover`` per cover, where
    ``min_share <= g <= max_share``.
    """

    ingredient: str = attrs.field(validator=v.identifier)
    quantity_per_cover: float = attrs.field(validator=v.finite_positive)
    yield_ratio: float = attrs.field(default=1.0, validator=_yield)
    min_share: float = attrs.field(default=0.0, validator=_share)
    max_share: float = attrs.field(default=1.0, validator=_share)

    def __attrs_post_init__(self) -> None:
        if self.min_share > self.max_share:
            raise ValueError(
                f"min_share {self.min_share:g} is above max_share {self.max_share:g}"
                f" for {self.ingredient}"
            )

    @property
    def gross_per_cover(self) -> float:
        """Quantity to buy per cover if this option filled the whole line (base unit)."""
        return self.quantity_per_cover / self.yield_ratio


@attrs.frozen
class IngredientGroup:
    """A flexible recipe line: any of ``options``, split by shares that sum to 1
    (``Σ min_share <= 1 <= Σ max_share``, so some split is always possible)."""

    label: str = attrs.field(validator=v.identifier)
    options: tuple[GroupOption, ...] = attrs.field(converter=v.to_tuple)

    @options.validator
    def _check_options(
        self, _attribute: attrs.Attribute[object], value: tuple[GroupOption, ...]
    ) -> None:
        if len(value) < 2:
            raise ValueError(f"group {self.label!r} needs at least 2 options, got {len(value)}")
        seen = [option.ingredient for option in value]
        dup = sorted({i for i in seen if seen.count(i) > 1})
        if dup:
            raise ValueError(f"group {self.label!r}: ingredient listed twice: {', '.join(dup)}")
        if sum(o.min_share for o in value) > 1 + 1e-9:
            raise ValueError(f"group {self.label!r}: the minimum shares add up to more than 1")
        if sum(o.max_share for o in value) < 1 - 1e-9:
            raise ValueError(f"group {self.label!r}: the maximum shares add up to less than 1")

    @property
    def ingredients(self) -> tuple[str, ...]:
        return tuple(option.ingredient for option in self.options)


@attrs.frozen
class Recipe:
    """A dish, by course; whether it is vegetarian follows from its ingredients."""

    id: str = attrs.field(validator=v.identifier)
    name: str
    course: Course = attrs.field(converter=Course)
    lines: tuple[RecipeLine, ...] = attrs.field(converter=v.to_tuple)
    groups: tuple[IngredientGroup, ...] = attrs.field(default=(), converter=v.to_tuple)

    def __attrs_post_init__(self) -> None:
        if not self.lines and not self.groups:
            raise ValueError("a recipe needs at least one line")
        seen = list(self.ingredient_ids())
        dup = sorted({i for i in seen if seen.count(i) > 1})
        if dup:
            raise ValueError(f"ingredient listed twice: {', '.join(dup)}")

    def ingredient_ids(self) -> tuple[str, ...]:
        """Every ingredient the recipe may use: its lines', then every group option's."""
        return tuple(line.ingredient for line in self.lines) + tuple(
            i for group in self.groups for i in group.ingredients
        )

    def is_vegetarian(self, ingredients: Mapping[str, Ingredient]) -> bool:
        """No meat and no fish among the recipe's ingredients (every option counts)."""
        return all(not ingredients[i].is_meat_or_fish for i in self.ingredient_ids())
