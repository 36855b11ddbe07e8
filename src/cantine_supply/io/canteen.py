"""``canteen.toml`` (optional): the canteen's own details, for the order forms.

```toml
[canteen]
name = "La Petite Cantine Lyon Vaise"
address = ["12 rue Saint-Pierre-de-Vaise"]   # street lines, or one text
postcode = "69009"
city = "Lyon"
phone = "04 78 00 00 00"
contact = "Camille Martin"
email = "vaise@example.org"
siret = "12345678900012"
opening_days = ["mardi", "mercredi", "jeudi", "vendredi"]
delivery_hours = "7 h 30 - 11 h"
delivery_notes = "entrée de service rue Saint-Pierre-de-Vaise, sonner"
```

``name``, ``address``, ``postcode``, ``city``, ``phone`` and ``contact`` are required; every
problem names the file, the field and the line, as for the other files.
"""

from __future__ import annotations

from pathlib import Path

from cantine_supply.io.context import LoadContext
from cantine_supply.io.fields import Table
from cantine_supply.io.values import show
from cantine_supply.model import Canteen

CANTEEN_FILE = "canteen.toml"
CANTEEN_KEYS = ("name", "address", "postcode", "city", "phone", "contact", "email", "siret",
                "opening_days", "delivery_hours", "delivery_notes")


def load_canteen(ctx: LoadContext, path: Path) -> Canteen | None:
    """The canteen of ``path``; None (after recording problems) when it is invalid."""
    doc = ctx.read_toml(path)
    if doc is None:
        return None
    root = Table(doc.source, (), doc.data, ("canteen",), ctx.problems, lines=doc.lines)
    table = root.subtable("canteen", CANTEEN_KEYS, required=True)
    if table is None:
        return None
    mark = ctx.start()
    fields = {key: table.text(key) for key in ("name", "postcode", "city", "phone", "contact")}
    optional = {key: table.text(key, "") for key in ("email", "siret", "delivery_hours",
                                                     "delivery_notes")}
    address = _address(table)
    days = table.weekdays("opening_days") if table.has("opening_days") else ()
    if not ctx.clean_since(mark, table):
        return None
    return table.construct(Canteen, address=address, opening_days=days, **fields, **optional)


def _address(table: Table) -> tuple[str, ...]:
    """``address``: one text, or a list of street lines (each a non-empty text)."""
    if not table.has("address"):
        table.missing("address")
        return ()
    value = table.data["address"]
    lines = [value] if isinstance(value, str) else value
    if not isinstance(lines, list) or not lines or not all(
            isinstance(line, str) and line.strip() for line in lines):
        table.problem("address", "expected the street as a text, or a list of non-empty texts"
                      f" (one per line), got {show(value)}")
        return ()
    return tuple(line.strip() for line in lines)
