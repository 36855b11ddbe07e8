"""The ma cantine declaration from what was really bought, and prices that moved.

:func:`received_purchases` turns the journal's deliveries (the latest row of each line,
delivered items only: a missing item is no purchase) into
:class:`~cantine_supply.report.egalim.Purchase` records at the invoiced price, dated on
the delivery day. :func:`declare` writes the ma cantine import file from those of a period
that were not exported before and are not in the future, and records the export in the
same transaction, so the same purchase is never written into two files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from cantine_supply.journal.records import DeliveredLine
from cantine_supply.journal.schema import JournalError, transaction
from cantine_supply.journal.store import Journal
from cantine_supply.model import Catalogue, Region
from cantine_supply.report.egalim import Purchase
from cantine_supply.report.egalim_period import PeriodIndicators, period_indicators
from cantine_supply.report.macantine import write_macantine_csv


def as_purchase(line: DeliveredLine) -> Purchase:
    """``line`` as ma cantine records a purchase: the product, the supplier's name, the
    delivery date, the invoiced amount EUR HT, and the facts recorded with it."""
    return Purchase(
        description=line.product, supplier=line.supplier_name, date=line.delivery_date,
        value_ht=line.invoiced_ht_cents / 100, family=line.family, labels=line.labels,
        origin=line.origin, circuit_court=line.circuit_court, local=line.local,
        local_definition=line.local_definition if line.local else None,
        local_km=line.local_km if line.local else None)


def received_purchases(journal: Journal, date_from: dt.date,
                       date_to: dt.date) -> list[DeliveredLine]:
    """Delivered lines (packs > 0) dated ``date_from`` to ``date_to`` included."""
    return [line for line in journal.deliveries()
            if date_from <= line.delivery_date <= date_to and line.packs > 0]


def _export_key(line: DeliveredLine) -> tuple[str, str, str, str]:
    return (line.week, line.delivery_date.isoformat(), line.supplier, line.offer)


@attrs.frozen
class Declaration:
    """What :func:`declare` did: ``rows`` purchases written into ``path`` (None when there
    was nothing new to write), ``already_exported`` and ``future`` purchases of the period
    left out, and the EGalim ``indicators`` of every purchase received in the period up to
    ``today``. ``corrected_after_export`` lists purchases corrected in the journal after
    a file held them: the platform still has the old figures, to correct there by hand."""

    path: Path | None
    rows: int
    already_exported: int
    future: int
    indicators: PeriodIndicators
    corrected_after_export: tuple[DeliveredLine, ...] = ()


def declare(journal: Journal, catalogue: Catalogue, date_from: dt.date, date_to: dt.date,
            *, siret: str, path: str | Path, today: dt.date | None = None,
            region: Region = Region.METROPOLE) -> Declaration:
    """Write the ma cantine import file ``path`` with the purchases received from
    ``date_from`` to ``date_to`` (no later than ``today``) that no earlier file holds, and
    record them as exported, in one transaction. An existing ``path`` is refused (never
    overwritten); with nothing new, no file is written."""
    today = dt.date.today() if today is None else today
    if date_to < date_from:
        raise JournalError(journal.path, f"--to {date_to} is before --from {date_from}")
    target = Path(path)
    if target.exists():
        raise JournalError(target, "exists already: choose a new file name (nothing written)")
    lines = received_purchases(journal, date_from, date_to)
    past = [line for line in lines if line.delivery_date <= today]
    done = journal.exported_ids()
    new = [line for line in past if _export_key(line) not in done]
    indicators = period_indicators([as_purchase(line) for line in past], region)
    corrected = tuple(line for line in past if _export_key(line) in done
                      and done[_export_key(line)] != line.id)
    result = Declaration(None, 0, len(past) - len(new), len(lines) - len(past), indicators,
                         corrected)
    if not new:
        return result
    with transaction(journal.conn):
        cur = journal.conn.execute(
            "INSERT INTO export (exported_at, date_from, date_to, path, rows)"
            " VALUES (?, ?, ?, ?, ?)",
            (dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), date_from.isoformat(),
             date_to.isoformat(), str(target), len(new)))
        export_id = int(cur.lastrowid or 0)
        journal.conn.executemany(
            "INSERT INTO exported_purchase (export_id, delivered_line_id, week,"
            " delivery_date, supplier, offer) VALUES (?, ?, ?, ?, ?, ?)",
            [(export_id, line.id, *_export_key(line)) for line in new])
        write_macantine_csv([as_purchase(line) for line in new], siret, target, today=today)
    return attrs.evolve(result, path=target, rows=len(new))


@attrs.frozen
class PriceMove:
    """An offer whose invoiced price differs from its price list: ``list_ht`` (None when
    the offer left the price lists) and ``invoiced_ht`` per pack, EUR HT, for ``packs``
    packs delivered on ``delivery_date`` (the latest delivery of the offer)."""

    offer: str
    product: str
    supplier_name: str
    delivery_date: dt.date
    packs: int
    list_ht: float | None
    invoiced_ht: float

    @property
    def change(self) -> float | None:
        """Relative change from the list price (0.05 is 5% dearer), None without one."""
        return None if not self.list_ht else self.invoiced_ht / self.list_ht - 1


def price_moves(journal: Journal, catalogue: Catalogue) -> list[PriceMove]:
    """The offers whose latest invoiced price per pack differs by a cent or more (on the
    line) from the price list's price for that many packs (tiers included)."""
    latest: dict[str, DeliveredLine] = {}
    for line in journal.deliveries():
        if line.packs > 0:
            known = latest.get(line.offer)
            if known is None or (line.delivery_date, line.id or 0) >= (
                    known.delivery_date, known.id or 0):
                latest[line.offer] = line
    moves = []
    for offer_id, line in sorted(latest.items()):
        offer = catalogue.offer_by_id.get(offer_id)
        listed = None if offer is None else offer.price_for(line.packs)
        listed_cents = None if listed is None else round(listed * line.packs * 100)
        if listed_cents is not None and abs(listed_cents - line.invoiced_ht_cents) < 1:
            continue
        moves.append(PriceMove(offer_id, line.product, line.supplier_name, line.delivery_date,
                               line.packs, listed, line.invoiced_ht_cents / 100 / line.packs))
    return moves
