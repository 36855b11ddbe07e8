"""Purchases as a file for *ma cantine*'s bulk purchase import (import by SIRET).

The file has a header row and then one row per purchase, 12 columns in this order
(:data:`MACANTINE_COLUMNS`)::

    siret, description, fournisseur, date, prix_ht, famille_produits, categories_egalim,
    origine, est_circuit_court, est_local, definition_local, definition_local_km

UTF-8 without byte-order mark, comma separated, every field quoted (``csv.QUOTE_ALL``), so
the comma-separated label list in ``categories_egalim`` is always one field. Dates are
``YYYY-MM-DD``; ``prix_ht`` is EUR excluding tax with a decimal point and 2 decimals
(rounded half up, the same cents :mod:`cantine_supply.report.egalim` counts).

Why a header row: ma cantine's importer (betagouv/ma-cantine,
``api/views/base_import.py`` and ``api/views/purchase_import_base.py``) checks the first
row against the schema's column names and then always skips it, so a file without a
header would fail the header check or silently lose its first purchase.

The import is all or nothing, so everything the platform would refuse is refused here
first, every problem listed in one :class:`MacantineExportError` (``data/models/purchase.py``
and ``data/validators/purchase.py``): a date after ``today``, an empty description or
supplier, a SIRET that is not 14 digits, a price above the platform's 18 integer digits,
``CONVERSION_BIO`` (no longer accepted by the import's ``categories_egalim`` column), and a
``definition_local_km`` that is not a whole number of km. ``FRANCE`` and ``EUROPE``
together cannot happen: a purchase has one :class:`~cantine_supply.model.codes.Origin`.
A local purchase without a ``definition_local`` is written as such (the platform accepts it).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from cantine_supply.errors import CantineSupplyError
from cantine_supply.model.codes import Label, Origin
from cantine_supply.report.cells import spreadsheet_writer
from cantine_supply.report.egalim import Purchase, value_cents

MACANTINE_COLUMNS: tuple[str, ...] = (
    "siret",
    "description",
    "fournisseur",
    "date",
    "prix_ht",
    "famille_produits",
    "categories_egalim",
    "origine",
    "est_circuit_court",
    "est_local",
    "definition_local",
    "definition_local_km",
)

#: Labels the import's ``categories_egalim`` column accepts, in the order they are written.
IMPORTABLE_LABELS: tuple[Label, ...] = tuple(x for x in Label if x is not Label.CONVERSION_BIO)

# prix_ht is a DecimalField(max_digits=20, decimal_places=2); definition_local_km a
# PositiveIntegerField (PostgreSQL integer).
_MAX_CENTS = 10**20 - 1
_MAX_KM = 2_147_483_647
_YES = "oui"


class MacantineExportError(CantineSupplyError, ValueError):
    """Purchases that ma cantine's import would refuse; ``problems`` lists each one."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("cannot write the ma cantine import file:\n" + "\n".join(self.problems))


def _check_siret(siret: str) -> list[str]:
    if not (isinstance(siret, str) and len(siret) == 14 and siret.isascii() and siret.isdigit()):
        return [f"siret must be 14 digits without spaces, got {siret!r}"]
    return []


def _check_text(name: str, value: str) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return [f"{name} is empty (ma cantine requires it)"]
    if "\x00" in value:
        return [f"{name} contains a NUL character"]
    return []


def _row(purchase: Purchase, siret: str, today: dt.date) -> tuple[list[str], list[str]]:
    """The 12 fields for ``purchase`` and the problems that would make the import fail."""
    problems = _check_text("description", purchase.description)
    problems += _check_text("fournisseur", purchase.supplier)
    if purchase.date > today:
        problems.append(
            f"date {purchase.date.isoformat()} is in the future (today is {today.isoformat()})"
        )
    cents = value_cents(purchase.value_ht)
    if cents > _MAX_CENTS:
        problems.append(f"prix_ht {purchase.value_ht!r} is too large (at most 18 integer digits)")
    if Label.CONVERSION_BIO in purchase.labels:
        problems.append(
            "label CONVERSION_BIO is no longer accepted by ma cantine's import; "
            "declare the product BIO or drop the label"
        )
    km = ""
    if purchase.local_km is not None:  # only ever set with definition KM (Purchase checks)
        distance = float(purchase.local_km)
        if distance.is_integer() and distance <= _MAX_KM:
            km = str(int(distance))
        else:
            problems.append(
                f"definition_local_km must be a whole number of km, got {purchase.local_km!r}"
            )

    labels = ",".join(str(x) for x in IMPORTABLE_LABELS if x in purchase.labels)
    origin = "" if purchase.origin is Origin.OTHER else str(purchase.origin)
    definition = "" if purchase.local_definition is None else str(purchase.local_definition)
    fields = [
        siret,
        purchase.description.strip(),
        purchase.supplier.strip(),
        purchase.date.isoformat(),
        f"{cents // 100}.{cents % 100:02d}",
        str(purchase.family),
        labels,
        origin,
        _YES if purchase.circuit_court else "",
        _YES if purchase.local else "",
        definition if purchase.local else "",
        km,
    ]
    return fields, problems


def macantine_rows(
    purchases: Iterable[Purchase], siret: str, *, today: dt.date | None = None
) -> list[list[str]]:
    """The data rows (no header) of ma cantine's purchase import, 12 strings each.

    ``siret`` is the canteen's SIRET (14 digits), already registered on ma cantine.
    ``today`` (default: the local date) is the latest purchase date accepted. Raises
    :class:`MacantineExportError` (a ValueError) listing every purchase the platform would
    refuse, with its line in the file (the header is line 1).
    """
    today = dt.date.today() if today is None else today
    problems = _check_siret(siret)
    rows: list[list[str]] = []
    for index, purchase in enumerate(purchases):
        fields, row_problems = _row(purchase, siret, today)
        where = f"line {index + 2} ({purchase.description!r}, {purchase.date.isoformat()})"
        problems += [f"{where}: {p}" for p in row_problems]
        rows.append(fields)
    if problems:
        raise MacantineExportError(problems)
    return rows


def _write(file: TextIO, rows: Sequence[Sequence[str]]) -> None:
    writer = spreadsheet_writer(file, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(MACANTINE_COLUMNS)
    writer.writerows(rows)


def write_macantine_csv(
    purchases: Iterable[Purchase],
    siret: str,
    path_or_file: str | os.PathLike[str] | TextIO,
    *,
    today: dt.date | None = None,
) -> None:
    """Write ``purchases`` as a ma cantine import file (header row + one row per purchase).

    ``path_or_file`` is a path or a text file opened with ``newline=""``. Every row is
    checked before anything is written (see :func:`macantine_rows`). A path is written
    atomically: to a temporary file in the same folder, flushed to disk, then moved over
    the target with ``os.replace``, so a reader never sees half a file; a new file gets
    mode 0644, an existing file keeps its mode.
    """
    rows = macantine_rows(purchases, siret, today=today)
    if not isinstance(path_or_file, (str, os.PathLike)):
        _write(path_or_file, rows)
        return

    path = Path(path_or_file)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            _write(file, rows)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


__all__ = [
    "IMPORTABLE_LABELS",
    "MACANTINE_COLUMNS",
    "MacantineExportError",
    "macantine_rows",
    "write_macantine_csv",
]
