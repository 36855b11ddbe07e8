"""``benchmarks/pulp_model.py`` counts money as the planner does: each line rounded to the
cent, so CBC's optimum is the planner's to the cent (issue 15).

The week (worked out by hand): 2.5 kg of carrots (10 covers × 0.25 kg) on Tuesday from
``a`` (1 kg bags, 1.00 EUR HT, VAT 5.5%) or ``b`` (500 g bags, 0.53 EUR HT, VAT 5.5%).
Unrounded, 3 bags of ``a`` cost 3.165 TTC and 5 of ``b`` 2.79575, but each line is
rounded once: ``a`` 3.00 HT → 3.17 TTC, ``b`` 2.65 HT → 2.80 TTC (2.79575 rounds up).
Two of ``a`` and one of ``b`` (2.5 kg) cost least: 2.00 HT → 2.11 TTC and 0.53 HT →
0.55915 → 0.56 TTC, 2.67 TTC in all (unrounded 2.66915; 1 + 3 costs 1.06 + 1.68 = 2.74).
A budget of 2.67 TTC is met on the rounded total; one of 2.6695 counts as 2.66 (whole
cents, rounded down) and no plan meets it, though the unrounded 2.66915 would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from builders import TUESDAY, Budget, catalogue, ingredient, offer, recipe, supplier, week
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.planning.week import plan
from cantine_supply.problem.week import week_problem

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def carrots(budget: float | None = None):  # type: ignore[no-untyped-def]
    return catalogue(
        ingredients=[ingredient("carrot")], recipes=[recipe("dish", {"carrot": 0.25})],
        suppliers=[supplier("a"), supplier("b")],
        offers=[offer("a", "carrot", 1, 1.00, vat_rate=0.055),
                offer("b", "carrot", 0.5, 0.53, vat_rate=0.055)],
        weeks=[week({TUESDAY: ("dish", 10)},
                    budget=None if budget is None else Budget(budget))])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("budget", [None, 2.67])
def test_the_pulp_model_finds_the_planners_optimum_to_the_cent(budget: float | None) -> None:
    pytest.importorskip("pulp")  # the benchmarks' extra, not needed by the library
    from benchmarks.pulp_model import build_pulp, solve_pulp

    ours = plan(carrots(budget), "w")
    assert ours.status is PlanStatus.OPTIMAL and ours.indicators is not None
    assert float(ours.indicators.total_ttc) == 2.67
    theirs = solve_pulp(build_pulp(week_problem(carrots(budget), "w")), time_limit_s=30.0)
    assert theirs.status is PlanStatus.OPTIMAL and theirs.report.objective is not None
    # the objective is the cost plus the leftover tie-break (well under a cent here)
    assert theirs.report.objective == pytest.approx(2.67, abs=1e-4)
    assert theirs.decisions is not None
    assert theirs.decisions.packs == {("a/carrot-1", TUESDAY): 2, ("b/carrot-0.5", TUESDAY): 1}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_pulp_model_keeps_the_budget_in_whole_cents() -> None:
    """2.6695 TTC (2.66 in whole cents) is below the least rounded total: no plan, for
    both; the unrounded sum (2.66915) would have fitted."""
    pytest.importorskip("pulp")
    from benchmarks.pulp_model import build_pulp, solve_pulp

    assert plan(carrots(2.6695), "w").status is PlanStatus.INFEASIBLE
    theirs = solve_pulp(build_pulp(week_problem(carrots(2.6695), "w")), time_limit_s=30.0)
    assert theirs.status is PlanStatus.INFEASIBLE
