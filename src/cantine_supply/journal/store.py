"""Reading and writing the journal: every write one transaction, every table append-only.

A key (a delivered product: week, delivery date, supplier, offer; a collected item:
round, date, ingredient) may have several rows: the latest (highest ``id``) is what
happened, the earlier ones stay as the history of corrections.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

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
from cantine_supply.journal.schema import JournalError, open_journal, transaction
from cantine_supply.model.codes import Family, Label, LocalDefinition, Origin

#: Test hook: when set to a file path, :meth:`Journal.receive` creates that file halfway
#: through writing its rows, inside the transaction, then waits (so a test can kill the
#: process there). Never set in use.
PAUSE_HOOK = "CANTINE_SUPPLY_JOURNAL_PAUSE"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


class Journal:
    """The journal of one canteen, open on ``path`` (created and migrated when needed)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self.conn = open_journal(self.path, create=create)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ plans committed

    def add_commit(self, week: str, plan_json: str, total_ht_cents: int,
                   lines: Sequence[OrderedLine], collections: Sequence[PlannedCollection],
                   *, force: bool = False) -> int:
        """Record the plan sent for ``week``; refused when one is already recorded, unless
        ``force`` (the new commit then names the one it replaces). Returns its id."""
        with transaction(self.conn):
            earlier = self.latest_commit(week)
            if earlier is not None and not force:
                raise JournalError(self.path, f"{week} was already committed on"
                                   f" {earlier.recorded_at} (use --force to commit it again)")
            cur = self.conn.execute(
                "INSERT INTO plan_commit (week, recorded_at, replaces, total_ht_cents,"
                " plan_json) VALUES (?, ?, ?, ?, ?)",
                (week, _now(), None if earlier is None else earlier.id, total_ht_cents,
                 plan_json))
            commit_id = int(cur.lastrowid or 0)
            self.conn.executemany(
                "INSERT INTO ordered_line (commit_id, delivery_date, supplier, offer,"
                " ingredient, product, packs, pack_quantity, unit, price_per_pack_ht,"
                " total_ht_cents, vat_rate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(commit_id, x.delivery_date.isoformat(), x.supplier, x.offer, x.ingredient,
                  x.product, x.packs, x.pack_quantity, x.unit, x.price_per_pack_ht,
                  x.total_ht_cents, x.vat_rate) for x in lines])
            self.conn.executemany(
                "INSERT INTO planned_collection (commit_id, collection, date, ingredient,"
                " quantity, unit) VALUES (?, ?, ?, ?, ?, ?)",
                [(commit_id, c.collection, c.date.isoformat(), c.ingredient, c.quantity,
                  c.unit) for c in collections])
        return commit_id

    def latest_commit(self, week: str) -> Commit | None:
        """The plan last committed for ``week``, or None."""
        row = self.conn.execute(
            "SELECT id, week, recorded_at, replaces, total_ht_cents FROM plan_commit"
            " WHERE week = ? ORDER BY id DESC LIMIT 1", (week,)).fetchone()
        if row is None:
            return None
        lines = tuple(
            OrderedLine(dt.date.fromisoformat(r[0]), *r[1:])
            for r in self.conn.execute(
                "SELECT delivery_date, supplier, offer, ingredient, product, packs,"
                " pack_quantity, unit, price_per_pack_ht, total_ht_cents, vat_rate"
                " FROM ordered_line WHERE commit_id = ? ORDER BY id", (row[0],)))
        collections = tuple(
            PlannedCollection(r[0], dt.date.fromisoformat(r[1]), r[2], r[3], r[4])
            for r in self.conn.execute(
                "SELECT collection, date, ingredient, quantity, unit FROM planned_collection"
                " WHERE commit_id = ? ORDER BY id", (row[0],)))
        return Commit(row[0], row[1], row[2], row[3], row[4], lines, collections)

    def committed_weeks(self) -> list[str]:
        """Every week with a committed plan, in order."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT week FROM plan_commit ORDER BY week")]

    # ------------------------------------------------------------------ receipts

    def add_receipt(self, commit: Commit, deliveries: Sequence[DeliveredLine],
                    collected: Sequence[CollectedItem], source: str) -> int:
        """Record what was delivered and collected for the committed plan ``commit``, in
        one transaction. Returns the receipt's id."""
        rows = [_delivery_row(x) for x in deliveries]
        half = len(rows) // 2
        with transaction(self.conn):
            cur = self.conn.execute(
                "INSERT INTO receipt (week, commit_id, recorded_at, source) VALUES (?, ?, ?, ?)",
                (commit.week, commit.id, _now(), source))
            receipt_id = int(cur.lastrowid or 0)
            sql = (
                "INSERT INTO delivered_line (receipt_id, week, delivery_date, supplier,"
                " supplier_name, offer, ingredient, product, ordered_packs, packs, quantity,"
                " unit, invoiced_ht_cents, vat_rate, replaces, family, labels, origin,"
                " circuit_court, local, local_definition, local_km)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            self.conn.executemany(sql, [(receipt_id, *r) for r in rows[:half]])
            _pause_for_tests()
            self.conn.executemany(sql, [(receipt_id, *r) for r in rows[half:]])
            self.conn.executemany(
                "INSERT INTO collected_item (receipt_id, week, collection, date, ingredient,"
                " guaranteed, quantity, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(receipt_id, c.week, c.collection, c.date.isoformat(), c.ingredient,
                  c.guaranteed, c.quantity, c.unit) for c in collected])
        return receipt_id

    def receipts_count(self, week: str, commit_id: int | None = None) -> int:
        """How many times deliveries were recorded for ``week`` (for its commit
        ``commit_id`` only, when given)."""
        if commit_id is not None:
            return int(self.conn.execute(
                "SELECT COUNT(*) FROM receipt WHERE week = ? AND commit_id = ?",
                (week, commit_id)).fetchone()[0])
        return int(self.conn.execute(
            "SELECT COUNT(*) FROM receipt WHERE week = ?", (week,)).fetchone()[0])

    def deliveries(self, week: str | None = None) -> list[DeliveredLine]:
        """What was delivered (the latest row of each key), by week, date, supplier, id."""
        where, args = ("WHERE week = ?", (week,)) if week is not None else ("", ())
        rows = self.conn.execute(
            f"SELECT {_DELIVERY_COLUMNS}, id FROM delivered_line WHERE id IN (SELECT MAX(id)"
            f" FROM delivered_line {where} GROUP BY week, delivery_date, supplier, offer)"
            " ORDER BY week, delivery_date, supplier, id", args)
        return [_delivery(r) for r in rows]

    def delivery_history(self, week: str) -> list[DeliveredLine]:
        """Every delivered row of ``week``, corrections included, in the order written."""
        rows = self.conn.execute(
            f"SELECT {_DELIVERY_COLUMNS}, id FROM delivered_line WHERE week = ? ORDER BY id",
            (week,))
        return [_delivery(r) for r in rows]

    def collected(self, week: str | None = None) -> list[CollectedItem]:
        """What the collection rounds brought (the latest row of each round, date and
        ingredient), by date, round and ingredient."""
        where, args = ("WHERE week = ?", (week,)) if week is not None else ("", ())
        rows = self.conn.execute(
            "SELECT week, collection, date, ingredient, guaranteed, quantity, unit"
            " FROM collected_item WHERE id IN (SELECT MAX(id) FROM collected_item"
            f" {where} GROUP BY collection, date, ingredient) ORDER BY date, collection,"
            " ingredient", args)
        return [CollectedItem(r[0], r[1], dt.date.fromisoformat(r[2]), *r[3:]) for r in rows]

    # ------------------------------------------------------------------ stock, waste, covers

    def add_count(self, counted_on: dt.date, lots: Iterable[CountedLot], source: str) -> int:
        """Record a stock count (the lots there at the end of ``counted_on``)."""
        with transaction(self.conn):
            cur = self.conn.execute(
                "INSERT INTO stock_count (counted_on, recorded_at, source) VALUES (?, ?, ?)",
                (counted_on.isoformat(), _now(), source))
            count_id = int(cur.lastrowid or 0)
            self.conn.executemany(
                "INSERT INTO counted_lot (count_id, ingredient, quantity, unit, best_before,"
                " unit_cost_ht) VALUES (?, ?, ?, ?, ?, ?)",
                [(count_id, x.ingredient, x.quantity, x.unit,
                  None if x.best_before is None else x.best_before.isoformat(),
                  x.unit_cost_ht) for x in lots])
        return count_id

    def latest_count(self, on_or_before: dt.date | None = None) -> StockCount | None:
        """The latest stock count made on or before ``on_or_before`` (any, when None); of
        two counts on the same day, the one recorded last."""
        limit = "9999-12-31" if on_or_before is None else on_or_before.isoformat()
        row = self.conn.execute(
            "SELECT id, counted_on, recorded_at, source FROM stock_count WHERE counted_on <= ?"
            " ORDER BY counted_on DESC, id DESC LIMIT 1", (limit,)).fetchone()
        if row is None:
            return None
        lots = tuple(
            CountedLot(r[0], r[1], r[2], _date(r[3]), r[4])
            for r in self.conn.execute(
                "SELECT ingredient, quantity, unit, best_before, unit_cost_ht FROM counted_lot"
                " WHERE count_id = ? ORDER BY id", (row[0],)))
        return StockCount(row[0], dt.date.fromisoformat(row[1]), row[2], row[3], lots)

    def counts(self) -> list[tuple[dt.date, int]]:
        """``(counted_on, number of lots)`` of every stock count, in order."""
        return [(dt.date.fromisoformat(r[0]), r[1]) for r in self.conn.execute(
            "SELECT counted_on, (SELECT COUNT(*) FROM counted_lot WHERE count_id = c.id)"
            " FROM stock_count c ORDER BY counted_on, id")]

    def add_waste(self, day: dt.date, ingredient: str, quantity: float, unit: str) -> None:
        """Record ``quantity`` (base unit) of ``ingredient`` thrown away on ``day``."""
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO waste (date, recorded_at, ingredient, quantity, unit)"
                " VALUES (?, ?, ?, ?, ?)", (day.isoformat(), _now(), ingredient, quantity, unit))

    def waste(self) -> list[tuple[dt.date, str, float, str]]:
        """``(date, ingredient, quantity, unit)`` of everything recorded as thrown away."""
        return [(dt.date.fromisoformat(r[0]), r[1], r[2], r[3]) for r in self.conn.execute(
            "SELECT date, ingredient, quantity, unit FROM waste ORDER BY date, id")]

    def add_served(self, day: dt.date, covers: int) -> None:
        """Record the covers actually served on ``day`` (the latest record of a day wins)."""
        with transaction(self.conn):
            self.conn.execute("INSERT INTO served (date, recorded_at, covers) VALUES (?, ?, ?)",
                              (day.isoformat(), _now(), covers))

    def served(self) -> dict[dt.date, int]:
        """Covers actually served, by day (the latest record of each day)."""
        return {dt.date.fromisoformat(r[0]): r[1] for r in self.conn.execute(
            "SELECT date, covers FROM served WHERE id IN (SELECT MAX(id) FROM served"
            " GROUP BY date) ORDER BY date")}

    # ------------------------------------------------------------------ exports

    def exported_ids(self) -> dict[tuple[str, str, str, str], int]:
        """Keys ``(week, date, supplier, offer)`` of every purchase already exported, with
        the id of the delivered row that was written."""
        rows = self.conn.execute("SELECT week, delivery_date, supplier, offer,"
                                 " delivered_line_id FROM exported_purchase")
        return {(r[0], r[1], r[2], r[3]): int(r[4]) for r in rows}

    def exports(self) -> list[Export]:
        """Every ma cantine file written from the journal, in order."""
        return [Export(r[0], r[1], dt.date.fromisoformat(r[2]), dt.date.fromisoformat(r[3]),
                       r[4], r[5]) for r in self.conn.execute(
            "SELECT id, exported_at, date_from, date_to, path, rows FROM export ORDER BY id")]

    def all_deliveries(self) -> list[DeliveredLine]:
        """Every delivered row ever written, corrections included, in the order written."""
        rows = self.conn.execute(f"SELECT {_DELIVERY_COLUMNS}, id FROM delivered_line"
                                 " ORDER BY id")
        return [_delivery(r) for r in rows]

    def all_collected(self) -> list[CollectedItem]:
        """Every collected row ever written, corrections included, in the order written."""
        rows = self.conn.execute(
            "SELECT week, collection, date, ingredient, guaranteed, quantity, unit"
            " FROM collected_item ORDER BY id")
        return [CollectedItem(r[0], r[1], dt.date.fromisoformat(r[2]), *r[3:]) for r in rows]


_DELIVERY_COLUMNS = (
    "week, delivery_date, supplier, supplier_name, offer, ingredient, product, ordered_packs,"
    " packs, quantity, unit, invoiced_ht_cents, vat_rate, family, labels, origin,"
    " circuit_court, local, local_definition, local_km, replaces")


def _delivery_row(x: DeliveredLine) -> tuple[object, ...]:
    return (x.week, x.delivery_date.isoformat(), x.supplier, x.supplier_name, x.offer,
            x.ingredient, x.product, x.ordered_packs, x.packs, x.quantity, x.unit,
            x.invoiced_ht_cents, x.vat_rate, x.replaces, str(x.family),
            ",".join(str(label) for label in x.labels), str(x.origin), int(x.circuit_court),
            int(x.local), None if x.local_definition is None else str(x.local_definition),
            x.local_km)


def _delivery(r: Any) -> DeliveredLine:
    labels = str(r[14])
    return DeliveredLine(
        week=str(r[0]), delivery_date=dt.date.fromisoformat(str(r[1])), supplier=str(r[2]),
        supplier_name=str(r[3]), offer=str(r[4]), ingredient=str(r[5]), product=str(r[6]),
        ordered_packs=int(r[7]), packs=int(r[8]), quantity=float(r[9]),
        unit=str(r[10]), invoiced_ht_cents=int(r[11]),
        vat_rate=float(r[12]), family=Family(str(r[13])),
        labels=tuple(Label(x) for x in labels.split(",") if x), origin=Origin(str(r[15])),
        circuit_court=bool(r[16]), local=bool(r[17]),
        local_definition=None if r[18] is None else LocalDefinition(str(r[18])),
        local_km=None if r[19] is None else float(r[19]),
        replaces=None if r[20] is None else str(r[20]), id=int(r[21]),
    )


def _pause_for_tests() -> None:
    """The :data:`PAUSE_HOOK`: mark the file, then wait to be killed (at most 60 s)."""
    marker = os.environ.get(PAUSE_HOOK)
    if not marker:
        return
    Path(marker).write_text("paused\n", encoding="utf-8")
    time.sleep(60)

