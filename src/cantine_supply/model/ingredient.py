"""Ingredients: what recipes use and offers sell, in one base unit each."""

from __future__ import annotations

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.codes import Family, ProteinClass, Storage
from cantine_supply.units import BASE_UNITS, BaseUnit, kg_per_base_unit


@attrs.frozen
class Ingredient:
    """An ingredient, measured in its ``unit`` (kg, L or piece) everywhere after loading.

    ``co2_kg_per_kg`` is the AGRIBALYSE factor in kg CO2e per kg; ``months_in_season`` is
    empty for products without a season (dry goods, dairy...). ``shelf_life_days`` is how
    long it keeps from delivery in its ``storage`` class. ``density_g_per_ml`` and
    ``piece_weight_g`` bridge mass, volume and pieces.
    """

    id: str = attrs.field(validator=v.identifier)
    name: str
    family: Family = attrs.field(converter=Family)
    protein: ProteinClass = attrs.field(converter=ProteinClass)
    unit: BaseUnit = attrs.field(validator=attrs.validators.in_(BASE_UNITS))
    co2_kg_per_kg: float = attrs.field(validator=v.finite_non_negative)
    shelf_life_days: int = attrs.field(validator=v.finite_positive)
    storage: Storage = attrs.field(converter=Storage, default=Storage.AMBIENT)
    months_in_season: tuple[int, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.months
    )
    density_g_per_ml: float | None = attrs.field(default=None, validator=v.optional_positive)
    piece_weight_g: float | None = attrs.field(default=None, validator=v.optional_positive)

    @property
    def kg_per_unit(self) -> float | None:
        """Mass in kg of one base unit, or None when a piece or litre has no known mass."""
        return kg_per_base_unit(self.unit, self.density_g_per_ml, self.piece_weight_g)

    @property
    def co2_per_unit(self) -> float:
        """kg CO2e per base unit (per kg, L or piece); 0 when the unit has no known mass."""
        return self.co2_kg_per_kg * (self.kg_per_unit or 0.0)

    @property
    def is_meat_or_fish(self) -> bool:
        return self.protein in (ProteinClass.MEAT, ProteinClass.FISH)

    def in_season(self, month: int) -> bool:
        """True when the ingredient has no season or ``month`` (1-12) is in it."""
        return not self.months_in_season or month in self.months_in_season
