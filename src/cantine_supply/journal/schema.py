"""The journal's SQLite file: its schema, versioned migrations, and one transaction per write.

The journal is one SQLite file per canteen (by default ``journal.sqlite`` in the data
folder), read and written with the standard library's :mod:`sqlite3`. Its schema version is
SQLite's ``PRAGMA user_version``; :data:`MIGRATIONS` holds the SQL that takes a journal from
version ``n`` to ``n + 1``, shipped in the package, and :func:`open_journal` applies the
missing ones in order, each in its own transaction, so a journal is always at a version the
package knows. A journal written by a newer version of the package is refused, not changed.

Nothing is ever updated or deleted: every table is append-only and a correction is a new
row (the latest row of a key wins, see :mod:`cantine_supply.journal.store`). Every write
is one transaction (:func:`transaction`: ``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back
on any error), with ``synchronous = FULL`` and SQLite's rollback journal, so a process
killed in the middle of a write leaves the file as it was before the write, and one killed
after ``COMMIT`` returned leaves it as it is after: never half-written.

Units: quantities are REAL in the ingredient's base unit (kg, L or piece, the unit is
stored beside them); money is INTEGER cents excluding tax (HT); dates are ISO
``YYYY-MM-DD`` text; ``recorded_at`` is the UTC time of the write, ISO text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cantine_supply.errors import InputError, Problem

#: The journal's file name in a data folder.
JOURNAL_FILE = "journal.sqlite"

_V1 = """
CREATE TABLE plan_commit (
    id INTEGER PRIMARY KEY,
    week TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    replaces INTEGER REFERENCES plan_commit(id),
    total_ht_cents INTEGER NOT NULL,
    plan_json TEXT NOT NULL
);
CREATE INDEX plan_commit_week ON plan_commit(week);
CREATE TABLE ordered_line (
    id INTEGER PRIMARY KEY,
    commit_id INTEGER NOT NULL REFERENCES plan_commit(id),
    delivery_date TEXT NOT NULL,
    supplier TEXT NOT NULL,
    offer TEXT NOT NULL,
    ingredient TEXT NOT NULL,
    product TEXT NOT NULL,
    packs INTEGER NOT NULL CHECK (packs >= 0),
    pack_quantity REAL NOT NULL CHECK (pack_quantity > 0),
    unit TEXT NOT NULL,
    price_per_pack_ht REAL NOT NULL,
    total_ht_cents INTEGER NOT NULL,
    vat_rate REAL NOT NULL
);
CREATE TABLE planned_collection (
    id INTEGER PRIMARY KEY,
    commit_id INTEGER NOT NULL REFERENCES plan_commit(id),
    collection TEXT NOT NULL,
    date TEXT NOT NULL,
    ingredient TEXT NOT NULL,
    quantity REAL NOT NULL CHECK (quantity >= 0),
    unit TEXT NOT NULL
);
CREATE TABLE receipt (
    id INTEGER PRIMARY KEY,
    week TEXT NOT NULL,
    commit_id INTEGER NOT NULL REFERENCES plan_commit(id),
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE delivered_line (
    id INTEGER PRIMARY KEY,
    receipt_id INTEGER NOT NULL REFERENCES receipt(id),
    week TEXT NOT NULL,
    delivery_date TEXT NOT NULL,
    supplier TEXT NOT NULL,
    supplier_name TEXT NOT NULL,
    offer TEXT NOT NULL,
    ingredient TEXT NOT NULL,
    product TEXT NOT NULL,
    ordered_packs INTEGER NOT NULL CHECK (ordered_packs >= 0),
    packs INTEGER NOT NULL CHECK (packs >= 0),
    quantity REAL NOT NULL CHECK (quantity >= 0),
    unit TEXT NOT NULL,
    invoiced_ht_cents INTEGER NOT NULL CHECK (invoiced_ht_cents >= 0),
    vat_rate REAL NOT NULL,
    replaces TEXT,
    family TEXT NOT NULL,
    labels TEXT NOT NULL,
    origin TEXT NOT NULL,
    circuit_court INTEGER NOT NULL,
    local INTEGER NOT NULL,
    local_definition TEXT,
    local_km REAL
);
CREATE INDEX delivered_line_key ON delivered_line(week, delivery_date, supplier, offer);
CREATE TABLE collected_item (
    id INTEGER PRIMARY KEY,
    receipt_id INTEGER NOT NULL REFERENCES receipt(id),
    week TEXT NOT NULL,
    collection TEXT NOT NULL,
    date TEXT NOT NULL,
    ingredient TEXT NOT NULL,
    guaranteed REAL NOT NULL CHECK (guaranteed >= 0),
    quantity REAL NOT NULL CHECK (quantity >= 0),
    unit TEXT NOT NULL
);
CREATE INDEX collected_item_round ON collected_item(collection, date, ingredient);
CREATE TABLE stock_count (
    id INTEGER PRIMARY KEY,
    counted_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE counted_lot (
    id INTEGER PRIMARY KEY,
    count_id INTEGER NOT NULL REFERENCES stock_count(id),
    ingredient TEXT NOT NULL,
    quantity REAL NOT NULL CHECK (quantity >= 0),
    unit TEXT NOT NULL,
    best_before TEXT,
    unit_cost_ht REAL NOT NULL CHECK (unit_cost_ht >= 0)
);
CREATE TABLE waste (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    ingredient TEXT NOT NULL,
    quantity REAL NOT NULL CHECK (quantity >= 0),
    unit TEXT NOT NULL
);
CREATE TABLE served (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    covers INTEGER NOT NULL CHECK (covers >= 0)
);
CREATE TABLE export (
    id INTEGER PRIMARY KEY,
    exported_at TEXT NOT NULL,
    date_from TEXT NOT NULL,
    date_to TEXT NOT NULL,
    path TEXT NOT NULL,
    rows INTEGER NOT NULL
);
CREATE TABLE exported_purchase (
    export_id INTEGER NOT NULL REFERENCES export(id),
    delivered_line_id INTEGER NOT NULL REFERENCES delivered_line(id),
    week TEXT NOT NULL,
    delivery_date TEXT NOT NULL,
    supplier TEXT NOT NULL,
    offer TEXT NOT NULL,
    PRIMARY KEY (week, delivery_date, supplier, offer)
);
"""

#: ``MIGRATIONS[n]`` takes a journal from schema version ``n`` to ``n + 1``.
MIGRATIONS: tuple[str, ...] = (_V1,)

#: The schema version this package writes.
SCHEMA_VERSION = len(MIGRATIONS)


class JournalError(InputError):
    """The journal cannot do what was asked (refused, not a bug); exit code 2 on the CLI."""

    def __init__(self, path: str | Path, message: str) -> None:
        super().__init__(Problem(source=str(path), field="", message=message))


def open_journal(path: str | Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (and, with ``create``, create) the journal at ``path``, migrated to
    :data:`SCHEMA_VERSION`. Raises :class:`JournalError` when it does not exist and
    ``create`` is false, when it is not a SQLite file, or when it is newer than the package."""
    file = Path(path)
    if not create and not file.is_file():
        raise JournalError(file, "no journal here yet (commit a plan first)")
    try:
        conn = sqlite3.connect(file, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise JournalError(file, f"not a journal ({error})") from error
    if version > SCHEMA_VERSION:
        conn.close()
        raise JournalError(
            file,
            f"journal schema version {version} is newer than this program's"
            f" ({SCHEMA_VERSION}): update cantine_supply",
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        _migrate(conn, target)
    return conn


def _migrate(conn: sqlite3.Connection, target: int) -> None:
    """Apply ``MIGRATIONS[target - 1]`` and set the version to ``target``, atomically."""
    script = MIGRATIONS[target - 1]
    with transaction(conn):
        for statement in script.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {int(target)}")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: ``BEGIN IMMEDIATE`` (takes the write lock at once), then
    ``COMMIT`` when the block ends, or ``ROLLBACK`` when it raises (or is interrupted).
    Inside another transaction it is part of that one (several records, one write)."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_version(conn: sqlite3.Connection) -> int:
    """The journal's schema version (``PRAGMA user_version``)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])
