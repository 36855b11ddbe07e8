"""The same inputs and options give byte-identical plans, apart from the solver's timing.

Two separate processes (with different hash seeds, so that any dependence on set or dict
ordering of strings would show) plan the sample week; their ``--json`` output and the
``plan.json`` they write must match byte for byte once ``solver.time_s`` is removed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from cantine_supply.plans.to_json import TIMING_FIELDS

DATA = Path(__file__).resolve().parent.parent / "data"
WEEK = "2026-w48"


def without_timing(text: str) -> str:
    """``text`` with the lines of the solver's timing fields removed."""
    pattern = re.compile(rf'^\s*"({"|".join(TIMING_FIELDS)})": .*\n', re.MULTILINE)
    return pattern.sub("", text)


def run_plan(out: Path, hash_seed: str) -> tuple[str, str]:
    """Plan the sample week in a new process; its stdout and the plan.json it wrote."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    command = [sys.executable, "-m", "cantine_supply", "plan", str(DATA), "--week", WEEK,
               "--json", "--out", str(out), "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout, (out / "plan.json").read_text(encoding="utf-8")


def test_two_runs_give_identical_plans(tmp_path: Path) -> None:
    first_out, first_file = run_plan(tmp_path / "first", "1")
    second_out, second_file = run_plan(tmp_path / "second", "2")
    assert json.loads(first_out)["status"] == "optimal"
    assert without_timing(first_out) == without_timing(second_out)
    assert without_timing(first_file) == without_timing(second_file)
    # Only the timing lines were removed.
    removed = len(first_file.splitlines()) - len(without_timing(first_file).splitlines())
    assert removed == len(TIMING_FIELDS)
