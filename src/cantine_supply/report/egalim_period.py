"""EGalim over a period of real purchases: every indicator ma cantine shows.

On top of :func:`~cantine_supply.report.egalim.egalim_indicators` (organic, SIQO, other
EGalim, externalities/performance, each purchase counted once; meat-and-fish EGalim share
without ``CHARCUTERIE``), this adds what the platform shows since 2026 (betagouv/ma-cantine,
``data/models/purchase.py``, ``PurchaseQuerySet.aggregated_stats`` and
``Purchase._complete_diag_data_appro_labels``; ``data/models/
diagnostic_teledeclaration_field_groups.py``, ``APPRO_LABELS_EGALIM``):

- **of which fair trade**: organic purchases that also carry ``COMMERCE_EQUITABLE``
  (``valeur_bio_dont_commerce_equitable``), and other-EGalim purchases (neither organic nor
  SIQO) that carry it (``valeur_egalim_autres_dont_commerce_equitable``);
- **meat and fish of French origin**: ``VIANDES_VOLAILLES`` (and ``PRODUITS_DE_LA_MER``)
  purchases of origin ``FRANCE`` over that family's value;
- **each purchase under its highest label**, in the platform's priority order
  (:data:`LABEL_PRIORITY`: bio, Label Rouge, AOC/AOP-IGP-STG, HVE, pêche durable, RUP,
  commerce équitable, fermier, externalités, performance), so the per-label values add up
  to the EGalim total.

Money is EUR HT, each purchase rounded once to whole cents and summed as integers; shares
are fractions 0-1, None when their denominator is zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from cantine_supply.model.codes import Family, Label, Origin, Region
from cantine_supply.report.egalim import (
    EgalimIndicators,
    Purchase,
    egalim_indicators,
    value_cents,
)

#: ma cantine's priority order: a purchase counts under the first entry it carries.
LABEL_PRIORITY: tuple[tuple[str, frozenset[Label]], ...] = (
    ("bio", frozenset({Label.BIO, Label.CONVERSION_BIO})),
    ("label_rouge", frozenset({Label.LABEL_ROUGE})),
    ("aocaop_igp_stg", frozenset({Label.AOCAOP, Label.IGP, Label.STG})),
    ("hve", frozenset({Label.HVE})),
    ("peche_durable", frozenset({Label.PECHE_DURABLE})),
    ("rup", frozenset({Label.RUP})),
    ("commerce_equitable", frozenset({Label.COMMERCE_EQUITABLE})),
    ("fermier", frozenset({Label.FERMIER})),
    ("externalites", frozenset({Label.EXTERNALITES})),
    ("performance", frozenset({Label.PERFORMANCE})),
)


def top_label(labels: Iterable[Label]) -> str | None:
    """The entry of :data:`LABEL_PRIORITY` a purchase with ``labels`` counts under, or None."""
    present = frozenset(labels)
    return next((name for name, group in LABEL_PRIORITY if present & group), None)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


@attrs.frozen
class PeriodIndicators:
    """EGalim over a period: ``egalim`` (the platform's groups, shares and targets for the
    region) and the rest of what the platform shows. Money EUR HT, shares 0-1 or None.

    ``bio_fair_trade_ht`` is within ``egalim.bio_ht``; ``egalim_other_fair_trade_ht`` within
    ``egalim.egalim_other_ht``; ``by_label_ht`` gives the value counted under each entry
    of :data:`LABEL_PRIORITY` (they add up to ``egalim.egalim_ht``)."""

    egalim: EgalimIndicators
    purchases: int
    bio_fair_trade_ht: float
    egalim_other_fair_trade_ht: float
    meat_france_ht: float
    fish_france_ht: float
    charcuterie_ht: float
    meat_france_share: float | None
    fish_france_share: float | None
    meat_fish_france_share: float | None
    by_label_ht: tuple[tuple[str, float], ...]


def period_indicators(purchases: Sequence[Purchase],
                      region: Region = Region.METROPOLE) -> PeriodIndicators:
    """Every indicator ma cantine shows for ``purchases`` of a canteen in ``region``."""
    base = egalim_indicators(purchases, region)
    bio_ft = other_ft = meat = meat_fr = fish = fish_fr = charcuterie = 0
    by_label = {name: 0 for name, _ in LABEL_PRIORITY}
    for purchase in purchases:
        amount = value_cents(purchase.value_ht)
        fair_trade = Label.COMMERCE_EQUITABLE in purchase.labels
        category = purchase.category
        bio_ft += amount if category == "bio" and fair_trade else 0
        other_ft += amount if category == "egalim_other" and fair_trade else 0
        label = top_label(purchase.labels)
        if label is not None:
            by_label[label] += amount
        french = purchase.origin is Origin.FRANCE
        if purchase.family is Family.VIANDES_VOLAILLES:
            meat += amount
            meat_fr += amount if french else 0
        elif purchase.family is Family.PRODUITS_DE_LA_MER:
            fish += amount
            fish_fr += amount if french else 0
        elif purchase.family is Family.CHARCUTERIE:
            charcuterie += amount
    return PeriodIndicators(
        egalim=base,
        purchases=len(purchases),
        bio_fair_trade_ht=bio_ft / 100,
        egalim_other_fair_trade_ht=other_ft / 100,
        meat_france_ht=meat_fr / 100,
        fish_france_ht=fish_fr / 100,
        charcuterie_ht=charcuterie / 100,
        meat_france_share=_share(meat_fr, meat),
        fish_france_share=_share(fish_fr, fish),
        meat_fish_france_share=_share(meat_fr + fish_fr, meat + fish),
        by_label_ht=tuple((name, cents / 100) for name, cents in by_label.items()),
    )


#: Row names of :func:`period_lines`, in English and French (what the manager reads).
_NAMES: dict[str, tuple[str, str]] = {
    "total": ("purchases (EUR HT)", "achats (EUR HT)"),
    "bio": ("organic", "bio"),
    "bio_ft": ("  of which fair trade", "  dont commerce équitable"),
    "siqo": ("SIQO (Label Rouge, AOC/AOP, IGP, STG)", "SIQO (Label Rouge, AOC/AOP, IGP, STG)"),
    "other": ("other EGalim (HVE, sustainable fishing, RUP, fair trade, farm)",
              "autres EGalim (HVE, pêche durable, RUP, commerce équitable, fermier)"),
    "other_ft": ("  of which fair trade", "  dont commerce équitable"),
    "ext": ("externalities / performance", "externalités / performance"),
    "egalim": ("EGalim, total", "EGalim, total"),
    "meat_fish": ("meat and fish, EGalim share", "viandes et poissons, part EGalim"),
    "meat_fr": ("meat and poultry of French origin", "viandes et volailles d'origine France"),
    "fish_fr": ("fish and seafood of French origin", "produits de la mer d'origine France"),
}


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share * 100:.1f} %"


def _status(met: bool | None, lang: str) -> str:
    if met is None:
        return "n/a"
    if lang == "fr":
        return "atteint" if met else "non atteint"
    return "met" if met else "not met"


def period_lines(ind: PeriodIndicators, lang: str = "en") -> list[str]:
    """The EGalim report of a period as text lines: each indicator with its value EUR HT,
    its share and, where the law sets one, the region's target and whether it is met."""
    i = 1 if lang == "fr" else 0
    e = ind.egalim
    total = e.total_ht

    def row(key: str, value: float | None, share: float | None, target: str = "",
            met: str = "") -> str:
        amount = "" if value is None else f"{value:,.2f}".replace(",", " ")
        return f"{_NAMES[key][i]:<70} {amount:>10} {_pct(share):>8} {target:>6} {met}"

    def part(value: float) -> float | None:
        return None if total == 0 else value / total

    return [
        row("total", total, None),
        row("bio", e.bio_ht, e.bio_share, f">= {e.bio_target:.0%}",
            _status(e.bio_met, lang)),
        row("bio_ft", ind.bio_fair_trade_ht, part(ind.bio_fair_trade_ht)),
        row("siqo", e.siqo_ht, part(e.siqo_ht)),
        row("other", e.egalim_other_ht, part(e.egalim_other_ht)),
        row("other_ft", ind.egalim_other_fair_trade_ht, part(ind.egalim_other_fair_trade_ht)),
        row("ext", e.externalities_ht, part(e.externalities_ht)),
        row("egalim", e.egalim_ht, e.egalim_share, f">= {e.egalim_target:.0%}",
            _status(e.egalim_met, lang)),
        row("meat_fish", e.meat_egalim_ht + e.fish_egalim_ht, e.meat_fish_egalim_share,
            f">= {e.meat_fish_target:.0%}", _status(e.meat_fish_met, lang)),
        row("meat_fr", ind.meat_france_ht, ind.meat_france_share),
        row("fish_fr", ind.fish_france_ht, ind.fish_france_share),
    ]


__all__ = [
    "LABEL_PRIORITY",
    "PeriodIndicators",
    "period_indicators",
    "period_lines",
    "top_label",
]
