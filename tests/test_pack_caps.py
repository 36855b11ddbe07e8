"""The most packs a line may hold (``problem/pack_caps.py``) and the paths that rely on it:
what can pay beyond the need, lines counting for a share, the objectives without a budget,
and early order days folded exactly on the TTC basis (``optimize/delivery_days.py``)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import attrs
import pytest

from builders import (
    MONDAY,
    TUESDAY,
    Budget,
    PriceTier,
    Targets,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
    week,
)
from cantine_supply.errors import InputError
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.delivery_days import folded_order_days, merging_never_dearer
from cantine_supply.planning.week import plan
from cantine_supply.problem.pack_caps import paying_packs
from cantine_supply.problem.week import WeekProblem, week_problem

THURSDAY = TUESDAY + dt.timedelta(days=2)


def bought(p) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {line.offer: line.packs for o in p.orders for line in o.lines}


def soup_and_dahl(budget: Budget | None = None, **targets: float):  # type: ignore[no-untyped-def]
    """10 covers on Tuesday: 1 kg of carrots and 1 kg of lentils. Carrots: conventional
    2.00 a kg, organic 3.00 a kg; lentils: conventional 10.00 a kg, organic 25.00."""
    return catalogue(
        ingredients=[ingredient("carrot"), ingredient("lentils")],
        recipes=[recipe("dish", {"carrot": 0.1, "lentils": 0.1})],
        suppliers=[supplier("a")],
        offers=[
            offer("a", "carrot", 1, 2.0, id="conv-carrot"),
            offer("a", "carrot", 1, 3.0, id="bio-carrot", labels=["BIO"]),
            offer("a", "lentils", 1, 10.0, id="conv-lentils"),
            offer("a", "lentils", 1, 25.0, id="bio-lentils", labels=["BIO"]),
        ],
        weeks=[week(targets=Targets(**targets), budget=budget)],  # type: ignore[arg-type]
    )


def test_paying_packs_is_the_largest_of_cover_tier_and_thresholds() -> None:
    """Need 2.5 kg of 1 kg packs: cover 3; with a tier from 5 packs at 1.80, 5; a minimum order of
    20.00 reached alone at the top level's 1.80 by ceil(20.005 / 1.80) = 12 packs."""
    assert paying_packs(offer("a", "carrot", 1, 2.0), supplier("a"), 2.5) == 3
    line = offer("a", "carrot", 1, 2.0, tiers=[PriceTier(5, 1.8)])
    assert paying_packs(line, supplier("a"), 2.5) == 5
    assert paying_packs(line, supplier("a", min_order_ht=6.0), 2.5) == 5
    assert paying_packs(line, supplier("a", min_order_ht=20.0), 2.5) == 12
    free = supplier("a", delivery_fee_ht=4.0, free_delivery_from_ht=27.0)
    assert paying_packs(line, free, 2.5) == 16  # ceil(27.005 / 1.80)


def test_a_huge_budget_caps_only_the_lines_that_count_for_a_share_by_the_budget() -> None:
    """With 10,000,000 EUR and an organic target, a conventional line is capped at what can
    pay beyond the need (1 pack) and an organic line at what the budget can pay, less
    what every plan spends at least on lentils (1 kg at 10.00 a kg, less half a cent for
    each of its 2 lines): floor((10,000,000 − 9.99 + 0.005) / 3.00)."""
    problem = week_problem(soup_and_dahl(Budget(1e7), organic_share=0.5), "w")
    assert problem.most_packs(problem.offers["conv-carrot"]) == 1
    assert problem.most_packs(problem.offers["bio-carrot"]) == 3_333_330


def test_organic_objective_without_budget_is_refused_when_extra_packs_always_lift_it() -> None:
    """Without a budget, every extra pack of organic carrots lifts the organic share: no
    plan has the greatest, and the planner says so instead of answering within a cap."""
    with pytest.raises(InputError, match="organic objective needs a budget.*bio-carrot"):
        plan(soup_and_dahl(), "w", objective="organic")


def test_organic_objective_without_budget_reaches_its_share_only_by_extra_packs() -> None:
    """Organic carrots limited to 4 packs a week, organic lentils to 1 at most: the greatest
    organic share without a budget buys all of both, 3 carrots beyond the need."""
    c = soup_and_dahl()
    limited = [attrs.evolve(o, max_packs=4 if "carrot" in o.id else 1)
               if o.id.startswith("bio") else o for o in c.offers]
    c = attrs.evolve(c, offers=tuple(limited))
    result = plan(c, "w", objective="organic")
    assert result.status is PlanStatus.OPTIMAL
    assert bought(result) == {"bio-carrot": 4, "bio-lentils": 1}
    assert result.indicators is not None
    assert result.indicators.shares_by_value["organic_share"] == pytest.approx(1.0)


def test_co2_objective_without_budget_buys_extra_packs_for_a_share() -> None:
    """Organic 50% by value, no budget, least CO2 (the same for every plan: ties go to the
    cheaper). Organic lentils (25.00 + 3.00 of organic carrots, 28.00) meet it on the first
    solve, whose organic carrot line is capped on the need; 4 organic carrots and the
    conventional lentils (12/22 = 54.5%, 22.00) are cheaper: the second solve, bounded by
    what the first plan's objective can pay, finds them."""
    result = plan(soup_and_dahl(organic_share=0.5), "w", objective="co2")
    assert result.status is PlanStatus.OPTIMAL
    assert bought(result) == {"bio-carrot": 4, "conv-lentils": 1}
    assert result.indicators is not None
    assert result.indicators.total_ht == Decimal("22.00")


def test_cost_objective_without_budget_buys_extra_packs_for_a_share() -> None:
    """The same week, least cost: 22.00 too (the second solve, bounded by 28.00)."""
    result = plan(soup_and_dahl(organic_share=0.5), "w")
    assert bought(result) == {"bio-carrot": 4, "conv-lentils": 1}


# --- folding early order days, exactly on the TTC basis ---------------------------------


def _ttc(cents: int, vat: float, n: int) -> Decimal:
    return (Decimal(cents) * n * (1 + Decimal(repr(vat)))).quantize(Decimal(1), ROUND_HALF_UP)


@pytest.mark.parametrize("vat", [0.0, 0.055, 0.1, 0.2, 0.021])
def test_merging_never_dearer_agrees_with_every_split(vat: float) -> None:
    """Against every split ``a + b <= most`` of every price from 0.01 to 6.00."""
    for cents in range(1, 601):
        for most in (2, 7, 15):
            ttc = [_ttc(cents, vat, n) for n in range(most + 1)]
            never = all(ttc[a + b] <= ttc[a] + ttc[b]
                        for a in range(1, most) for b in range(1, most - a + 1))
            assert merging_never_dearer(cents, vat, most) == never, (cents, most)


def _two_days(fee: float, price: float) -> WeekProblem:
    """A delivers Monday and Tuesday; carrots at ``price`` (5.5% VAT) served Tuesday."""
    c = catalogue(
        ingredients=[ingredient("carrot")],
        recipes=[recipe("dish", {"carrot": 0.5})],
        suppliers=[supplier("a", lead_time_days=0, delivery_weekdays=(0, 1),
                            delivery_fee_ht=fee)],
        offers=[offer("a", "carrot", 1, price, vat_rate=0.055)],
        weeks=[week()],
    )
    return week_problem(c, "w")


def test_a_day_folds_on_the_ttc_basis_only_when_no_cent_can_be_lost() -> None:
    """4.60 HT is 485.3 cents TTC: two lines of 1 pack cost 970, one of 2 packs 971. With
    5 packs needed, the merged line may hold 10: Monday folds on the HT basis only. A fee
    of 1.00 on every order pays for that cent: then it folds on both."""
    assert not merging_never_dearer(460, 0.055, 10)
    free = _two_days(0.0, 4.6)
    assert folded_order_days(free, ttc=False) == {("a", MONDAY): TUESDAY}
    assert folded_order_days(free, ttc=True) == {}
    charged = _two_days(1.0, 4.6)
    assert folded_order_days(charged, ttc=True) == {("a", MONDAY): TUESDAY}


def test_a_week_without_budget_met_only_by_extra_packs_is_found_by_the_trial_solve() -> None:
    """Organic 50% by value with no organic lentils: only extra organic carrots (4 beyond
    the 1 needed, 12/22 = 54.5%) meet it, and the first solve caps them on the need and
    finds no plan. The trial solve (every plan up to 100 EUR a cover allowed) finds it,
    and it is the optimum: 22.00."""
    c = soup_and_dahl(organic_share=0.5)
    c = attrs.evolve(c, offers=tuple(o for o in c.offers if o.id != "bio-lentils"))
    result = plan(c, "w")
    assert result.status is PlanStatus.OPTIMAL
    assert bought(result) == {"bio-carrot": 4, "conv-lentils": 1}
    assert result.indicators is not None and result.indicators.total_ht == Decimal("22.00")


def test_a_week_without_budget_beyond_the_trial_says_so() -> None:
    """Organic 99.9% with conventional lentils needed: 9,991 organic carrots (29,973 EUR,
    beyond 100 EUR a cover for 10 covers): infeasible within the trial, and said so."""
    c = soup_and_dahl(organic_share=0.999)
    c = attrs.evolve(c, offers=tuple(o for o in c.offers if o.id != "bio-lentils"))
    result = plan(c, "w")
    assert result.status is PlanStatus.INFEASIBLE
    assert any("no plan costs 1000.00 EUR or less" in m for m in result.messages)


def test_a_horizon_without_budget_caps_lines_by_what_can_pay() -> None:
    """A one-week horizon without any budget: carrots at 1.00 a kg from a supplier with a
    60.00 minimum order, 20 kg needed. The line counts for no share: its cap is what can pay
    beyond the horizon's need, ceil(60.005 / 1.00) = 61 packs, and the plan buys the 60 the
    minimum order calls for (the end stock, 40 kg of carrots, is worth half their price)."""
    from cantine_supply.planning.horizon import plan_horizon
    from cantine_supply.problem.horizon_problem import horizon_problem

    c = catalogue(
        ingredients=[ingredient("carrot")],
        recipes=[recipe("dish", {"carrot": 0.2})],
        suppliers=[supplier("a", min_order_ht=60.0)],
        offers=[offer("a", "carrot", 1, 1.0)],
        weeks=[week({TUESDAY: ("dish", 100)})],
    )
    problem = horizon_problem(c, ["w"])
    first = problem.weeks[0]
    assert first.spend_limit() is None
    assert first.most_packs(first.offers["a/carrot-1"]) == 61
    result = plan_horizon(c, ["w"], compare=False)
    assert result.status is PlanStatus.OPTIMAL
    assert sum(bought(p).get("a/carrot-1", 0) for p in result.plans) == 60


def test_merging_checked_beyond_its_limit_only_for_whole_cent_ttc() -> None:
    """A merged line a huge budget could fill is not checked count by count: whole-cent
    TTC (2.00 at 0%, 2.00 at 20%) never costs more merged; 4.60 at 5.5% may."""
    assert merging_never_dearer(200, 0.0, 10**7)
    assert merging_never_dearer(200, 0.2, 10**7)
    assert not merging_never_dearer(460, 0.055, 10**7)


# --- a horizon without a budget --------------------------------------------------------


def test_horizon_without_budget_buys_extra_packs_for_a_share() -> None:
    """The week of the CO2 and cost tests above as a horizon of one week, no budget: the
    first solve caps the organic carrot line on the need and finds organic lentils
    (28.00); the second, bounded by what a plan as good as it may spend
    (:func:`most_spent_by_a_plan_as_good`), finds 4 organic carrots and the conventional
    lentils (22.00), also the least net cost (the carrots left over are worth at most
    half their price)."""
    from cantine_supply.planning.horizon import plan_horizon

    result = plan_horizon(soup_and_dahl(organic_share=0.5), ["w"], compare=False)
    assert result.status is PlanStatus.OPTIMAL
    assert bought(result.plans[0]) == {"bio-carrot": 4, "conv-lentils": 1}
    assert result.cost_ht == Decimal("22.00")


def test_horizon_without_budget_tries_plans_up_to_the_trial_spend() -> None:
    """Issue 15's example as a horizon of one week, no budget: carrots 3 kg (organic only,
    2.00 a 1 kg pack) and leeks 1 kg (6.00): 55% organic takes a 4th organic pack (8 / 14
    = 57.1%). Capped on the need the first solve finds no plan; the trial solve, every
    plan up to 100 EUR a cover, finds the 14.00 plan."""
    from cantine_supply.planning.horizon import plan_horizon

    c = catalogue(
        ingredients=[ingredient("carrot"), ingredient("leek")],
        recipes=[recipe("dish", {"carrot": 0.3, "leek": 0.1})], suppliers=[supplier("a")],
        offers=[offer("a", "carrot", 1, 2.0, id="a/bio", labels=["BIO"]),
                offer("a", "leek", 1, 6.0, id="a/leek")],
        weeks=[week(targets=Targets(organic_share=0.55))])
    result = plan_horizon(c, ["w"], compare=False)
    assert result.status is PlanStatus.OPTIMAL
    assert bought(result.plans[0]) == {"a/bio": 4, "a/leek": 1}
    assert result.cost_ht == Decimal("14.00")
