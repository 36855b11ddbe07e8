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
folder; horizon planning (:func:`cantine_supply.planning.horizon.plan_horizon`) uses it.
"""

from __future__ import annotations

from pathlib import Path

from cantine_supply.io.domains import MAX_STORAGE_KG
from cantine_supply.io.fields import Table
from cantine_supply.io.source import Problems, read_toml
from cantine_supply.io.values import show
from cantine_supply.model.horizon import StorageCapacity
from cantine_supply.units import ConversionError, parse_quantity, to_base

STORAGE_FILE = "storage.toml"
CLASSES = ("ambient", "chilled", "frozen")


def read_storage(path: Path, problems: Problems) -> StorageCapacity | None:
    """The capacities in the file at ``path`` (named ``storage.toml`` in problems); None
    after recording a problem in ``problems``."""
    file = read_toml(path, STORAGE_FILE, problems)
    if file is None:
        return None
    root = Table(STORAGE_FILE, (), file.data, ("storage",), problems, lines=file.lines)
    table = root.subtable("storage", CLASSES)
    if table is None:
        return None if root.problem_count else StorageCapacity()
    kg = {key: read_capacity(table, key) for key in CLASSES if table.has(key)}
    if root.problem_count or table.problem_count:
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
    path = Path(data_dir) / STORAGE_FILE
    if not path.is_file():
        return None
    problems = Problems()
    capacity = read_storage(path, problems)
    problems.raise_if_any()
    return capacity
