"""Reading TOML files: every failure is a problem with a line, never another exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from cantine_supply.io.source import LineIndex, Problems, format_field, read_toml
from conftest import RICE, ProblemsOf


def read(tmp_path: Path, content: bytes) -> tuple[object, list[str]]:
    path = tmp_path / "file.toml"
    path.write_bytes(content)
    problems = Problems()
    doc = read_toml(path, "file.toml", problems)
    return (None if doc is None else doc.data), [str(p) for p in problems]


def test_valid_file(tmp_path: Path) -> None:
    assert read(tmp_path, b'id = "x"\n') == ({"id": "x"}, [])


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    assert read(tmp_path, b'\xef\xbb\xbfname = "P\xc3\xa2tes"\n') == ({"name": "Pâtes"}, [])


@pytest.mark.parametrize("content", [b"", b"  \n\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    assert read(tmp_path, content) == (None, ["file.toml: the file is empty"])


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    content = b'id = "x"\nname = "Cr\xe8me fra\xeeche"\n'
    assert read(tmp_path, content) == (
        None,
        ["file.toml:2: the file is not UTF-8 text (byte 0xe8); save it as UTF-8"],
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'id = "x"\nname = \n', "file.toml:2: invalid TOML: Invalid value"),
        (b'id = "x"\nid = "y"\n', "file.toml:2: invalid TOML: Cannot overwrite a value"),
        (b'[[ingredient]\nid = "x"\n', "file.toml:1: invalid TOML: Expected ']]' at the end"
         " of an array declaration"),
        (b'name = "open', "file.toml:1: invalid TOML: Unterminated string"),
    ],
)
def test_toml_syntax_errors_give_the_line(tmp_path: Path, content: bytes, problem: str) -> None:
    assert read(tmp_path, content) == (None, [problem])


def test_missing_file(tmp_path: Path) -> None:
    problems = Problems()
    assert read_toml(tmp_path / "nope.toml", "nope.toml", problems) is None
    assert [str(p) for p in problems] == ["nope.toml: file not found"]


def test_a_folder_named_like_a_file(tmp_path: Path) -> None:
    (tmp_path / "dir.toml").mkdir()
    problems = Problems()
    assert read_toml(tmp_path / "dir.toml", "dir.toml", problems) is None
    assert len(problems) == 1 and str(next(iter(problems))).startswith("dir.toml: cannot read")


def test_format_field_counts_from_one() -> None:
    assert format_field(("offer", 2, "price_ht")) == "offer[3].price_ht"
    assert format_field(("offer", 0, "tier", 1, "min_packs")) == "offer[1].tier[2].min_packs"
    assert format_field(("supplier", "local", "km")) == "supplier.local.km"
    assert format_field(()) == ""


def test_format_field_escapes_keys_that_do_not_print() -> None:
    # Found by the fuzzer: "\x1e" is a line break for str.splitlines().
    assert format_field(("a\x1eb", 0, "c\nd")) == "'a\\x1eb'[1].'c\\nd'"


def test_an_unknown_key_with_a_control_character_stays_on_one_line(
    problems_of: ProblemsOf,
) -> None:
    problems = problems_of({"ingredients.toml": '"\\u001e" = ""\n' + RICE})
    assert problems == [
        "ingredients.toml: '\\x1e': unknown key '\\x1e' (expected one of: ingredient)"
    ]


TEXT = '''\
id = "x"          # line 1
note = """
[[offer]]
price_ht = 1
"""

[supplier]
name = "S"
local.definition = "PAT"

[[offer]]
id = "a"

[[offer.tier]]
min_packs = 2

[[offer]]
id = "b"
  price_ht = 3

[[offer.tier]]
min_packs = 4
[[ offer.tier ]]  # spaces are allowed
"price_ht" = 5
'''


@pytest.mark.parametrize(
    ("table", "key", "line"),
    [
        ((), "id", 1),
        ((), "note", 2),
        ((), "price_ht", None),  # inside a multi-line string
        (("supplier",), None, 7),
        (("supplier",), "name", 8),
        (("supplier",), "local", 9),
        (("supplier",), "email", 7),  # a missing key points at its table
        (("offer", 0), "id", 12),
        (("offer", 0, "tier", 0), "min_packs", 15),
        (("offer", 1), "price_ht", 19),
        (("offer", 1, "tier", 0), "min_packs", 22),
        (("offer", 1, "tier", 1), "price_ht", 24),
        (("offer", 2), "id", None),
    ],
)
def test_line_index(table: tuple[str | int, ...], key: str | None, line: int | None) -> None:
    assert LineIndex(TEXT).line_of(table, key) == line


def test_problems_from_a_bad_file_are_reported_by_load(problems_of: ProblemsOf) -> None:
    assert problems_of({"ingredients.toml": RICE + "\n[[ingredient]\n"}) == [
        "ingredients.toml:10: invalid TOML: Expected ']]' at the end of an array declaration"
    ]
