"""A first plan of the pooled model from the canteens' own plans
(:func:`cantine_supply.network.alone_start`): the plans put together as the model values
them, the canteens whose shares fall short at the pooled prices, and the bounds that fix
or restrict the model for that first search (each returns what to restore)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from ortools.math_opt.python import mathopt

from cantine_supply.optimize.network import Line, NetworkBuilt


def put_together(built: NetworkBuilt, packs: Sequence[Mapping[Line, int]]
                 ) -> dict[mathopt.Variable, float]:
    """The canteens' plans ``packs`` put together, as the model values them: every
    canteen's packs ``p[c,o,d]`` (0 where absent) and, on a line with price levels, its
    packs ``n[c,o,d,k]`` at the level ``k`` that the pooled quantity ``Σ_c p[c,o,d]``
    reaches (0 at the others; all 0 when no level holds it, a quantity above the line's
    cap, which :func:`fix_packs` refuses)."""
    pooled: dict[Line, int] = defaultdict(int)
    for chosen in packs:
        for key, n in chosen.items():
            pooled[key] += n
    values: dict[mathopt.Variable, float] = {}
    for wreg, chosen in zip(built.registry.canteens, packs, strict=True):
        for key, var in wreg.packs.items():
            count = float(chosen.get(key, 0))
            values[var] = count
            levels = built.registry.levels.get(key, [])
            for (_, start, end, _), (_, amount, _) in zip(levels, wreg.tiers.get(key, []),
                                                          strict=True):
                values[amount] = count if start <= pooled[key] <= end else 0.0
    return values


#: How far a row may miss its bound, evaluated at a point, and still count as met.
ROW_TOLERANCE = 1e-6


def short_canteens(built: NetworkBuilt, packs: Sequence[Mapping[Line, int]]) -> list[int]:
    """The canteens whose target rows the plans ``packs`` put together
    (:func:`put_together`) do not meet: a share by value is measured at the pooled price
    levels, so a canteen whose own plan met it at its own prices may fall short when the
    pool makes its qualifying lines cheaper than the others. Only rows on packs alone are
    evaluated (the shares); the others (meat, CO2) are on what is served, which pooling
    does not change, and the canteen's own plan met them."""
    values = put_together(built, packs)
    short = []
    for c, wreg in enumerate(built.registry.canteens):
        for row in wreg.target_constraints.values():
            terms = list(row.terms())
            if any(t.variable not in values for t in terms):
                continue
            activity = sum(t.coefficient * values[t.variable] for t in terms)
            if (activity < row.lower_bound - ROW_TOLERANCE
                    or activity > row.upper_bound + ROW_TOLERANCE):
                short.append(c)
                break
    return short


def fix_packs(built: NetworkBuilt, packs: Sequence[Mapping[Line, int]],
              raised: Collection[int] = ()
              ) -> list[tuple[mathopt.Variable, float, float]] | None:
    """Fix every canteen's packs to ``packs[c]`` (0 where absent), for a first plan made
    of the canteens' own plans (:func:`cantine_supply.network.alone_start`), except a
    canteen of ``raised``, whose packs are only held at or above ``packs[c]`` (it keeps
    its own plan and may buy more, to meet a share that pooling lowered:
    :func:`short_canteens`); return the bounds to restore, or None (nothing changed) when
    a plan's line is no line of the model or above its bound."""
    fixed: list[tuple[mathopt.Variable, float, float]] = []
    for c, (wreg, chosen) in enumerate(zip(built.registry.canteens, packs, strict=True)):
        if any(key not in wreg.packs or count > wreg.packs[key].upper_bound
               for key, count in chosen.items()):
            return None
        for key, var in wreg.packs.items():
            count = float(chosen.get(key, 0))
            fixed.append((var, count, var.upper_bound if c in raised else count))
    saved = [(var, var.lower_bound, var.upper_bound) for var, _, _ in fixed]
    for var, lower, upper in fixed:
        var.lower_bound, var.upper_bound = lower, upper
    return saved


def close_drops(built: NetworkBuilt, orders: Sequence[set[tuple[str, dt.date]]]
                ) -> list[tuple[mathopt.Variable, float, float]]:
    """Allow canteen ``c`` only the drops (supplier, day) of ``orders[c]``: ``y[c,s,d] <=
    0`` for the others (a smaller search for a first plan, the week's warm start idea);
    return the bounds to restore."""
    saved = []
    for wreg, allowed in zip(built.registry.canteens, orders, strict=True):
        for key, drop in wreg.ordered.items():
            if key not in allowed:
                saved.append((drop, drop.lower_bound, drop.upper_bound))
                drop.upper_bound = 0.0
    return saved
