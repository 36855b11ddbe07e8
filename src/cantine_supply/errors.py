"""Errors raised by cantine_supply.

Every error the library raises on purpose derives from :class:`CantineSupplyError`, so a
caller (the command line among them) catches one class. Bad input is an :class:`InputError`
carrying one :class:`Problem` per bad value, each naming the file, the path to the field
and what was expected, so that several problems are reported together in one run.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs


class CantineSupplyError(Exception):
    """Base class of every error raised by cantine_supply."""


@attrs.frozen
class Problem:
    """One bad value in the input.

    ``source`` is the file (or another description of where the data came from), ``field``
    the path to the value inside it (``offers[3].price_ht``), ``line`` the line number where
    the parser knows it, and ``message`` what is wrong and what is expected.
    """

    source: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        """``file:line: field: message`` on one line: characters that do not print (an
        escape sequence, a line break from a file's name or content) are shown escaped."""
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        text = f"{where}: {self.field}: " if self.field else f"{where}: "
        text += self.message
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class InputError(CantineSupplyError):
    """The input data is wrong; ``problems`` lists every bad value found."""

    def __init__(self, problems: Iterable[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(source="input", field="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class NoPlanError(CantineSupplyError):
    """A step that needs a plan got none: ``journal commit`` on a week with no plan (the
    command line exits 1). :func:`~cantine_supply.plan` never raises it: a week with no
    plan gives a :class:`~cantine_supply.plans.plan.Plan` whose status says why."""


class VerificationError(CantineSupplyError):
    """A plan failed the independent verifier: a bug, never a user's mistake."""

    def __init__(self, failures: Iterable[str]) -> None:
        self.failures: tuple[str, ...] = tuple(failures)
        super().__init__("plan failed verification:\n" + "\n".join(self.failures))


class SolveInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during a solve. ``best_objective``: the objective value of the
    best solution found so far (not assembled nor verified), None when there is none;
    ``stopped``: whether the solver had stopped when this was raised."""

    def __init__(self, best_objective: float | None, stopped: bool) -> None:
        super().__init__("interrupted during the solve")
        self.best_objective = best_objective
        self.stopped = stopped
