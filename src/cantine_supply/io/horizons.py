"""``horizons/*.toml``: weeks planned together (optional folder), one horizon per file.

```toml
[horizon]
id = "2026-w48-w51"
name = "Quatre semaines, du 24 novembre au 18 décembre 2026"
weeks = ["2026-w48", "2026-w49", "2026-w50", "2026-w51"]

[budget]                  # optional: replaces the weeks' own budgets
amount = 1996.40
basis = "TTC"             # or "HT" (default TTC)
per_cover = false         # required: true means per cover of the whole horizon
note = "the four weekly budgets pooled"

[storage]                 # optional: replaces storage.toml's capacity, class by class
ambient = "400 kg"
```

Rules: 1 to :data:`~cantine_supply.problem.horizon_problem.MAX_WEEKS` weeks, each a week of the
data folder, consecutive (each week's first service in the calendar week after the
previous week's first service, :func:`~cantine_supply.model.horizon.not_consecutive`, the
rule the library applies too); ``[budget]`` is read as in a week file
(:mod:`cantine_supply.io.budget`), ``[storage]`` as ``storage.toml``
(:func:`~cantine_supply.io.storage.read_capacities`); unknown keys are refused. Every
problem names the file, field and line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from cantine_supply.errors import InputError, Problem
from cantine_supply.io.budget import read_budget
from cantine_supply.io.context import LoadContext
from cantine_supply.io.fields import Table
from cantine_supply.io.storage import read_capacities
from cantine_supply.io.values import show, unknown_message
from cantine_supply.model import Week
from cantine_supply.model.horizon import MAX_WEEKS, Horizon, not_consecutive

HORIZONS_FOLDER = "horizons"
FILE_KEYS = ("horizon", "budget", "storage")
HORIZON_KEYS = ("id", "name", "weeks")


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
    return pick_horizon(load_horizons(data_dir, weeks), horizon_id)


def pick_horizon(horizons: Sequence[Horizon], horizon_id: str) -> Horizon:
    """The horizon ``horizon_id`` of ``horizons``; an :class:`InputError` naming the
    folder when there is none with that id."""
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
    budget, note = read_budget(root, with_note=True)
    storage = read_capacities(root)
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
        gap = not_consecutive(known)
        if gap is not None:
            table.problem("weeks", gap[1], gap[0])
    return ids
