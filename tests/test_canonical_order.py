"""The same canteen data gives the same plan however its files are named or ordered, and
whatever the number of solver threads (issue 21, defect 9): byte-identical JSON apart from
the solver's timing fields."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cantine_supply.cli.main import main
from test_determinism import without_timing

REPO_DATA = Path(__file__).resolve().parents[1] / "data"
WEEK = "2026-w48"


def reversed_blocks(text: str, header: str) -> str:
    """``text`` with its ``[[header]]`` blocks in reverse order (what precedes the first
    stays first)."""
    parts = re.split(rf"(?m)^(?=\[\[{re.escape(header)}\]\])", text)
    head, blocks = parts[0], parts[1:]
    blocks = [b if b.endswith("\n\n") else b.rstrip("\n") + "\n\n" for b in blocks]
    return head + "".join(reversed(blocks))


def shuffled_copy(tmp_path: Path) -> Path:
    """The sample data with every file renamed and every list of entries reversed."""
    data = tmp_path / "shuffled"
    shutil.copytree(REPO_DATA, data)
    for folder in ("recipes", "suppliers", "weeks"):
        for path in sorted((data / folder).glob("*.toml")):
            path.rename(path.with_name("zz-" + path.name[::-1].replace(".", "-") + ".toml"))
    ingredients = data / "ingredients.toml"
    ingredients.write_text(reversed_blocks(ingredients.read_text("utf-8"), "ingredient"),
                           encoding="utf-8")
    for path in (data / "suppliers").glob("*.toml"):
        path.write_text(reversed_blocks(path.read_text("utf-8"), "offer"), encoding="utf-8")
    for path in (data / "suppliers").glob("*.csv"):
        header, *rows = path.read_text("utf-8").splitlines()
        path.write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")
    for name, header in (("collections.toml", "collection"), ("stock.toml", "lot")):
        path = data / name
        path.write_text(reversed_blocks(path.read_text("utf-8"), header), encoding="utf-8")
    for path in (data / "weeks").glob("*.toml"):
        path.write_text(reversed_blocks(path.read_text("utf-8"), "service"), encoding="utf-8")
    return data


def plan_json(capsys: pytest.CaptureFixture[str], data: Path, *options: str) -> str:
    assert main(["-q", "plan", str(data), "--week", WEEK, "--json", *options]) == 0
    return without_timing(capsys.readouterr().out)


def test_renamed_and_reordered_files_give_the_same_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shuffled = shuffled_copy(tmp_path)
    assert main(["-q", "validate", str(shuffled)]) == 0
    assert plan_json(capsys, shuffled) == plan_json(capsys, REPO_DATA)


@pytest.mark.slow  # SCIP with several threads on 2 shared cores: about 10 s each
@pytest.mark.parametrize("threads", ["2", "4"])
def test_more_threads_give_the_same_plan(
    capsys: pytest.CaptureFixture[str], threads: str
) -> None:
    assert plan_json(capsys, REPO_DATA, "--threads", threads) == plan_json(capsys, REPO_DATA)
