"""Which week to plan when the caller names none: the only one, else the caller must say.

A data folder often holds several weeks (next week, a variant with candidate recipes, the
weeks after); planning "the first file" silently would plan a variant or a past week. So
:func:`week_to_plan` returns the only week of a catalogue and otherwise raises
:class:`~cantine_supply.errors.InputError` listing the weeks to choose from. The planner,
the trade-off and the command line (``--week``) all follow it, through
:func:`problem_to_plan` for the library's entry points.
"""

from __future__ import annotations

from cantine_supply.errors import InputError, Problem
from cantine_supply.model import Budget, Catalogue
from cantine_supply.problem.week import WeekProblem, week_problem


def week_choices(catalogue: Catalogue) -> str:
    """``2026-w48 (Semaine du 24 novembre 2026), 2026-w49 (...)``: every week, by id."""
    return ", ".join(f"{week.id} ({week.name})" for week in sorted(catalogue.weeks,
                                                                  key=lambda w: w.id))


def week_to_plan(catalogue: Catalogue, week: str | None, *, source: str = "input",
                 option: str = "week") -> str:
    """``week`` when given, else the catalogue's only week; raises InputError (naming
    ``source`` and ``option``, and listing the weeks) when there is none or several."""
    if week is not None:
        return week
    if len(catalogue.weeks) == 1:
        return catalogue.weeks[0].id
    if not catalogue.weeks:
        message = "the data folder has no week to plan (add a file in weeks/)"
    else:
        message = (f"{len(catalogue.weeks)} weeks to choose from, name the one to plan:"
                   f" {week_choices(catalogue)}")
    raise InputError(Problem(source=source, field=option, message=message))


def problem_to_plan(data: Catalogue | WeekProblem, week: str | None = None, *,
                    budget: Budget | None = None) -> WeekProblem:
    """The week's problem an entry point plans: ``data`` itself when it is already a
    :class:`WeekProblem` (``week`` and ``budget`` then unused), else week ``week`` of the
    catalogue ``data`` (:func:`week_to_plan`: the only week when ``week`` is None), with
    ``budget`` replacing the week's own when given."""
    if isinstance(data, WeekProblem):
        return data
    return week_problem(data, week_to_plan(data, week), budget=budget)
