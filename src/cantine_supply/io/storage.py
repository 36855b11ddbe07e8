"""``storage.toml``: the canteen's storage capacities in kg (optional file).

```toml
[storage]
ambient = "400 kg"     # dry store shelves
chilled = "150 kg"     # cold room and fridges
frozen = "40 kg"       # freezers
```

Each key is optional (no limit when absent); quantities are masses (``kg``, ``g``...),
converted to kg, from 0 to :data:`~cantine_supply.io.domains.MAX_STORAGE_KG`. Unknown keys
and tables are refused. ``load`` (so ``validate``) checks the file with the rest of the
folder, through the same reader (file, field and line); a horizon file's ``[storage]``
table is read by :func:`read_capacities` too; horizon planning
(:func:`cantine_supply.planning.horizon.plan_horizon`) uses it.
"""

from __future__ import annotations

from pathlib import Path

from cantine_supply.io.context import LoadContext
from cantine_supply.io.domains import MAX_STORAGE_KG
from cantine_supply.io.fields import Table
from cantine_supply.io.values import show
from cantine_supply.model.horizon import StorageCapacity
from cantine_supply.units import ConversionError, parse_quantity, to_base

STORAGE_FILE = "storage.toml"
CLASSES = ("ambient", "chilled", "frozen")


def read_storage(ctx: LoadContext, path: Path) -> StorageCapacity | None:
    """The capacities in the file at ``path``; None after recording a problem in ``ctx``."""
    doc = ctx.read_toml(path)
    if doc is None:
        return None
    root = Table(doc.source, (), doc.data, ("storage",), ctx.problems, lines=doc.lines)
    capacity = read_capacities(root)
    return None if root.problem_count else capacity


def read_capacities(root: Table) -> StorageCapacity | None:
    """The ``[storage]`` table of ``root`` (``storage.toml``, or a horizon file's, which
    replaces it class by class): no limit when absent, None after recording a problem."""
    table = root.subtable("storage", CLASSES)
    if table is None:
        return StorageCapacity()
    kg = {key: read_capacity(table, key) for key in CLASSES if table.has(key)}
    if table.problem_count:
        return None
    return StorageCapacity(kg.get("ambient"), kg.get("chilled"), kg.get("frozen"))


def read_capacity(table: Table, key: str) -> float | None:
    """The mass under ``key`` in kg, from 0 to ``MAX_STORAGE_KG``; None after a problem."""
    value = table.data[key]
    if not isinstance(value, str):
        table.problem(key, f"expected a mass as text, like '400 kg', got {show(value)}")
        return None
    try:
        amount, unit = parse_quantity(value)
        kg = to_base(amount, unit, ingredient=f"{key} storage", base="kg")
    except ConversionError as exc:
        table.problem(key, str(exc))
        return None
    if not 0 <= kg <= MAX_STORAGE_KG:
        table.problem(key, f"must be from 0 to {MAX_STORAGE_KG:g} kg, got {value!r}")
        return None
    return kg


def load_storage(data_dir: str | Path) -> StorageCapacity | None:
    """The capacities in ``DATA_DIR/storage.toml``, or None when the file does not exist.
    Raises :class:`~cantine_supply.errors.InputError` listing every bad value."""
    folder = Path(data_dir)
    path = folder / STORAGE_FILE
    if not path.is_file():
        return None
    ctx = LoadContext(folder)
    capacity = read_storage(ctx, path)
    ctx.problems.raise_if_any()
    return capacity
