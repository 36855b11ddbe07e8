"""Small helpers for values read from data files: display, typo hints, decimal commas."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: Other spellings of the weekdays that data files may use: English and French names and
#: the French abbreviations (``mercredi``, ``mer``, ``wednesday`` -> ``wed``).
WEEKDAY_NAMES: dict[str, str] = {
    name: code
    for names, code in zip(
        (("monday", "lundi", "lun"), ("tuesday", "mardi", "mar"), ("wednesday", "mercredi", "mer"),
         ("thursday", "jeudi", "jeu"), ("friday", "vendredi", "ven"),
         ("saturday", "samedi", "sam"), ("sunday", "dimanche", "dim")),
        WEEKDAYS, strict=True)
    for name in names
}

_NUMBER_TEXT = re.compile(r"^[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)$")


def show(value: object) -> str:
    """A value as a message shows it: strings quoted, TOML spellings for booleans."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return "a list of tables"
    return repr(value)


def closest(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate that looks most like ``word`` (a likely typo), if any."""
    lowered = {c.lower(): c for c in candidates}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[found[0]] if found else None


def unknown_message(what: str, value: str, expected: Sequence[str]) -> str:
    """``unknown label 'BOI', did you mean 'BIO'? (expected one of: BIO, ...)``."""
    guess = closest(value, expected)
    hint = f", did you mean {guess!r}?" if guess else ""
    return f"unknown {what} {value!r}{hint} (expected one of: {', '.join(expected)})"


def weekday_code(text: str) -> str | None:
    """The code (``wed``) of a weekday written as a code or a name in English or French
    (``Mercredi``, ``mer.``, ``wednesday``); accents and case do not matter. None if unknown."""
    word = text.strip().lower().rstrip(".")
    if word in WEEKDAYS:
        return word
    return WEEKDAY_NAMES.get(word)


def unknown_weekday_message(value: str) -> str:
    """``unknown weekday 'mecredi', did you mean 'wed' (mercredi)? (expected ...)``."""
    guess = closest(value.strip(), [*WEEKDAYS, *WEEKDAY_NAMES])
    hint = ""
    if guess is not None:
        code = WEEKDAY_NAMES.get(guess, guess)
        hint = f", did you mean {code!r}" + (f" ({guess})" if guess != code else "") + "?"
    return (f"unknown weekday {value!r}{hint} (expected one of: {', '.join(WEEKDAYS)},"
            " or a day's name in English or French: lundi, mardi...)")


def parse_number_text(text: str) -> float | None:
    """``"13,50"`` -> 13.5; None when the text is not a plain decimal number."""
    cleaned = text.strip()
    if not _NUMBER_TEXT.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))
