"""What the loaders share while reading one data folder: problems, units, provenance."""

from __future__ import annotations

from pathlib import Path

import attrs

from cantine_supply.io.fields import Table
from cantine_supply.io.quantities import UnitInfo
from cantine_supply.io.source import Problems, TomlFile, read_toml


@attrs.define
class Origin:
    """Where one item (an ingredient, an offer, a week...) was read.

    ``refs`` maps each id the item refers to (an ingredient, a recipe...) to the field and
    line of the reference, so a broken cross-reference is reported where it is written.
    ``built`` is False when the item failed to load (its references are then checked by
    the loader, as the catalogue never sees the item).
    """

    source: str
    field: str  # of the key holding the id
    line: int | None
    refs: dict[str, tuple[str, int | None]] = attrs.Factory(dict)
    built: bool = True


class LoadContext:
    """State shared by the loaders of one folder.

    ``units`` holds, for each ingredient whose unit could be read, what converting its
    quantities needs. ``origins`` maps ``(kind, id)`` to where each item with that id was
    read (several for duplicates). ``failed`` holds ids of items that were declared but not
    built because of a problem already reported, and ``unsure`` the kinds for which some
    item could not even be identified: references to them are then not reported as unknown,
    which would only repeat the first problem. ``maybe_provided`` holds ingredients that an
    offer, collection or lot which failed to load may have provided.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.problems = Problems()
        self.units: dict[str, UnitInfo] = {}
        self.origins: dict[tuple[str, str], list[Origin]] = {}
        self.failed: dict[str, set[str]] = {}
        self.unsure: set[str] = set()
        self.maybe_provided: set[str] = set()

    def source(self, path: Path) -> str:
        """``path`` relative to the data folder, with ``/``: ``suppliers/ferme.toml``."""
        try:
            return path.relative_to(self.data_dir).as_posix()
        except ValueError:
            return path.as_posix()

    def read_toml(self, path: Path) -> TomlFile | None:
        return read_toml(path, self.source(path), self.problems)

    def remember(
        self,
        kind: str,
        item_id: str,
        table: Table,
        refs: dict[str, str] | None = None,
        *,
        id_key: str = "id",
    ) -> None:
        """Record that ``table`` declares ``kind`` ``item_id`` under ``id_key``.

        ``refs`` maps the ids the item refers to to the keys naming them.
        """
        origin = Origin(table.source, table.field(id_key), table.line(id_key))
        for ref, key in (refs or {}).items():
            origin.refs.setdefault(ref, (table.field(key), table.line(key)))
        self.origins.setdefault((kind, item_id), []).append(origin)

    def add_refs(self, kind: str, item_id: str, refs: dict[str, tuple[str, int | None]]) -> None:
        """Add references found in nested tables to the latest origin of ``kind`` ``item_id``."""
        origins = self.origins.get((kind, item_id))
        if origins:
            for ref, where in refs.items():
                origins[-1].refs.setdefault(ref, where)

    def fail(self, kind: str, item_id: str) -> None:
        """An item was declared but not built: a problem about it is already recorded."""
        if item_id:
            self.failed.setdefault(kind, set()).add(item_id)
            origins = self.origins.get((kind, item_id))
            if origins:
                origins[-1].built = False
        else:
            self.unsure.add(kind)

    def is_failed(self, kind: str, item_id: str) -> bool:
        return kind in self.unsure or item_id in self.failed.get(kind, set())

    def start(self) -> int:
        """A mark: pass it to :meth:`clean_since` after reading an item."""
        return len(self.problems)

    def clean_since(self, mark: int, *tables: Table) -> bool:
        """True when no problem was recorded since ``mark``, nor about ``tables`` before it.

        (A table's unknown keys are reported when it is created, maybe before the mark.)
        """
        return len(self.problems) == mark and not any(t.problem_count for t in tables)
