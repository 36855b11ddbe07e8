"""A week to plan: services with covers and menus, the food budget and the targets."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.codes import Course, Region
from cantine_supply.model.targets import SHARES as SHARE_NAMES
from cantine_supply.model.unsold import Recourse

ShareBasis = Literal["value", "weight"]
MoneyBasis = Literal["TTC", "HT"]
OffSeason = Literal["allow", "forbid", "penalty"]


@attrs.frozen
class MenuCourse:
    """One course of a service: a fixed recipe, or several candidates to choose from."""

    course: Course = attrs.field(converter=Course)
    recipes: tuple[str, ...] = attrs.field(converter=v.to_tuple)

    @recipes.validator
    def _not_empty(self, _a: attrs.Attribute[object], value: tuple[str, ...]) -> None:
        if not value:
            raise ValueError("a course needs at least one recipe")

    @property
    def is_fixed(self) -> bool:
        return len(self.recipes) == 1


@attrs.frozen
class Service:
    """A meal served on ``date`` to ``covers`` guests, with its courses."""

    date: dt.date
    covers: int = attrs.field(validator=v.finite_positive)
    courses: tuple[MenuCourse, ...] = attrs.field(converter=v.to_tuple)
    name: str = "lunch"


@attrs.frozen
class Budget:
    """The food budget: ``amount`` EUR for the week, or per cover when ``per_cover``."""

    amount: float = attrs.field(validator=v.finite_non_negative)
    per_cover: bool = False
    basis: MoneyBasis = attrs.field(default="TTC", validator=attrs.validators.in_(("TTC", "HT")))

    def limit(self, covers: int) -> float:
        """The budget in EUR for a week of ``covers`` covers."""
        return self.amount * covers if self.per_cover else self.amount


@attrs.frozen
class Targets:
    """The week's targets; None means no target.

    Shares are fractions (0.2 = 20%) of purchases, by value HT unless ``share_basis`` is
    ``"weight"``. ``max_meat_g_per_cover`` and ``max_co2_kg_per_cover`` are averages over
    the week's covers.
    """

    organic_share: float | None = attrs.field(default=None, validator=v.share)
    egalim_share: float | None = attrs.field(default=None, validator=v.share)
    local_share: float | None = attrs.field(default=None, validator=v.share)
    circuit_court_share: float | None = attrs.field(default=None, validator=v.share)
    meat_fish_egalim_share: float | None = attrs.field(default=None, validator=v.share)
    share_basis: ShareBasis = attrs.field(
        default="value", validator=attrs.validators.in_(("value", "weight"))
    )
    max_meat_g_per_cover: float | None = attrs.field(
        default=None, validator=v.optional_non_negative
    )
    max_co2_kg_per_cover: float | None = attrs.field(
        default=None, validator=v.optional_non_negative
    )
    min_vegetarian_mains: int | None = attrs.field(default=None, validator=v.optional_non_negative)

    #: The five shares, from the one table of targets (:mod:`cantine_supply.model.targets`).
    SHARES = SHARE_NAMES


@attrs.frozen
class MenuRules:
    """Rules for choosing among candidate recipes (fixed courses are never changed).

    ``no_repeat``: a chosen recipe is served at most once in the week in a starter, main
    or dessert course (and never repeats a fixed course's recipe); ``max_meat_mains``: at
    most this many mains with meat; ``min_fish_mains``: at least this many mains with fish
    (a fish day). The least number of vegetarian mains is ``Targets.min_vegetarian_mains``.

    ``off_season``: what to do with a fresh fruit or vegetable (family FRUITS_ET_LEGUMES
    with a season) served in a month outside its ``months_in_season``: ``allow`` it (the
    default), ``forbid`` it, or ``penalty``: add ``off_season_penalty_eur_per_kg`` EUR per
    kg served to the cost the optimiser minimises (not to the money spent).
    ``off_season_co2_factor`` multiplies the CO2 factor of such food (heated greenhouses,
    air freight: AGRIBALYSE gives 2.11 kg CO2e/kg for tomatoes off season, 0.626 in
    season, a factor of about 3.4); 1 (the default) changes nothing.
    """

    no_repeat: bool = True
    max_meat_mains: int | None = attrs.field(default=None, validator=v.optional_non_negative)
    min_fish_mains: int | None = attrs.field(default=None, validator=v.optional_non_negative)
    off_season: OffSeason = attrs.field(
        default="allow", validator=attrs.validators.in_(("allow", "forbid", "penalty"))
    )
    off_season_co2_factor: float = attrs.field(default=1.0, validator=v.finite_positive)
    off_season_penalty_eur_per_kg: float = attrs.field(default=0.0, validator=v.finite_non_negative)


@attrs.frozen
class Week:
    """A week of services to buy for, ordered on ``order_date``."""

    id: str = attrs.field(validator=v.identifier)
    name: str
    order_date: dt.date
    services: tuple[Service, ...] = attrs.field(converter=v.to_tuple)
    budget: Budget | None = None
    targets: Targets = attrs.field(factory=Targets)
    canteen: str = ""
    region: Region = attrs.field(default=Region.METROPOLE, converter=Region)
    menu_rules: MenuRules = attrs.field(factory=MenuRules)
    recourse: Recourse | None = None

    @services.validator
    def _services(self, _a: attrs.Attribute[object], value: tuple[Service, ...]) -> None:
        if not value:
            raise ValueError("a week needs at least one service")
        early = [s.date.isoformat() for s in value if s.date < self.order_date]
        if early:
            raise ValueError(f"services before the order date: {', '.join(early)}")

    @property
    def covers(self) -> int:
        return sum(s.covers for s in self.services)

    @property
    def first_day(self) -> dt.date:
        return min(s.date for s in self.services)

    @property
    def last_day(self) -> dt.date:
        return max(s.date for s in self.services)
