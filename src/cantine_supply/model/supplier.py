"""Suppliers and their offers (price-list lines)."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from cantine_supply.model import _validators as v
from cantine_supply.model.canteen import Ordering
from cantine_supply.model.codes import (
    EGALIM_LABELS,
    ORGANIC_LABELS,
    Label,
    LocalDefinition,
    Origin,
    SupplierKind,
)


@attrs.frozen
class Locality:
    """Why a supplier counts as local: ``definition`` as ma cantine codes it, ``km`` for KM."""

    definition: LocalDefinition = attrs.field(converter=LocalDefinition)
    km: float | None = attrs.field(default=None, validator=v.optional_non_negative)

    @km.validator
    def _km_with_km(self, _attribute: attrs.Attribute[object], value: float | None) -> None:
        if self.definition is LocalDefinition.KM and value is None:
            raise ValueError("local definition KM needs km")


@attrs.frozen
class Supplier:
    """Someone the canteen orders from.

    Deliveries happen on ``delivery_weekdays`` (0 = Monday) at least ``lead_time_days``
    after the order. An order below ``min_order_ht`` is not accepted; ``delivery_fee_ht`` is
    charged unless the order reaches ``free_delivery_from_ht`` (None: never free).
    ``intermediaries`` counts the hands between producer and canteen: at most one is a
    short supply chain (*circuit court*). ``ordering`` says how the canteen orders (channel,
    customer account, contact) and whether it fetches the order itself.
    """

    id: str = attrs.field(validator=v.identifier)
    name: str
    kind: SupplierKind = attrs.field(converter=SupplierKind)
    distance_km: float = attrs.field(validator=v.finite_non_negative)
    intermediaries: int = attrs.field(validator=v.finite_non_negative)
    delivery_weekdays: tuple[int, ...] = attrs.field(converter=v.to_tuple, validator=v.weekdays)
    lead_time_days: int = attrs.field(default=1, validator=v.finite_non_negative)
    local: Locality | None = None
    min_order_ht: float = attrs.field(default=0.0, validator=v.finite_non_negative)
    delivery_fee_ht: float = attrs.field(default=0.0, validator=v.finite_non_negative)
    free_delivery_from_ht: float | None = attrs.field(
        default=None, validator=v.optional_non_negative
    )
    fee_vat_rate: float = attrs.field(default=0.20, validator=v.share)
    email: str = ""
    ordering: Ordering = attrs.field(factory=Ordering)

    @property
    def is_local(self) -> bool:
        return self.local is not None

    @property
    def is_circuit_court(self) -> bool:
        """At most one intermediary between producer and canteen."""
        return self.intermediaries <= 1


@attrs.frozen
class PriceTier:
    """All-units quantity discount: from ``min_packs`` packs, every pack costs ``price_ht``."""

    min_packs: int = attrs.field(validator=v.finite_positive)
    price_ht: float = attrs.field(validator=v.finite_non_negative)


def _tiers(value: Iterable[PriceTier]) -> tuple[PriceTier, ...]:
    return tuple(sorted(value, key=lambda t: t.min_packs))


@attrs.frozen
class Offer:
    """One line of a supplier's price list: a product sold in packs.

    ``pack_quantity`` is the content of one pack in the ingredient's base unit (converted at
    load time); ``pack_label`` is how the supplier names it ("sac de 25 kg"). Prices are
    per pack, excluding tax (HT), with ``vat_rate`` (5.5% for most food in France).
    ``months_available`` empty means all year; ``max_packs`` is the most packs the supplier
    can sell in a week (over all its deliveries; a small producer's weekly harvest) and
    ``max_packs_per_delivery`` the most in one delivery; None means no limit.
    """

    id: str = attrs.field(validator=v.identifier)
    supplier: str = attrs.field(validator=v.identifier)
    ingredient: str = attrs.field(validator=v.identifier)
    product: str
    pack_quantity: float = attrs.field(validator=v.finite_positive)
    price_ht: float = attrs.field(validator=v.finite_positive)
    pack_label: str = ""
    vat_rate: float = attrs.field(default=0.055, validator=v.share)
    labels: tuple[Label, ...] = attrs.field(default=(), converter=v.to_labels)
    origin: Origin = attrs.field(default=Origin.FRANCE, converter=Origin)
    months_available: tuple[int, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.months
    )
    max_packs: int | None = attrs.field(default=None, validator=v.optional_positive)
    max_packs_per_delivery: int | None = attrs.field(default=None, validator=v.optional_positive)
    tiers: tuple[PriceTier, ...] = attrs.field(default=(), converter=_tiers)

    @tiers.validator
    def _check_tiers(
        self, _attribute: attrs.Attribute[object], value: tuple[PriceTier, ...]
    ) -> None:
        counts = [t.min_packs for t in value]
        if len(set(counts)) != len(counts):
            raise ValueError("two tiers start at the same number of packs")
        if any(t.min_packs <= 1 for t in value):
            raise ValueError("a tier starts from 2 packs or more (the base price covers 1 pack)")

    @property
    def is_organic(self) -> bool:
        return any(label in ORGANIC_LABELS for label in self.labels)

    @property
    def is_egalim(self) -> bool:
        return any(label in EGALIM_LABELS for label in self.labels)

    def available_in(self, month: int) -> bool:
        return not self.months_available or month in self.months_available

    def price_for(self, packs: int) -> float:
        """Price per pack HT when buying ``packs`` packs (all-units discount tiers)."""
        price = self.price_ht
        for tier in self.tiers:
            if packs >= tier.min_packs:
                price = tier.price_ht
        return price

    def price_levels(self) -> tuple[tuple[int, float], ...]:
        """``(from_packs, price_ht)`` for the base price and each tier, in order."""
        return ((1, self.price_ht),) + tuple((t.min_packs, t.price_ht) for t in self.tiers)
