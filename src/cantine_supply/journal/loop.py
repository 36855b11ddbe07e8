"""The weekly loop on the journal: commit the plan sent, receive what came, count the stock.

``commit`` records the orders and collections of a :class:`~cantine_supply.plans.plan.Plan`;
``receive`` records what the delivery notes and the collection rounds say, by default "as
ordered" (every order line delivered in full at the ordered price, every collection item
as planned) and then the corrections given (a different quantity or invoiced price, a
missing item, a substitute product); ``count`` records a stock count. Every call is one
transaction of the journal (see :mod:`cantine_supply.journal.schema`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal

import attrs

from cantine_supply.errors import InputError, Problem
from cantine_supply.io.journal_files import CollectedRow, ReceivedRow
from cantine_supply.journal.records import (
    CollectedItem,
    Commit,
    CountedLot,
    DeliveredLine,
    OrderedLine,
    PlannedCollection,
)
from cantine_supply.journal.schema import JournalError, transaction
from cantine_supply.journal.store import Journal
from cantine_supply.model import Catalogue, LocalDefinition, Offer, StockLot
from cantine_supply.plans.plan import Plan, to_cents
from cantine_supply.units import count_up


def cents(amount_eur: float | Decimal) -> int:
    """An amount in EUR as whole cents, rounded half up once (as invoices round)."""
    return int(to_cents(amount_eur) * 100)


def commit_plan(journal: Journal, plan: Plan, *, force: bool = False) -> int:
    """Record ``plan`` as the plan sent for its week (its orders and collection rounds);
    refused when the week is already committed, unless ``force``. Returns the commit id."""
    if not plan.status.has_plan:
        raise JournalError(journal.path, f"{plan.week} has no plan to commit"
                           f" ({plan.status.value})")
    lines = [
        OrderedLine(order.delivery_date, order.supplier, line.offer, line.ingredient,
                    line.product, line.packs, line.pack_quantity, line.unit,
                    line.price_per_pack_ht, cents(line.total_ht), line.vat_rate)
        for order in plan.orders for line in order.lines
    ]
    collections = [
        PlannedCollection(run.collection, run.date, item.ingredient, item.quantity, item.unit)
        for run in plan.collections for item in run.items
    ]
    total = cents(plan.indicators.total_ht) if plan.indicators is not None else 0
    text = json.dumps(plan.to_json(), ensure_ascii=False, sort_keys=True)
    return journal.add_commit(plan.week, text, total, lines, collections, force=force)


def _committed(journal: Journal, week: str) -> Commit:
    commit = journal.latest_commit(week)
    if commit is None:
        raise JournalError(journal.path, f"{week} has no committed plan (run commit first)")
    return commit


def _delivered(catalogue: Catalogue, week: str, day: dt.date, offer: Offer, *,
               ordered_packs: int, packs: int, invoiced_cents: int,
               replaces: str | None) -> DeliveredLine:
    """A delivered line of ``offer``, with the offer's and supplier's facts of today."""
    supplier = catalogue.supplier_by_id[offer.supplier]
    ingredient = catalogue.ingredient_by_id[offer.ingredient]
    locality = supplier.local
    definition = None if locality is None else locality.definition
    km = None
    if locality is not None and definition is LocalDefinition.KM and locality.km is not None:
        km = float(count_up(locality.km))  # ma cantine stores whole km
    return DeliveredLine(
        week=week, delivery_date=day, supplier=supplier.id, supplier_name=supplier.name,
        offer=offer.id, ingredient=offer.ingredient, product=offer.product,
        ordered_packs=ordered_packs, packs=packs, quantity=packs * offer.pack_quantity,
        unit=ingredient.unit, invoiced_ht_cents=invoiced_cents, vat_rate=offer.vat_rate,
        family=ingredient.family, labels=offer.labels, origin=offer.origin,
        circuit_court=supplier.is_circuit_court, local=locality is not None,
        local_definition=definition, local_km=km, replaces=replaces)


def _problem(row: ReceivedRow | CollectedRow, column: str, message: str) -> Problem:
    where = f"row {row.line}, column {column}" if row.line is not None else column
    return Problem(source=row.source or "corrections", field=where, message=message,
                   line=row.line)


Key = tuple[dt.date, str, str]


def receive_week(journal: Journal, catalogue: Catalogue, week: str,
                 corrections: Sequence[ReceivedRow] = (),
                 collected: Sequence[CollectedRow] = (), *, source: str = "as ordered") -> int:
    """Record the deliveries and collections of ``week``'s committed plan, in one
    transaction; returns the receipt id.

    The first receipt of a week's committed plan records every order line as delivered in
    full at its ordered price and every planned collection item as collected (only what
    differs from rows already there, after a re-commit), then applies
    ``corrections`` and ``collected``; a later receipt records only the rows that change
    something. A correction of an ordered offer replaces its line; a row with
    ``replaces`` records a substitute product and, unless the ordered line is corrected
    too, that line as missing. Bad rows raise :class:`InputError` naming file, row and
    column; nothing is then written.
    """
    with transaction(journal.conn):  # reads and writes under the write lock
        commit = _committed(journal, week)
        first = journal.receipts_count(week, commit.id) == 0  # of the plan last sent
        problems: list[Problem] = []
        rows = _as_ordered(journal, catalogue, commit, problems) if first else {}
        corrected = {(r.delivery_date, r.offer) for r in corrections}
        for row in corrections:
            rows.update(_correction(catalogue, commit, row, corrected, problems))
        items = _collected_items(catalogue, commit, collected, first, problems)
        if problems:
            raise InputError(problems)
        current = {d.key: _without_id(d) for d in journal.deliveries(week)}
        changed = [d for key, d in rows.items() if current.get(key) != _without_id(d)]
        return journal.add_receipt(commit, changed, items, source)


def _as_ordered(journal: Journal, catalogue: Catalogue, commit: Commit,
                problems: list[Problem]) -> dict[Key, DeliveredLine]:
    """Every order line of ``commit`` delivered in full at its ordered price."""
    rows: dict[Key, DeliveredLine] = {}
    for line in commit.lines:
        offer = catalogue.offer_by_id.get(line.offer)
        if offer is None:
            problems.append(Problem(str(journal.path), "ordered_line",
                                    f"offer {line.offer!r} is no longer in the price lists"))
            continue
        rows[line.key] = _delivered(catalogue, commit.week, line.delivery_date, offer,
                                    ordered_packs=line.packs, packs=line.packs,
                                    invoiced_cents=line.total_ht_cents, replaces=None)
    return rows


def _correction(catalogue: Catalogue, commit: Commit, row: ReceivedRow,
                corrected: set[tuple[dt.date, str]],
                problems: list[Problem]) -> dict[Key, DeliveredLine]:
    """The delivered lines one correction sets: its own, and for a substitute the
    replaced line as missing (unless ``corrected`` has a row of its own for it)."""
    offers = catalogue.offer_by_id
    ordered = {line.key: line for line in commit.lines}
    offer = offers.get(row.offer)
    if offer is None:
        problems.append(_problem(row, "offer", f"unknown offer {row.offer!r}"))
        return {}
    day = row.delivery_date
    line = ordered.get((day, offer.supplier, offer.id))
    replaced: OrderedLine | None = None
    if row.replaces:
        other = offers.get(row.replaces)
        replaced = None if other is None else ordered.get((day, other.supplier, other.id))
        if replaced is None:
            message = f"{row.replaces!r} was not ordered for {day.isoformat()}"
            problems.append(_problem(row, "replaces", message))
            return {}
        if line is not None:
            message = f"{offer.id!r} was itself ordered for {day.isoformat()}: correct its line"
            problems.append(_problem(row, "offer", message))
            return {}
    elif line is None:
        problems.append(_problem(row, "offer", f"{offer.id!r} was not ordered for"
                                 f" {day.isoformat()} (a substitute names the ordered offer"
                                 " in column replaces)"))
        return {}
    invoiced = row.invoiced_ht_cents
    if invoiced is None:
        price = offer.price_for(row.packs) if line is None else line.price_per_pack_ht
        invoiced = cents(row.packs * price)
    out = {(day, offer.supplier, offer.id): _delivered(
        catalogue, commit.week, day, offer, ordered_packs=0 if line is None else line.packs,
        packs=row.packs, invoiced_cents=invoiced, replaces=row.replaces)}
    if replaced is not None and (day, replaced.offer) not in corrected:
        out[replaced.key] = _delivered(catalogue, commit.week, day, offers[replaced.offer],
                                       ordered_packs=replaced.packs, packs=0,
                                       invoiced_cents=0, replaces=None)
    return out


def _without_id(line: DeliveredLine) -> DeliveredLine:
    """``line`` without its journal id, to compare what it says."""
    return attrs.evolve(line, id=None)


def _collected_items(catalogue: Catalogue, commit: Commit,
                     collected: Sequence[CollectedRow], first: bool,
                     problems: list[Problem]) -> list[CollectedItem]:
    """The collected rows to write: the plan's items on a first receipt, then the
    corrections (an item the round does not list has ``guaranteed`` 0)."""
    rounds = {c.id: c for c in catalogue.collections}
    units = catalogue.ingredient_by_id

    def guaranteed(round_id: str, ingredient: str) -> float:
        items = rounds[round_id].items if round_id in rounds else ()
        return next((i.guaranteed for i in items if i.ingredient == ingredient), 0.0)

    out: dict[tuple[str, dt.date, str], CollectedItem] = {}
    if first:
        for item in commit.collections:
            out[(item.collection, item.date, item.ingredient)] = CollectedItem(
                commit.week, item.collection, item.date, item.ingredient,
                guaranteed(item.collection, item.ingredient), item.quantity, item.unit)
    for row in collected:
        if row.collection not in rounds:
            problems.append(_problem(row, "collection", f"unknown round {row.collection!r}"))
            continue
        if row.ingredient not in units:
            problems.append(_problem(row, "ingredient", f"unknown ingredient {row.ingredient!r}"))
            continue
        out[(row.collection, row.date, row.ingredient)] = CollectedItem(
            commit.week, row.collection, row.date, row.ingredient,
            guaranteed(row.collection, row.ingredient), row.quantity, units[row.ingredient].unit)
    return list(out.values())


def count_stock(journal: Journal, catalogue: Catalogue, counted_on: dt.date,
                lots: Sequence[StockLot], *, source: str) -> int:
    """Record a stock count made at the end of ``counted_on``: ``lots`` (quantities in
    each ingredient's base unit, already converted by the loader). Returns its id."""
    units = catalogue.ingredient_by_id
    unknown = sorted({lot.ingredient for lot in lots if lot.ingredient not in units})
    if unknown:
        raise InputError([Problem(source, "ingredient", f"unknown ingredient {i!r}")
                          for i in unknown])
    counted = [CountedLot(lot.ingredient, lot.quantity, units[lot.ingredient].unit,
                          lot.best_before, lot.unit_cost_ht) for lot in lots]
    return journal.add_count(counted_on, counted, source)
