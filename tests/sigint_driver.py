"""Run ``cantine-supply plan`` on a generated week that takes long to solve (a test helper).

``python tests/sigint_driver.py [PLAN OPTIONS...]``: the command line exactly as installed,
except that the data folder is replaced by the first week of the generated "standard"
benchmark catalogue (``benchmarks/generate.py``: 200 ingredients, 40 suppliers, 1,000
offers), which SCIP does not solve in 30 s. Prints ``solving`` on standard error when the
solve starts, so a test knows when to send a signal.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import SIZES, generate  # noqa: E402

from cantine_supply.cli import plan_command  # noqa: E402
from cantine_supply.cli.main import main  # noqa: E402
from cantine_supply.optimize import solve  # noqa: E402


def load(_: Path) -> Any:
    return generate(2, **SIZES["standard"])


real_solve = solve.interruptible_solve


def announce(*args: Any, **kwargs: Any) -> Any:
    print("solving", file=sys.stderr, flush=True)
    return real_solve(*args, **kwargs)


# A process started in the background by a non-interactive shell (``cmd &`` in a script)
# inherits SIGINT ignored, and Python then leaves it ignored: the tests' Ctrl-C would be
# lost (seen once when CI was started that way). A manager's terminal gives the default.
signal.signal(signal.SIGINT, signal.default_int_handler)
plan_command.load = load  # type: ignore[assignment]
solve.interruptible_solve = announce  # type: ignore[assignment]
sys.exit(main(["plan", "generated", "--week", "2026-w48", *sys.argv[1:]]))
