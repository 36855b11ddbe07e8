"""What the docs show works when pasted.

- every ```python block of README.md and docs/*.md, and every usage example in a module
  docstring (an indented ``::`` block that imports ``cantine_supply``), runs in a fresh
  Python process whose working folder holds a copy of the sample ``data/`` folder (so
  ``cs.load("data")`` works) and exits 0. Blocks measured at more than ~10 s (the
  four-week horizon: about a minute) carry the ``slow`` marker (``pytest -m slow``, which
  CI runs after the default suite);
- every ``cantine-supply`` subcommand and ``--option`` that README.md names exists in that
  subcommand's ``--help`` (and each listed choice, as in ``--solver scip|highs``);
- every run README.md and docs/*.md show (``$ cantine-supply ...``) prints what they show
  and exits as they say (the slow ones with the ``slow`` marker);
- every TOML and CSV example of docs/data-format.md, put in its place in a copy of the
  sample data folder, loads (the ``[[group]]`` example alone is already checked, with its
  values, in ``test_io_recipes.py``).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cantine_supply import load
from cantine_supply.io.horizons import find_horizon
from cantine_supply.io.storage import load_storage
from cantine_supply.planning.horizon import StorageCapacity

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Docs and modules whose examples take more than ~10 s (plan four weeks together, a
#: network of four canteens, a week over scenarios).
SLOW = {"docs/horizon.md", "src/cantine_supply/planning/horizon.py", "docs/network.md",
        "docs/uncertain.md"}
#: Modules whose docstring shows how to use them.
DOCSTRING_MODULES = ["src/cantine_supply/planning/week.py",
                     "src/cantine_supply/planning/horizon.py",
                     "src/cantine_supply/optimize/solver_output.py"]

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


def fenced_blocks(path: Path, language: str) -> list[str]:
    """The bodies of the ```language blocks of a markdown file, in order."""
    text = path.read_text(encoding="utf-8")
    return [body for lang, body in FENCE.findall(text) if lang == language]


def docstring_examples(path: Path) -> list[str]:
    """The indented blocks after a line ending in ``::`` that import cantine_supply."""
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    lines = docstring.splitlines()
    examples = []
    for i, line in enumerate(lines):
        if not line.rstrip().endswith("::"):
            continue
        block = []
        for following in lines[i + 1 :]:
            if following.strip() and not following.startswith("    "):
                break
            block.append(following[4:])
        code = "\n".join(block).strip() + "\n"
        if "import cantine_supply" in code:
            examples.append(code)
    return examples


def examples() -> list[object]:
    cases = []
    for doc in DOCS:
        name = doc.relative_to(ROOT).as_posix()
        for n, code in enumerate(fenced_blocks(doc, "python"), start=1):
            cases.append(_case(name, n, code))
    for module in DOCSTRING_MODULES:
        for n, code in enumerate(docstring_examples(ROOT / module), start=1):
            cases.append(_case(module, n, code))
    return cases


def _case(name: str, n: int, code: str) -> object:
    marks = [pytest.mark.slow] if name in SLOW else []
    return pytest.param(code, id=f"{name}#{n}", marks=marks)


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    """A working folder holding a copy of the sample data folder as ``data/``."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def test_the_docs_have_examples() -> None:
    """The extraction finds the examples it is meant to run (guards the regexes)."""
    assert len(fenced_blocks(ROOT / "README.md", "python")) >= 1
    assert len(docstring_examples(ROOT / "src/cantine_supply/planning/week.py")) == 1
    assert len(docstring_examples(ROOT / "src/cantine_supply/planning/horizon.py")) == 1


@pytest.mark.parametrize("code", examples())
def test_python_example_runs(code: str, sample_folder: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=sample_folder,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip(), "the example prints something"


# --- the command line named in README.md -------------------------------------------------

COMMAND = re.compile(r"cantine-supply ([a-z][a-z-]*)")
OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z-]*)(?: ([a-z0-9-]+(?:\|[a-z0-9-]+)+))?")


def readme_commands() -> dict[str, dict[str, set[str]]]:
    """Each subcommand README.md shows, with the options (and their listed choices) shown
    with it: on the command's line in a code block, or on the indented lines after it."""
    named: dict[str, dict[str, set[str]]] = {}
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for _lang, body in FENCE.findall(text):
        command = None
        for line in body.splitlines():
            found = COMMAND.search(line)
            if found:
                command = found.group(1)
                named.setdefault(command, {})
                line = line[found.end() :]
            elif not line.startswith(" "):
                command = None
            if command is None:
                continue
            for option, choices in OPTION.findall(line.split("#")[0]):
                named[command].setdefault(option, set()).update(
                    choices.split("|") if choices else ()
                )
    for span in re.findall(r"`(cantine-supply [^`]*)`", text):
        command = COMMAND.match(span)
        if command is None:  # a placeholder: `cantine-supply COMMAND --help`
            continue
        options = named.setdefault(command.group(1), {})
        for option, choices in OPTION.findall(span):
            options.setdefault(option, set()).update(choices.split("|") if choices else ())
    return named


def help_of(command: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "cantine_supply", command, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"cantine-supply {command} --help: {done.stderr}"
    return done.stdout


def test_readme_names_only_commands_and_options_that_exist() -> None:
    named = readme_commands()
    assert {"validate", "plan", "tradeoff", "horizon", "report"} <= set(named)
    assert "--objective" in named["plan"] and {"co2", "organic"} <= named["plan"]["--objective"]
    helps = {command: help_of(command) for command in named}
    missing = [
        f"cantine-supply {command} {option} {' '.join(sorted(choices))}".strip()
        for command, options in named.items()
        for option, choices in options.items()
        if not re.search(rf"(?<![\w-]){option}(?![\w-])", helps[command])
        or any(not re.search(rf"[{{,]{choice}[,}}]", helps[command]) for choice in choices)
    ]
    assert missing == []
    # Options named in the prose (`--force`) exist in some subcommand.
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    prose = {
        option
        for span in re.findall(r"`([^`\n]*)`", text)
        if "benchmarks/" not in span
        for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", span)
    }
    assert prose, "README.md names options in its prose"
    assert [o for o in sorted(prose) if not any(o in h for h in helps.values())] == []


#: Shown runs measured at more than ~10 s (diagnosis: 15 s; six trade-off solves: ~1 min).
SLOW_RUNS = {
    "plan data --week 2026-w48 --budget 320",
    "tradeoff data --week 2026-w48 --target organic --steps 5 --up-to 0.6 --chart organic.svg",
}


def shown_runs() -> list[object]:
    """Every ``$ cantine-supply ...`` block of README.md and docs/*.md: the command, the
    lines it shows (after ``...``: the last lines printed) and the exit code the text
    after the block states (``(exit code 1)``; 0 when it states none)."""
    cases = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            command, *shown = match.group(2).splitlines()
            if not command.startswith("$ cantine-supply "):
                continue
            args = command.removeprefix("$ cantine-supply ")
            stated = re.match(r"\s*\(exit code (\d)\)", text[match.end() :])
            marks = [pytest.mark.slow] if args in SLOW_RUNS else []
            name = doc.relative_to(ROOT).as_posix()
            code = int(stated.group(1)) if stated else 0
            cases.append(pytest.param(args, shown, code, id=f"{name}: {args}", marks=marks))
    return cases


def test_the_docs_show_runs() -> None:
    assert len(shown_runs()) >= 3


@pytest.mark.parametrize(("args", "shown", "exit_code"), shown_runs())
def test_shown_run_prints_what_the_docs_show(
    args: str, shown: list[str], exit_code: int, sample_folder: Path
) -> None:
    """The command, run from a folder holding the sample ``data/``, exits as stated and
    prints the lines shown (all of them, or the last ones when the block starts with
    ``...``)."""
    done = subprocess.run(
        [sys.executable, "-m", "cantine_supply", *args.split()],
        cwd=sample_folder,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == exit_code, done.stderr
    printed = done.stdout.splitlines()
    if shown and shown[0] == "...":
        assert printed[-(len(shown) - 1) :] == shown[1:]
    else:
        assert printed == shown


# --- docs/data-format.md's examples, each in its place in the sample folder ----------------


def data_format_examples() -> list[tuple[str, str, str]]:
    """(section heading, language, body) of every toml/csv block of docs/data-format.md."""
    text = (ROOT / "docs/data-format.md").read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        lang, body = match.group(1), match.group(2)
        if lang not in ("toml", "csv"):
            continue
        heading = re.findall(r"^##+ (.+)$", text[: match.start()], re.MULTILINE)[-1]
        found.append((heading, lang, body))
    return found


def test_data_format_examples_load(sample_folder: Path) -> None:
    """Each example replaces its file (or its entry) in a copy of the sample data: the
    ingredient replaces the sample's carrot, the recipe and week the sample files of the
    same id, the supplier and its CSV price list are added, collections, stock and
    storage replace the sample's files. The folder then loads, with the examples' values."""
    data = sample_folder / "data"
    examples = data_format_examples()
    headings = [heading for heading, _lang, _body in examples]
    assert headings == [
        "ingredients.toml",
        "recipes/*.toml",
        "Flexible lines: `[[group]]`",
        "suppliers/*.toml",
        "Price lists in CSV",
        "collections.toml",
        "stock.toml",
        "storage.toml",
        "horizons/*.toml",
        "canteen.toml",
        "weeks/*.toml",
    ]
    for heading, _lang, body in examples:
        if heading == "ingredients.toml":
            entries = (
                (data / "ingredients.toml").read_text(encoding="utf-8").split("[[ingredient]]")
            )
            kept = [e for e in entries if 'id = "carrot"' not in e]
            assert len(kept) == len(entries) - 1
            (data / "ingredients.toml").write_text(
                "[[ingredient]]".join(kept) + "\n" + body, encoding="utf-8"
            )
        elif heading in ("recipes/*.toml", "Flexible lines: `[[group]]`"):
            recipe_id = re.search(r'^id = "([^"]+)"', body, re.MULTILINE)
            assert recipe_id is not None
            (data / "recipes" / f"{recipe_id.group(1)}.toml").write_text(body, encoding="utf-8")
        elif heading == "suppliers/*.toml":
            (data / "suppliers/ferme-du-val.toml").write_text(body, encoding="utf-8")
        elif heading == "Price lists in CSV":
            (data / "suppliers/ferme-du-val.csv").write_text(body, encoding="utf-8")
        elif heading == "weeks/*.toml":
            (data / "weeks/2026-w48.toml").write_text(body, encoding="utf-8")
        elif heading == "horizons/*.toml":
            (data / "horizons/2026-w48-w51.toml").write_text(body, encoding="utf-8")
        else:
            (data / heading).write_text(body, encoding="utf-8")
    catalogue = load(data)
    assert catalogue.supplier_by_id["ferme-du-val"].name == "Ferme du Val (maraîchage bio)"
    assert {
        "ferme-du-val/carottes-10kg",
        "ferme-du-val/tomates-pelees-6x2,5kg",
        "ferme-du-val/poireaux-5kg",
    } <= set(catalogue.offer_by_id)
    assert [c.id for c in catalogue.collections] == ["biocoop-mardi"]
    assert [lot.ingredient for lot in catalogue.stock] == ["lentils_green"]
    assert load_storage(data) == StorageCapacity(ambient_kg=400, chilled_kg=150, frozen_kg=40)
    horizon = find_horizon(data, catalogue.week_by_id, "2026-w48-w51")
    assert horizon.budget is not None and horizon.budget.amount == 1996.40
    assert horizon.storage_over(load_storage(data)) == StorageCapacity(
        ambient_kg=300, chilled_kg=150, frozen_kg=40
    )
    farm = catalogue.supplier_by_id["ferme-du-val"]
    assert (farm.ordering.channel, farm.ordering.customer_account) == ("email", "PCV-0412")
    assert catalogue.canteen is not None and catalogue.canteen.opening_days == (1, 2, 3, 4)
    week = catalogue.week_by_id["2026-w48"]
    assert week.canteen == "La Petite Cantine Lyon Vaise"
    assert catalogue.recipe_by_id["dahl-lentilles-corail"].name == "Dahl de lentilles corail, riz"
