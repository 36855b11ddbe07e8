"""Files the journal reads and writes: delivery notes, collections, stock counts, templates.

``receive`` reads a CSV filled from the delivery notes (UTF-8, comma or semicolon
separated, decimal point or comma), one row per line that differs from the order::

    date,offer,packs,invoiced_ht,replaces
    2026-11-24,grand-marche-pro/carottes-10kg,0,,                 (missing)
    2026-11-24,grand-marche-pro/poireaux-5kg,2,16.40,              (2 packs, 16.40 EUR HT)
    2026-11-26,saveurs-bio-pro/poulet-kg,5,,boucherie-martinon/poulet-lr-kg   (substitute)

``invoiced_ht`` empty means packs × the ordered price (the price list's for a substitute);
``supplier``, ``product`` and ``ordered_packs`` columns may be present (the template has
them) and are not read. What collection rounds brought is a second CSV::

    date,collection,ingredient,quantity
    2026-11-24,epi-vert-mardi,carrot,5 kg

Food thrown away is a CSV ``date,ingredient,quantity``. A stock count is a file in the
format of ``stock.toml`` (``[[lot]]`` tables). Every
quantity is converted here, once, to the ingredient's base unit. Problems name the file,
the row and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import attrs

from cantine_supply.errors import InputError, Problem
from cantine_supply.io.context import LoadContext
from cantine_supply.io.quantities import UnitInfo
from cantine_supply.io.unsold import load_stock
from cantine_supply.io.values import parse_number_text
from cantine_supply.model import Catalogue, Ingredient, StockLot
from cantine_supply.units import ConversionError, parse_quantity, to_base

RECEIPT_COLUMNS = ("date", "offer", "packs", "invoiced_ht", "replaces")
TEMPLATE_COLUMNS = ("date", "supplier", "offer", "product", "ordered_packs", "packs",
                    "invoiced_ht", "replaces")
COLLECTED_COLUMNS = ("date", "collection", "ingredient", "quantity")
WASTE_COLUMNS = ("date", "ingredient", "quantity")


@attrs.frozen
class ReceivedRow:
    """A correction read from a delivery-notes file: ``packs`` of ``offer`` delivered on
    ``delivery_date`` (0: missing), invoiced ``invoiced_ht_cents`` (None: packs × the
    ordered price), standing for the ordered offer ``replaces`` when it is a substitute.
    ``source`` and ``line`` say where it was read, for error messages."""

    delivery_date: dt.date
    offer: str
    packs: int
    invoiced_ht_cents: int | None = None
    replaces: str | None = None
    source: str = ""
    line: int | None = None


@attrs.frozen
class CollectedRow:
    """A correction of what a collection round brought: ``quantity`` (base unit) of
    ``ingredient`` from round ``collection`` on ``date``."""

    date: dt.date
    collection: str
    ingredient: str
    quantity: float
    source: str = ""
    line: int | None = None


def _rows(path: Path, required: Sequence[str],
          problems: list[Problem]) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, row)`` of a CSV file with a header naming ``required`` columns."""
    source = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.append(Problem(source, "", "file not found"))
        return
    except (UnicodeDecodeError, OSError) as error:
        problems.append(Problem(source, "", f"cannot read the file as UTF-8 text ({error})"))
        return
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") \
        else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(Problem(source, "header", f"missing column(s) {', '.join(missing)}"
                                f" (expected {', '.join(required)})", 1))
        return
    for index, row in enumerate(reader, start=2):
        cells = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if any(cells.values()):
            yield index, cells


def _date(source: str, line: int, column: str, text: str,
          problems: list[Problem]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(source, f"row {line}, column {column}",
                                f"expected a date YYYY-MM-DD, got {text!r}", line))
        return None


def read_receipt_csv(path: str | Path) -> list[ReceivedRow]:
    """The corrections of a delivery-notes CSV (see the module's docstring)."""
    file = Path(path)
    problems: list[Problem] = []
    out: list[ReceivedRow] = []
    for line, row in _rows(file, RECEIPT_COLUMNS, problems):
        where = f"row {line}, column"
        day = _date(file.name, line, "date", row["date"], problems)
        packs_text = row["packs"]
        packs = int(packs_text) if packs_text.isdigit() else None
        if packs is None:
            problems.append(Problem(file.name, f"{where} packs",
                                    f"expected a whole number of packs >= 0, got {packs_text!r}",
                                    line))
        invoiced: int | None = None
        if row["invoiced_ht"]:
            amount = parse_number_text(row["invoiced_ht"])
            if amount is None or amount < 0:
                problems.append(Problem(file.name, f"{where} invoiced_ht", "expected an amount"
                                        f" in EUR HT >= 0, got {row['invoiced_ht']!r}", line))
            else:  # the written amount, to the cent, half up (not via a float)
                written = Decimal(row["invoiced_ht"].strip().replace(",", "."))
                invoiced = int(written.quantize(Decimal("0.01"), ROUND_HALF_UP) * 100)
        if not row["offer"]:
            problems.append(Problem(file.name, f"{where} offer", "empty (expected an offer"
                                    " id such as grand-marche-pro/carottes-10kg)", line))
        if day is not None and packs is not None and row["offer"]:
            out.append(ReceivedRow(day, row["offer"], packs, invoiced,
                                   row["replaces"] or None, file.name, line))
    if problems:
        raise InputError(problems)
    return out


def read_collected_csv(path: str | Path, catalogue: Catalogue) -> list[CollectedRow]:
    """What collection rounds brought (see the module's docstring), in base units."""
    file = Path(path)
    problems: list[Problem] = []
    out = [CollectedRow(day, row["collection"], ingredient.id, quantity, file.name, line)
           for line, row, day, ingredient, quantity
           in _quantity_rows(file, COLLECTED_COLUMNS, catalogue, problems)]
    if problems:
        raise InputError(problems)
    return out


def _quantity_rows(
    file: Path, columns: Sequence[str], catalogue: Catalogue, problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str], dt.date, Ingredient, float]]:
    """The rows of a CSV with ``date``, ``ingredient`` and ``quantity`` columns whose three
    values read well: ``(line, row, day, ingredient, quantity in its base unit)``; every
    bad value is added to ``problems`` (file, row and column, line)."""
    for line, row in _rows(file, columns, problems):
        day = _date(file.name, line, "date", row["date"], problems)
        ingredient = catalogue.ingredient_by_id.get(row["ingredient"])
        if ingredient is None:
            problems.append(Problem(file.name, f"row {line}, column ingredient",
                                    f"unknown ingredient {row['ingredient']!r}", line))
            continue
        try:
            quantity = _in_base_unit(ingredient, row["quantity"])
        except ConversionError as error:
            problems.append(Problem(file.name, f"row {line}, column quantity", str(error),
                                    line))
            continue
        if day is not None:
            yield line, row, day, ingredient, quantity


def _in_base_unit(ingredient: Ingredient, text: str) -> float:
    """``text`` (``"5 kg"``, ``"500 g"``) in ``ingredient``'s base unit."""
    amount, unit = parse_quantity(text)
    return to_base(amount, unit, ingredient=ingredient.id, base=ingredient.unit,
                   density_g_per_ml=ingredient.density_g_per_ml,
                   piece_weight_g=ingredient.piece_weight_g)


@attrs.frozen
class WasteRow:
    """``quantity`` (base unit) of ``ingredient`` thrown away on ``date``."""

    date: dt.date
    ingredient: str
    quantity: float
    unit: str


def read_waste_csv(path: str | Path, catalogue: Catalogue) -> list[WasteRow]:
    """Food thrown away, a CSV ``date,ingredient,quantity`` (``2026-11-27,cream,0.5 kg``),
    quantities in base units."""
    file = Path(path)
    problems: list[Problem] = []
    out = [WasteRow(day, ingredient.id, quantity, ingredient.unit)
           for _, _, day, ingredient, quantity
           in _quantity_rows(file, WASTE_COLUMNS, catalogue, problems)]
    if problems:
        raise InputError(problems)
    return out


def load_count_file(path: str | Path, catalogue: Catalogue) -> list[StockLot]:
    """The ``[[lot]]`` tables of a stock count file (the format of ``stock.toml``), with
    quantities in base units; bad values and unknown ingredients raise InputError."""
    file = Path(path)
    ctx = LoadContext(file.parent)
    for ingredient in catalogue.ingredients:
        ctx.units[ingredient.id] = UnitInfo(ingredient.unit, ingredient.density_g_per_ml,
                                            ingredient.piece_weight_g)
    if not file.is_file():
        raise InputError(Problem(file.name, "", "file not found"))
    lots = load_stock(ctx, file)
    for lot in lots:
        if lot.ingredient not in catalogue.ingredient_by_id:
            ctx.problems.add(file.name, "lot.ingredient", f"unknown ingredient {lot.ingredient!r}")
    ctx.problems.raise_if_any()
    return lots


def write_receipt_template(path: str | Path, rows: Sequence[Sequence[str]]) -> int:
    """Write ``rows`` (one per order line, :data:`TEMPLATE_COLUMNS`) as a delivery-notes
    CSV to fill in; refuses an existing file. Returns the number of rows."""
    file = Path(path)
    try:
        handle = open(file, "x", encoding="utf-8", newline="")  # noqa: SIM115
    except FileExistsError as error:
        raise InputError(Problem(str(file), "", "exists already: nothing written")) from error
    with handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(TEMPLATE_COLUMNS)
        writer.writerows(rows)
        handle.flush()
        os.fsync(handle.fileno())
    return len(rows)
