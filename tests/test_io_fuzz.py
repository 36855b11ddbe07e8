"""Fuzzing the loaders: a valid data folder with random damage loads or fails cleanly.

Every damaged folder must either load or raise :class:`InputError`, and the command line
must then exit 2 printing exactly one line per problem, without a traceback; any other
exception is a bug. CI runs a fixed set of examples; a longer run explores further::

    CANTINE_FUZZ_EXAMPLES=5000 pytest -q tests/test_io_fuzz.py

(see ``tests/README.md``).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cantine_supply import InputError, load
from cantine_supply.cli.main import main
from conftest import MINIMAL_FILES, VALID_FILES, write_data

#: Examples per run: 300 in CI (about 20 s); set CANTINE_FUZZ_EXAMPLES for a longer run.
EXAMPLES = int(os.environ.get("CANTINE_FUZZ_EXAMPLES", "300"))

Files = dict[str, str | bytes | None]
Draw = st.DrawFn


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string, control characters escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            out.append("?")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_float(x: float) -> str:
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    return repr(x)


TRICKY = [
    '""', '"x"', "0", "-1", "-0.0", "1e308", "-1e308", "1e-320", "nan", "-nan", "inf", "-inf",
    "99999999999999999999", "9223372036854775807", "-9223372036854775808", "true", "[]",
    '[1, "a"]', "{a = 1}", "{}", "[[]]", "2026-11-24", "2026-11-24T10:00:00", "10:00:00",
    '"5 kg"', '"0 kg"', '"-5 kg"', '"nan kg"', '"inf g"', '"1e400 kg"', '"0.1 can"',
    '"2,5 dozen"', '"5 kgs"', '"5"', '"kg"', '"mon"', '"lundi"', "[true]", '"BIO"',
    '["BIO", "BIO"]', "[0, 13]", "[1, 1]", '"carrot"', '"rice"', '"riz"', '"dahl"',
    '["dahl", "dahl"]', '"1 pièce"', '"\\u0000"', '"a\\nb"', '"  "', '"é"', "0.055",
    "1.0", "100", "2",
]
VALUES = st.one_of(
    st.sampled_from(TRICKY),
    st.integers().map(str),
    st.floats().map(toml_float),
    st.text(max_size=12).map(toml_string),
    st.lists(st.sampled_from(TRICKY[:20]), max_size=3).map(lambda v: "[" + ", ".join(v) + "]"),
)
CSV_CELLS = st.one_of(
    st.sampled_from(
        ["", "x", "rice", "carrot", "5 kg", "2,40", "2.40", "-1", "0", "nan", "inf", "1e400",
         "BIO|HVE", "BIO||", "1 2 13", "0", "4:2,20 10:2", "4:", ":2", "4:2:1", "a:b", '"', "\x00",
         "99999999999999999999", "0,055", "1,5,5", "12 can", "40 piece"]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
)
# Keys, including ones a TOML file can only hold quoted.
KEYS = st.one_of(
    st.sampled_from(["id", "pirce_ht", "price", "unit", "tier", "extra", "ingredient", "line"]),
    st.text(max_size=8).map(toml_string),
)


def _pick(draw: Draw, files: Files, suffix: str = "") -> tuple[str, str] | None:
    """A text file of ``files`` whose name ends with ``suffix``, and its text (None: none)."""
    names = sorted(n for n, c in files.items() if isinstance(c, str) and n.endswith(suffix))
    if not names:
        return None
    name = draw(st.sampled_from(names))
    text = files[name]
    assert isinstance(text, str)
    return name, text


def set_value(draw: Draw, files: Files) -> None:
    """A random value (wrong type, negative, NaN, huge, odd text) on an assignment line."""
    picked = _pick(draw, files, ".toml")
    if picked is None:
        return
    name, text = picked
    lines = text.splitlines()
    assignments = [i for i, line in enumerate(lines) if "=" in line]
    if not assignments:
        return
    index = int(draw(st.sampled_from(assignments)))
    lines[index] = lines[index].split("=")[0] + "= " + str(draw(VALUES))
    files[name] = "\n".join(lines) + "\n"


def drop_line(draw: Draw, files: Files) -> None:
    """A missing key, table header or CSV row."""
    picked = _pick(draw, files)
    if picked is None or not picked[1]:
        return
    name, text = picked
    lines = text.splitlines()
    del lines[int(draw(st.integers(0, len(lines) - 1)))]
    files[name] = "\n".join(lines) + "\n"


def add_key(draw: Draw, files: Files) -> None:
    """An unknown (or repeated) key after some line of a TOML file."""
    picked = _pick(draw, files, ".toml")
    if picked is None:
        return
    name, text = picked
    lines = text.splitlines()
    at = int(draw(st.integers(0, len(lines))))
    lines.insert(at, f"{draw(KEYS)} = {draw(VALUES)}")
    files[name] = "\n".join(lines) + "\n"


def duplicate_block(draw: Draw, files: Files) -> None:
    """Repeat one ``[[table]]`` block at the end of its file: duplicate ids."""
    picked = _pick(draw, files, ".toml")
    if picked is None:
        return
    name, text = picked
    starts = [m.start() for m in re.finditer(r"^\[\[\w+\]\]", text, re.MULTILINE)]
    if not starts:
        return
    i = int(draw(st.integers(0, len(starts) - 1)))
    block = text[starts[i] : starts[i + 1] if i + 1 < len(starts) else len(text)]
    files[name] = text.rstrip("\n") + "\n\n" + block


def break_reference(draw: Draw, files: Files) -> None:
    """A reference to an ingredient, recipe or price list that does not exist."""
    picked = _pick(draw, files, ".toml")
    if picked is None:
        return
    name, text = picked
    pattern = r'^(\s*(?:ingredient|starter|main|dessert|price_list)\s*=\s*)"[^"]*"'
    other = toml_string(str(draw(st.sampled_from(["carot", "riz", "x.csv", "", "RICE"]))))
    files[name] = re.sub(pattern, lambda m: m.group(1) + other, text, count=1, flags=re.M)


def truncate(draw: Draw, files: Files) -> None:
    """A file cut short, as by an interrupted copy."""
    picked = _pick(draw, files)
    if picked is None:
        return
    name, text = picked
    files[name] = text[: int(draw(st.integers(0, len(text))))]


def replace_file(draw: Draw, files: Files) -> None:
    """An empty file, random bytes, random text, a Windows-1252 or UTF-16 file, or none."""
    name = str(draw(st.sampled_from(sorted(files))))
    current = files[name]
    text = current if isinstance(current, str) and current else 'id = "x"\n'
    files[name] = draw(
        st.one_of(
            st.just(""),
            st.just("\n \n"),
            st.just(None),
            st.just(b"\xef\xbb\xbf" + text.encode("utf-8")),
            st.just((text + "# Crème brûlée\n").encode("cp1252", "replace")),
            st.just(text.encode("utf-16")),
            st.binary(max_size=40),
            st.text(max_size=40),
            st.just(text.replace("\n", "\r\n")),
        )
    )


def add_file(draw: Draw, files: Files) -> None:
    """An extra file where the loader looks: another recipe, supplier, week or price list."""
    folder = draw(st.sampled_from(["recipes", "suppliers", "weeks"]))
    name = f"{folder}/{draw(st.sampled_from(['extra.toml', 'extra.csv', 'z.toml']))}"
    source = str(draw(st.sampled_from(sorted(n for n in files if n.startswith(folder)) or [""])))
    files[name] = draw(st.one_of(st.just(files.get(source) or ""), st.text(max_size=30)))


def _csv_rows(text: str, separator: str) -> list[list[str]]:
    return [line.split(separator) for line in text.splitlines()]


def damage_csv(draw: Draw, files: Files) -> None:
    """A price list with a column missing or extra, ``,`` for ``;``, points for commas..."""
    picked = _pick(draw, files, ".csv")
    if picked is None or not picked[1]:
        return
    name, text = picked
    separator = ";" if ";" in text.splitlines()[0] else ","
    rows = _csv_rows(text, separator)
    how = draw(st.sampled_from(["drop", "extra", "comma", "point", "cells", "cell", "swap"]))
    width = len(rows[0])
    if how == "drop":
        column = int(draw(st.integers(0, width - 1)))
        rows = [row[:column] + row[column + 1 :] for row in rows]
    elif how == "extra":
        header = draw(st.sampled_from(["net", "vat_rate", "colour", "", "id", "prix"]))
        rows = [rows[0] + [str(header)]] + [row + [str(draw(CSV_CELLS))] for row in rows[1:]]
    elif how == "cells" and len(rows) > 1:
        rows[-1] = rows[-1] + [str(draw(CSV_CELLS)) for _ in range(2)]
    elif how == "cell" and len(rows) > 1:
        row = rows[int(draw(st.integers(1, len(rows) - 1)))]
        row[int(draw(st.integers(0, len(row) - 1)))] = str(draw(CSV_CELLS))
    elif how == "swap" and width > 1:
        i, j = draw(st.permutations(range(width)))[:2]
        rows = [[*row] for row in rows]
        for row in rows:
            if max(i, j) < len(row):
                row[i], row[j] = row[j], row[i]
    lines = [separator.join(row) for row in rows]
    if how == "comma":
        lines = [line.replace(";", ",") for line in lines]
    elif how == "point":
        lines = [re.sub(r"(\d),(\d)", r"\1.\2", line) for line in lines]
    files[name] = "\n".join(lines) + "\n"


DAMAGES = [
    set_value, set_value, drop_line, add_key, duplicate_block, break_reference, truncate,
    replace_file, add_file, damage_csv, damage_csv,
]


@st.composite
def damaged_folders(draw: st.DrawFn) -> Files:
    """The files of a valid folder with one to three random damages."""
    base = draw(st.sampled_from([VALID_FILES, MINIMAL_FILES]))
    files: Files = dict(base)
    for damage in draw(st.lists(st.sampled_from(DAMAGES), min_size=1, max_size=3)):
        damage(draw, files)
    return files


@settings(
    derandomize=True,
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=damaged_folders())
def test_damaged_folders_load_or_give_input_errors(files: Files) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_data(Path(tmp) / "data", files)
        try:
            load(folder)
        except InputError as error:
            problems = [str(problem) for problem in error.problems]
            expected_rc = 2
        else:
            problems, expected_rc = [], 0
        assert all(problem and "\n" not in problem for problem in problems)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main(["validate", str(folder), "--quiet"])
        assert rc == expected_rc
        assert err.getvalue().splitlines() == problems
