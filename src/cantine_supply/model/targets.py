"""The one table of the week's targets: what each is, how it is bounded, its words, and
which purchase lines count for it.

Every layer that names a target takes it from here: the model's constraints
(:mod:`cantine_supply.optimize.build`), the plan's shares
(:mod:`cantine_supply.plans.assemble`), the checks before the solve, the diagnosis, the
command line and the reports. The verifier (:mod:`cantine_supply.verification`) keeps its
own arithmetic for which line counts and takes only names and words from here.

A *share* is a fraction of the week's purchase lines (by value HT or by weight): a line
counts in its total when :meth:`TargetKind.counts` (the meat-and-fish share counts only
lines of :data:`~cantine_supply.model.codes.MEAT_FISH_FAMILIES`), and among the qualifying
amount when :meth:`TargetKind.qualifies` (the offer's labels, the supplier's locality or
chain). A *cap* bounds an average per cover; the budget bounds the week's cost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import attrs

from cantine_supply.model.codes import MEAT_FISH_FAMILIES
from cantine_supply.model.ingredient import Ingredient
from cantine_supply.model.supplier import Offer, Supplier

Bound = Literal["min", "max"]
Qualifies = Callable[[Offer, Supplier], bool]

#: Tolerance when a target is checked on a plan's figures: fraction points for a share,
#: EUR, grams, kg CO2e (a millionth: far below a cent or a gram, far above float noise).
TARGET_TOLERANCE = 1e-6


@attrs.frozen
class TargetKind:
    """One target: ``name`` (the field of :class:`~cantine_supply.model.week.Targets`, or
    ``budget``), ``bound`` (``min`` for a share to reach, ``max`` for a cap), ``unit``
    (``share``, ``EUR``, ``g/cover``, ``kg CO2e/cover``), its short word (``organic``,
    ``bio``) and its label (``organic share``, ``part de bio``) in English and French,
    how its value is written (``decimals``, ``symbol``) and, for a share, which lines
    qualify and whether only meat and fish lines count."""

    name: str
    bound: Bound
    unit: str
    word_en: str
    word_fr: str
    label_en: str
    label_fr: str
    decimals: int
    symbol: str
    qualifying: Qualifies | None = None
    meat_fish_only: bool = False

    @property
    def is_share(self) -> bool:
        return self.qualifying is not None

    def word(self, lang: str) -> str:
        """The short word of a sentence: ``organic 20%``, ``l'objectif bio``."""
        return self.word_fr if lang == "fr" else self.word_en

    def label(self, lang: str) -> str:
        """The name of a row of a table of targets: ``organic share``, ``part de bio``."""
        return self.label_fr if lang == "fr" else self.label_en

    def counts(self, ingredient: Ingredient) -> bool:
        """Whether a purchase line of ``ingredient`` counts in the share's total."""
        return not self.meat_fish_only or ingredient.family in MEAT_FISH_FAMILIES

    def qualifies(self, offer: Offer, supplier: Supplier) -> bool:
        """Whether a purchase of ``offer`` from ``supplier`` counts towards the share."""
        assert self.qualifying is not None, f"{self.name} is not a share"
        return self.qualifying(offer, supplier)

    @property
    def per_cover_unit(self) -> str:
        """What a cap's limit is counted in per cover: ``g``, ``kg CO2e``."""
        return self.unit.removesuffix("/cover")

    def value_text(self, value: float | None, lang: str = "en") -> str:
        """A limit or a plan's value: ``32.9%``, ``30.6 g``, ``0.857 kg``,
        ``352.34 EUR`` (in French a decimal comma, and a no-break space before ``%``); ``n/a``
        (``n.d.``) for None."""
        if value is None:
            return "n.d." if lang == "fr" else "n/a"
        number = format(100 * value if self.is_share else value, f".{self.decimals}f")
        if lang == "fr":
            number = number.replace(".", ",")
        if self.symbol == "%":
            return f"{number}\u00a0%" if lang == "fr" else f"{number}%"
        return f"{number} {self.symbol}"


def _organic(offer: Offer, _supplier: Supplier) -> bool:
    return offer.is_organic


def _egalim(offer: Offer, _supplier: Supplier) -> bool:
    return offer.is_egalim


def _local(_offer: Offer, supplier: Supplier) -> bool:
    return supplier.is_local


def _circuit_court(_offer: Offer, supplier: Supplier) -> bool:
    return supplier.is_circuit_court


TARGET_KINDS: tuple[TargetKind, ...] = (
    TargetKind("budget", "max", "EUR", "budget", "budget", "budget", "budget", 2, "EUR"),
    TargetKind("organic_share", "min", "share", "organic", "bio", "organic share",
               "part de bio", 1, "%", _organic),
    TargetKind("egalim_share", "min", "share", "EGalim", "EGalim", "EGalim share",
               "part EGalim", 1, "%", _egalim),
    TargetKind("local_share", "min", "share", "local", "local", "local share", "part locale",
               1, "%", _local),
    TargetKind("circuit_court_share", "min", "share", "short-chain", "circuit court",
               "short-chain share", "part en circuit court", 1, "%", _circuit_court),
    TargetKind("meat_fish_egalim_share", "min", "share", "meat & fish EGalim",
               "EGalim viandes et poissons", "meat & fish EGalim share",
               "part EGalim viandes et poissons", 1, "%", _egalim, meat_fish_only=True),
    TargetKind("max_meat_g_per_cover", "max", "g/cover", "meat", "viande", "meat per cover",
               "viande par couvert", 1, "g"),
    TargetKind("max_co2_kg_per_cover", "max", "kg CO2e/cover", "CO2", "CO2", "CO2 per cover",
               "CO2 par couvert", 3, "kg"),
)

#: Every target by name, budget first, in the order tables show them.
TARGETS: dict[str, TargetKind] = {kind.name: kind for kind in TARGET_KINDS}
#: The five shares, in table order.
SHARES: tuple[str, ...] = tuple(kind.name for kind in TARGET_KINDS if kind.is_share)
#: The two caps per cover (meat, CO2).
CAPS: tuple[str, ...] = tuple(kind.name for kind in TARGET_KINDS
                              if not kind.is_share and kind.name != "budget")


def target(name: str) -> TargetKind:
    """The target called ``name``; KeyError names the targets there are."""
    try:
        return TARGETS[name]
    except KeyError:
        raise KeyError(f"unknown target {name!r} (targets: {', '.join(TARGETS)})") from None
