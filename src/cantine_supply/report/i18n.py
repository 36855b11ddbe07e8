"""Words and number formats of the printed outputs, in English and French.

:func:`texts` gives a :class:`Texts` for a language: ``t["key"]`` is a label, and its
methods format money (EUR), shares, quantities and dates the way a reader of that language
expects (``12.34 €`` / ``12,34 €``; ``Tuesday 24 November 2026`` / ``mardi 24 novembre 2026``).
Only the display is localised: files keep ISO dates and decimal points.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import attrs

from cantine_supply.model.targets import TARGETS
from cantine_supply.report.strings import (
    DAYS,
    FAMILIES,
    MONTHS,
    REGIONS,
    SHORT_MONTHS,
    STRINGS,
)

Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = ("en", "fr")

#: Thin no-break space: the French thousands separator and the space before % and €.
NNBSP = "\u202f"


@attrs.frozen
class Texts:
    """Labels and number formats of one language (``en`` or ``fr``)."""

    lang: Lang

    def __getitem__(self, key: str) -> str:
        return STRINGS[self.lang][key]

    @property
    def colon(self) -> str:
        """``:`` in English, a no-break space and ``:`` in French."""
        return "\u00a0:" if self.lang == "fr" else ":"

    def service(self, name: str) -> str:
        """A service's name, translated when it is one of ours (``lunch``, ``dinner``)."""
        return self[name] if name in ("lunch", "dinner") else name

    def target(self, name: str) -> str:
        """A target's label from the table of targets, capitalised: ``Organic share``."""
        kind = TARGETS.get(name)
        if kind is None:
            return name
        label = kind.label(self.lang)
        return label[:1].upper() + label[1:]

    def target_value(self, name: str, value: float) -> str:
        """A target's limit or value, with the table's decimals and symbol: money for the
        budget (``€352.34``), a share (``32.9%``), ``30.6 g``, ``0.857 kg``."""
        kind = TARGETS[name]
        if kind.unit == "EUR":
            return self.money(Decimal(str(value)))
        if kind.is_share:
            return self.share(value, kind.decimals)
        return f"{self.number(value, kind.decimals)} {kind.symbol}"

    def why(self, reason: str) -> str:
        """Why a pack was bought beyond the menus: ``the organic target``, ``free
        delivery``."""
        kind = TARGETS.get(reason)
        if kind is not None:
            return self["why_target"].format(target=kind.word(self.lang))
        return self[f"why_{reason}"]

    def family(self, code: str) -> str:
        return FAMILIES[self.lang].get(code, code)

    def region(self, code: str) -> str:
        return REGIONS[self.lang] if code == "METROPOLE" else code.replace("_", " ").title()

    def number(self, value: float | Decimal, digits: int = 2) -> str:
        """``value`` with ``digits`` decimals and the language's separators."""
        text = f"{value:,.{digits}f}"
        if self.lang == "fr":
            text = text.replace(",", NNBSP).replace(".", ",")
        return text

    def money(self, value: float | Decimal) -> str:
        """EUR with two decimals: ``€1,234.50`` or ``1 234,50 €``."""
        if self.lang == "fr":
            return f"{self.number(value)}{NNBSP}€"
        if value < 0:
            return f"-€{self.number(-value)}"
        return f"€{self.number(value)}"

    def share(self, value: float | None, digits: int = 0) -> str:
        """A fraction as a percentage (``0.305`` gives ``31%`` / ``31 %``); None gives n/a."""
        if value is None:
            return "n/a" if self.lang == "en" else "n.d."
        text = self.number(100 * value, digits)
        return f"{text}{NNBSP}%" if self.lang == "fr" else f"{text}%"

    def quantity(self, value: float, unit: str) -> str:
        """A quantity with at most 3 decimals, trailing zeros dropped: ``2.5 kg``."""
        text = f"{round(value, 3):.3f}".rstrip("0").rstrip(".")
        if self.lang == "fr":
            text = text.replace(".", ",")
        if unit == "piece":
            plural = value >= 2 if self.lang == "fr" else value != 1
            unit = ("pièces" if plural else "pièce") if self.lang == "fr" else (
                "pieces" if plural else "piece")
        return f"{text} {unit}"

    def date(self, day: dt.date) -> str:
        """``Tuesday 24 November 2026`` / ``mardi 24 novembre 2026``."""
        return (f"{DAYS[self.lang][day.weekday()]} {day.day} "
                f"{MONTHS[self.lang][day.month - 1]} {day.year}")

    def short_date(self, day: dt.date) -> str:
        """``Tue 24 Nov`` / ``mar. 24 nov.``."""
        weekday = DAYS[self.lang][day.weekday()][:3]
        month = SHORT_MONTHS[self.lang][day.month - 1]
        if self.lang == "fr":
            return f"{weekday}. {day.day} {month}"
        return f"{weekday} {day.day} {month}"


def texts(lang: str) -> Texts:
    """The :class:`Texts` of ``lang``; raises ValueError for a language we do not have."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (known: {', '.join(LANGS)})")
    return Texts(lang)
