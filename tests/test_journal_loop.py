"""Four weeks of the journal's loop on the sample data (issue 19, first "must show"):
plan from the journal's stock, commit, receive (a substitute, a missing item, a price
that moved, a collection above its guarantee), count; the journal's contents and the
next plan's stock, exactly."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from cantine_supply import InputError
from cantine_supply.io.journal_files import ReceivedRow
from cantine_supply.journal import (
    Journal,
    JournalError,
    collection_history,
    commit_plan,
    count_stock,
    receive_week,
    week_summaries,
    with_journal_stock,
)
from cantine_supply.plans.plan import to_cents
from journal_loop import COUNT_DAYS, DATA, WEEKS, Loop, loop_fixture  # noqa: F401


def _cents(amount: object) -> int:
    return int(to_cents(amount) * 100)  # type: ignore[arg-type]


def test_each_next_plan_starts_from_the_previous_count_exactly(loop: Loop) -> None:
    _catalogue, _path, weeks = loop
    assert weeks[0].start.source == "stock.toml"
    for before, week in zip(weeks, weeks[1:], strict=False):
        assert week.start.source == "journal"
        assert week.start.counted_on == COUNT_DAYS[before.week]
        assert week.start.lots == before.counted
        needed = set(week.problem.need_days())
        assert week.problem.stock == tuple(x for x in before.counted if x.ingredient in needed)
        counted: dict[str, float] = {}
        for lot in before.counted:
            counted[lot.ingredient] = counted.get(lot.ingredient, 0.0) + lot.quantity
        for used in week.plan.stock_used:
            assert used.quantity <= counted[used.ingredient] + 1e-6
    w49 = weeks[1]
    carrots = [x for x in w49.start.lots if x.ingredient == "carrot"]
    assert [(x.quantity, str(x.best_before), x.unit_cost_ht) for x in carrots] == [
        (6.0, "2026-12-09", 0.80)]  # "6000 g" counted, converted once to kg
    used = {x.ingredient: x.quantity for x in w49.plan.stock_used}
    assert used["carrot"] == pytest.approx(6.0)  # w49 uses the counted carrots first


def test_w48_deliveries_record_substitute_missing_item_and_invoiced_price(
        loop: Loop) -> None:
    catalogue, path, weeks = loop
    w48 = weeks[0].plan
    ordered = {(o.delivery_date, o.supplier, x.offer): x for o in w48.orders for x in o.lines}
    with Journal(path, create=False) as journal:
        delivered = {d.key: d for d in journal.deliveries("2026-w48")}
        commit = journal.latest_commit("2026-w48")
    assert commit is not None and len(commit.lines) == len(ordered)
    carrots = next(x for x in ordered.values() if x.ingredient == "carrot")
    kiwis = next(x for x in ordered.values() if x.ingredient == "kiwi")
    chicken = next(x for x in ordered.values() if x.ingredient == "chicken")
    substitutes = [d for d in delivered.values() if d.replaces]
    assert len(substitutes) == 1
    sub = substitutes[0]
    assert set(delivered) == set(ordered) | {sub.key}
    offer = catalogue.offer_by_id[sub.offer]
    assert (sub.replaces, sub.ingredient, sub.ordered_packs, sub.packs) == (
        carrots.offer, "carrot", 0, 2)
    assert sub.quantity == pytest.approx(2 * offer.pack_quantity)
    assert sub.invoiced_ht_cents == _cents(2 * offer.price_for(2))
    assert sub.labels == offer.labels and sub.origin == offer.origin
    for key, line in ordered.items():
        got = delivered[key]
        assert got.ordered_packs == line.packs
        if line is carrots or line is kiwis:
            assert (got.packs, got.quantity, got.invoiced_ht_cents) == (0, 0.0, 0)
        elif line is chicken:
            assert (got.packs, got.invoiced_ht_cents) == (line.packs, 5650)
        else:
            assert (got.packs, got.invoiced_ht_cents) == (line.packs, _cents(line.total_ht))
            assert got.quantity == pytest.approx(line.quantity)


def test_collections_record_what_each_round_brought(loop: Loop) -> None:
    _catalogue, path, weeks = loop
    with Journal(path, create=False) as journal:
        got = {(c.week, c.collection, c.date, c.ingredient): (c.guaranteed, c.quantity)
               for c in journal.collected()}
        history = collection_history(journal)
    expected = {}
    for week in weeks:
        for run in week.plan.collections:
            for item in run.items:
                expected[(week.week, run.collection, run.date, item.ingredient)] = item.quantity
    assert set(got) == set(expected)
    for key, quantity in expected.items():
        guaranteed, collected = got[key]
        if key[1:] == ("epi-vert-mardi", weeks[0].plan.collections[0].date, "carrot"):
            assert (guaranteed, collected) == (2.0, 5.0)  # more than guaranteed
        else:
            assert collected == pytest.approx(quantity)
    made = {(w.week, r.collection) for w in weeks for r in w.plan.collections}
    for name, rows in history.items():
        assert len({day for day, *_ in rows}) == sum(1 for _w, r in made if r == name)


def test_weeks_49_to_51_received_as_ordered_and_counts_kept(loop: Loop) -> None:
    _catalogue, path, weeks = loop
    with Journal(path, create=False) as journal:
        for week in weeks[1:]:
            lines = [x for o in week.plan.orders for x in o.lines]
            delivered = journal.deliveries(week.week)
            assert len(delivered) == len(lines)
            assert all(d.packs == d.ordered_packs and not d.replaces for d in delivered)
            assert sum(d.invoiced_ht_cents for d in delivered) == sum(
                _cents(x.total_ht) for x in lines)
        for week in weeks:
            count = journal.latest_count(COUNT_DAYS[week.week])
            assert count is not None and count.counted_on == COUNT_DAYS[week.week]
            assert [(x.ingredient, x.quantity, x.best_before, x.unit_cost_ht)
                    for x in count.lots] == [
                (x.ingredient, x.quantity, x.best_before, x.unit_cost_ht) for x in week.counted]
        summaries = week_summaries(journal)
        waste = journal.waste()
    assert [s.week for s in summaries] == list(WEEKS)
    assert [(s.receipts, s.lines_missing, s.substitutes) for s in summaries] == [
        (1, 2, 1), (1, 0, 0), (1, 0, 0), (1, 0, 0)]
    # the cream of stock.toml (best before 2026-11-25) was left over and thrown away
    assert ("cream", 0.58) in [(i, round(q, 6)) for _d, i, q, _u in waste]


def test_a_correction_is_a_new_row_and_changes_only_what_it_says(
        loop: Loop, tmp_path: Path) -> None:
    catalogue, path, weeks = loop
    copy = tmp_path / "journal.sqlite"
    shutil.copy(path, copy)
    kiwi_day, kiwis = next((o.delivery_date, x) for o in weeks[0].plan.orders
                           for x in o.lines if x.ingredient == "kiwi")
    with Journal(copy) as journal:
        before = journal.all_deliveries()
        receive_week(journal, catalogue, "2026-w48",
                     [ReceivedRow(kiwi_day, kiwis.offer, 1, None, None, "late.csv", 2)])
        after = journal.all_deliveries()
        now = {d.offer: d for d in journal.deliveries("2026-w48")}
    assert after[:len(before)] == before  # nothing overwritten
    assert len(after) == len(before) + 1
    assert (after[-1].offer, after[-1].packs, after[-1].invoiced_ht_cents) == (
        kiwis.offer, 1, _cents(kiwis.price_per_pack_ht))
    assert now[kiwis.offer] == after[-1]


def test_commit_twice_is_refused_unless_forced(loop: Loop, tmp_path: Path) -> None:
    _catalogue, path, weeks = loop
    copy = tmp_path / "journal.sqlite"
    shutil.copy(path, copy)
    with Journal(copy) as journal:
        with pytest.raises(JournalError, match="2026-w48 was already committed"):
            commit_plan(journal, weeks[0].plan)
        first = journal.latest_commit("2026-w48")
        new_id = commit_plan(journal, weeks[0].plan, force=True)
        latest = journal.latest_commit("2026-w48")
    assert first is not None and latest is not None
    assert (latest.id, latest.replaces) == (new_id, first.id)
    assert latest.lines == first.lines
    # receiving the new commit "as ordered" writes only the lines that differ from what
    # is recorded: the three lines the first receipt corrected (carrots, kiwis, chicken)
    catalogue = loop[0]
    with Journal(copy) as journal:
        rows = journal.all_deliveries()
        receive_week(journal, catalogue, "2026-w48")
        after = journal.all_deliveries()
        assert journal.receipts_count("2026-w48", new_id) == 1
    assert after[:len(rows)] == rows
    assert sorted((d.ingredient, d.packs == d.ordered_packs) for d in after[len(rows):]) == [
        ("carrot", True), ("chicken", True), ("kiwi", True)]


def test_bad_corrections_name_file_row_and_column(loop: Loop, tmp_path: Path) -> None:
    catalogue, path, weeks = loop
    copy = tmp_path / "journal.sqlite"
    shutil.copy(path, copy)
    day = weeks[0].plan.orders[0].delivery_date
    rows = [ReceivedRow(day, "nowhere/nothing", 1, None, None, "notes.csv", 2),
            ReceivedRow(day, "grand-marche-pro/pommes-7kg", 1, None, None, "notes.csv", 3)]
    with Journal(copy) as journal:
        count = len(journal.all_deliveries())
        with pytest.raises(InputError) as caught:
            receive_week(journal, catalogue, "2026-w48", rows)
        assert len(journal.all_deliveries()) == count  # nothing written
        with pytest.raises(JournalError, match="2026-w47 has no committed plan"):
            receive_week(journal, catalogue, "2026-w47")
    assert [str(p) for p in caught.value.problems] == [
        "notes.csv:2: row 2, column offer: unknown offer 'nowhere/nothing'",
        f"notes.csv:3: row 3, column offer: 'grand-marche-pro/pommes-7kg' was not ordered for"
        f" {day.isoformat()} (a substitute names the ordered offer in column replaces)",
    ]


def test_the_journal_file_is_a_plain_versioned_sqlite_database(loop: Loop) -> None:
    _catalogue, path, _weeks = loop
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM plan_commit").fetchone()[0] == 4
    finally:
        conn.close()


def test_a_count_older_than_the_last_deliveries_is_used_with_a_warning(
        loop: Loop, tmp_path: Path) -> None:
    catalogue, _path, weeks = loop
    path = tmp_path / "journal.sqlite"
    with Journal(path) as journal:
        commit_plan(journal, weeks[0].plan)
        receive_week(journal, catalogue, "2026-w48")
        count_stock(journal, catalogue, dt.date(2026, 11, 25), weeks[0].counted,
                    source="count.toml")
    cat, start = with_journal_stock(catalogue, DATA, "2026-w49", path)
    assert start.source == "journal" and cat.stock == weeks[0].counted
    assert start.warnings == (
        "stock counted on 2026-11-25, before the deliveries of 2026-11-26, 2026-11-27:"
        " count the stock again (cantine-supply count) to plan from it",)
    # a week before any count keeps stock.toml
    cat, start = with_journal_stock(catalogue, DATA, "2026-w48", path)
    assert start.source == "stock.toml" and cat.stock == catalogue.stock
