"""Small helpers for values read from data files: display, typo hints, decimal commas."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

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


def parse_number_text(text: str) -> float | None:
    """``"13,50"`` -> 13.5; None when the text is not a plain decimal number."""
    cleaned = text.strip()
    if not _NUMBER_TEXT.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))
