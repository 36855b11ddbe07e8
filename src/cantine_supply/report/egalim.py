"""EGalim indicators, counted exactly the way France's public platform *ma cantine* counts them.

Everything here is a pure function over a list of :class:`Purchase`; nothing depends on the
optimiser, so the same code reports on a plan, on real invoices or on a year of purchases.

Units: money is EUR excluding tax (HT); shares are fractions between 0 and 1 (0.2 is 20%),
rounded only for display by the caller.

The rules (Code rural, art. L230-5-1 and L230-5-6; ma cantine, betagouv/ma-cantine,
``data/models/purchase.py`` ``PurchaseQuerySet.aggregated_stats`` and
``data/models/diagnostic.py``):

- each purchase counts **once**, in the first group it qualifies for, in the order
  organic (``BIO``, ``CONVERSION_BIO``) > SIQO (``LABEL_ROUGE``, ``AOCAOP``, ``IGP``, ``STG``)
  > other EGalim (``HVE``, ``PECHE_DURABLE``, ``RUP``, ``FERMIER``, ``COMMERCE_EQUITABLE``)
  > externalities / performance (``EXTERNALITES``, ``PERFORMANCE``);
- organic share = organic value / total value; EGalim share = sum of the four groups / total;
- meat EGalim share = value of ``VIANDES_VOLAILLES`` purchases carrying any EGalim label /
  value of that family (``CHARCUTERIE`` is not meat here); fish likewise with
  ``PRODUITS_DE_LA_MER``; the 60% target applies to the two families together;
- "local" and "circuit court" are information only and never count toward EGalim;
- a share whose denominator is zero is undefined (None), not zero.

Money is summed exactly: each purchase is rounded once to whole cents (half up), as
ma cantine stores ``prix_ht`` with two decimals, and cents are summed as integers, so the
indicators match what the platform computes after importing the same purchases.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.codes import (
    EGALIM_LABELS,
    EXTERNALITY_LABELS,
    ORGANIC_LABELS,
    OTHER_EGALIM_LABELS,
    SIQO_LABELS,
    Family,
    Label,
    LocalDefinition,
    Origin,
    Region,
)

EgalimCategory = Literal["bio", "siqo", "egalim_other", "externalities"]

#: The groups in the order a purchase is tested against them (the first match wins).
CATEGORY_ORDER: tuple[tuple[EgalimCategory, frozenset[Label]], ...] = (
    ("bio", ORGANIC_LABELS),
    ("siqo", SIQO_LABELS),
    ("egalim_other", OTHER_EGALIM_LABELS),
    ("externalities", EXTERNALITY_LABELS),
)

#: Share of meat and fish purchases (together) to be EGalim, everywhere (L230-5-1, since 2024).
MEAT_FISH_TARGET = 0.60

# Targets in whole percent, so that ``met`` is decided with integer arithmetic.
_OVERSEAS_TARGETS_PCT: dict[Region, tuple[int, int]] = {
    Region.GUADELOUPE: (5, 20),
    Region.MARTINIQUE: (5, 20),
    Region.GUYANE: (5, 20),
    Region.LA_REUNION: (5, 20),
    Region.SAINT_MARTIN: (5, 20),
    Region.MAYOTTE: (2, 5),
    Region.SAINT_PIERRE_ET_MIQUELON: (10, 30),
}
_DEFAULT_TARGETS_PCT = (20, 50)
_MEAT_FISH_TARGET_PCT = 60


# --------------------------------------------------------------------------- purchases


def _labels(value: Iterable[Label | str]) -> tuple[Label, ...]:
    return tuple(Label(x) for x in value)


def _optional_local_definition(value: LocalDefinition | str | None) -> LocalDefinition | None:
    return None if value is None else LocalDefinition(value)


def _plain_date(_inst: Any, attribute: attrs.Attribute[Any], value: dt.date) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError(
            f"{attribute.name} must be a datetime.date (not a datetime), got {value!r}"
        )


def _unique_labels(_inst: Any, attribute: attrs.Attribute[Any], value: tuple[Label, ...]) -> None:
    if len(set(value)) != len(value):
        raise ValueError(f"{attribute.name} lists a label twice: {[str(x) for x in value]}")


@attrs.frozen
class Purchase:
    """One purchase, as ma cantine records it: a line of an invoice.

    ``value_ht`` is the price paid, EUR excluding tax. ``labels`` are the EGalim labels the
    product carries (each at most once). ``origin`` is FRANCE, EUROPE (EU outside France)
    or OTHER (neither is declared). ``circuit_court`` means at most one intermediary.
    ``local`` is the canteen's own claim, qualified by ``local_definition`` (only when
    local) and, for ``KM``, by ``local_km``, the distance in km (only with ``KM``).
    """

    description: str
    supplier: str
    date: dt.date = attrs.field(validator=_plain_date)
    value_ht: float = attrs.field(validator=v.finite_non_negative)
    family: Family = attrs.field(converter=Family)
    labels: tuple[Label, ...] = attrs.field(default=(), converter=_labels, validator=_unique_labels)
    origin: Origin = attrs.field(default=Origin.OTHER, converter=Origin)
    circuit_court: bool = False
    local: bool = False
    local_definition: LocalDefinition | None = attrs.field(
        default=None, converter=_optional_local_definition
    )
    local_km: float | None = attrs.field(default=None, validator=v.optional_non_negative)

    @local_definition.validator
    def _definition_only_when_local(
        self, _attribute: attrs.Attribute[object], value: LocalDefinition | None
    ) -> None:
        if value is not None and not self.local:
            raise ValueError(f"local_definition {value} given for a purchase that is not local")

    @local_km.validator
    def _km_only_with_km(self, _attribute: attrs.Attribute[object], value: float | None) -> None:
        if value is not None and self.local_definition is not LocalDefinition.KM:
            raise ValueError(
                f"local_km {value!r} given but local_definition is {self.local_definition}, not KM"
            )

    @property
    def category(self) -> EgalimCategory | None:
        """The one EGalim group this purchase counts in (see :func:`egalim_category`)."""
        return egalim_category(self.labels)

    @property
    def is_egalim(self) -> bool:
        """True when the purchase carries any EGalim label."""
        return any(label in EGALIM_LABELS for label in self.labels)


def value_cents(value_ht: float) -> int:
    """``value_ht`` (EUR HT) rounded half up to whole cents, as an integer number of cents.

    The float's shortest decimal form is rounded (``2.675`` gives 268, not the 267 that
    its binary value would give), which is what a person reading the amount expects.
    """
    if not math.isfinite(value_ht):
        raise ValueError(f"amount must be finite, got {value_ht!r}")
    cents = (Decimal(repr(float(value_ht))) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(cents)


def egalim_category(labels: Iterable[Label]) -> EgalimCategory | None:
    """The first EGalim group ``labels`` qualify for, or None.

    Order: ``"bio"`` (BIO, CONVERSION_BIO) > ``"siqo"`` (LABEL_ROUGE, AOCAOP, IGP, STG) >
    ``"egalim_other"`` (HVE, PECHE_DURABLE, RUP, FERMIER, COMMERCE_EQUITABLE) >
    ``"externalities"`` (EXTERNALITES, PERFORMANCE). A product both organic and Label Rouge
    counts as organic only (ma cantine ``aggregated_stats``: SIQO excludes organic, etc.).
    """
    present = frozenset(labels)
    for name, group in CATEGORY_ORDER:
        if present & group:
            return name
    return None


def targets_for(region: Region) -> tuple[float, float]:
    """``(bio_target, egalim_target)`` as fractions for ``region`` (Code rural L230-5-1).

    Guadeloupe, Martinique, Guyane, La Réunion, Saint-Martin 0.05 / 0.20; Mayotte
    0.02 / 0.05; Saint-Pierre-et-Miquelon 0.10 / 0.30; everywhere else 0.20 / 0.50.
    """
    bio, egalim = _targets_pct(region)
    return bio / 100, egalim / 100


def _targets_pct(region: Region) -> tuple[int, int]:
    return _OVERSEAS_TARGETS_PCT.get(Region(region), _DEFAULT_TARGETS_PCT)


# --------------------------------------------------------------------------- indicators


def _share(part: int, whole: int) -> float | None:
    """``part / whole`` (both in cents), None when ``whole`` is zero."""
    return None if whole == 0 else part / whole


def _met(part: int, whole: int, target_pct: int) -> bool | None:
    """Whether ``part / whole >= target_pct / 100``, exactly; None when ``whole`` is zero."""
    return None if whole == 0 else part * 100 >= target_pct * whole


def _eur(cents: int) -> float:
    return cents / 100


@attrs.frozen
class EgalimIndicators:
    """EGalim indicators of a set of purchases. Money in EUR HT, shares as fractions 0-1.

    ``*_ht`` are values; ``bio_ht + siqo_ht + egalim_other_ht + externalities_ht ==
    egalim_ht`` exactly (each purchase counts once). A share whose denominator is zero is
    None (undefined), and so is the ``*_met`` that depends on it. ``local_share`` and
    ``circuit_court_share`` are information only; they never count toward EGalim.
    """

    region: Region
    total_ht: float
    bio_ht: float
    siqo_ht: float
    egalim_other_ht: float
    externalities_ht: float
    egalim_ht: float
    meat_ht: float
    meat_egalim_ht: float
    fish_ht: float
    fish_egalim_ht: float
    local_ht: float
    circuit_court_ht: float
    bio_share: float | None
    egalim_share: float | None
    meat_egalim_share: float | None
    fish_egalim_share: float | None
    meat_fish_egalim_share: float | None
    local_share: float | None
    circuit_court_share: float | None
    bio_target: float
    egalim_target: float
    meat_fish_target: float
    bio_met: bool | None
    egalim_met: bool | None
    meat_fish_met: bool | None


def egalim_indicators(
    purchases: Iterable[Purchase], region: Region = Region.METROPOLE
) -> EgalimIndicators:
    """EGalim indicators of ``purchases`` for a canteen in ``region``.

    Values are EUR HT (each purchase rounded once to cents, then summed exactly); shares
    are fractions 0-1; targets come from :func:`targets_for` and :data:`MEAT_FISH_TARGET`.
    ``bio_met`` is ``bio_share >= bio_target``, ``egalim_met`` is ``egalim_share >=
    egalim_target``, ``meat_fish_met`` is ``meat_fish_egalim_share >= 0.60``, each decided
    exactly on cents, and None when its share is undefined.
    """
    region = Region(region)
    total = 0
    by_category: dict[EgalimCategory, int] = {name: 0 for name, _ in CATEGORY_ORDER}
    meat = meat_egalim = fish = fish_egalim = local = circuit_court = 0
    for purchase in purchases:
        cents = value_cents(purchase.value_ht)
        total += cents
        category = purchase.category
        if category is not None:
            by_category[category] += cents
        if purchase.family is Family.VIANDES_VOLAILLES:
            meat += cents
            meat_egalim += cents if purchase.is_egalim else 0
        elif purchase.family is Family.PRODUITS_DE_LA_MER:
            fish += cents
            fish_egalim += cents if purchase.is_egalim else 0
        local += cents if purchase.local else 0
        circuit_court += cents if purchase.circuit_court else 0

    egalim = sum(by_category.values())
    bio_pct, egalim_pct = _targets_pct(region)
    bio_target, egalim_target = targets_for(region)
    return EgalimIndicators(
        region=region,
        total_ht=_eur(total),
        bio_ht=_eur(by_category["bio"]),
        siqo_ht=_eur(by_category["siqo"]),
        egalim_other_ht=_eur(by_category["egalim_other"]),
        externalities_ht=_eur(by_category["externalities"]),
        egalim_ht=_eur(egalim),
        meat_ht=_eur(meat),
        meat_egalim_ht=_eur(meat_egalim),
        fish_ht=_eur(fish),
        fish_egalim_ht=_eur(fish_egalim),
        local_ht=_eur(local),
        circuit_court_ht=_eur(circuit_court),
        bio_share=_share(by_category["bio"], total),
        egalim_share=_share(egalim, total),
        meat_egalim_share=_share(meat_egalim, meat),
        fish_egalim_share=_share(fish_egalim, fish),
        meat_fish_egalim_share=_share(meat_egalim + fish_egalim, meat + fish),
        local_share=_share(local, total),
        circuit_court_share=_share(circuit_court, total),
        bio_target=bio_target,
        egalim_target=egalim_target,
        meat_fish_target=MEAT_FISH_TARGET,
        bio_met=_met(by_category["bio"], total, bio_pct),
        egalim_met=_met(egalim, total, egalim_pct),
        meat_fish_met=_met(meat_egalim + fish_egalim, meat + fish, _MEAT_FISH_TARGET_PCT),
    )


def format_share(share: float | None, digits: int = 1) -> str:
    """A share for display: ``0.2345`` gives ``"23.5 %"``; None gives ``"n/a"`` (undefined)."""
    return "n/a" if share is None else f"{share * 100:.{digits}f} %"


__all__ = [
    "CATEGORY_ORDER",
    "MEAT_FISH_TARGET",
    "EgalimCategory",
    "EgalimIndicators",
    "Purchase",
    "egalim_category",
    "egalim_indicators",
    "format_share",
    "targets_for",
    "value_cents",
]
