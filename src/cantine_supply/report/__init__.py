"""Reports on purchases, as pure functions: EGalim indicators.

Money is EUR excluding tax (HT); shares are fractions between 0 and 1, None when undefined.
"""

from cantine_supply.report.egalim import (
    MEAT_FISH_TARGET,
    EgalimCategory,
    EgalimIndicators,
    Purchase,
    egalim_category,
    egalim_indicators,
    format_share,
    targets_for,
    value_cents,
)

__all__ = [
    "MEAT_FISH_TARGET",
    "EgalimCategory",
    "EgalimIndicators",
    "Purchase",
    "egalim_category",
    "egalim_indicators",
    "format_share",
    "targets_for",
    "value_cents",
]
