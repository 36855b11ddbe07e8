"""``horizons/*.toml``: weeks planned together (optional folder), one horizon per file.

```toml
[horizon]
id = "2026-w48-w51"
name = "Quatre semaines, du 24 novembre au 18 décembre 2026"
weeks = ["2026-w48", "2026-w49", "2026-w50", "2026-w51"]

[budget]                  # optional: replaces the weeks' own budgets
amount = 1996.40
basis = "TTC"             # or "HT" (default TTC)
per_cover = false         # per cover of the whole horizon when true
note = "the four weekly budgets pooled"

[storage]                 # optional: replaces storage.toml's capacity, class by class
ambient = "400 kg"
```

Rules: 1 to :data:`~cantine_supply.problem.horizon_problem.MAX_WEEKS` weeks, each a week of the
data folder, consecutive (each week's first service in the calendar week after the
previous week's first service); unknown keys are refused. Every problem names the file
and field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from cantine_supply.errors import InputError, Problem
from cantine_supply.io.context import LoadContext
from cantine_supply.io.domains import MAX_STORAGE_KG
from cantine_supply.io.fields import Table
from cantine_supply.io.values import show, unknown_message
from cantine_supply.model import Budget, Week
from cantine_supply.model.horizon import MAX_WEEKS, Horizon, StorageCapacity
from cantine_supply.units import ConversionError, parse_quantity, to_base

HORIZONS_FOLDER = "horizons"
FILE_KEYS = ("horizon", "budget", "storage")
HORIZON_KEYS = ("id", "name", "weeks")
BUDGET_KEYS = ("amount", "per_cover", "basis", "note")
STORAGE_KEYS = ("ambient", "chilled", "frozen")


def horizon_files(data_dir: Path) -> list[Path]:
    """The ``*.toml`` files of ``DATA_DIR/horizons`` by name (none without the folder)."""
    folder = data_dir / HORIZONS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".toml" and not p.name.startswith("."))


def read_horizons(ctx: LoadContext, weeks: Mapping[str, Week]) -> list[Horizon]:
    """Every horizon of the data folder, its problems recorded in ``ctx`` (a duplicate id
    too); ``weeks`` are the folder's weeks by id."""
    out: list[Horizon] = []
    seen: dict[str, str] = {}
    for path in horizon_files(ctx.data_dir):
        horizon = load_horizon(ctx, path, weeks)
        if horizon is None:
            continue
        source = ctx.source(path)
        if horizon.id in seen:
            ctx.problems.add(source, "horizon.id",
                             f"duplicate horizon id {horizon.id!r} (also in {seen[horizon.id]})")
            continue
        seen[horizon.id] = source
        out.append(horizon)
    return out


def load_horizons(data_dir: str | Path, weeks: Mapping[str, Week]) -> list[Horizon]:
    """The horizons of ``DATA_DIR/horizons/*.toml``; raises :class:`InputError` listing
    every problem."""
    ctx = LoadContext(Path(data_dir))
    horizons = read_horizons(ctx, weeks)
    ctx.problems.raise_if_any()
    return horizons


def find_horizon(data_dir: str | Path, weeks: Mapping[str, Week], horizon_id: str) -> Horizon:
    """The horizon ``horizon_id`` of the data folder; an :class:`InputError` naming the
    folder when there is none with that id."""
    horizons = load_horizons(data_dir, weeks)
    for horizon in horizons:
        if horizon.id == horizon_id:
            return horizon
    known = [h.id for h in horizons]
    raise InputError(Problem(HORIZONS_FOLDER + "/", "horizon.id",
                             unknown_message("horizon", horizon_id, known)))


def load_horizon(ctx: LoadContext, path: Path, weeks: Mapping[str, Week]) -> Horizon | None:
    """The horizon of ``path``; None (after recording problems) when it is invalid."""
    doc = ctx.read_toml(path)
    if doc is None:
        return None
    mark = ctx.start()
    root = Table(doc.source, (), doc.data, FILE_KEYS, ctx.problems, lines=doc.lines)
    table = root.subtable("horizon", HORIZON_KEYS, required=True)
    if table is None:
        return None
    horizon_id = table.identifier("id")
    name = table.text("name", "")
    week_ids = _read_weeks(ctx, table, weeks)
    budget, note = _read_budget(root)
    storage = _read_storage(root)
    if not ctx.clean_since(mark, root, table) or storage is None:
        return None
    return table.construct(Horizon, id=horizon_id, name=name, weeks=week_ids, budget=budget,
                           budget_note=note, storage=storage)


def _read_weeks(ctx: LoadContext, table: Table, weeks: Mapping[str, Week]) -> tuple[str, ...]:
    """``weeks``: a list of 1 to MAX_WEEKS known, consecutive week ids (a week whose
    file failed to load is not reported again)."""
    if not table.has("weeks"):
        table.missing("weeks")
        return ()
    value = table.data["weeks"]
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        table.problem("weeks", f"expected a list of week ids, like [\"2026-w48\", \"2026-w49\"],"
                      f" got {show(value)}")
        return ()
    ids = tuple(value)
    if not 1 <= len(ids) <= MAX_WEEKS:
        table.problem("weeks", f"a horizon holds 1 to {MAX_WEEKS} weeks, got {len(ids)}")
        return ids
    for i, week_id in enumerate(ids):
        if week_id not in weeks:
            if ctx.is_failed("week", week_id):
                continue
            table.problem("weeks", unknown_message("week", week_id, list(weeks)), i)
        elif week_id in ids[:i]:
            table.problem("weeks", f"week {week_id!r} is listed twice", i)
    known = [weeks[w] for w in ids if w in weeks]
    if len(known) == len(ids) and len(set(ids)) == len(ids):
        for i, (before, after) in enumerate(zip(known, known[1:], strict=False), start=1):
            if _monday(after.first_day) - _monday(before.first_day) != dt.timedelta(days=7):
                table.problem("weeks", f"weeks must be consecutive: {after.id!r} (first"
                              f" service {after.first_day}) is not the calendar week after"
                              f" {before.id!r} (first service {before.first_day})", i)
    return ids


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _read_budget(root: Table) -> tuple[Budget | None, str]:
    """``[budget]`` (optional): the horizon's budget, which replaces the weeks' own."""
    table = root.subtable("budget", BUDGET_KEYS)
    if table is None:
        return None, ""
    before = table.problem_count
    amount = table.number("amount")
    per_cover = table.boolean("per_cover", False)
    basis = table.text("basis", "TTC")
    note = table.text("note", "")
    if basis.upper() not in ("TTC", "HT"):
        table.problem("basis", f"expected 'TTC' or 'HT', got {show(basis)}")
    if table.problem_count > before:
        return None, note
    return table.construct(Budget, amount=amount, per_cover=per_cover, basis=basis.upper()), note


def _read_storage(root: Table) -> StorageCapacity | None:
    """``[storage]`` (optional): capacities in kg replacing ``storage.toml``'s; None when
    a value is bad (recorded)."""
    table = root.subtable("storage", STORAGE_KEYS)
    if table is None:
        return StorageCapacity()
    kg: dict[str, float] = {}
    for key in STORAGE_KEYS:
        if not table.has(key):
            continue
        value = table.data[key]
        if not isinstance(value, str):
            table.problem(key, f"expected a mass as text, like '400 kg', got {show(value)}")
            continue
        try:
            amount, unit = parse_quantity(value)
            kg[key] = to_base(amount, unit, ingredient=f"{key} storage", base="kg")
        except ConversionError as exc:
            table.problem(key, str(exc))
            continue
        if kg[key] < 0:
            table.problem(key, f"must not be negative, got {value!r}")
        elif kg[key] > MAX_STORAGE_KG:
            table.problem(key, f"must be at most {MAX_STORAGE_KG:g} kg, got {value!r}")
    if table.problem_count:
        return None
    return StorageCapacity(kg.get("ambient"), kg.get("chilled"), kg.get("frozen"))
