"""``[budget]``: the one reader of a budget table, in a week file or a horizon file.

```toml
[budget]
amount = 3.20          # EUR, from 0 to the domain's most
per_cover = true       # true: per cover; false: for the whole week (or horizon)
basis = "TTC"          # or "HT" (default TTC)
```

``amount`` and ``per_cover`` are required wherever the table stands: whether an amount is
per cover or for the whole period is money, and is never guessed. A horizon file's budget
may also hold a ``note`` (:data:`NOTE_KEY`).
"""

from __future__ import annotations

from cantine_supply.io.fields import Table
from cantine_supply.io.values import show
from cantine_supply.model import Budget

BUDGET_KEYS = ("amount", "per_cover", "basis")
#: The key of a free note on the budget (horizon files).
NOTE_KEY = "note"
BASES = ("TTC", "HT")


def read_budget(root: Table, *, with_note: bool = False) -> tuple[Budget | None, str]:
    """The budget of ``root``'s ``[budget]`` table (None when absent or after recording a
    problem) and its note (``""`` unless ``with_note`` and the table holds one)."""
    keys = (*BUDGET_KEYS, NOTE_KEY) if with_note else BUDGET_KEYS
    table = root.subtable("budget", keys)
    if table is None:
        return None, ""
    amount = table.number("amount")
    per_cover = table.boolean("per_cover")
    basis = table.text("basis", "TTC")
    note = table.text(NOTE_KEY, "") if with_note else ""
    if basis.upper() not in BASES:
        table.problem("basis", f"expected 'TTC' or 'HT', got {show(basis)}")
    if table.problem_count:
        return None, note
    budget = table.construct(Budget, amount=amount, per_cover=per_cover, basis=basis.upper())
    return budget, note
