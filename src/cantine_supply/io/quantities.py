"""Quantities with units, converted once, at load time, to an ingredient's base unit."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from cantine_supply.io.domains import MIN_PACK, QUANTITY_RANGE
from cantine_supply.io.fields import Table
from cantine_supply.io.values import show
from cantine_supply.units import (
    CONTAINER_UNITS,
    BaseUnit,
    ConversionError,
    parse_quantity,
    to_base,
)


@attrs.frozen
class UnitInfo:
    """What converting a quantity of an ingredient needs: its base unit and bridges."""

    base: BaseUnit
    density_g_per_ml: float | None = None
    piece_weight_g: float | None = None


def _parse(table: Table, key: str) -> tuple[float, str, str] | None:
    """``(amount, unit, text)`` of the quantity under ``key``, or None after a problem."""
    value = table.data[key]
    if not isinstance(value, str):
        table.problem(key, f"expected a quantity as text, like '2.5 kg', got {show(value)}")
        return None
    if not table.no_control(key, value):
        return None
    try:
        amount, unit = parse_quantity(value)
    except ConversionError as exc:
        table.problem(key, str(exc))
        return None
    return amount, unit, value.strip()


def read_quantity(
    table: Table,
    key: str,
    ingredient: str,
    units: Mapping[str, UnitInfo],
    *,
    net_key: str | None = "net",
    positive: bool = True,
) -> float:
    """The quantity under ``key`` (``"2,5 kg"``) in ``ingredient``'s base unit.

    A container unit (can, jar, bunch) takes the content of one container from ``net_key``.
    Problems go to ``table``; the result is then 0. When the ingredient is unknown (or its
    unit is itself invalid) the amount is returned unconverted: the loader reports that
    ingredient elsewhere and never returns the placeholder.
    """
    if not table.has(key):
        table.missing(key)
        return 0.0
    parsed = _parse(table, key)
    net: tuple[float, str] | None = None
    net_text = ""
    if net_key is not None and table.has(net_key):
        parsed_net = _parse(table, net_key)
        if parsed_net is not None:
            net = parsed_net[0], parsed_net[1]
            net_text = parsed_net[2]
            if parsed_net[0] <= 0:
                table.problem(net_key, f"must be > 0, got {net_text!r}")
                return 0.0
        if parsed is not None and parsed[1] not in CONTAINER_UNITS:
            table.problem(
                net_key,
                f"only used with a container unit ({', '.join(sorted(CONTAINER_UNITS))}),"
                f" but {key} is {parsed[2]!r}",
            )
            return 0.0
        if parsed_net is None:
            return 0.0
    if parsed is None:
        return 0.0
    amount, unit, text = parsed
    if positive and amount <= 0:
        table.problem(key, f"must be > 0, got {text!r}")
        return 0.0
    if unit in CONTAINER_UNITS and net is None and net_key is not None:
        table.problem(
            key,
            f"a {unit} is a container: add {net_key}, the content of one {unit}"
            f" (for example {net_key} = \"400 g\"), got {text!r}",
        )
        return 0.0
    info = units.get(ingredient)
    if info is None:
        return amount
    try:
        quantity = to_base(
            amount,
            unit,
            ingredient=ingredient,
            base=info.base,
            density_g_per_ml=info.density_g_per_ml,
            piece_weight_g=info.piece_weight_g,
            net=net,
        )
    except ConversionError as exc:
        table.problem(net_key if net is not None and net_key else key, str(exc))
        return 0.0
    return _in_range(table, key, quantity, info.base, text)


def _in_range(table: Table, key: str, quantity: float, base: str, text: str) -> float:
    """``quantity`` (base units) when within :data:`QUANTITY_RANGE` (a pack: at least
    :data:`MIN_PACK`) or zero; else a problem and 0."""
    least, most = QUANTITY_RANGE
    least = MIN_PACK if key == "pack" else least
    if quantity == 0 or least <= quantity <= most:
        return quantity
    table.problem(key, f"must be between {least:g} and {most:g} {base} once converted,"
                       f" got {text!r} ({quantity:g} {base})")
    return 0.0
