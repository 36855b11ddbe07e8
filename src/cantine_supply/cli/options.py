"""Option values checked when the command line is parsed: each number in its range.

Each function is an ``argparse`` ``type=``: it returns the value, or raises
``argparse.ArgumentTypeError`` with what is expected, which argparse prints as one usage
line (``argument --gap: must be at least 0 and below 1, got '1'``) before exiting with 2.
NaN, infinities and absurd sizes never reach the solver. The ranges are listed in
``docs/data-format.md`` ("Ranges").

It also holds the choices and defaults the parsers need, written here so that building the
parser (for ``--help``, ``--version`` and ``validate``) does not import the solver (OR-Tools
takes most of a second to import). ``tests/test_cli_startup.py`` checks each equals the
value it stands for in the solver-side module.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Callable

from cantine_supply.io.domains import MAX_BUDGET_EUR, MAX_STORAGE_KG

#: Longest time limit, seconds: a week.
MAX_TIME_LIMIT_S = 7 * 24 * 3600.0
#: Most branch-and-bound nodes for ``--node-limit``.
MAX_NODES = 1_000_000_000
#: Most steps of a trade-off curve.
MAX_STEPS = 100


def _finite(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def seconds(text: str) -> float:
    """A time limit: above 0, at most a week (604800 s)."""
    value = _finite(text)
    if not 0 < value <= MAX_TIME_LIMIT_S:
        raise argparse.ArgumentTypeError(
            f"must be above 0 and at most {MAX_TIME_LIMIT_S:g} seconds, got {text!r}")
    return value


def gap(text: str) -> float:
    """A relative optimality gap: from 0 (proven optimal) up to, not including, 1."""
    value = _finite(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(
            f"must be at least 0 and below 1 (0.01 is 1%), got {text!r}")
    return value


def most_threads() -> int:
    """The most solver threads: four per core of this machine."""
    return 4 * (os.cpu_count() or 1)


def threads(text: str) -> int:
    """Solver threads: 1 to four per core."""
    value = _whole(text)
    if not 1 <= value <= most_threads():
        raise argparse.ArgumentTypeError(
            f"must be from 1 to {most_threads()} (4 per core), got {text!r}")
    return value


def euros(text: str) -> float:
    """A budget in EUR: above 0, at most 10,000,000."""
    value = _finite(text)
    if not 0 < value <= MAX_BUDGET_EUR:
        raise argparse.ArgumentTypeError(
            f"must be above 0 and at most {MAX_BUDGET_EUR:.0f} EUR, got {text!r}")
    return value


def kilograms(text: str) -> float:
    """A storage capacity in kg: from 0 to 1,000,000."""
    value = _finite(text)
    if not 0 <= value <= MAX_STORAGE_KG:
        raise argparse.ArgumentTypeError(
            f"must be from 0 to {MAX_STORAGE_KG:.0f} kg, got {text!r}")
    return value


def nodes(text: str) -> int:
    """A node limit: 1 to 1,000,000,000."""
    value = _whole(text)
    if not 1 <= value <= MAX_NODES:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_NODES}, got {text!r}")
    return value


def steps(text: str) -> int:
    """Steps of a trade-off curve: 1 to 100."""
    value = _whole(text)
    if not 1 <= value <= MAX_STEPS:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_STEPS}, got {text!r}")
    return value


def level(text: str) -> float:
    """A target level (a share or a cap per cover): finite, at least 0."""
    value = _finite(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, got {text!r}")
    return value

def add_solver_options(
    p: argparse.ArgumentParser,
    *,
    solver: str = "scip",
    solver_help: str = "MIP solver (default scip)",
    time_limit: float | None = 60.0,
    time_help: str = "seconds, above 0 (default 60)",
    gap_help: str | None = "relative optimality gap, from 0 to below 1 (default 0: proven"
    " optimal)",
) -> None:
    """The solver options every planning command shares, each value checked as it is
    parsed (:func:`seconds`, :func:`gap`): ``--solver`` (default ``solver``),
    ``--time-limit S`` (default ``time_limit``) and, unless ``gap_help`` is None,
    ``--gap`` (default 0)."""
    p.add_argument("--solver", choices=SOLVER_NAMES, default=solver, help=solver_help)
    p.add_argument("--time-limit", type=seconds, default=time_limit, metavar="S",
                   help=time_help)
    if gap_help is not None:
        p.add_argument("--gap", type=gap, default=0.0, help=gap_help)


#: ``cantine_supply.optimize.solve.SOLVERS``'s keys.
SOLVER_NAMES: tuple[str, ...] = ("scip", "highs")
#: ``cantine_supply.planning.tradeoff.TARGETS``'s keys.
TRADEOFF_TARGETS: tuple[str, ...] = ("organic", "egalim", "local", "co2", "meat")
#: ``cantine_supply.planning.horizon.WHOLE_MODEL_NODES``.
WHOLE_MODEL_NODES = 1
#: Languages of the outputs and spreadsheet styles (``cantine_supply.report.i18n.LANGS``).
LANGS: tuple[str, ...] = ("en", "fr")


def progress_lines(args: argparse.Namespace) -> Callable[[str], None] | None:
    """``[  12.3 s] <stage>`` on standard error at each stage of a long run (a horizon, a
    trade-off: minutes), unless ``--quiet``; None when quiet."""
    if getattr(args, "quiet", False):
        return None
    start = time.monotonic()

    def show(line: str) -> None:
        print(f"[{time.monotonic() - start:6.1f} s] {line}", file=sys.stderr, flush=True)

    return show
