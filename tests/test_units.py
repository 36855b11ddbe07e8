"""Kitchen units: parsing, conversions to base units, bridges, and their error messages."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cantine_supply.units import (
    ConversionError,
    count_down,
    count_up,
    kg_per_base_unit,
    normalise_unit,
    parse_quantity,
    to_base,
)


def convert(text: str, base: str, **bridges: object) -> float:
    amount, unit = parse_quantity(text)
    return to_base(amount, unit, ingredient="x", base=base, **bridges)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("400 g", "kg", 0.4),
        ("2.5 kg", "kg", 2.5),
        ("250 mg", "kg", 0.00025),
        ("750 ml", "L", 0.75),
        ("75 cl", "L", 0.75),
        ("2 dl", "L", 0.2),
        ("1.5 L", "L", 1.5),
        ("12 piece", "piece", 12.0),
        ("1 dozen", "piece", 12.0),
        ("2,5 kg", "kg", 2.5),
        ("0,5 dozen", "piece", 6.0),
    ],
)
def test_same_dimension(text: str, base: str, expected: float) -> None:
    assert convert(text, base) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "base", "bridges", "expected"),
    [
        ("500 ml", "kg", {"density_g_per_ml": 0.92}, 0.46),
        ("0.92 kg", "L", {"density_g_per_ml": 0.92}, 1.0),
        ("3 piece", "kg", {"piece_weight_g": 60}, 0.18),
        ("1 dozen", "kg", {"piece_weight_g": 50}, 0.6),
        ("1 kg", "piece", {"piece_weight_g": 250}, 4.0),
        ("2 piece", "L", {"piece_weight_g": 500, "density_g_per_ml": 1.0}, 1.0),
        ("1 L", "piece", {"piece_weight_g": 500, "density_g_per_ml": 1.0}, 2.0),
    ],
)
def test_bridges(text: str, base: str, bridges: dict[str, float], expected: float) -> None:
    assert convert(text, base, **bridges) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "net", "base", "bridges", "expected"),
    [
        ("6 can", (2.5, "kg"), "kg", {}, 15.0),
        ("0.1 can", (400, "ml"), "L", {}, 0.04),
        ("2 jar", (0.5, "L"), "kg", {"density_g_per_ml": 1.2}, 1.2),
        ("1 bunch", (8, "piece"), "piece", {}, 8.0),
        ("3 bunch", (250, "g"), "kg", {}, 0.75),
    ],
)
def test_containers_use_net(
    text: str, net: tuple[float, str], base: str, bridges: dict[str, float], expected: float
) -> None:
    assert convert(text, base, net=net, **bridges) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("spelling", "unit"),
    [
        ("pièce", "piece"),
        ("pièces", "piece"),
        ("botte", "bunch"),
        ("boîte", "can"),
        ("bocal", "jar"),
        ("litre", "L"),
        ("l", "L"),
        ("douzaine", "dozen"),
        ("kilogrammes", "kg"),
        ("centilitre", "cl"),
        ("KG", "kg"),
        ("Pièce", "piece"),
    ],
)
def test_french_and_case_spellings(spelling: str, unit: str) -> None:
    assert normalise_unit(spelling) == unit


def test_parse_quantity_accepts_decimal_comma_and_no_space() -> None:
    assert parse_quantity("2,5 kg") == (2.5, "kg")
    assert parse_quantity("1.5L") == (1.5, "L")
    assert parse_quantity(" 12 pièces ") == (12.0, "piece")


def test_parse_quantity_refuses_text_without_amount() -> None:
    with pytest.raises(ConversionError) as info:
        parse_quantity("kg")
    assert str(info.value) == "expected a quantity like '2.5 kg', got 'kg'"


def test_unknown_unit_suggests_the_closest() -> None:
    with pytest.raises(ConversionError) as info:
        parse_quantity("5 kgs")
    assert str(info.value) == (
        "unknown unit 'kgs', did you mean 'kg'? (expected one of: g, kg, mg, ml, cl, dl, L,"
        " piece, dozen, bunch, can, jar)"
    )


NO_DENSITY = "the ingredient has no density_g_per_ml"
NO_PIECE_WEIGHT = "the ingredient has no piece_weight_g"


@pytest.mark.parametrize(
    ("text", "base", "message"),
    [
        ("70 ml", "kg", f"cannot convert ml to kg for lentils: {NO_DENSITY}"),
        ("1 kg", "L", f"cannot convert kg to L for lentils: {NO_DENSITY}"),
        ("2 piece", "kg", f"cannot convert piece to kg for lentils: {NO_PIECE_WEIGHT}"),
        ("1 kg", "piece", f"cannot convert kg to piece for lentils: {NO_PIECE_WEIGHT}"),
        (
            "1 can",
            "kg",
            "cannot convert can to kg for lentils: give the net content of one can"
            " (for example '400 g')",
        ),
    ],
)
def test_errors_name_the_ingredient_and_both_units(text: str, base: str, message: str) -> None:
    amount, unit = parse_quantity(text)
    with pytest.raises(ConversionError) as info:
        to_base(amount, unit, ingredient="lentils", base=base)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_net_cannot_be_a_container() -> None:
    with pytest.raises(ConversionError) as info:
        to_base(1, "can", ingredient="tomato", base="kg", net=(1, "jar"))
    assert str(info.value) == "net content of a can of tomato cannot be a container"


def test_non_finite_amount_is_refused() -> None:
    with pytest.raises(ConversionError) as info:
        to_base(math.inf, "kg", ingredient="rice", base="kg")
    assert str(info.value) == "quantity of rice must be a finite number, got inf"


def test_kg_per_base_unit() -> None:
    assert kg_per_base_unit("kg", None, None) == 1.0
    assert kg_per_base_unit("L", 0.92, None) == 0.92
    assert kg_per_base_unit("L", None, None) is None
    assert kg_per_base_unit("piece", None, 60) == 0.06


# -- property: converting there and back is the identity ------------------------------------

UNITS_BY_BASE = {
    "kg": ("mg", "g", "kg"),
    "L": ("ml", "cl", "dl", "L"),
    "piece": ("piece", "dozen"),
}
ALL_UNITS = [unit for units in UNITS_BY_BASE.values() for unit in units]
BASES = tuple(UNITS_BY_BASE)


def base_of(unit: str) -> str:
    return next(base for base, units in UNITS_BY_BASE.items() if unit in units)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(
    amount=st.floats(min_value=1e-3, max_value=1e5, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(ALL_UNITS),
    through=st.sampled_from(BASES),
    density=st.floats(min_value=0.2, max_value=3.0),
    piece_weight=st.floats(min_value=1.0, max_value=5000.0),
)
def test_there_and_back_is_identity(
    amount: float, unit: str, through: str, density: float, piece_weight: float
) -> None:
    """``amount unit`` -> another base unit -> the unit's own base equals the direct way."""
    bridges = {"density_g_per_ml": density, "piece_weight_g": piece_weight}
    own = base_of(unit)
    direct = to_base(amount, unit, ingredient="x", base=own, **bridges)  # type: ignore[arg-type]
    there = to_base(amount, unit, ingredient="x", base=through, **bridges)  # type: ignore[arg-type]
    back = to_base(there, through, ingredient="x", base=own, **bridges)  # type: ignore[arg-type]
    assert back == pytest.approx(direct, rel=1e-9)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(
    count=st.floats(min_value=0.01, max_value=100.0),
    net_amount=st.floats(min_value=1.0, max_value=5000.0),
    net_unit=st.sampled_from(("g", "kg", "ml", "L")),
    container=st.sampled_from(("can", "jar", "bunch")),
)
def test_container_is_count_times_net(
    count: float, net_amount: float, net_unit: str, container: str
) -> None:
    one = to_base(net_amount, net_unit, ingredient="x", base="kg", density_g_per_ml=1.0)
    net = (net_amount, net_unit)
    many = to_base(count, container, ingredient="x", base="kg", density_g_per_ml=1.0, net=net)
    assert many == pytest.approx(count * one, rel=1e-12)



@pytest.mark.parametrize("unit", ["g", "kg", "mg", "ml", "cl", "dl", "L", "piece", "dozen"])
@pytest.mark.parametrize("amount", [0.0, 0.07, 2.5, 400.0, 1e6])
def test_cached_conversion_factors_agree_with_pint(unit: str, amount: float) -> None:
    """to_base caches pint's factors (for speed at 20,000 offers): same results as pint."""
    from cantine_supply.units import registry

    ureg = registry()
    quantity = ureg.Quantity(amount, unit)
    for base in ("kg", "L", "piece"):
        if quantity.dimensionality == ureg.Quantity(1, base).dimensionality:
            got = to_base(amount, unit, ingredient="x", base=base)  # type: ignore[arg-type]
            assert got == pytest.approx(quantity.to(base).magnitude, rel=1e-12)
    grams = {"kg": quantity.to("g").magnitude if unit in ("g", "kg", "mg") else None,
             "L": quantity.to("ml").magnitude * 0.9 if unit in ("ml", "cl", "dl", "L") else None,
             "piece": quantity.to("piece").magnitude * 60 if unit in ("piece", "dozen") else None}
    for expected_g in grams.values():
        if expected_g is not None:
            got = to_base(amount, unit, ingredient="x", base="kg",
                          density_g_per_ml=0.9, piece_weight_g=60)
            assert got == pytest.approx(expected_g / 1000, rel=1e-12)


def test_the_kitchen_registry_agrees_with_pints_default_definitions() -> None:
    """The small registry of :data:`units.MEASURE_UNITS` converts every unit a data file
    may use exactly as pint's full default registry does (mass and volume; the count units
    are ours in both)."""
    import pint

    from cantine_supply import units

    full = pint.UnitRegistry()
    for definition in units.COUNT_UNITS:
        full.define(definition)
    for unit in units.KNOWN_UNITS:
        for target in ("g", "ml", "piece"):
            ours = units.registry().Quantity(1.0, unit)
            theirs = full.Quantity(1.0, unit)
            if ours.check(units.registry().Quantity(1.0, target).dimensionality):
                assert ours.to(target).magnitude == pytest.approx(
                    theirs.to(target).magnitude, rel=1e-12), (unit, target)
                assert theirs.check(full.Quantity(1.0, target).dimensionality)
def test_counts_take_float_noise_as_the_whole_number_it_misses() -> None:
    """0.3 kg in 0.1 kg packs is 2.9999999999999996 packs in floats: 3 packs, not 4 (and
    0.7 / 0.1 = 6.999999999999999: 7 packs that money buys, not 6); a real fraction of a
    pack still rounds."""
    assert 0.3 / 0.1 != 3 and count_up(0.3 / 0.1) == 3
    assert 0.7 / 0.1 < 7 and count_down(0.7 / 0.1) == 7
    assert count_up(2.001) == 3
    assert count_down(2.999) == 2
    assert count_up(3.0) == 3 and count_down(3.0) == 3
