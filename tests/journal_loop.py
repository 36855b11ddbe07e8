"""The four sample weeks (2026-w48 to w51) run through the journal's loop once, shared by
the journal's tests: plan from the journal's stock, commit, receive (w48 with a substitute,
a missing item, a price that moved and a collection that brought more than guaranteed),
count the stock at the end of each week."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from cantine_supply import Budget, Catalogue, StockLot, load
from cantine_supply.io.journal_files import CollectedRow, ReceivedRow, load_count_file
from cantine_supply.journal import (
    Journal,
    StartingStock,
    commit_plan,
    count_stock,
    receive_week,
    with_journal_stock,
)
from cantine_supply.planning.week import plan
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem, week_problem

DATA = Path(__file__).resolve().parent.parent / "data"
WEEKS = ("2026-w48", "2026-w49", "2026-w50", "2026-w51")

#: The sample weeks' budgets (3.05-3.30 EUR TTC a cover) count on stock.toml's dry goods
#: being there every week; the loop uses them up, so it buys them again: 4.50 a cover.
LOOP_BUDGET = Budget(4.50, per_cover=True, basis="TTC")

#: Day of the stock count at the end of each week (Friday evening).
COUNT_DAYS = {
    "2026-w48": dt.date(2026, 11, 27),
    "2026-w49": dt.date(2026, 12, 4),
    "2026-w50": dt.date(2026, 12, 11),
    "2026-w51": dt.date(2026, 12, 18),
}

#: What the w48 count finds beyond the stock it started with: the carrots and potatoes
#: left from the week's deliveries and the Tuesday round (written as the manager would).
W48_EXTRA = """\
[[lot]]
ingredient = "carrot"
quantity = "6000 g"
best_before = 2026-12-09
unit_cost_ht = 0.80

[[lot]]
ingredient = "potato"
quantity = "3 kg"
best_before = 2026-12-15
unit_cost_ht = 0.75
"""


def count_text(start: StartingStock, result: Plan, catalogue: Catalogue,
               day: dt.date) -> str:
    """The stock count at the end of ``day``, as a ``[[lot]]`` file: each lot the week
    started from less what the plan served from it (earliest best-before first), rounded
    down to 0.1 of its unit as a person counts; lots of nothing, and lots past their
    best-before date (thrown away, see :func:`expired`), left out."""
    used: dict[str, float] = {}
    for q in result.stock_used:
        used[q.ingredient] = used.get(q.ingredient, 0.0) + q.quantity
    order = sorted(range(len(start.lots)),
                   key=lambda i: (start.lots[i].best_before or dt.date.max, i))
    parts = []
    for i in order:
        lot = start.lots[i]
        take = min(lot.quantity, used.get(lot.ingredient, 0.0))
        used[lot.ingredient] = used.get(lot.ingredient, 0.0) - take
        tenths = int((lot.quantity - take) * 10 + 1e-6)
        if tenths <= 0 or (lot.best_before is not None and lot.best_before < day):
            continue
        unit = catalogue.ingredient_by_id[lot.ingredient].unit
        best = "" if lot.best_before is None else f"best_before = {lot.best_before}\n"
        parts.append(f'[[lot]]\ningredient = "{lot.ingredient}"\n'
                     f'quantity = "{tenths / 10} {unit}"\n{best}'
                     f"unit_cost_ht = {lot.unit_cost_ht}\n")
    return "\n".join(parts)


def expired(start: StartingStock, result: Plan, day: dt.date) -> list[StockLot]:
    """The lots the week started from that are past their best-before date on ``day``
    with something left (what the week did not use of that ingredient), thrown away."""
    used: dict[str, float] = {}
    for q in result.stock_used:
        used[q.ingredient] = used.get(q.ingredient, 0.0) + q.quantity
    out = []
    for lot in sorted(start.lots, key=lambda x: x.best_before or dt.date.max):
        take = min(lot.quantity, used.get(lot.ingredient, 0.0))
        used[lot.ingredient] = used.get(lot.ingredient, 0.0) - take
        if lot.best_before is not None and lot.best_before < day and lot.quantity - take > 1e-6:
            out.append(attrs.evolve(lot, quantity=round(lot.quantity - take, 6)))
    return out


@attrs.frozen
class LoopWeek:
    """One week of the loop: the stock it started from, its problem and plan, the lots
    counted at its end, and the ids of its commit and receipt."""

    week: str
    start: StartingStock
    problem: WeekProblem
    plan: Plan
    counted: tuple[StockLot, ...]
    commit_id: int
    receipt_id: int


def w48_corrections(result: Plan, catalogue: Catalogue) -> tuple[list[ReceivedRow],
                                                                 list[CollectedRow]]:
    """w48's delivery notes: the carrots replaced by another carrot offer of the same
    supplier (2 packs), the kiwis missing, the chicken invoiced 56.50 instead of the list
    price; and the Tuesday round brought 5 kg of carrots (2 kg guaranteed)."""
    lines = [(o.delivery_date, line) for o in result.orders for line in o.lines]
    day, carrots = next((d, x) for d, x in lines if x.ingredient == "carrot")
    supplier = carrots.offer.split("/")[0]
    other = next(o for o in catalogue.offers if o.ingredient == "carrot"
                 and o.supplier == supplier and o.id != carrots.offer)
    kiwi_day, kiwis = next((d, x) for d, x in lines if x.ingredient == "kiwi")
    chicken_day, chicken = next((d, x) for d, x in lines if x.ingredient == "chicken")
    rows = [
        ReceivedRow(day, other.id, 2, None, carrots.offer, "w48.csv", 2),
        ReceivedRow(kiwi_day, kiwis.offer, 0, None, None, "w48.csv", 3),
        ReceivedRow(chicken_day, chicken.offer, chicken.packs, 5650, None, "w48.csv", 4),
    ]
    round_day = next(r.date for r in result.collections if r.collection == "epi-vert-mardi")
    return rows, [CollectedRow(round_day, "epi-vert-mardi", "carrot", 5.0, "w48-c.csv", 2)]


def run_loop(tmp: Path) -> tuple[Catalogue, Path, list[LoopWeek]]:
    """Run the four weeks into ``tmp/journal.sqlite``."""
    catalogue = load(DATA)
    path = tmp / "journal.sqlite"
    out: list[LoopWeek] = []
    with Journal(path) as journal:
        for week in WEEKS:
            cat, start = with_journal_stock(catalogue, DATA, week, path)
            problem = week_problem(cat, week, budget=LOOP_BUDGET)
            result = plan(problem)
            commit_id = commit_plan(journal, result)
            rows, collected = ([], []) if week != "2026-w48" else w48_corrections(
                result, catalogue)
            receipt_id = receive_week(journal, catalogue, week, rows, collected,
                                      source="delivery notes")
            day = COUNT_DAYS[week]
            text = count_text(start, result, catalogue, day)
            for lot in expired(start, result, day):
                journal.add_waste(day, lot.ingredient, lot.quantity,
                                  catalogue.ingredient_by_id[lot.ingredient].unit)
            if week == "2026-w48":
                text += "\n" + W48_EXTRA
            count_file = tmp / f"count-{week}.toml"
            count_file.write_text(text, encoding="utf-8")
            lots = load_count_file(count_file, catalogue)
            count_stock(journal, catalogue, day, lots, source=count_file.name)
            out.append(LoopWeek(week, start, problem, result, tuple(lots), commit_id,
                                receipt_id))
    return catalogue, path, out


Loop = tuple[Catalogue, Path, list[LoopWeek]]
_RUN: list[Loop] = []


@pytest.fixture(scope="session", name="loop")
def loop_fixture(tmp_path_factory: pytest.TempPathFactory) -> Loop:
    """The four weeks run once per test session (about 4 s), for every journal test; tests
    that write copy the journal first. (Each test module imports the fixture, so the run
    itself is cached here, not by pytest.)"""
    if not _RUN:
        _RUN.append(run_loop(tmp_path_factory.mktemp("loop")))
    return _RUN[0]
