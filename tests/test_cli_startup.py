"""The command line starts without the solver: ``--version``, ``--help`` and ``validate``
never import OR-Tools (it takes most of a second to import); a command imports it only
when it solves. The time itself is measured in benchmarks/startup.py, not here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cantine_supply.cli import options

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import contextlib, io, sys
from cantine_supply.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(code, "ortools" in sys.modules, "ortools.math_opt.python.mathopt" in sys.modules)
"""


def run_probe(*args: str) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("plan", "--help"),
                                  ("validate", "data")])
def test_no_solver_import_without_a_solve(args: tuple[str, ...]) -> None:
    assert run_probe(*args) == "0 False False"


def test_a_solve_imports_the_solver(data_dir: Path) -> None:
    code, *imported = run_probe("plan", str(data_dir), "--week", "2026-w48").split()
    assert code in ("0", "1") and imported == ["True", "True"]


def test_parser_choices_match_the_solver_side() -> None:
    from cantine_supply.optimize.solve import SOLVERS
    from cantine_supply.planning.horizon import WHOLE_MODEL_NODES
    from cantine_supply.planning.tradeoff import TARGETS
    from cantine_supply.report.i18n import LANGS

    assert options.SOLVER_NAMES == tuple(SOLVERS)
    assert options.TRADEOFF_TARGETS == tuple(TARGETS)
    assert options.WHOLE_MODEL_NODES == WHOLE_MODEL_NODES
    assert options.LANGS == LANGS


def test_the_version_answers_before_anything_heavy_is_imported() -> None:
    """``--version`` prints the version without importing pint, the file readers or the
    subcommand modules (the issue-22 start-up target; timed in benchmarks/startup.py)."""
    probe = ("import sys; from cantine_supply.cli.main import main; code = main(['--version']);"
             " heavy = [m for m in ('pint', 'cantine_supply.io', 'cantine_supply.cli.plan_command',"
             " 'ortools') if m in sys.modules]; print(code, heavy)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    from cantine_supply import __version__

    assert done.stdout.splitlines() == [f"cantine-supply {__version__}", "0 []"]


def test_a_subcommand_imports_only_its_own_module() -> None:
    """``plan`` builds a parser that knows only ``plan``: the journal, declaration,
    workbook and network modules (their readers, writers and templates) are not imported."""
    others = ("journal_command", "declare_command", "workbook_command", "network_command",
              "horizon_command", "report_command")
    probe = ("import contextlib, io, sys; from cantine_supply.cli.main import main\n"
             "with contextlib.redirect_stdout(io.StringIO()): code = main(['plan', '--help'])\n"
             f"print(code, [m for m in {others!r} if 'cantine_supply.cli.' + m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.split(None, 1) == ["0", "[]\n"]


def test_each_subcommand_is_registered_by_the_module_the_table_names() -> None:
    """The table the parser uses to import one module per subcommand agrees with what the
    modules register: every subcommand is in it, and the module it names knows it."""
    import argparse

    from cantine_supply.cli.main import COMMAND_MODULES, build_parser

    def names(parser: argparse.ArgumentParser) -> set[str]:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return set(action.choices)

    assert names(build_parser()) == set(COMMAND_MODULES)
    for name, module in COMMAND_MODULES.items():
        registered = names(build_parser([name]))
        assert name in registered
        assert registered == {n for n, m in COMMAND_MODULES.items() if m == module}
    assert names(build_parser(["-q", "no-such-command"])) == set(COMMAND_MODULES)
