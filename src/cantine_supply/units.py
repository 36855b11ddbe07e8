"""Kitchen units: one pint registry for the whole application.

Quantities are converted once, when data is loaded, to one base unit per ingredient:
``kg`` (mass), ``L`` (volume) or ``piece`` (count). Everything after loading (needs,
the optimiser, the verifier, reports) works with plain floats in that base unit and never
sees a pint object.

Bridges between dimensions come from the ingredient: its density (g/ml) links mass and
volume, its piece weight (g) links pieces to mass (and, with a density, to volume).
Containers (``can``, ``jar``, ``bunch``) have no size of their own: the offer or recipe
line that uses them gives the net content of one container ("1 can of 2.5 kg").
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pint

BaseUnit = Literal["kg", "L", "piece"]
BASE_UNITS: tuple[BaseUnit, ...] = ("kg", "L", "piece")

#: The precision of a plan's quantities: a millionth of a base unit (a milligram, a
#: microlitre). The solve rounds every amount to it; an amount at most this is none.
LEAST_QUANTITY = 1e-6
#: A float at most this is solver noise (a tenth of :data:`LEAST_QUANTITY`): what the
#: solver returns below it, before rounding, is taken as zero.
SOLVER_NOISE = 1e-7
#: Float slack when a ratio becomes a whole count (packs, km): a ratio within a billionth
#: of a whole number is that number (``0.3 / 0.1`` is ``2.9999999999999996``, and buying
#: 0.3 kg in 0.1 kg packs takes 3 packs, not 4). Far below any real fraction of a pack.
WHOLE_SLACK = 1e-9


def count_up(ratio: float) -> int:
    """The least whole number at least ``ratio``, ``ratio`` taken to :data:`WHOLE_SLACK`:
    the packs that cover a need, the km a distance rounds up to."""
    return math.ceil(ratio - WHOLE_SLACK)


def count_down(ratio: float) -> int:
    """The greatest whole number at most ``ratio``, to :data:`WHOLE_SLACK`: the packs a sum
    of money buys."""
    return math.floor(ratio + WHOLE_SLACK)


#: The kitchen's units, defined here rather than loaded from pint's default definitions:
#: parsing those (about 1,000 units) took 0.3-0.7 s at every start of the command, for
#: the twelve units a data file may use (:data:`KNOWN_UNITS`). Masses and volumes: same
#: names, symbols and factors as pint's defaults (``tests/test_units.py`` compares them).
MEASURE_UNITS: tuple[str, ...] = (
    "gram = [mass] = g",
    "kilogram = 1000 * gram = kg",
    "milligram = 0.001 * gram = mg",
    "liter = [volume] = L = l = litre",
    "milliliter = 0.001 * liter = ml",
    "centiliter = 0.01 * liter = cl",
    "deciliter = 0.1 * liter = dl",
)
#: Counts, ours: pieces, and containers whose size the offer or recipe line gives.
COUNT_UNITS: tuple[str, ...] = (
    "piece = [piece_count] = pc",
    "dozen = 12 * piece",
    "bunch = [bunch_count]",
    "can = [can_count]",
    "jar = [jar_count]",
)



@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """The one pint registry of the kitchen's units, built (and pint imported) on first use:
    a command that converts no quantity (``--version``, ``--help``) never pays for it."""
    import pint

    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(None)
    for definition in MEASURE_UNITS + COUNT_UNITS:
        ureg.define(definition)
    return ureg

#: Spellings accepted in data files, mapped to the registry's unit names.
ALIASES: dict[str, str] = {
    "pièce": "piece",
    "pièces": "piece",
    "pieces": "piece",
    "pce": "piece",
    "u": "piece",
    "unit": "piece",
    "units": "piece",
    "douzaine": "dozen",
    "botte": "bunch",
    "bottes": "bunch",
    "boîte": "can",
    "boite": "can",
    "conserve": "can",
    "tin": "can",
    "bocal": "jar",
    "pot": "jar",
    "l": "L",
    "litre": "L",
    "litres": "L",
    "liter": "L",
    "kilo": "kg",
    "kilos": "kg",
    "gramme": "g",
    "grammes": "g",
    "kilogramme": "kg",
    "kilogrammes": "kg",
    "millilitre": "ml",
    "millilitres": "ml",
    "centilitre": "cl",
    "centilitres": "cl",
}

#: Units a data file may use, each with the name shown in messages.
KNOWN_UNITS: tuple[str, ...] = (
    "g", "kg", "mg", "ml", "cl", "dl", "L", "piece", "dozen", "bunch", "can", "jar",
)
CONTAINER_UNITS: frozenset[str] = frozenset({"bunch", "can", "jar"})



class ConversionError(ValueError):
    """A quantity cannot be expressed in an ingredient's base unit (the message says why)."""


def normalise_unit(unit: str) -> str:
    """Return the registry name of a unit spelt as in a data file, or raise ``ConversionError``.

    Accepts the units in :data:`KNOWN_UNITS` and the French and plural spellings of
    :data:`ALIASES` ("pièce", "botte", "litre"...), case-insensitively except ``L``.
    """
    text = unit.strip()
    key = ALIASES.get(text, ALIASES.get(text.lower(), text))
    if key in KNOWN_UNITS:
        return key
    if key.lower() in KNOWN_UNITS:
        return key.lower()
    known = ", ".join(KNOWN_UNITS)
    close = difflib.get_close_matches(text.lower(), [*KNOWN_UNITS, *ALIASES], n=1, cutoff=0.6)
    hint = f", did you mean {normalise_unit(close[0])!r}?" if close else ""
    raise ConversionError(f"unknown unit {unit!r}{hint} (expected one of: {known})")


_QUANTITY = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*([^\s0-9].*?)\s*$")


def parse_quantity(text: str) -> tuple[float, str]:
    """Split ``"2,5 kg"`` or ``"400 g"`` into ``(2.5, "kg")``; the unit is normalised."""
    match = _QUANTITY.match(text)
    if not match:
        raise ConversionError(f"expected a quantity like '2.5 kg', got {text!r}")
    amount = float(match.group(1).replace(",", "."))
    return amount, normalise_unit(match.group(2))


def to_base(
    amount: float,
    unit: str,
    *,
    ingredient: str,
    base: BaseUnit,
    density_g_per_ml: float | None = None,
    piece_weight_g: float | None = None,
    net: tuple[float, str] | None = None,
) -> float:
    """Convert ``amount`` ``unit`` of ``ingredient`` to its base unit, as a float.

    ``net`` is the content of one container (``(2.5, "kg")`` for a 2.5 kg can) and is
    required when ``unit`` is a container (can, jar, bunch). The bridges between mass,
    volume and pieces use ``density_g_per_ml`` and ``piece_weight_g``. Raises
    :class:`ConversionError` naming the ingredient and both units when no bridge exists.
    """
    if not math.isfinite(amount):
        raise ConversionError(f"quantity of {ingredient} must be a finite number, got {amount}")
    name = normalise_unit(unit)
    if name in CONTAINER_UNITS:
        if net is None:
            raise ConversionError(
                f"cannot convert {name} to {base} for {ingredient}: "
                f"give the net content of one {name} (for example '400 g')"
            )
        net_amount, net_unit = net
        if normalise_unit(net_unit) in CONTAINER_UNITS:
            raise ConversionError(f"net content of a {name} of {ingredient} cannot be a container")
        return amount * to_base(
            net_amount,
            net_unit,
            ingredient=ingredient,
            base=base,
            density_g_per_ml=density_g_per_ml,
            piece_weight_g=piece_weight_g,
        )
    dims = _dimensionality(name)
    if dims == _dimensionality(base):
        return amount * _factor(name, base)
    grams = _to_grams(amount, name, ingredient, base, density_g_per_ml, piece_weight_g)
    if base == "kg":
        return grams / 1000.0
    if base == "L":
        if not density_g_per_ml:
            raise _no_bridge(ingredient, name, base, "density_g_per_ml")
        return grams / density_g_per_ml / 1000.0
    if not piece_weight_g:
        raise _no_bridge(ingredient, name, base, "piece_weight_g")
    return grams / piece_weight_g


@functools.cache
def _dimensionality(unit: str) -> Any:
    """The dimensionality of a registry unit (cached: pint's parsing is slow at scale)."""
    return registry().Quantity(1.0, unit).dimensionality


@functools.cache
def _factor(unit: str, target: str) -> float:
    """How many ``target`` in one ``unit`` (every kitchen unit is multiplicative)."""
    return float(registry().Quantity(1.0, unit).to(target).magnitude)


def _to_grams(
    amount: float,
    unit: str,
    ingredient: str,
    base: str,
    density_g_per_ml: float | None,
    piece_weight_g: float | None,
) -> float:
    dims = _dimensionality(unit)
    if dims == _dimensionality("kg"):
        return amount * _factor(unit, "g")
    if dims == _dimensionality("L"):
        if not density_g_per_ml:
            raise _no_bridge(ingredient, unit, base, "density_g_per_ml")
        return amount * _factor(unit, "ml") * density_g_per_ml
    if dims == _dimensionality("piece"):
        if not piece_weight_g:
            raise _no_bridge(ingredient, unit, base, "piece_weight_g")
        return amount * _factor(unit, "piece") * piece_weight_g
    raise ConversionError(f"cannot convert {unit} to {base} for {ingredient}")


def _no_bridge(ingredient: str, unit: str, base: str, needs: str) -> ConversionError:
    return ConversionError(
        f"cannot convert {unit} to {base} for {ingredient}: the ingredient has no {needs}"
    )


def kg_per_base_unit(
    base: BaseUnit, density_g_per_ml: float | None, piece_weight_g: float | None
) -> float | None:
    """Mass in kg of one base unit (1 kg, 1 L or 1 piece), or None when unknown."""
    if base == "kg":
        return 1.0
    if base == "L":
        return density_g_per_ml if density_g_per_ml else None
    return piece_weight_g / 1000.0 if piece_weight_g else None
