"""The fuzzing harness of issue 21: damaged copies of the sample data, end to end.

Each case copies ``data/``, applies one damage of :mod:`fuzz_damages` (drawn by
``random.Random(case)``: cut rows, stray bytes, control characters, numbers out of range,
long ids and names, duplicates, unknown keys, ``storage.toml``, truncated files, deleted
lines, empty or missing files, formulas as names) and runs the command line in this process:

- ``validate`` ends with exit 0 or 2, never an exception (a traceback); on exit 2 every
  line names a file, and the damaged file is among them (or a file it names is missing);
- a damage that changes the data's meaning (``must_refuse``) is refused: exit 2;
- when ``validate`` accepts the folder, ``plan --out`` ends with 0, 1 or 2 and every CSV
  it writes holds no cell a spreadsheet would evaluate.

The default suite runs :data:`QUICK_CASES` cases; the slow suite (``pytest -m slow``, run by
``.ci/run``) runs :data:`CI_CASES`. ``CANTINE_FUZZ_CASES=N`` runs N cases in the slow test.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from cantine_supply.cli.main import main
from fuzz_damages import Damage, damage

REPO_DATA = Path(__file__).resolve().parents[1] / "data"
WEEK = "2026-w48"
QUICK_CASES = 13  # one of each kind
CI_CASES = int(os.environ.get("CANTINE_FUZZ_CASES", "325"))
#: In the slow run, ``plan`` runs on every accepted folder up to this many.
PLANS = 100


def run(args: list[str]) -> tuple[int, str]:
    """``main(args)`` with its output captured: exit code and standard error."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(args)
    return code, err.getvalue()


def evaluated_cells(folder: Path) -> list[str]:
    """CSV cells under ``folder`` that start like a formula and are not plain numbers."""
    found = []
    for path in folder.rglob("*.csv"):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    if cell[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"):
                        try:
                            float(cell.replace(",", "."))
                        except ValueError:
                            found.append(cell)
    return found


def check_case(case: int, root: Path, plan: bool) -> tuple[Damage, int, int | None]:
    """Damage a copy of the sample data with ``case``; check validate (and plan); return
    the damage and the exit codes."""
    data = root / f"data-{case}"
    shutil.copytree(REPO_DATA, data)
    hurt = damage(case, data)
    code, err = run(["validate", str(data)])
    assert code in (0, 2), (hurt, code, err)
    if hurt.must_refuse:
        assert code == 2, f"accepted a meaning-changing damage: {hurt}"
    if code == 2:
        lines = err.splitlines()
        assert lines and all(":" in line for line in lines), err
        assert hurt.file in err or hurt.kind in ("remove", "empty", "delete_line",
                                                 "truncate"), (hurt, err)
        return hurt, code, None
    if not plan:
        return hurt, code, None
    out = root / f"out-{case}"
    planned, err = run(["-q", "plan", str(data), "--week", WEEK, "--time-limit", "30",
                        "--out", str(out)])
    assert planned in (0, 1, 2), (hurt, planned, err)
    assert evaluated_cells(out) == [] if out.exists() else True
    return hurt, code, planned


def test_one_damage_of_each_kind(tmp_path: Path) -> None:
    for case in range(QUICK_CASES):
        check_case(case, tmp_path, plan=case % 13 == 12)  # plans the formula-name case


@pytest.mark.slow
def test_fuzz_damaged_sample_folders(tmp_path: Path) -> None:
    """At least 300 damaged folders: 0 tracebacks, 0 meaning-changing damages accepted."""
    outcomes: Counter[str] = Counter()
    plans = 0
    for case in range(CI_CASES):
        hurt, code, planned = check_case(case, tmp_path, plan=plans < PLANS)
        plans += planned is not None
        outcomes[f"{hurt.kind}: validate {code}"
                 + ("" if planned is None else f", plan {planned}")] += 1
        shutil.rmtree(tmp_path / f"data-{case}")
        shutil.rmtree(tmp_path / f"out-{case}", ignore_errors=True)
    print(f"\n{CI_CASES} damaged folders, {plans} planned:")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {count:4d}  {outcome}")
    assert CI_CASES >= 300 or "CANTINE_FUZZ_CASES" in os.environ
