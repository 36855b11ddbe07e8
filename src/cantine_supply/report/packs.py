"""A pack as the reader's language names it: ``6 pièces``, ``3 boîtes de 2,5 kg``.

Price lists write a pack as ``pack`` and, for containers, ``net`` (``"3 can"`` and
``"2.5 kg"``), which the loader keeps as the label ``"3 can of 2.5 kg"``; units may be
English or French (``botte``, ``pièce``). :func:`pack_text` reads that label back and
writes it in English or French with the plural agreed with the count; a label it does
not recognise (``"sac de 25 kg"``) is shown as written.
"""

from __future__ import annotations

import re

from cantine_supply.report.i18n import Lang

#: unit -> (English singular, plural; French singular, plural)
WORDS: dict[str, tuple[str, str, str, str]] = {
    "piece": ("piece", "pieces", "pièce", "pièces"),
    "dozen": ("dozen", "dozen", "douzaine", "douzaines"),
    "bunch": ("bunch", "bunches", "botte", "bottes"),
    "can": ("can", "cans", "boîte", "boîtes"),
    "jar": ("jar", "jars", "pot", "pots"),
}
#: spellings found in price lists -> the unit of :data:`WORDS` (measures stay as they are)
SPELLINGS: dict[str, str] = {
    **{word: unit for unit, words in WORDS.items() for word in words},
    "pc": "piece", "pcs": "piece", "boite": "can", "boites": "can", "conserve": "can",
    "conserves": "can", "tin": "can", "bocal": "jar", "bocaux": "jar",
}

_AMOUNT = r"([0-9]+(?:[.,][0-9]+)?)\s*([^\W\d]+)"
_LABEL = re.compile(rf"^\s*{_AMOUNT}\s*(?:(?:of|de|d')\s*{_AMOUNT})?\s*$", re.IGNORECASE)


def number_text(text: str, lang: Lang) -> str:
    """``2.5`` as ``2.5`` (en) or ``2,5`` (fr)."""
    text = text.replace(",", ".")
    return text.replace(".", ",") if lang == "fr" else text


def amount_text(count: str, unit: str, lang: Lang) -> str:
    """``count unit`` with the unit translated and agreed: ``6 pièces``, ``1 botte``."""
    value = float(count.replace(",", "."))
    known = SPELLINGS.get(unit.lower())
    if known is None:
        return f"{number_text(count, lang)} {unit}"
    en, en_plural, fr, fr_plural = WORDS[known]
    plural = value >= 2 if lang == "fr" else value != 1
    word = (fr_plural if plural else fr) if lang == "fr" else (en_plural if plural else en)
    return f"{number_text(count, lang)} {word}"


def pack_text(label: str, lang: Lang) -> str:
    """The pack ``label`` (``"1 bunch of 80 g"``) in ``lang``: ``1 botte de 80 g``."""
    found = _LABEL.match(label)
    if found is None:
        return label
    count, unit, net_count, net_unit = found.groups()
    text = amount_text(count, unit, lang)
    if net_count is None:
        return text
    joiner = " de " if lang == "fr" else " of "
    return text + joiner + amount_text(net_count, net_unit, lang)
