"""What happened, per week, and the past amounts of each collection round."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import attrs

from cantine_supply.journal.store import Journal


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
    collections: tuple[tuple[str, dt.date, float, float], ...]  # round, date, guaranteed, got


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
        rounds: dict[tuple[str, dt.date], list[float]] = defaultdict(lambda: [0.0, 0.0])
        for item in journal.collected(week):
            totals = rounds[(item.collection, item.date)]
            totals[0] += item.guaranteed
            totals[1] += item.quantity
        out.append(WeekSummary(
            week=week, commits=commits, committed_at=commit.recorded_at,
            ordered_ht_cents=sum(line.total_ht_cents for line in commit.lines),
            invoiced_ht_cents=sum(line.invoiced_ht_cents for line in delivered),
            receipts=journal.receipts_count(week),
            lines_delivered=sum(1 for line in delivered if line.packs > 0),
            lines_missing=sum(1 for line in delivered if line.packs == 0),
            substitutes=sum(1 for line in delivered if line.replaces),
            corrections=len(history) - len(delivered),
            collections=tuple((r, d, round(g, 6), round(q, 6))
                              for (r, d), (g, q) in sorted(rounds.items())),
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
