"""Reports on purchases and plans: EGalim indicators, the ma cantine import file, and what
the manager takes away from a plan (order forms, the week's report, the transparency sheet),
written by :func:`write_outputs`.

Money is EUR excluding tax (HT) unless said otherwise; shares are fractions between 0 and 1,
None when undefined.
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
from cantine_supply.report.outputs import (
    PLACEHOLDER_SIRET,
    OutputError,
    check_out_dir,
    render_outputs,
    write_outputs,
)
from cantine_supply.report.purchases import plan_purchases

__all__ = [
    "MACANTINE_COLUMNS",
    "MEAT_FISH_TARGET",
    "PLACEHOLDER_SIRET",
    "EgalimCategory",
    "EgalimIndicators",
    "MacantineExportError",
    "OutputError",
    "Purchase",
    "check_out_dir",
    "egalim_category",
    "egalim_indicators",
    "format_share",
    "macantine_rows",
    "plan_purchases",
    "render_outputs",
    "targets_for",
    "value_cents",
    "write_macantine_csv",
    "write_outputs",
]
