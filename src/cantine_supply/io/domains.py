"""The range of every number in a data folder: finite, and within sane bounds.

A value outside them is a typo or a damaged file (``shelf_life_days = 3000000``, a price of
``1e300``), and would otherwise pass ``validate`` and then overflow or confuse the solver
(coefficients of 1e300 beside coefficients of 0.01). The bounds are generous for a canteen
(a food bank's warehouse fits) and listed in ``docs/data-format.md`` ("Ranges").

:data:`MAXIMUM` maps each number key of the data format to its largest value (in the
key's own unit); :meth:`cantine_supply.io.fields.Table.number` and ``integer`` apply it
when their caller sets no maximum, so every key has one. :data:`QUANTITY_RANGE` bounds
quantities once converted to their ingredient's base unit (kg, L or piece).
"""

from __future__ import annotations

#: EUR HT: a pack, a tier, an item collected or a lot bought.
MAX_PRICE_EUR = 100_000.0
#: EUR: a budget, for a week, a horizon or a cover.
MAX_BUDGET_EUR = 10_000_000.0

MAXIMUM: dict[str, float] = {
    # money, EUR
    "price_ht": MAX_PRICE_EUR,
    "unit_cost_ht": MAX_PRICE_EUR,
    "min_order_ht": MAX_PRICE_EUR,
    "delivery_fee_ht": MAX_PRICE_EUR,
    "free_delivery_from_ht": MAX_PRICE_EUR,
    "trip_cost": MAX_PRICE_EUR,
    "amount": MAX_BUDGET_EUR,
    "off_season_penalty_eur_per_kg": 1_000.0,
    # ingredients
    "co2_kg_per_kg": 1_000.0,
    "shelf_life_days": 3_650,
    "density_g_per_ml": 25.0,
    "piece_weight_g": 100_000.0,
    # suppliers and offers
    "distance_km": 20_000.0,
    "km": 20_000.0,
    "intermediaries": 10,
    "lead_time_days": 60,
    "max_packs": 1_000_000,
    "min_packs": 1_000_000,
    # weeks
    "covers": 100_000,
    "max_meat_g_per_cover": 10_000.0,
    "max_co2_kg_per_cover": 1_000.0,
    "min_vegetarian_mains": 1_000,
    "max_meat_mains": 1_000,
    "min_fish_mains": 1_000,
    "off_season_co2_factor": 100.0,
}

#: Smallest and largest quantity in base units (kg, L or piece) once converted: 1 mg (or
#: a millionth of a piece) to 100 t. A pack holds at least 1 g (a thousandth of a piece).
QUANTITY_RANGE: tuple[float, float] = (1e-6, 100_000.0)
MIN_PACK = 1e-3

#: Smallest yield of a recipe line (the usable fraction after trimming and cooking).
MIN_YIELD = 0.01

#: Storage capacities (``storage.toml``, horizons), kg.
MAX_STORAGE_KG = 1_000_000.0


def shown(value: float) -> str:
    """A number as a message shows it: ``12``, ``0.5``, ``1e+300`` (never 300 digits)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}"
