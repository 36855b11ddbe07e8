"""Cross-references, checked once by the catalogue, reported where they are written."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from cantine_supply.io.context import LoadContext, Origin
from cantine_supply.io.fields import Table
from cantine_supply.io.values import closest
from cantine_supply.model import Catalogue

_UNKNOWN = re.compile(r"unknown (ingredient|recipe|supplier) '([^']*)'$")
_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2}): (.*)$")
_DATED_KEY = re.compile(r"^\d{4}-\d{2}-\d{2}:")
_NEEDS = re.compile(r"^(\S+) needs '([^']*)'")


def check_references(catalogue: Catalogue, *, unprovided: bool = True) -> Catalogue:
    """Check ``catalogue`` (built in code, or loaded and changed) as :func:`~cantine_supply.
    io.load` checks a data folder's cross-references, and return it.

    Raises one :class:`~cantine_supply.errors.InputError` listing every duplicate id and
    every reference to an unknown ingredient, recipe or supplier (and, unless
    ``unprovided`` is False, every ingredient a week needs that nothing provides), each
    problem naming the item (source ``(data)``, field ``recipe soupe``). Every other value
    is checked when the model object is built (attrs validators).
    """
    ctx = LoadContext(Path())
    report_references(ctx, catalogue, unprovided=unprovided)
    ctx.problems.raise_if_any()
    return catalogue


def report_references(ctx: LoadContext, catalogue: Catalogue, *, unprovided: bool = True) -> None:
    """Turn ``catalogue.reference_errors()`` into problems at the file and field at fault.

    Errors that only repeat a problem already reported (a reference to an item that failed
    to load, an offer duplicated because its supplier is) are left out.
    """
    duplicates: Counter[tuple[str, str]] = Counter()
    supplier_ids = Counter(supplier.id for supplier in catalogue.suppliers)
    known = {
        "ingredient": sorted(catalogue.ingredient_by_id),
        "recipe": sorted(catalogue.recipe_by_id),
        "supplier": sorted(catalogue.supplier_by_id),
    }
    for kind, item_id, message in catalogue.reference_errors(unprovided=unprovided):
        origins = ctx.origins.get((kind, item_id), [])
        if message.startswith("duplicate "):
            duplicates[kind, item_id] += 1
            if kind == "offer" and supplier_ids[item_id.partition("/")[0]] > 1:
                continue
            _report_duplicate(ctx, f"{kind} {item_id}", origins, duplicates[kind, item_id],
                              message)
            continue
        ref_key = ""
        whole = message  # with its date, for an item read from no file (built in code)
        dated = _DATED.match(message)
        if dated:
            date, message = dated.groups()
            needs = _NEEDS.match(message)
            if needs:
                recipe, ingredient = needs.groups()
                if "provision" in ctx.unsure or ingredient in ctx.maybe_provided:
                    continue
                ref_key = f"{date}:{recipe}"
        unknown = _UNKNOWN.search(message)
        if unknown:
            ref_kind, ref_id = unknown.groups()
            if ctx.is_failed(ref_kind, ref_id):
                continue
            ref_key = ref_key or (f"{dated.group(1)}:{ref_id}" if dated else ref_id)
            guess = closest(ref_id, known[ref_kind])
            if guess:
                message += f", did you mean {guess!r}?"
        _report_at(ctx, kind, item_id, origins, ref_key, message, whole)
    _report_unbuilt(ctx, known)


#: What the references of each kind of item point to.
_REFERS_TO = {
    "recipe": "ingredient",
    "offer": "ingredient",
    "collection": "ingredient",
    "stock": "ingredient",
    "week": "recipe",
}


def _report_unbuilt(ctx: LoadContext, known: dict[str, list[str]]) -> None:
    """Unknown ids named by items that failed to load (the catalogue never saw them)."""
    for (kind, _item_id), origins in ctx.origins.items():
        ref_kind = _REFERS_TO.get(kind)
        if ref_kind is None:
            continue
        ids = set(known[ref_kind])
        for origin in origins:
            if origin.built:
                continue
            for ref, (field, line) in origin.refs.items():
                if _DATED_KEY.match(ref) or ref in ids or ctx.is_failed(ref_kind, ref):
                    continue
                message = f"unknown {ref_kind} {ref!r}"
                guess = closest(ref, known[ref_kind])
                if guess:
                    message += f", did you mean {guess!r}?"
                ctx.problems.add(origin.source, field, message, line)


def _where(origin: Origin) -> str:
    line = f":{origin.line}" if origin.line is not None else ""
    return f"{origin.source}{line}"


def _report_duplicate(
    ctx: LoadContext, item: str, origins: list[Origin], nth: int, message: str
) -> None:
    """The ``nth`` repeat of an id is reported where it is written, naming the first
    (``item``, ``recipe dal``, names it when it was read from no file)."""
    if not origins:
        ctx.problems.add("(data)", item, message)
        return
    first = origins[0]
    origin = origins[min(nth, len(origins) - 1)]
    ctx.problems.add(
        origin.source,
        origin.field,
        f"{message}, already used at {_where(first)} ({first.field})",
        origin.line,
    )


def _report_at(
    ctx: LoadContext, kind: str, item_id: str, origins: list[Origin], ref_key: str,
    message: str, whole: str,
) -> None:
    """``message`` where the reference ``ref_key`` is written, else where the item is;
    ``whole`` (the message with its date) for an item read from no file."""
    for origin in origins:
        if ref_key in origin.refs:
            field, line = origin.refs[ref_key]
            ctx.problems.add(origin.source, field, message, line)
            return
    if origins:
        origin = origins[0]
        ctx.problems.add(origin.source, origin.field, message, origin.line)
    else:
        ctx.problems.add("(data)", f"{kind} {item_id}", whole)


def read_listed_ingredient(table: Table, refs: dict[str, tuple[str, int | None]]) -> str:
    """Read a list entry's ``ingredient`` (a recipe line, a collection item): refuse an
    ingredient listed twice in the same list, else note in ``refs`` where it is named."""
    ingredient = table.identifier("ingredient")
    if ingredient in refs:
        first = refs[ingredient][0].removesuffix(".ingredient")
        table.problem("ingredient", f"{ingredient!r} is already listed in {first}")
    elif ingredient:
        refs[ingredient] = (table.field("ingredient"), table.line("ingredient"))
    return ingredient
