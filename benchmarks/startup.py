"""Start-up and end-to-end time of the command line, each in a fresh process.

``python benchmarks/startup.py [--reps 5]`` runs, ``--reps`` times each and interleaved
(so that a change in the machine's load falls on all alike):

- ``python -c pass``: the interpreter alone, the floor;
- ``cantine-supply --version`` and ``cantine-supply validate data``: neither imports the
  solver (issue 17 asked for under 0.5 s);
- ``python -c "import ortools.math_opt.python.mathopt"``: what the solver's import alone
  costs, which the two above no longer pay;
- the README's first command on the sample week: ``plan data --week 2026-w48 --out DIR
  --force --lang fr --quiet`` (load, plan to the proven optimum, verify, write every file).

It prints the median wall time and the median CPU time of the child process (user +
system, from ``resource.getrusage``), and each run's ratio to the interpreter alone. CPU
time is the figure to compare on a shared machine. Not a test: nothing fails on a number.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands(out: Path) -> dict[str, list[str]]:
    """The commands measured, by name."""
    cli = [sys.executable, "-m", "cantine_supply"]
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "cantine-supply --version": [*cli, "--version"],
        "cantine-supply validate data": [*cli, "validate", "data", "--quiet"],
        "import ortools mathopt": [sys.executable, "-c",
                                   "import ortools.math_opt.python.mathopt"],
        "sample week end to end": [*cli, "plan", "data", "--week", "2026-w48", "--out",
                                   str(out), "--force", "--lang", "fr", "--quiet"],
    }


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and child CPU seconds of one run of ``command`` (which must exit 0)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="runs of each command (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        todo = commands(Path(folder) / "out")
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in todo}
        for _ in range(args.reps):
            for name, command in todo.items():
                runs[name].append(run_once(command))
    floor = statistics.median(cpu for _, cpu in runs["python -c pass"])
    print(f"{'command':32} {'wall s':>8} {'cpu s':>8} {'cpu / python':>13}")
    for name, measured in runs.items():
        wall = statistics.median(w for w, _ in measured)
        cpu = statistics.median(c for _, c in measured)
        print(f"{name:32} {wall:8.3f} {cpu:8.3f} {cpu / floor:13.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
