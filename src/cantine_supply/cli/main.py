"""``cantine-supply``: build the parser, dispatch to a subcommand, map errors to exit codes.

Every subcommand module has ``add_parser(subparsers)``, which registers the subcommand
and sets ``run``, a function of the parsed arguments returning the exit code. Errors
derived from :class:`~cantine_supply.errors.CantineSupplyError` are caught here, once,
and printed without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

from cantine_supply import (
    CantineSupplyError,
    InputError,
    NoPlanError,
    SolveInterrupted,
    __version__,
    solver_prints_to_stderr,
)

EXIT_OK = 0
EXIT_NO_PLAN = 1
EXIT_BAD_INPUT = 2
EXIT_BUG = 3

#: Each subcommand's name and the module (of :mod:`cantine_supply.cli`) that registers it.
COMMAND_MODULES = {
    "validate": "validate", "plan": "plan_command", "report": "report_command",
    "tradeoff": "tradeoff_command", "horizon": "horizon_command",
    "plan-many": "plan_many_command", "commit": "journal_command", "receive": "journal_command",
    "count": "journal_command", "journal": "journal_command", "declare": "declare_command",
    "prices": "declare_command", "workbook": "workbook_command", "network": "network_command",
}


def commands(name: str | None = None) -> tuple[Any, ...]:
    """The subcommand modules, in the order ``--help`` lists them; with ``name`` (a
    subcommand of :data:`COMMAND_MODULES`), only the module that registers it. Imported
    here, not at the top: ``--version`` answers without them, and a subcommand does not
    pay for importing the others (their readers, writers and templates)."""
    if name in COMMAND_MODULES:
        return (importlib.import_module(f"cantine_supply.cli.{COMMAND_MODULES[name]}"),)
    from cantine_supply.cli import (
        declare_command,
        horizon_command,
        journal_command,
        network_command,
        plan_command,
        plan_many_command,
        report_command,
        tradeoff_command,
        validate,
        workbook_command,
    )

    return (
        validate, plan_command, report_command, tradeoff_command, horizon_command,
        plan_many_command, journal_command, declare_command, workbook_command,
        network_command,
    )


def subcommand(argv: list[str]) -> str | None:
    """The subcommand ``argv`` names (its first word that is not an option), if any."""
    return next((word for word in argv if not word.startswith("-")), None)

EPILOG = """\
exit codes:
  0  done
  1  no plan meets the targets
  2  bad input or usage
  3  internal error (the solver failed, or a plan failed its own verification:
     please report it)
  130  interrupted (Ctrl-C or SIGTERM): nothing written
"""


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser, with one subparser per module of :func:`commands`: every
    module's, or, when ``argv`` names a known subcommand, only its module's (the
    parser then knows only that subcommand, which is all ``argv`` can use)."""
    parser = argparse.ArgumentParser(
        prog="cantine-supply",
        description="Weekly purchase plans for participatory canteens.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print only errors (and requested output)"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in commands(subcommand(argv) if argv is not None else None):
        command.add_parser(subparsers)
    for subparser in subparsers.choices.values():  # also accept `validate DIR --quiet`
        subparser.add_argument(
            "-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
            help="print only errors (and requested output)",
        )
    return parser


EXIT_INTERRUPTED = 130


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM handler: stop as Ctrl-C does (what is being written is removed)."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    SIGTERM is handled as Ctrl-C (SIGINT): ``interrupted`` and exit 130, nothing
    half-written (when called from the main thread, which alone receives signals)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:
        print(f"cantine-supply {__version__}")  # as argparse would, without the commands
        return EXIT_OK
    on_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if on_main else None
    try:
        with solver_prints_to_stderr():
            return _main(argv)
    finally:
        if on_main:
            signal.signal(signal.SIGTERM, previous)


def interrupted_message(exc: KeyboardInterrupt, objective: str) -> str:
    """``interrupted``, with the best plan's cost when a solve was interrupted after
    finding one (the solver's figure: the plan was neither assembled nor verified, and
    nothing is written)."""
    best = exc.best_objective if isinstance(exc, SolveInterrupted) else None
    if best is None:
        return "interrupted"
    if objective == "cost":
        return (f"interrupted: the best plan found so far costs {best:.2f} EUR (the solver's"
                " figure; not verified, nothing written)")
    return (f"interrupted: a plan was found (objective {best:.6g}; not verified, nothing"
            " written)")


def _main(argv: list[str]) -> int:
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors: argparse has printed
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    try:
        return int(args.run(args))
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except NoPlanError as exc:
        print(f"no plan: {exc}", file=sys.stderr)
        return EXIT_NO_PLAN
    except CantineSupplyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BUG
    except KeyboardInterrupt as exc:
        print(interrupted_message(exc, getattr(args, "objective", "cost")), file=sys.stderr)
        if isinstance(exc, SolveInterrupted) and not exc.stopped:
            # The solver ignored the interrupt and still runs in its thread: leave now
            # (nothing is being written) rather than let it outlive the interpreter.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(EXIT_INTERRUPTED)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(main())
