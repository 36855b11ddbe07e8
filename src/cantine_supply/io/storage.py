"""``storage.toml``: the canteen's storage capacities in kg (optional file).

```toml
[storage]
ambient = "400 kg"     # dry store shelves
chilled = "150 kg"     # cold room and fridges
frozen = "40 kg"       # freezers
```

Each key is optional (no limit when absent); quantities are masses (``kg``, ``g``...),
converted to kg. Unknown keys are refused. Used by horizon planning
(:func:`cantine_supply.horizon.plan_horizon`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from cantine_supply.errors import InputError, Problem
from cantine_supply.horizon_problem import StorageCapacity
from cantine_supply.units import ConversionError, parse_quantity, to_base

STORAGE_FILE = "storage.toml"
CLASSES = ("ambient", "chilled", "frozen")


def load_storage(data_dir: str | Path) -> StorageCapacity | None:
    """The capacities in ``DATA_DIR/storage.toml``, or None when the file does not exist.
    Raises :class:`InputError` listing every bad value."""
    path = Path(data_dir) / STORAGE_FILE
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(Problem(STORAGE_FILE, "", f"not valid TOML: {exc}")) from exc
    problems: list[Problem] = []
    for key in data:
        if key != "storage":
            problems.append(Problem(STORAGE_FILE, key, "unknown table (expected [storage])"))
    table = data.get("storage", {})
    if not isinstance(table, dict):
        raise InputError(Problem(STORAGE_FILE, "storage", "expected a table"))
    kg: dict[str, float] = {}
    for key, value in table.items():
        field = f"storage.{key}"
        if key not in CLASSES:
            problems.append(Problem(STORAGE_FILE, field,
                                    f"unknown key (expected {', '.join(CLASSES)})"))
            continue
        if not isinstance(value, str):
            problems.append(Problem(STORAGE_FILE, field,
                                    f"expected a mass as text, like '400 kg', got {value!r}"))
            continue
        try:
            amount, unit = parse_quantity(value)
            kg[key] = to_base(amount, unit, ingredient=f"{key} storage", base="kg")
        except ConversionError as exc:
            problems.append(Problem(STORAGE_FILE, field, str(exc)))
    if problems:
        raise InputError(problems)
    return StorageCapacity(kg.get("ambient"), kg.get("chilled"), kg.get("frozen"))
