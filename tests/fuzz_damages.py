"""Damages to a copy of the sample data folder, for the fuzzing harness (issue 21).

:func:`damage` applies one damage, drawn by a seeded ``random.Random``, to a data folder and
returns a :class:`Damage`: which file it touched, what it did, and whether it changes the
data's meaning in a way that must be refused (``must_refuse``): a row cut short, a stray
byte, a control character, a number out of its range, an id or name too long, a duplicate
id, an unknown key, a damaged ``storage.toml``. Other damages (a file cut at a random byte,
a line deleted, a file emptied or removed, a formula as a name) may load or not; the
harness only asks that they end cleanly.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import attrs


@attrs.frozen
class Damage:
    """``file`` (relative to the data folder) was damaged as ``what`` says."""

    kind: str
    file: str
    what: str
    must_refuse: bool


Damager = Callable[[random.Random, Path], Damage]

PRICE_LIST = "suppliers/jardins-grand-bois.csv"
CONTROLS = ["\x00", "\x07", "\x1b", "\x1b]0;pwned\x07", "\n", "\r", "\t", "\x7f", "\x85",
            "\u202e", "\u2066", "\u200f", "\u2028"]
OUT_OF_RANGE = ["nan", "inf", "-inf", "1e300", "-1e300", "3000000", "123456789012"]
FORMULAS = ['=HYPERLINK("http://x","y")', "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "+1+1"]
_STRING_VALUE = re.compile(r'^(\w+) = "([^"\n]*)"', re.MULTILINE)
_NUMBER_VALUE = re.compile(r"^(\w+) = (-?[0-9][0-9_.eE+-]*)\s*(#.*)?$", re.MULTILINE)
#: Keys whose numbers have a range (every number key of the data format).
RANGED = ("price_ht", "min_order_ht", "delivery_fee_ht", "free_delivery_from_ht", "trip_cost",
          "amount", "co2_kg_per_kg", "shelf_life_days", "distance_km", "covers",
          "max_meat_g_per_cover", "max_co2_kg_per_cover", "unit_cost_ht", "density_g_per_ml",
          "piece_weight_g", "lead_time_days", "intermediaries", "max_packs")


def toml_files(data: Path) -> list[str]:
    return sorted(p.relative_to(data).as_posix() for p in data.rglob("*.toml")
                  if p.name != "storage.toml")


def _pick_match(rng: random.Random, data: Path, pattern: re.Pattern[str],
                keep: Callable[[re.Match[str]], bool]) -> tuple[str, re.Match[str], str]:
    """A random file and match of ``pattern`` in it that ``keep`` accepts."""
    files = toml_files(data)
    rng.shuffle(files)
    for name in files:
        text = (data / name).read_text(encoding="utf-8")
        found = [m for m in pattern.finditer(text) if keep(m)]
        if found:
            return name, rng.choice(found), text
    raise AssertionError("no value to damage")


def _replace(data: Path, name: str, text: str, match: re.Match[str], new: str) -> None:
    (data / name).write_text(text[: match.start()] + new + text[match.end():], encoding="utf-8")


def cut_row(rng: random.Random, data: Path) -> Damage:
    """A price-list row cut before its last cell (the rest of the file lost)."""
    path = data / PRICE_LIST
    lines = path.read_bytes().splitlines(keepends=True)
    row = rng.randrange(1, len(lines))
    cut = lines[row].rfind(b";")
    position = rng.randrange(0, cut + 1)
    path.write_bytes(b"".join(lines[:row]) + lines[row][:position])
    return Damage("cut_row", PRICE_LIST, f"row {row + 1} cut at byte {position}", True)


def stray_byte(rng: random.Random, data: Path) -> Damage:
    """One byte that is not UTF-8 in a UTF-8 file (CSV or TOML)."""
    name = rng.choice([PRICE_LIST, *toml_files(data)])
    path = data / name
    raw = path.read_bytes()
    at = rng.randrange(len(raw))
    while 0x80 <= raw[at] < 0xC0:  # never inside a UTF-8 sequence: before its first byte
        at -= 1
    byte = bytes([rng.choice([0x80, 0x92, 0xA0, 0xC3, 0xE9, 0xEF, 0xFF])])
    path.write_bytes(raw[:at] + byte + raw[at:])
    return Damage("stray_byte", name, f"byte {byte!r} inserted at {at}", True)


def control_character(rng: random.Random, data: Path) -> Damage:
    """A control character inside a text value (escaped as TOML writes it)."""
    name, match, text = _pick_match(rng, data, _STRING_VALUE, lambda m: bool(m.group(2)))
    char = rng.choice(CONTROLS)
    escaped = "".join(f"\\u{ord(c):04x}" for c in char)
    value = match.group(2)
    at = rng.randrange(len(value) + 1)
    _replace(data, name, text, match, f'{match.group(1)} = "{value[:at]}{escaped}{value[at:]}"')
    return Damage("control", name, f"{char!r} in {match.group(1)}", True)


def control_in_csv(rng: random.Random, data: Path) -> Damage:
    """A raw control character inside a price-list cell."""
    path = data / PRICE_LIST
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = rng.randrange(1, len(lines))
    char = rng.choice([c for c in CONTROLS if c not in "\n\r"])
    at = rng.randrange(lines[row].find(";") + 1, lines[row].rfind(";"))
    lines[row] = lines[row][:at] + char + lines[row][at:]
    path.write_text("".join(lines), encoding="utf-8")
    return Damage("control_csv", PRICE_LIST, f"{char!r} on row {row + 1}", True)


def out_of_range(rng: random.Random, data: Path) -> Damage:
    """A number out of its range (NaN, infinite, negative, huge)."""
    name, match, text = _pick_match(rng, data, _NUMBER_VALUE,
                                    lambda m: m.group(1) in RANGED)
    value = rng.choice(OUT_OF_RANGE)
    _replace(data, name, text, match, f"{match.group(1)} = {value}")
    return Damage("number", name, f"{match.group(1)} = {value}", True)


def long_text(rng: random.Random, data: Path) -> Damage:
    """An id longer than 64 characters or a name longer than 200."""
    key = rng.choice(["id", "name"])
    name, match, text = _pick_match(rng, data, _STRING_VALUE, lambda m: m.group(1) == key)
    length = rng.choice([65, 201, 10_000]) if key == "id" else rng.choice([201, 10_000])
    _replace(data, name, text, match, f'{key} = "{"x" * length}"')
    return Damage("long", name, f"{key} of {length} characters", True)


def duplicate_offer(rng: random.Random, data: Path) -> Damage:
    """An ``[[offer]]`` block written twice (a duplicate id)."""
    files = sorted(p for p in (data / "suppliers").glob("*.toml")
                   if "[[offer]]" in p.read_text(encoding="utf-8"))
    path = rng.choice(files)
    text = path.read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=\[\[offer\]\])", text)
    block = rng.choice(blocks[1:])
    path.write_text(text.rstrip("\n") + "\n\n" + block, encoding="utf-8")
    return Damage("duplicate", path.relative_to(data).as_posix(), "an offer twice", True)


def unknown_key(rng: random.Random, data: Path) -> Damage:
    """A misspelt key (``pirce_ht = 1``) under a random table."""
    name, match, text = _pick_match(rng, data, _NUMBER_VALUE, lambda m: True)
    typo = match.group(1)[::-1] + "_x"
    _replace(data, name, text, match, f"{match.group(0)}\n{typo} = 1")
    return Damage("unknown_key", name, f"key {typo}", True)


def storage(rng: random.Random, data: Path) -> Damage:
    """A harmful value in ``storage.toml``."""
    value = rng.choice(['ambient = "-400 kg"', 'ambient = "400 L"', 'ambient = "nan kg"',
                        'ambient = "50000000 kg"', "ambient = 400", 'ambiant = "400 kg"',
                        'chilled = "150 kg\\u0000"', '[stockage]\nfrozen = "1 kg"'])
    (data / "storage.toml").write_text(f"[storage]\n{value}\n", encoding="utf-8")
    return Damage("storage", "storage.toml", value, True)


def truncate(rng: random.Random, data: Path) -> Damage:
    """A TOML file cut at a random byte (may still be valid TOML)."""
    name = rng.choice(toml_files(data))
    raw = (data / name).read_bytes()
    at = rng.randrange(len(raw))
    (data / name).write_bytes(raw[:at])
    return Damage("truncate", name, f"cut at byte {at}", False)


def delete_line(rng: random.Random, data: Path) -> Damage:
    """A random line of a TOML file deleted."""
    name = rng.choice(toml_files(data))
    lines = (data / name).read_text(encoding="utf-8").splitlines(keepends=True)
    index = rng.randrange(len(lines))
    (data / name).write_text("".join(lines[:index] + lines[index + 1:]), encoding="utf-8")
    return Damage("delete_line", name, f"line {index + 1} deleted", False)


def empty_or_remove(rng: random.Random, data: Path) -> Damage:
    """A file emptied or removed."""
    name = rng.choice([PRICE_LIST, "storage.toml", *toml_files(data)])
    if rng.random() < 0.5:
        (data / name).write_bytes(b"")
        return Damage("empty", name, "emptied", False)
    (data / name).unlink()
    return Damage("remove", name, "removed", False)


def formula_name(rng: random.Random, data: Path) -> Damage:
    """A spreadsheet formula as a product or supplier name (valid data: it must load and
    reach the CSVs as text)."""
    key = rng.choice(["product", "name"])
    name, match, text = _pick_match(rng, data, _STRING_VALUE, lambda m: m.group(1) == key)
    formula = rng.choice(FORMULAS).replace('"', '\\"')
    _replace(data, name, text, match, f'{key} = "{formula}"')
    return Damage("formula", name, f"{key} = {formula}", False)


DAMAGERS: tuple[Damager, ...] = (
    cut_row, stray_byte, control_character, control_in_csv, out_of_range, long_text,
    duplicate_offer, unknown_key, storage, truncate, delete_line, empty_or_remove, formula_name,
)


def damage(seed: int, data: Path) -> Damage:
    """Apply damage number ``seed`` to the folder ``data``: the kinds in turn, each drawn
    with ``random.Random(seed)``."""
    rng = random.Random(seed)
    return DAMAGERS[seed % len(DAMAGERS)](rng, data)
