"""What the solver decides and how it ended, read back from the model before money and
indicators are worked out (the plan layer, :mod:`cantine_supply.plans`, turns them into a
:class:`~cantine_supply.plans.plan.Plan`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from enum import StrEnum

import attrs


class PlanStatus(StrEnum):
    """How the solve ended (the solver's own termination is in :class:`SolverReport`)."""

    OPTIMAL = "optimal"  #: proven optimal within the requested gap
    FEASIBLE = "feasible"  #: a plan, stopped at a limit before proving optimality
    INFEASIBLE = "infeasible"  #: no plan meets every constraint and target
    TIME_LIMIT = "time_limit"  #: stopped at the time limit with no plan
    ERROR = "error"  #: the solver failed

    @property
    def has_plan(self) -> bool:
        return self in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE)


@attrs.frozen
class SolverReport:
    """What the solver said: its name, termination, time, relative gap and best bound."""

    solver: str
    termination: str
    time_s: float
    gap: float | None
    bound: float | None
    objective: float | None


@attrs.frozen
class Serving:
    """Quantity of an ingredient served on ``service_date`` from one source.

    ``source`` is ``stock``, ``collection`` or ``delivery``; ``source_ref`` the stock lot's
    index, the collection's id, or the empty string for deliveries; ``source_date`` the day
    the food arrived (the order date for stock).
    """

    ingredient: str
    service_date: dt.date
    source: str
    source_ref: str
    source_date: dt.date
    quantity: float


@attrs.frozen
class Decisions:
    """What to do this week, before money and indicators are worked out.

    ``packs``: packs per (offer id, delivery date); ``taken``: quantity per (collection id,
    date, ingredient); ``servings``: which source feeds which service; ``menu``: the
    recipe chosen for each of ``problem.choices`` (by index); ``groups``: for each served
    flexible line of ``problem.groups`` (by index), the share of each option (by
    ingredient), summing to 1.
    """

    packs: Mapping[tuple[str, dt.date], int]
    taken: Mapping[tuple[str, dt.date, str], float]
    servings: Sequence[Serving]
    menu: Mapping[int, str] = attrs.field(factory=dict)
    groups: Mapping[int, Mapping[str, float]] = attrs.field(factory=dict)
