"""The reduction before solving (``cantine_supply.problem.reduce``): which offers it leaves out and
why, and that it changes no optimum (random weeks solved to gap 0 with and without it)."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from builders import (
    TUESDAY,
    Locality,
    PriceTier,
    StockLot,
    Targets,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
    week,
)
from cantine_supply.model import Catalogue, Offer
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.solve import SolveOptions, solve_model
from cantine_supply.planning.week import plan
from cantine_supply.problem.reduce import reduce_problem
from cantine_supply.problem.week import week_problem
from cantine_supply.verification.week import verify

EXACT = SolveOptions(time_limit_s=60.0, relative_gap=0.0)
WEDNESDAY = TUESDAY + dt.timedelta(days=1)
THURSDAY = TUESDAY + dt.timedelta(days=2)


def one_supplier(offers: list[Offer], targets: Targets | None = None, **kw: object) -> Catalogue:
    """Carrots, 2.5 kg on Tuesday, from supplier ``a`` (``kw``: its settings)."""
    return catalogue(
        ingredients=[ingredient("carrot")],
        recipes=[recipe("dish", {"carrot": 0.25})],
        suppliers=[supplier("a", **kw)],
        offers=offers,
        weeks=[week(targets=targets)],
    )


def removed(c: Catalogue) -> dict[str, str]:
    return reduce_problem(week_problem(c, "w")).removed


def test_a_big_pack_dearer_than_its_small_packs_goes() -> None:
    """5 kg at 12.00 against 1 kg at 2.00 (5 × 2.00 = 10.00): the 5 kg sack goes."""
    c = one_supplier([offer("a", "carrot", 5, 12.0), offer("a", "carrot", 1, 2.0)])
    assert removed(c) == {"a/carrot-5": "a/carrot-1"}


def test_a_smaller_pack_dearer_per_kg_stays() -> None:
    """1 kg at 3.00 against 5 kg at 10.00: dearer per kg, but 3 packs (9.00) beat a sack
    when 2.5 kg are needed, so neither goes."""
    c = one_supplier([offer("a", "carrot", 5, 10.0), offer("a", "carrot", 1, 3.0)])
    assert removed(c) == {}


def test_packs_that_are_no_multiple_stay() -> None:
    """2 kg at 5.00 against 5 kg at 4.00: 2 kg is no whole number of 5 kg packs."""
    c = one_supplier([offer("a", "carrot", 2, 5.0), offer("a", "carrot", 5, 4.0)])
    assert removed(c) == {}


def test_a_tier_of_the_dearer_offer_is_checked() -> None:
    """5 kg at 12.00, 11.00 from 2 sacks... and 9.00 from 4 sacks: at 4 sacks 5 × 2.00 is
    dearer than 9.00, so the sack stays; without that tier it goes."""
    tiers = [PriceTier(2, 11.0), PriceTier(4, 9.0)]
    c = one_supplier([offer("a", "carrot", 5, 12.0, tiers=tiers), offer("a", "carrot", 1, 2.0)])
    assert removed(c) == {}
    c = one_supplier(
        [offer("a", "carrot", 5, 12.0, tiers=tiers[:1]), offer("a", "carrot", 1, 2.0)]
    )
    assert removed(c) == {"a/carrot-5": "a/carrot-1"}


def test_a_minimum_order_keeps_a_dearer_offer_but_drops_a_duplicate() -> None:
    """With a minimum order, a dearer line can pay through it: only an offer of exactly the
    same cost goes (the first id of two identical offers stays)."""
    c = one_supplier(
        [offer("a", "carrot", 5, 12.0), offer("a", "carrot", 1, 2.0)], min_order_ht=20.0
    )
    assert removed(c) == {}
    c = one_supplier(
        [offer("a", "carrot", 1, 2.0, id="a/x"), offer("a", "carrot", 1, 2.0, id="a/y")],
        min_order_ht=20.0,
    )
    assert removed(c) == {"a/y": "a/x"}


def test_labels_and_value_shares_keep_offers() -> None:
    """An organic sack is not dominated by conventional packs; organic packs dominate a
    dearer organic sack unless an organic share by value is a target (a dearer organic line
    raises the share), and still do when the share is by weight."""
    organic = [
        offer("a", "carrot", 5, 12.0, labels=["BIO"]),
        offer("a", "carrot", 1, 2.0, labels=["BIO"]),
    ]
    assert removed(one_supplier([organic[0], offer("a", "carrot", 1, 2.0)])) == {}
    assert removed(one_supplier(organic)) == {"a/carrot-5": "a/carrot-1"}
    assert removed(one_supplier(organic, Targets(organic_share=0.3))) == {}
    weight = Targets(organic_share=0.3, share_basis="weight")
    assert removed(one_supplier(organic, weight)) == {"a/carrot-5": "a/carrot-1"}


def test_a_limited_or_seasonal_offer_dominates_nothing() -> None:
    """``max_packs`` on the cheaper offer, or fewer months, keep the dearer one."""
    assert removed(one_supplier(
        [offer("a", "carrot", 5, 12.0), offer("a", "carrot", 1, 2.0, max_packs=50)]
    )) == {}
    assert removed(one_supplier(
        [offer("a", "carrot", 5, 12.0), offer("a", "carrot", 1, 2.0, months_available=[6])]
    )) == {}


def test_the_planner_plans_the_reduced_week_and_the_plan_passes_the_full_check() -> None:
    c = one_supplier([offer("a", "carrot", 5, 12.0), offer("a", "carrot", 1, 2.0)])
    p = plan(c, "w")
    assert p.status is PlanStatus.OPTIMAL
    assert verify(week_problem(c, "w"), p) == []
    assert {line.offer: line.packs for o in p.orders for line in o.lines} == {"a/carrot-1": 3}


# --- random weeks ----------------------------------------------------------------------


def optimum(c: Catalogue, *, reduce: bool) -> float | None:
    """The optimal objective of week ``w``, with or without the reduction."""
    problem = week_problem(c, "w")
    if reduce:
        problem = reduce_problem(problem).problem
    outcome = solve_model(build_model(problem), EXACT)
    if outcome.status is PlanStatus.INFEASIBLE:
        return None
    assert outcome.status is PlanStatus.OPTIMAL
    assert outcome.report.objective is not None
    return outcome.report.objective


@st.composite
def weeks_with_pack_ranges(draw: st.DrawFn) -> Catalogue:
    """1-2 ingredients on 1-3 days; 2 suppliers, each selling every ingredient in 1-3 pack
    sizes that are multiples of each other (0.5, 1, 2, 5 kg), at prices around a price per
    kg (so bigger packs are sometimes cheaper per kg, sometimes not), maybe organic, maybe
    with a discount tier, a pack limit, a season; suppliers with or without a minimum order,
    fee and free-delivery threshold, local or not; share targets by value or weight; stock."""
    names = ("carrot", "leek")[: draw(st.integers(1, 2))]
    days = draw(st.lists(st.sampled_from((TUESDAY, WEDNESDAY, THURSDAY)), min_size=1,
                         max_size=3, unique=True))
    covers = draw(st.integers(5, 25))
    per_cover = {n: draw(st.sampled_from([0.05, 0.1, 0.2, 0.3])) for n in names}
    suppliers, offers = [], []
    for k in range(2):
        fee = draw(st.sampled_from([0.0, 0.0, 5.0]))
        suppliers.append(supplier(
            f"s{k}",
            min_order_ht=draw(st.sampled_from([0.0, 0.0, 0.0, 15.0])),
            delivery_fee_ht=fee,
            free_delivery_from_ht=draw(st.sampled_from([None, 25.0])) if fee else None,
            local=None if draw(st.booleans()) else Locality("DEPARTEMENT"),
        ))
        for n in names:
            sizes = draw(st.lists(st.sampled_from([0.5, 1.0, 2.0, 5.0]), min_size=1,
                                  max_size=3, unique=True))
            per_kg = draw(st.integers(100, 400))
            for size in sizes:
                factor = draw(st.sampled_from([0.9, 1.0, 1.0, 1.1]))
                price = max(1, round(per_kg * size * factor)) / 100
                extra: dict[str, object] = {}
                if draw(st.integers(0, 4)) == 0:
                    extra["labels"] = ["BIO"]
                if draw(st.integers(0, 4)) == 0:
                    extra["tiers"] = [PriceTier(3, round(price * 0.85, 2))]
                if draw(st.integers(0, 5)) == 0:
                    extra["max_packs"] = draw(st.integers(1, 4))
                if draw(st.integers(0, 5)) == 0:
                    extra["months_available"] = [11]
                offers.append(offer(f"s{k}", n, size, price, **extra))
    targets = Targets(
        organic_share=draw(st.sampled_from([None, None, 0.2])),
        local_share=draw(st.sampled_from([None, None, 0.3])),
        share_basis=draw(st.sampled_from(["value", "weight"])),
    )
    stock = [StockLot(names[0], 0.7)] if draw(st.booleans()) else []
    return catalogue(
        ingredients=[ingredient(n, shelf_life_days=draw(st.integers(1, 3))) for n in names],
        recipes=[recipe("dish", per_cover)],
        suppliers=suppliers,
        offers=offers,
        stock=stock,
        weeks=[week({d: ("dish", covers) for d in days}, targets=targets)],
    )


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(weeks_with_pack_ranges())
def test_the_optimum_is_the_same_with_and_without_the_reduction(c: Catalogue) -> None:
    reduced, full = optimum(c, reduce=True), optimum(c, reduce=False)
    assert (reduced is None) == (full is None), (reduced, full)
    if reduced is not None and full is not None:
        assert abs(reduced - full) <= 1e-6 * max(1.0, abs(full)), (reduced, full)


def test_the_random_weeks_include_weeks_the_reduction_acts_on() -> None:
    """The property above is not vacuous: the strategy draws weeks where offers go."""
    c = find(
        weeks_with_pack_ranges(),
        lambda c: bool(removed(c)),
        settings=settings(database=None, max_examples=200),
        random=random.Random(22),
    )
    assert removed(c)
