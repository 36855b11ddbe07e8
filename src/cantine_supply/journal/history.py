"""What happened, per week, and the past amounts of each collection round."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import attrs

from cantine_supply.journal.records import CollectedItem
from cantine_supply.journal.store import Journal
from cantine_supply.units import LEAST_QUANTITY

#: Quantities closer than this (base unit) are the same.
EPSILON = LEAST_QUANTITY


@attrs.frozen
class RoundMade:
    """A collection round made on ``date``: ``items`` collected, and those that brought
    more (``above``) or less (``below``) than guaranteed, as ``(ingredient, collected,
    guaranteed, unit)`` in the ingredient's base unit."""

    collection: str
    date: dt.date
    items: int
    above: tuple[tuple[str, float, float, str], ...]
    below: tuple[tuple[str, float, float, str], ...]


@attrs.frozen
class WeekSummary:
    """One week in the journal: the plan committed (``commits`` times, the latest at
    ``committed_at``), what was ordered and invoiced (EUR HT, cents), the lines delivered,
    missing, substituted and corrected, and each collection round against its guarantee."""

    week: str
    commits: int
    committed_at: str
    ordered_ht_cents: int
    invoiced_ht_cents: int
    receipts: int
    lines_delivered: int
    lines_missing: int
    substitutes: int
    corrections: int
    collections: tuple[RoundMade, ...]


def _rounds(items: list[CollectedItem]) -> tuple[RoundMade, ...]:
    by_round: dict[tuple[str, dt.date], list[CollectedItem]] = defaultdict(list)
    for item in items:
        by_round[(item.collection, item.date)].append(item)
    out = []
    for (name, day), got in sorted(by_round.items()):
        facts = [(i.ingredient, round(i.quantity, 6), round(i.guaranteed, 6), i.unit)
                 for i in got]
        out.append(RoundMade(name, day, len(got),
                             tuple(f for f in facts if f[1] > f[2] + EPSILON),
                             tuple(f for f in facts if f[1] < f[2] - EPSILON)))
    return tuple(out)


def week_summaries(journal: Journal) -> list[WeekSummary]:
    """A :class:`WeekSummary` per committed week, in order."""
    out = []
    for week in journal.committed_weeks():
        commit = journal.latest_commit(week)
        assert commit is not None
        commits = int(journal.conn.execute(
            "SELECT COUNT(*) FROM plan_commit WHERE week = ?", (week,)).fetchone()[0])
        delivered = journal.deliveries(week)
        history = journal.delivery_history(week)
        out.append(WeekSummary(
            week=week, commits=commits, committed_at=commit.recorded_at,
            ordered_ht_cents=sum(line.total_ht_cents for line in commit.lines),
            invoiced_ht_cents=sum(line.invoiced_ht_cents for line in delivered),
            receipts=journal.receipts_count(week),
            lines_delivered=sum(1 for line in delivered if line.packs > 0),
            lines_missing=sum(1 for line in delivered if line.packs == 0),
            substitutes=sum(1 for line in delivered if line.replaces),
            corrections=len(history) - len(delivered),
            collections=_rounds(journal.collected(week)),
        ))
    return out


def collection_history(journal: Journal) -> dict[str, list[tuple[dt.date, str, float, float]]]:
    """Per collection round, ``(date, ingredient, guaranteed, collected)`` of every time it
    was made (the latest record of each), oldest first: the past amounts per round that
    planning on uncertain collections will draw on. Quantities in base units."""
    out: dict[str, list[tuple[dt.date, str, float, float]]] = defaultdict(list)
    for item in journal.collected():
        out[item.collection].append((item.date, item.ingredient, item.guaranteed,
                                     item.quantity))
    return {name: sorted(rows) for name, rows in sorted(out.items())}
