"""Standard output carries only what the command prints (``cs.solver_prints_to_stderr``,
which the command line wraps every command in):
what the solvers' C++ code writes to descriptor 1 goes to standard error, so that a
``--json`` output parses. Run in a child process, whose descriptors are its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, os, sys
from cantine_supply.optimize.solver_output import solver_prints_to_stderr
with solver_prints_to_stderr():
    os.write(1, b"solver noise\\n")  # as HiGHS's printf does, below Python
    print(json.dumps({"cost_ht": 1.5}))
try:
    with solver_prints_to_stderr():
        os.write(1, b"more noise\\n")
        raise RuntimeError("stop")
except RuntimeError:
    pass
os.write(1, b"descriptor 1 is standard output again\\n")
print("done")
"""


def test_what_the_solver_writes_below_python_goes_to_stderr() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert json.loads(lines[0]) == {"cost_ht": 1.5}
    assert lines[1:] == ["descriptor 1 is standard output again", "done"]
    assert done.stderr.splitlines() == ["solver noise", "more noise"]


def test_a_replaced_stdout_is_left_alone() -> None:
    """In-process callers that replaced ``sys.stdout`` (pytest here, other programs) keep it."""
    from cantine_supply.optimize.solver_output import solver_prints_to_stderr

    before = sys.stdout
    with solver_prints_to_stderr():
        assert sys.stdout is before
    assert sys.stdout is before
