"""A tie-break that picks one plan among plans of equal cost, for less than a cent.

Among plans of the same cost the solver returns whichever its search meets first, and its
search depends on the order of the model and on the number of threads. The tie-break adds
to the cost that is minimised

    T = Σ_(o,d) w[o,d] · p[o,d] + Σ_(c,d) w[c,d] · t[c,d]

over the packs ``p[o,d]`` of offer ``o`` delivered on day ``d`` and the collection rounds
``t[c,d]`` made. Each weight is ``w = W · (1 + h) / 2``, where ``h`` in [0, 1) is read from
the SHA-256 of the line's key (``"offer id|date"``, ``"collection id|date"``): the same
weights in every run, on every machine, whatever the order of the files, and no two lines
alike. ``W = BUDGET / (Σ cap[o,d] + number of rounds)`` with ``BUDGET`` half a cent and
``cap[o,d]`` the line's most packs (:meth:`~cantine_supply.optimize.registry.Registry.line_cap`).

**Proof that T changes no cost by a cent.** Every plan has ``0 <= p[o,d] <= cap[o,d]`` and
``0 <= t[c,d] <= 1``, and ``0 < w <= W``, so ``0 <= T <= W · (Σ cap + rounds) = BUDGET``,
half a cent. When the cost is counted in whole cents (the exact cost objective, issue 15),
two plans of different cost differ by at least one cent, more than T can make up: the plan
chosen has the least cost, as without T. (While the cost is a sum of unrounded amounts, T
can at most prefer a plan dearer by less than half a cent before rounding.)

**What it decides.** Among plans of least cost, the one of least T. Two of them with
different packs or rounds tie again only when ``Σ w · (p - p') = 0`` for their whole-number
difference, which weights drawn from a hash make a coincidence, not an impossibility: this
is not a proof of uniqueness. The solver tells apart objective values down to its
tolerance (about 1e-9 of the objective), and on a week the size of the sample one pack
changes T by 1e-6 EUR or more. ``tests/test_canonical_order.py`` checks that renamed and
reordered files and other thread counts give the same plan on the sample week.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Protocol

from ortools.math_opt.python import mathopt

from cantine_supply.problem.week import WeekProblem


class Registry(Protocol):
    """What the tie-break reads of :class:`~cantine_supply.optimize.registry.Registry` (which
    imports this module, so it is named by its shape, not imported)."""

    @property
    def packs(self) -> Mapping[tuple[str, dt.date], mathopt.Variable]: ...

    @property
    def trip(self) -> Mapping[tuple[str, dt.date], mathopt.Variable]: ...

    def line_cap(self, problem: WeekProblem, key: tuple[str, dt.date]) -> int: ...

#: The most the tie-break adds to a plan's cost, in cents.
BUDGET_CENTS = 0.5


def key_fraction(kind: str, item: str, day: dt.date) -> float:
    """A fraction in [0, 1) fixed by ``kind``, ``item`` and ``day``: the first 8 bytes of
    the SHA-256 of ``"kind|item|day"`` over 2**64."""
    digest = hashlib.sha256(f"{kind}|{item}|{day.isoformat()}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def tie_break(problem: WeekProblem, reg: Registry,
              cent: float = 0.01) -> mathopt.LinearExpression:
    """The tie-break T (see the module docstring) in the objective's unit, ``cent`` being
    one cent in it (0.01 when the cost is in EUR, 1 when it is in cents)."""
    units = sum(reg.line_cap(problem, key) for key in reg.packs) + len(reg.trip)
    if units == 0:
        return mathopt.LinearExpression()
    scale = BUDGET_CENTS * cent / units
    packs = mathopt.fast_sum(
        scale * (1 + key_fraction("offer", offer, day)) / 2 * p
        for (offer, day), p in sorted(reg.packs.items())
    )
    trips = mathopt.fast_sum(
        scale * (1 + key_fraction("collection", cid, day)) / 2 * t
        for (cid, day), t in sorted(reg.trip.items())
    )
    return mathopt.LinearExpression(packs + trips)
