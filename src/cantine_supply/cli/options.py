"""Choices and defaults the parsers need, written here so that building the parser (for
``--help``, ``--version`` and ``validate``) does not import the solver (OR-Tools takes
most of a second to import). ``tests/test_cli_startup.py`` checks each equals the value
it stands for in the solver-side module."""

from __future__ import annotations

#: ``cantine_supply.optimize.solve.SOLVERS``'s keys.
SOLVER_NAMES: tuple[str, ...] = ("scip", "highs", "cp-sat")
#: ``cantine_supply.tradeoff.TARGETS``'s keys.
TRADEOFF_TARGETS: tuple[str, ...] = ("organic", "egalim", "local", "co2", "meat")
#: ``cantine_supply.horizon.WHOLE_MODEL_NODES``.
WHOLE_MODEL_NODES = 1
#: Languages of the outputs and spreadsheet styles (``cantine_supply.report.i18n.LANGS``).
LANGS: tuple[str, ...] = ("en", "fr")
