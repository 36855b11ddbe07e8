"""A process killed during ``receive`` leaves the journal as it was before, or as it is
after, never half-written (issue 19, third "must show").

The command runs in a subprocess with the test hook
:data:`cantine_supply.journal.store.PAUSE_HOOK` set: halfway through writing the delivered
lines, inside the transaction, it creates a marker file and waits; the test then kills it
with SIGKILL (no cleanup, no atexit, as a power cut would), reopens the journal and
compares every table with its contents before."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cantine_supply.journal import Journal, commit_plan
from cantine_supply.journal.store import PAUSE_HOOK
from journal_loop import DATA, Loop, loop_fixture  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return list(conn.iterdump())
    finally:
        conn.close()


def _receive(journal: Path, notes: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cantine_supply", "receive", str(DATA), "--week", "2026-w48",
         "--file", str(notes), "--journal", str(journal)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_receive_killed_mid_write_leaves_the_journal_as_before(
        loop: Loop, tmp_path: Path) -> None:
    _catalogue, _path, weeks = loop
    journal_file = tmp_path / "journal.sqlite"
    with Journal(journal_file) as journal:
        commit_plan(journal, weeks[0].plan)
    lines = [(o.delivery_date, x) for o in weeks[0].plan.orders for x in o.lines]
    day, kiwis = next((d, x) for d, x in lines if x.ingredient == "kiwi")
    notes = tmp_path / "notes.csv"
    notes.write_text(f"date,offer,packs,invoiced_ht,replaces\n{day},{kiwis.offer},0,,\n",
                     encoding="utf-8")
    before = _dump(journal_file)

    marker = tmp_path / "paused"
    env = {**os.environ, PAUSE_HOOK: str(marker)}
    process = _receive(journal_file, notes, env)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "receive never reached the hook"
        time.sleep(0.05)
    # the write lock is held mid-transaction: another writer cannot start
    other = sqlite3.connect(journal_file, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert _dump(journal_file) == before  # before: not one row of the receipt

    env.pop(PAUSE_HOOK)
    done = _receive(journal_file, notes, env)
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    with Journal(journal_file, create=False) as journal:
        delivered = journal.deliveries("2026-w48")
        assert journal.receipts_count("2026-w48") == 1
    assert len(delivered) == len(lines)  # after: every line, once
    assert [d.packs for d in delivered if d.offer == kiwis.offer and d.delivery_date == day] == [0]
    assert b"1 missing" in out
