"""The journal's file: versioned schema, refusals, one transaction per write."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from cantine_supply.journal import SCHEMA_VERSION, Journal, JournalError, open_journal
from cantine_supply.journal.schema import schema_version, transaction


def test_a_new_journal_is_created_at_the_current_version(tmp_path: Path) -> None:
    conn = open_journal(tmp_path / "j.sqlite")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert schema_version(conn) == SCHEMA_VERSION == 1
    assert {"plan_commit", "ordered_line", "planned_collection", "receipt", "delivered_line",
            "collected_item", "stock_count", "counted_lot", "waste", "served", "export",
            "exported_purchase"} <= tables
    conn.close()
    again = open_journal(tmp_path / "j.sqlite", create=False)  # nothing to migrate
    assert schema_version(again) == 1
    again.close()


def test_a_newer_journal_or_another_file_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    with pytest.raises(JournalError, match="version 7 is newer than this program's"):
        open_journal(newer)
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database, but a long enough text to fill a header" * 20)
    with pytest.raises(JournalError, match="not a journal"):
        open_journal(text)
    with pytest.raises(JournalError, match="no journal here yet"):
        open_journal(tmp_path / "missing.sqlite", create=False)


def test_a_write_that_fails_leaves_nothing(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        with pytest.raises(RuntimeError), transaction(journal.conn):
            journal.conn.execute("INSERT INTO served (date, recorded_at, covers)"
                                 " VALUES ('2026-11-24', 'now', 40)")
            raise RuntimeError("interrupted")
        assert journal.served() == {}
        with pytest.raises(sqlite3.IntegrityError):  # a negative count is refused whole
            journal.add_served(dt.date(2026, 11, 24), -1)
        assert journal.served() == {}


def test_records_inside_one_transaction_are_one_write(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite") as journal:
        with pytest.raises(sqlite3.IntegrityError), transaction(journal.conn):
            journal.add_served(dt.date(2026, 11, 24), 40)
            journal.add_waste(dt.date(2026, 11, 24), "cream", -1.0, "kg")  # refused
        assert journal.served() == {} and journal.waste() == []
