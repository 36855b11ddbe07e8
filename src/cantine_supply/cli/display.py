"""Human-readable tables of a plan for the terminal."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TextIO

from cantine_supply import TARGETS, Plan
from cantine_supply.cli.console_words import COURSES_FR, DAYS_FR, MONTHS_FR, STATUS_FR, WORDS
from cantine_supply.report.details import skipped_round_text
from cantine_supply.report.i18n import texts
from cantine_supply.report.weekly import late_line


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


class _Console:
    """Words, numbers, dates and names in one language: English as it always was, French
    with decimal commas and French dates; ``names`` turns ingredient ids into names."""

    def __init__(self, lang: str, names: Mapping[str, str]) -> None:
        self.lang = lang
        self.words = WORDS[lang]
        self.names = names

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def num(self, value: float | Decimal, spec: str) -> str:
        text = format(value, spec)
        return text.replace(".", ",") if self.lang == "fr" else text

    def qty(self, value: float, unit: str, spec: str) -> str:
        """``2.73 kg`` / ``2,73 kg``, ``4 piece`` / ``4 pièces``."""
        if self.lang == "fr":
            from cantine_supply.report.packs import amount_text

            return amount_text(format(value, spec), unit, "fr")
        return f"{format(value, spec)} {unit}"

    def name(self, ingredient: str) -> str:
        return self.names.get(ingredient, ingredient)

    def day(self, date: dt.date, year: bool = False) -> str:
        """``Tue 24 Nov`` (``2026`` with ``year``) / ``mar. 24 nov.``."""
        if self.lang != "fr":
            return format(date, "%a %d %b %Y" if year else "%a %d %b")
        text = f"{DAYS_FR[date.weekday()]} {date.day} {MONTHS_FR[date.month - 1]}"
        return f"{text} {date.year}" if year else text

    def weekday(self, date: dt.date) -> str:
        return DAYS_FR[date.weekday()] if self.lang == "fr" else format(date, "%a")

    def course(self, course: str) -> str:
        return COURSES_FR.get(course, course) if self.lang == "fr" else course

    def target(self, name: str, value: float | None) -> str:
        """A target's limit or value as the table of targets writes it."""
        return TARGETS[name].value_text(value, self.lang)


def print_plan(plan: Plan, out: TextIO | None = None, *, lang: str = "en",
               names: Mapping[str, str] | None = None) -> None:
    """Print the orders per supplier, collections, indicators and targets of ``plan`` in
    ``lang`` (``en`` or ``fr``); ``names`` maps ingredient ids to the names to show
    (default: the ids)."""
    out = out or sys.stdout
    c = _Console(lang, names or {})
    status = plan.status.value
    print(c["week"].format(week=plan.week, covers=plan.covers,
                           status=STATUS_FR.get(status, status) if lang == "fr" else status)
          + (c["gap"].format(gap=c.num(100 * plan.solver.gap, ".2f") + "%")
             if plan.solver.gap else ""), file=out)
    for message in plan.messages:
        print(f"  {message}", file=out)
    chosen = [m for m in plan.menu if not m.fixed]
    if chosen:
        print("\n" + c["menu_chosen"], file=out)
        for m in chosen:
            veg = c["vegetarian"] if m.vegetarian else ""
            print(f"  {c.day(m.date)} {c.course(m.course)}: {m.name}{veg}", file=out)
    _print_orders(plan, c, out)
    _print_food(plan, c, out)
    _print_indicators(plan, c, out)
    for d in plan.diagnosis:
        print(f"  {d.get('message', d)}", file=out)
        if lang != "en" and d.get("late"):
            print(f"  {late_line(d, texts(lang), c.names)}", file=out)


def _print_orders(plan: Plan, c: _Console, out: TextIO) -> None:
    for order in plan.orders:
        print("\n" + c["delivery"].format(supplier=order.supplier_name,
                                           date=c.day(order.delivery_date, year=True)),
              file=out)
        rows = [c["head"].split("|")]
        for line in order.lines:
            pack = line.pack_label or f"{line.pack_quantity:g} {line.unit}"
            if c.lang == "fr":
                from cantine_supply.report.packs import pack_text

                pack = pack_text(pack, "fr")
            rows.append([str(line.packs), line.product, pack,
                         c.num(line.price_per_pack_ht, ".2f"), c.num(line.total_ht, ".2f")])
        if order.delivery_fee_ht:
            rows.append(["", c["delivery_fee"], "", "", c.num(order.delivery_fee_ht, ".2f")])
        rows.append(["", c["total"], "", c["ht_ttc"],
                     f"{c.num(order.total_ht, '.2f')} / {c.num(order.total_ttc, '.2f')}"])
        print(table(rows, right=(0, 3, 4)), file=out)


def _print_food(plan: Plan, c: _Console, out: TextIO) -> None:
    for run in plan.collections:
        items = ", ".join(f"{c.qty(i.quantity, i.unit, 'g')} {c.name(i.ingredient)}"
                          for i in run.items)
        print("\n" + c["collect"].format(date=c.day(run.date), name=run.name,
                                          cost=c.num(run.trip_cost, ".2f"), items=items),
              file=out)
    for skipped in plan.skipped_collections:
        if c.lang == "fr":
            print(skipped_round_text(skipped, texts("fr")), file=out)
        else:
            print(f"Not collected {c.day(skipped.date)}: {skipped.name}: {skipped.reason}",
                  file=out)
    if plan.collected_not_used:
        left = ", ".join(
            f"{c.qty(n.left, n.unit, '.3g')} {c.name(n.ingredient)} ({c.weekday(n.date)})"
            + (c["at_risk"] if n.waste else "")
            for n in plan.collected_not_used
        )
        print(c["collected_not_used"].format(items=left), file=out)
    groups: dict[tuple[object, ...], list[str]] = {}
    for use in plan.group_uses:
        if use.share > 1e-6:
            key = (use.date, use.course, use.label)
            groups.setdefault(key, []).append(
                f"{c.name(use.ingredient)} {100 * use.share:.0f}%"
                f" ({c.qty(use.quantity, use.unit, '.3g')})"
            )
    if groups:
        print("\n" + c["flexible"], file=out)
        for (day, course, label), parts in groups.items():
            assert isinstance(day, dt.date) and isinstance(course, str)
            print(f"  {c.day(day)} {c.course(course)}, {label}: {', '.join(parts)}", file=out)
    if plan.stock_used:
        used = ", ".join(f"{c.qty(s.quantity, s.unit, '.3g')} {c.name(s.ingredient)}"
                         for s in plan.stock_used)
        print("\n" + c["from_stock"].format(items=used), file=out)


def _print_indicators(plan: Plan, c: _Console, out: TextIO) -> None:
    ind = plan.indicators
    if ind is not None:
        print("\n" + c["totals"].format(
            ht=c.num(ind.total_ht, ".2f"), ttc=c.num(ind.total_ttc, ".2f"),
            per_cover=c.num(ind.cost_per_cover_ttc, ".2f"), fees=c.num(ind.fees_ttc, ".2f"),
            trips=c.num(ind.trips, ".2f")), file=out)
        waste = sum(1 for left in plan.leftovers if left.waste)
        print(c["meat"].format(meat=c.num(ind.meat_g_per_cover, ".1f"),
                               co2=c.num(ind.co2_kg_per_cover, ".2f"),
                               leftovers=len(plan.leftovers), waste=c.num(ind.waste_kg, ".2f"),
                               items=waste), file=out)
    if plan.targets:
        rows = [c["targets_head"].split("|")]
        for t in plan.targets:
            rows.append([
                TARGETS[t.name].label(c.lang),
                ("<= " if t.kind == "max" else ">= ") + c.target(t.name, t.limit),
                c.target(t.name, t.value),
                c["met"] if t.met else c["not_met"],
            ])
        print("\n" + table(rows, right=(1, 2)), file=out)
