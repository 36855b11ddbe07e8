"""The journal: what really happened, in a SQLite file beside the data.

Plans committed, deliveries received (delivered quantity, invoiced price, substitutes,
missing items), what collection rounds brought, stock counts, waste and covers served;
the next week's starting stock; the ma cantine declaration from received purchases; and
invoiced prices that moved. See ``docs/journal.md``.
"""

from cantine_supply.journal.declare import (
    Declaration,
    PriceMove,
    as_purchase,
    declare,
    price_moves,
    received_purchases,
)
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
    "Declaration",
    "DeliveredLine",
    "Export",
    "Journal",
    "JournalError",
    "OrderedLine",
    "PlannedCollection",
    "PriceMove",
    "StartingStock",
    "StockCount",
    "WeekSummary",
    "as_purchase",
    "collection_history",
    "commit_plan",
    "count_stock",
    "declare",
    "journal_stock",
    "open_journal",
    "price_moves",
    "receive_week",
    "received_purchases",
    "week_summaries",
    "with_journal_stock",
]
