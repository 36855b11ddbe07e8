"""Reports on purchases, as pure functions: EGalim indicators and the ma cantine import file.

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
from cantine_supply.report.macantine import (
    MACANTINE_COLUMNS,
    MacantineExportError,
    macantine_rows,
    write_macantine_csv,
)

__all__ = [
    "MACANTINE_COLUMNS",
    "MEAT_FISH_TARGET",
    "EgalimCategory",
    "EgalimIndicators",
    "MacantineExportError",
    "Purchase",
    "egalim_category",
    "egalim_indicators",
    "format_share",
    "macantine_rows",
    "targets_for",
    "value_cents",
    "write_macantine_csv",
]
