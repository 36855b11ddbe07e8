"""Human-readable tables of a plan for the terminal."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from typing import TextIO

from cantine_supply.plan import Plan

TARGET_NAMES = {
    "budget": "budget (EUR)",
    "organic_share": "organic share",
    "egalim_share": "EGalim share",
    "local_share": "local share",
    "circuit_court_share": "short-chain share",
    "meat_fish_egalim_share": "meat & fish EGalim share",
    "max_meat_g_per_cover": "meat g per cover",
    "max_co2_kg_per_cover": "kg CO2e per cover",
}


def table(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """Columns padded to their widest cell; column indexes in ``right`` aligned right."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _fmt_target(name: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if name.endswith("_share"):
        return f"{100 * value:.1f}%"
    if name == "max_meat_g_per_cover":
        return f"{value:.1f} g"
    if name == "max_co2_kg_per_cover":
        return f"{value:.3f} kg"
    return f"{value:.2f}"


def print_plan(plan: Plan, out: TextIO | None = None) -> None:
    """Print the orders per supplier, collections, indicators and targets of ``plan``."""
    out = out or sys.stdout
    status = plan.status.value
    print(
        f"Week {plan.week}: {plan.covers} covers, plan {status}"
        + (f" (gap {100 * plan.solver.gap:.2f}%)" if plan.solver.gap else ""),
        file=out,
    )
    for message in plan.messages:
        print(f"  {message}", file=out)
    chosen = [m for m in plan.menu if not m.fixed]
    if chosen:
        print("\nMenu chosen:", file=out)
        for m in chosen:
            veg = " (vegetarian)" if m.vegetarian else ""
            print(f"  {m.date:%a %d %b} {m.course}: {m.name}{veg}", file=out)
    for order in plan.orders:
        print(f"\n{order.supplier_name} - delivery {order.delivery_date:%a %d %b %Y}", file=out)
        rows = [["packs", "product", "pack", "price HT", "total HT"]]
        for line in order.lines:
            pack = line.pack_label or f"{line.pack_quantity:g} {line.unit}"
            rows.append(
                [
                    str(line.packs),
                    line.product,
                    pack,
                    f"{line.price_per_pack_ht:.2f}",
                    f"{line.total_ht:.2f}",
                ]
            )
        if order.delivery_fee_ht:
            rows.append(["", "delivery fee", "", "", f"{order.delivery_fee_ht:.2f}"])
        rows.append(["", "total", "", "HT / TTC", f"{order.total_ht:.2f} / {order.total_ttc:.2f}"])
        print(table(rows, right=(0, 3, 4)), file=out)
    for run in plan.collections:
        items = ", ".join(f"{i.quantity:g} {i.unit} {i.ingredient}" for i in run.items)
        print(
            f"\nCollect {run.date:%a %d %b}: {run.name} (trip {run.trip_cost:.2f}): {items}",
            file=out,
        )
    for skipped in plan.skipped_collections:
        print(f"Not collected {skipped.date:%a %d %b}: {skipped.name}: {skipped.reason}", file=out)
    if plan.collected_not_used:
        left = ", ".join(
            f"{c.left:.3g} {c.unit} {c.ingredient} ({c.date:%a})" + (" at risk" if c.waste else "")
            for c in plan.collected_not_used
        )
        print(f"Collected and not used: {left}", file=out)
    groups: dict[tuple[object, ...], list[str]] = {}
    for use in plan.group_uses:
        if use.share > 1e-6:
            key = (use.date, use.course, use.label)
            groups.setdefault(key, []).append(
                f"{use.ingredient} {100 * use.share:.0f}% ({use.quantity:.3g} {use.unit})"
            )
    if groups:
        print("\nFlexible lines:", file=out)
        for (day, course, label), parts in groups.items():
            assert isinstance(day, dt.date)
            print(f"  {day:%a %d %b} {course}, {label}: {', '.join(parts)}", file=out)
    if plan.stock_used:
        used = ", ".join(f"{s.quantity:.3g} {s.unit} {s.ingredient}" for s in plan.stock_used)
        print(f"\nFrom stock: {used}", file=out)
    ind = plan.indicators
    if ind is not None:
        print(
            f"\nTotal {ind.total_ht:.2f} EUR HT, {ind.total_ttc:.2f} EUR TTC"
            f" ({ind.cost_per_cover_ttc:.2f} EUR TTC per cover;"
            f" fees {ind.fees_ttc:.2f}, trips {ind.trips:.2f})",
            file=out,
        )
        waste = sum(1 for left in plan.leftovers if left.waste)
        print(
            f"Meat {ind.meat_g_per_cover:.1f} g and {ind.co2_kg_per_cover:.2f} kg CO2e per cover;"
            f" {len(plan.leftovers)} leftovers, {ind.waste_kg:.2f} kg at risk of waste"
            f" ({waste} items)",
            file=out,
        )
    if plan.targets:
        rows = [["target", "limit", "value", ""]]
        for t in plan.targets:
            rows.append(
                [
                    TARGET_NAMES.get(t.name, t.name),
                    ("<= " if t.kind == "max" else ">= ") + _fmt_target(t.name, t.limit),
                    _fmt_target(t.name, t.value),
                    "met" if t.met else "NOT MET",
                ]
            )
        print("\n" + table(rows, right=(1, 2)), file=out)
    for d in plan.diagnosis:
        print(f"  {d.get('message', d)}", file=out)
