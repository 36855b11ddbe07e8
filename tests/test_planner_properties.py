"""Property tests of the planner on random small weeks, solved to optimality (gap 0).

Every instance has one service on Tuesday and suppliers that deliver on Tuesday only, so a
plan is a number of packs per offer and the whole space can be enumerated by brute force.
VAT is 0 so that the optimiser's cost and the cent-rounded plan agree exactly; costs are
compared within 0.01 EUR, the most the leftover tie-break can move them.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import TUESDAY, catalogue, ingredient, recipe, week
from cantine_supply.model import (
    Budget,
    Collection,
    CollectionItem,
    Offer,
    PriceTier,
    Supplier,
    Targets,
)
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.planning.week import plan
from cantine_supply.plans.assemble import build_orders
from cantine_supply.plans.indicators import compute_shares
from cantine_supply.problem.week import WeekProblem, week_problem
from cantine_supply.verification.week import verify

PROPERTY_SETTINGS = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
INGREDIENTS = ("carrot", "leek")
COST_TOLERANCE = 0.011


def suppliers_strategy() -> st.SearchStrategy[list[Supplier]]:
    one = st.builds(
        Supplier,
        id=st.just("x"),
        name=st.just("x"),
        kind=st.just("producer"),
        distance_km=st.integers(0, 300).map(float),
        intermediaries=st.integers(0, 2),
        delivery_weekdays=st.just((1,)),
        lead_time_days=st.just(1),
        local=st.none(),
        min_order_ht=st.sampled_from([0.0, 10.0, 30.0]),
        delivery_fee_ht=st.sampled_from([0.0, 5.0]),
        free_delivery_from_ht=st.sampled_from([None, 20.0, 40.0]),
        fee_vat_rate=st.just(0.0),
    )
    return st.lists(one, min_size=1, max_size=2).map(
        lambda xs: [attrs.evolve(s, id=f"s{i}", name=f"s{i}") for i, s in enumerate(xs)]
    )


@st.composite
def instances(draw: st.DrawFn, *, collections: bool = True) -> tuple[object, ...]:
    """A tiny week: 1-2 ingredients, 1-2 suppliers, at most 3 offers, maybe a collection."""
    n_ing = draw(st.integers(1, 2))
    ings = INGREDIENTS[:n_ing]
    per_cover = {i: draw(st.sampled_from([0.05, 0.1, 0.15, 0.25])) for i in ings}
    covers = draw(st.integers(5, 20))
    suppliers = draw(suppliers_strategy())
    offers: list[Offer] = []
    possible = [(s.id, i) for s in suppliers for i in ings]
    size = draw(st.integers(min(2, len(possible)), min(3, len(possible))))
    slots = draw(
        st.permutations(possible)
        .map(lambda xs: xs[:size])
        .filter(lambda xs: {i for _, i in xs} == set(ings))
    )
    for k, (sid, ing) in enumerate(slots):
        price = draw(st.integers(50, 1500)) / 100
        tiers = draw(st.sampled_from([(), ((3, 0.9),), ((5, 0.8),)]))
        offers.append(
            Offer(
                id=f"{sid}/o{k}",
                supplier=sid,
                ingredient=ing,
                product=f"{ing} {k}",
                pack_quantity=draw(st.sampled_from([0.5, 1.0, 2.0, 5.0])),
                price_ht=price,
                vat_rate=0.0,
                labels=draw(st.sampled_from([(), ("BIO",)])),
                tiers=[
                    PriceTier(n, round(price * f, 2)) for n, f in tiers if round(price * f, 2) > 0
                ],
                max_packs=draw(st.sampled_from([None, None, 8])),
            )
        )
    colls = []
    if collections and draw(st.booleans()):
        colls.append(
            Collection(
                id="shop",
                name="shop",
                weekday=1,
                trip_cost=draw(st.sampled_from([1.0, 4.0, 9.0])),
                items=[
                    CollectionItem(
                        ings[0], guaranteed=draw(st.sampled_from([0.5, 1.0, 2.0])), expected=3.0
                    )
                ],
            )
        )
    organic = draw(st.sampled_from([None, 0.2, 0.5]))
    budget = draw(st.sampled_from([None, 15.0, 40.0]))
    return ings, per_cover, covers, suppliers, offers, colls, organic, budget


def make_problem(
    inst: tuple[object, ...],
    *,
    organic: float | None = None,
    budget: float | None = None,
    use_instance_targets: bool = True,
) -> WeekProblem:
    ings, per_cover, covers, suppliers, offers, colls, organic0, budget0 = inst
    if use_instance_targets:
        organic, budget = organic0, budget0  # type: ignore[assignment]
    c = catalogue(
        ingredients=[ingredient(i) for i in ings],  # type: ignore[attr-defined]
        recipes=[recipe("dish", per_cover)],  # type: ignore[arg-type]
        suppliers=suppliers,
        offers=offers,
        collections=colls,  # type: ignore[arg-type]
        weeks=[
            week(
                {TUESDAY: ("dish", covers)},  # type: ignore[dict-item]
                targets=Targets(organic_share=organic),
                budget=None if budget is None else Budget(budget, basis="HT"),
            )
        ],
    )
    return week_problem(c, "w")


def brute_force(problem: WeekProblem) -> Decimal | None:
    """Least total cost over every pack count of every offer (up to the planner's own cap)
    and every choice of collection round; None when nothing is feasible."""
    offers = [problem.offers[s.offer] for s in problem.delivery_slots]
    ranges = [range(problem.most_packs(o) + 1) for o in offers]
    rounds = [(problem.collections[s.collection], s.date) for s in problem.collection_slots]
    needs = problem.need_by_ingredient()
    best: Decimal | None = None
    for trips in itertools.product([0, 1], repeat=len(rounds)):
        collected: dict[str, float] = {}
        trip_cost = Decimal(0)
        for made, (coll, _) in zip(trips, rounds, strict=True):
            if made:
                trip_cost += Decimal(str(coll.trip_cost))
                for item in coll.items:
                    collected[item.ingredient] = (
                        collected.get(item.ingredient, 0.0) + item.guaranteed
                    )
        for counts in itertools.product(*ranges):
            have = dict(collected)
            for o, n in zip(offers, counts, strict=True):
                have[o.ingredient] = have.get(o.ingredient, 0.0) + n * o.pack_quantity
            if any(have.get(i, 0.0) < q - 1e-9 for i, q in needs.items()):
                continue
            packs = {(o.id, TUESDAY): n for o, n in zip(offers, counts, strict=True) if n}
            orders = build_orders(problem, packs)
            if any(
                o.lines_ht < Decimal(str(problem.suppliers[o.supplier].min_order_ht))
                for o in orders
            ):
                continue
            target = problem.targets.organic_share
            if target is not None:
                share = compute_shares(problem, orders)[0]["organic_share"]
                if share is not None and share < target - 1e-9:
                    continue
            cost = sum((o.total_ht for o in orders), Decimal(0)) + trip_cost
            limit = problem.budget_limit()
            if limit is not None and cost > Decimal(str(limit)) + Decimal("0.005"):
                continue
            if best is None or cost < best:
                best = cost
    return best


def cost_of(problem: WeekProblem) -> Decimal | None:
    result = plan(problem)
    if result.status is PlanStatus.INFEASIBLE:
        return None
    assert result.status is PlanStatus.OPTIMAL
    assert verify(problem, result) == []
    assert result.indicators is not None
    return result.indicators.total_ht


@PROPERTY_SETTINGS
@given(instances())
def test_optimal_cost_equals_brute_force(inst: tuple[object, ...]) -> None:
    problem = make_problem(inst)
    expected = brute_force(problem)
    got = cost_of(problem)
    assert (got is None) == (expected is None), (got, expected)
    if got is not None and expected is not None:
        assert abs(got - expected) <= Decimal(str(COST_TOLERANCE)), (got, expected)


@PROPERTY_SETTINGS
@given(instances(), st.sampled_from([5.0, 10.0, 20.0]))
def test_more_budget_never_costs_more_nor_makes_a_week_infeasible(
    inst: tuple[object, ...], extra: float
) -> None:
    base = make_problem(inst, budget=20.0, use_instance_targets=False)
    richer = make_problem(inst, budget=20.0 + extra, use_instance_targets=False)
    before, after = cost_of(base), cost_of(richer)
    if before is not None:
        assert after is not None
        assert after <= before + Decimal(str(COST_TOLERANCE))


@PROPERTY_SETTINGS
@given(instances(), st.sampled_from([(0.0, 0.2), (0.2, 0.5), (0.5, 0.8)]))
def test_tighter_share_target_never_costs_less(
    inst: tuple[object, ...], shares: tuple[float, float]
) -> None:
    loose = cost_of(make_problem(inst, organic=shares[0], use_instance_targets=False))
    tight = cost_of(make_problem(inst, organic=shares[1], use_instance_targets=False))
    if tight is not None:
        assert loose is not None
        assert tight >= loose - Decimal(str(COST_TOLERANCE))


@PROPERTY_SETTINGS
@given(instances())
def test_every_plan_covers_every_need_and_passes_the_verifier(inst: tuple[object, ...]) -> None:
    problem = make_problem(inst)
    result = plan(problem)
    if result.status is PlanStatus.INFEASIBLE:
        return
    assert verify(problem, result) == []
    served: dict[str, float] = {}
    for s in result.servings:
        served[s.ingredient] = served.get(s.ingredient, 0.0) + s.quantity
    for ingredient_id, quantity in problem.need_by_ingredient().items():
        assert served[ingredient_id] >= quantity - 1e-6
