"""Names are text: what a text value of a data file may hold, and how long it may be.

A name travels to the terminal, the HTML pages, the CSVs and ``plan.json``. Control
characters do harm on the way: an escape sequence (``ESC ]0;...``) rewrites the terminal's
title or hides a line, a NUL cuts a string short in other programs, a line break forges a
line of output, and a bidirectional override (U+202E) shows ``txt.exe`` as ``exe.txt``. So
every text value is refused at load when it holds one (:func:`first_control`): C0 (U+0000
to U+001F, tab and line breaks included) and DEL, C1 (U+0080 to U+009F), the line and
paragraph separators and the bidirectional marks, embeddings, overrides and isolates.
Lengths are bounded: an id at most :data:`MAX_ID_LENGTH` characters (it becomes part of
file names), any other text at most :data:`MAX_TEXT_LENGTH`.
"""

from __future__ import annotations

import unicodedata

MAX_ID_LENGTH = 64
MAX_TEXT_LENGTH = 200

_FORMAT_CONTROLS = frozenset(
    [0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def is_control(char: str) -> bool:
    """Whether ``char`` is a control character refused in text (see the module docstring)."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F or code in _FORMAT_CONTROLS


def first_control(text: str) -> tuple[int, str] | None:
    """``(position from 1, description)`` of the first control character of ``text``,
    e.g. ``(4, "U+001B ESCAPE")``; None when there is none."""
    for index, char in enumerate(text):
        if is_control(char):
            name = unicodedata.name(char, "") or _C0_NAMES.get(ord(char), "control character")
            return index + 1, f"U+{ord(char):04X} {name}"
    return None


_C0_NAMES = {0x00: "NUL", 0x09: "TAB", 0x0A: "LINE FEED", 0x0D: "CARRIAGE RETURN",
             0x1B: "ESCAPE", 0x7F: "DELETE"}
