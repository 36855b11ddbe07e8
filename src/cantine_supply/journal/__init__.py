"""The journal: what really happened, in a SQLite file beside the data.

Plans committed, deliveries received (delivered quantity, invoiced price, substitutes,
missing items), what collection rounds brought, stock counts, waste and covers served;
the next week's starting stock; the ma cantine declaration from received purchases; and
invoiced prices that moved. See ``docs/journal.md``.

The declaration (:mod:`cantine_supply.report.declare`) writes the ma cantine file, an
export: it sits in the report layer and is imported from its module, not from here.
"""

from cantine_supply.journal.history import WeekSummary, collection_history, week_summaries
from cantine_supply.journal.loop import commit_plan, count_stock, receive_week
from cantine_supply.journal.records import (
    CollectedItem,
    Commit,
    CountedLot,
    DeliveredLine,
    Export,
    OrderedLine,
    PlannedCollection,
    StockCount,
)
from cantine_supply.journal.schema import (
    JOURNAL_FILE,
    MIGRATIONS,
    SCHEMA_VERSION,
    JournalError,
    open_journal,
)
from cantine_supply.journal.stock import StartingStock, journal_stock, with_journal_stock
from cantine_supply.journal.store import Journal

__all__ = [
    "JOURNAL_FILE",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "CollectedItem",
    "Commit",
    "CountedLot",
    "DeliveredLine",
    "Export",
    "Journal",
    "JournalError",
    "OrderedLine",
    "PlannedCollection",
    "StartingStock",
    "StockCount",
    "WeekSummary",
    "collection_history",
    "commit_plan",
    "count_stock",
    "journal_stock",
    "open_journal",
    "receive_week",
    "week_summaries",
    "with_journal_stock",
]
