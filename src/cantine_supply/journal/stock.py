"""The stock a week's plan starts from: the journal's latest count, else ``stock.toml``.

A stock count records the lots there at the end of a day, with their best-before dates.
The plan of a week starts from the latest count made before the week's first service
(:func:`journal_stock`); a journal without such a count, or no journal, leaves the data
folder's ``stock.toml`` in place. The count is taken as it is: deliveries received after
it are not added (a warning says so), since the food used since is only known by counting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from cantine_supply.journal.records import StockCount
from cantine_supply.journal.schema import JOURNAL_FILE
from cantine_supply.journal.store import Journal
from cantine_supply.model import Catalogue, StockLot


@attrs.frozen
class StartingStock:
    """The lots a week starts from, where they come from, and any warning for the manager.

    ``source`` is ``"journal"`` (a stock count of ``counted_on``) or ``"stock.toml"``."""

    lots: tuple[StockLot, ...]
    source: str
    counted_on: dt.date | None = None
    warnings: tuple[str, ...] = ()


def journal_stock(journal: Journal, catalogue: Catalogue, week_id: str) -> StartingStock:
    """The stock ``week_id`` starts from: the lots of the latest count made before its
    first service, as counted (quantities in base units, best-before dates kept); or the
    catalogue's own stock when the journal has no such count."""
    week = catalogue.week_by_id[week_id]
    count = journal.latest_count(week.first_day - dt.timedelta(days=1))
    if count is None:
        return StartingStock(catalogue.stock, "stock.toml",
                             warnings=("the journal has no stock count before"
                                       f" {week.first_day.isoformat()}: using stock.toml",))
    return StartingStock(_lots(count), "journal", count.counted_on,
                         _late_deliveries(journal, count, week.first_day))


def _lots(count: StockCount) -> tuple[StockLot, ...]:
    return tuple(StockLot(lot.ingredient, lot.quantity, lot.best_before, lot.unit_cost_ht)
                 for lot in count.lots)


def _late_deliveries(journal: Journal, count: StockCount, first_day: dt.date) -> tuple[str, ...]:
    """A warning when food was received after the count and before ``first_day``."""
    late = sorted({d.delivery_date for d in journal.deliveries()
                   if count.counted_on < d.delivery_date < first_day and d.packs > 0})
    if not late:
        return ()
    days = ", ".join(day.isoformat() for day in late)
    return (f"stock counted on {count.counted_on.isoformat()}, before the deliveries of"
            f" {days}: count the stock again (cantine-supply count) to plan from it",)


def with_journal_stock(catalogue: Catalogue, data_dir: str | Path, week_id: str,
                       journal_path: str | Path | None = None) -> tuple[Catalogue, StartingStock]:
    """``catalogue`` with its stock replaced by the journal's (see :func:`journal_stock`)
    when the data folder has a journal; unchanged otherwise."""
    path = Path(journal_path) if journal_path is not None else Path(data_dir) / JOURNAL_FILE
    if not path.is_file() or week_id not in catalogue.week_by_id:
        return catalogue, StartingStock(catalogue.stock, "stock.toml")
    with Journal(path, create=False) as journal:
        start = journal_stock(journal, catalogue, week_id)
    if start.source != "journal":
        return catalogue, start
    return attrs.evolve(catalogue, stock=start.lots), start
