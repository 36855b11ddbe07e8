"""Pooled orders over a network of canteens: the pooled plan, the fair split, the checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st
from ortools.math_opt.python import mathopt

from builders import (
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
from cantine_supply.model import Catalogue
from cantine_supply.model.network import Network, NetworkCanteen
from cantine_supply.network import alone_start, plan_network
from cantine_supply.network.check import check_network
from cantine_supply.network.result import NetworkPlan, PooledOrder
from cantine_supply.network.split import divide, fair_split
from cantine_supply.optimize.network import Delivery, build_network_model
from cantine_supply.optimize.solve import SolveOptions
from cantine_supply.planning.week import plan
from cantine_supply.problem.week import week_problem

WEEK = "w"


def _canteen(name: str, covers: int, suppliers: list[str], **terms: float) -> NetworkCanteen:
    """A canteen serving ``covers`` a carrot dish (0.2 kg each) on Tuesday, buying carrots
    from any of ``suppliers``: 5 kg packs at 10 EUR, 8 EUR from 4 packs, with ``terms``
    (fee, minimum order) for every supplier."""
    shops = [supplier(s, fee_vat_rate=0.0, **terms) for s in suppliers]
    offers = [offer(s, "carrot", 5.0, 10.0, tiers=[PriceTier(min_packs=4, price_ht=8.0)])
              for s in suppliers]
    data = catalogue(ingredients=[ingredient("carrot")],
                     recipes=[recipe("dish", {"carrot": 0.2})], suppliers=shops,
                     offers=offers, weeks=[week({week().services[0].date: ("dish", covers)})])
    return NetworkCanteen(name, name, name, data)


def _total(result: NetworkPlan, canteen: str) -> Decimal:
    return next(p.share.total for p in result.parts if p.canteen == canteen)


def test_pooling_reaches_the_price_tier_and_every_canteen_pays_less() -> None:
    # Alone: 2 packs at 10 + a 10 EUR fee each = 30 each. Pooled: 4 packs at 8 = 32 and
    # two drops at 10: 52, split 26 / 26.
    net = Network("n", [_canteen("a", 50, ["farm"], delivery_fee_ht=10.0),
                        _canteen("b", 50, ["farm"], delivery_fee_ht=10.0)])
    result = plan_network(net, WEEK)
    assert result.status.value == "optimal"
    assert result.alone == Decimal("60.00") and result.total == Decimal("52.00")
    assert [p.share.total for p in result.parts] == [Decimal("26.00"), Decimal("26.00")]
    (order,) = result.orders
    assert order.lines[0].packs == 4 and order.lines[0].price_per_pack_ht == 8.0
    assert dict(order.lines[0].split) == {"a": 2, "b": 2}
    assert order.fee_ht == Decimal("20.00")


def test_a_hub_canteen_that_gains_nothing_is_held_at_its_cost_alone() -> None:
    # a (the hub) buys 4 packs alone at the tier price: 32 + fee 10 = 42; b 1 pack: 10 +
    # fee 10 = 20. Pooled at the hub: 5 packs at 8 = 40, one fee 10, transfer to b 6 = 56.
    # In proportion to goods a would pay 32 + 8 + 4.80 = 44.80 > 42: it pays 42, b the rest.
    a = _canteen("a", 100, ["farm"], delivery_fee_ht=10.0)
    b = attrs.evolve(_canteen("b", 25, ["farm"], delivery_fee_ht=10.0), transfer_cost=6.0)
    result = plan_network(Network("n", [a, b], delivery="hub", hub="a"), WEEK)
    assert result.status.value == "optimal"
    assert (result.alone, result.total) == (Decimal("62.00"), Decimal("56.00"))
    share_a, share_b = (p.share for p in result.parts)
    assert share_a.total == share_a.alone == Decimal("42.00")
    assert share_a.adjustment == Decimal("-2.80") and share_b.adjustment == Decimal("2.80")
    assert share_b.total == Decimal("14.00") and share_b.alone == Decimal("20.00")
    assert [(c, cost) for c, _, cost in result.transfers] == [("b", Decimal("6.00"))]


def test_canteens_that_share_no_supplier_pool_at_the_sum_of_their_plans() -> None:
    net = Network("n", [_canteen("a", 50, ["farm-a"], delivery_fee_ht=10.0, min_order_ht=15),
                        _canteen("b", 70, ["farm-b"], delivery_fee_ht=4.0)])
    result = plan_network(net, WEEK)
    assert result.status.value == "optimal"
    assert result.total == result.alone == Decimal("30.00") + Decimal("34.00")
    for part in result.parts:
        assert part.share.total == part.share.alone
        assert part.share.adjustment == 0


def test_one_canteen_network_costs_what_its_week_plan_costs() -> None:
    canteen = _canteen("a", 130, ["farm", "shop"], delivery_fee_ht=7.0, min_order_ht=20)
    result = plan_network(Network("n", [canteen]), WEEK)
    alone = plan(canteen.catalogue, WEEK)
    assert alone.indicators is not None
    assert result.status.value == "optimal"
    assert result.total == alone.indicators.total_ttc


menus = st.lists(st.tuples(st.integers(5, 120), st.sampled_from(["a", "b", "c"])),
                 min_size=1, max_size=3)


@seed(20)
@settings(max_examples=15, deadline=None, derandomize=True)
@given(menus, st.sampled_from([0.0, 5.0, 12.0]), st.sampled_from([0.0, 30.0]))
def test_random_networks_split_to_the_cent_and_nobody_pays_more_than_alone(
        canteens: list[tuple[int, str]], fee: float, minimum: float) -> None:
    # Canteens buying from one or two of three suppliers (some shared, some not): the
    # split adds up to the network's total to the cent and no share exceeds alone.
    members = [_canteen(f"c{i}", covers, sorted({shop, "b"} if covers % 2 else {shop}),
                        delivery_fee_ht=fee, min_order_ht=minimum)
               for i, (covers, shop) in enumerate(canteens)]
    result = plan_network(Network("n", members), WEEK)
    assert result.status.has_plan or result.messages
    assert result.total == sum((p.share.total for p in result.parts), Decimal(0))
    assert result.total <= result.alone
    for part in result.parts:
        assert part.share.total <= part.share.alone
    if result.status.value == "optimal" and len(members) == 1:
        assert result.total == result.alone


@seed(3)
@settings(max_examples=200, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 50_000), st.integers(0, 3_000), st.integers(0, 60_000)),
                min_size=1, max_size=6))
def test_the_fair_split_keeps_every_canteen_at_or_below_alone(
        amounts: list[tuple[int, int, int]]) -> None:
    names = [f"c{i}" for i in range(len(amounts))]
    goods = {n: Decimal(g) / 100 for n, (g, _, _) in zip(names, amounts, strict=True)}
    fees = {n: Decimal(f) / 100 for n, (_, f, _) in zip(names, amounts, strict=True)}
    alone = {n: Decimal(a) / 100 for n, (_, _, a) in zip(names, amounts, strict=True)}
    zero = dict.fromkeys(names, Decimal(0))
    total = sum(goods.values()) + sum(fees.values())
    if total > sum(alone.values()):
        with pytest.raises(ValueError):
            fair_split(names, goods, fees, zero, alone)
        return
    shares = fair_split(names, goods, fees, zero, alone)
    assert sum((s.total for s in shares), Decimal(0)) == total
    assert all(s.total <= s.alone for s in shares)
    assert all(s.total == s.total.quantize(Decimal("0.01")) for s in shares)


def test_divide_splits_whole_cents_in_proportion() -> None:
    assert divide(Decimal("10.00"), [Decimal(1), Decimal(1), Decimal(1)]) == [
        Decimal("3.34"), Decimal("3.33"), Decimal("3.33")]
    assert divide(Decimal("0.05"), [Decimal(0), Decimal(2)]) == [Decimal(0), Decimal("0.05")]


def _tampered(result: NetworkPlan, **changes: object) -> NetworkPlan:
    return attrs.evolve(result, **changes)


def test_the_checks_find_a_wrong_canteen_part_a_wrong_price_and_a_wrong_split() -> None:
    net = Network("n", [_canteen("a", 50, ["farm"], delivery_fee_ht=10.0),
                        _canteen("b", 50, ["farm"], delivery_fee_ht=10.0)])
    result = plan_network(net, WEEK)
    problems = {c.id: week_problem(c.catalogue, WEEK) for c in net.canteens}
    costs = {"a": 0.0, "b": 0.0}
    assert check_network(result, problems, costs, None) == []
    part = result.parts[0]
    hungry = attrs.evolve(part.plan, servings=part.plan.servings[1:])
    parts = (attrs.evolve(part, plan=hungry), *result.parts[1:])
    assert any(f.startswith("a: ") for f in check_network(_tampered(result, parts=parts),
                                                           problems, costs, None))
    order = result.orders[0]
    cheap = attrs.evolve(order.lines[0], price_per_pack_ht=7.0)
    orders: tuple[PooledOrder, ...] = (attrs.evolve(order, lines=(cheap,)),)
    assert any("price" in f for f in check_network(_tampered(result, orders=orders),
                                                   problems, costs, None))
    greedy = attrs.evolve(part, share=attrs.evolve(part.share, adjustment=Decimal("5.00")))
    failures = check_network(_tampered(result, parts=(greedy, *result.parts[1:])), problems,
                             costs, None)
    assert any("more than alone" in f for f in failures)
    assert any("do not add up" in f for f in failures)


def test_a_network_whose_canteen_cannot_plan_alone_says_so() -> None:
    good = _canteen("a", 50, ["farm"])
    data: Catalogue = attrs.evolve(good.catalogue, offers=())
    bad = attrs.evolve(_canteen("b", 50, ["farm"]), catalogue=data)
    result = plan_network(Network("n", [good, bad]), WEEK, options=SolveOptions())
    assert not result.status.has_plan
    assert "no plan alone for b" in result.messages[0]


def test_one_offer_at_two_pooled_prices_in_a_week_is_two_lines_of_the_canteen_view() -> None:
    # Carrots keep one day. a serves Tuesday and Friday, b Tuesday only: Tuesday's pooled
    # line reaches the 4-pack tier (8 EUR), Friday's is a's alone (10 EUR).
    a = _canteen("a", 50, ["farm"])
    friday = a.catalogue.weeks[0].services[0].date + dt.timedelta(days=3)
    menu = {d: ("dish", 50) for d in (friday - dt.timedelta(days=3), friday)}
    fresh = ingredient("carrot", shelf_life_days=1)
    a = attrs.evolve(a, catalogue=attrs.evolve(a.catalogue, ingredients=[fresh],
                                                weeks=[week(menu, id=WEEK)]))
    b = _canteen("b", 50, ["farm"])
    b = attrs.evolve(b, catalogue=attrs.evolve(b.catalogue, ingredients=[fresh]))
    result = plan_network(Network("n", [a, b]), WEEK)
    assert result.status.value == "optimal"
    lines = [line for order in result.parts[0].plan.orders for line in order.lines]
    assert sorted((line.offer.split("@")[1], line.price_per_pack_ht) for line in lines) == [
        (str(friday - dt.timedelta(days=3)), 8.0), (str(friday), 10.0)]
    assert result.parts[0].share.total < result.parts[0].share.alone


def test_a_canteen_may_buy_beyond_its_own_budget_when_pooling_pays_for_it() -> None:
    # Canteen a serves potatoes (3 kg at 1.00 EUR) with a few apples (0.3 kg) and must buy
    # half its value organic: the apples, from the only organic farm (3.00 a kg, 2.00 from
    # 4 packs, delivering on Tuesdays). Alone: 1 pack at 3.00, 6.00 in all, exactly its
    # budget. Canteen b cooks 3 kg of apples: alone 4 packs at the tier price, 8.00.
    # Pooled, the apples are at 2.00 for both, so a needs 2 packs (4.00 against 3.00 of
    # potatoes): a's goods cost 7.00, above its budget, and the network 3 + 4 + 6 = 13.00
    # against 14.00 alone. The split holds a at 6.00, b pays 7.00. A cap on a's packs
    # taken from a's own budget (1 pack) would leave no pooled plan.
    def canteen(name: str, dish: str, targets: Targets, budget: Budget | None
                ) -> NetworkCanteen:
        shops = [supplier("market", fee_vat_rate=0.0),
                 supplier("farm", fee_vat_rate=0.0, delivery_weekdays=(1,))]
        offers = [offer("market", "potato", 1.0, 1.0),
                  offer("farm", "apple", 1.0, 3.0, labels=("BIO",),
                        tiers=[PriceTier(min_packs=4, price_ht=2.0)])]
        data = catalogue(
            ingredients=[ingredient("potato"), ingredient("apple")],
            recipes=[recipe("potatoes", {"potato": 0.1, "apple": 0.01}),
                     recipe("apples", {"apple": 0.1})],
            suppliers=shops, offers=offers,
            weeks=[week({TUESDAY: (dish, 30)}, targets=targets, budget=budget)])
        return NetworkCanteen(name, name, name, data)

    a = canteen("a", "potatoes", Targets(organic_share=0.5), Budget(6.0))
    b = canteen("b", "apples", Targets(), None)
    result = plan_network(Network("n", [a, b]), WEEK)
    assert result.status.value == "optimal", result.messages
    assert (result.alone, result.total) == (Decimal("14.00"), Decimal("13.00"))
    share_a, share_b = (p.share for p in result.parts)
    assert share_a.total == share_a.alone == Decimal("6.00")
    assert share_a.adjustment == Decimal("-1.00")
    assert share_b.total == Decimal("7.00")
    (apples,) = [o for o in result.orders if o.supplier == "farm"]
    assert dict(apples.lines[0].split) == {"a": 2, "b": 3}


def _meets_every_row(model: mathopt.Model, values: dict[mathopt.Variable, float]) -> bool:
    """Whether ``values`` is a plan of ``model``: every variable within its bounds (whole
    where it must be) and every row within its bounds, to 1e-6."""
    for var in model.variables():
        value = values[var]
        if not var.lower_bound - 1e-6 <= value <= var.upper_bound + 1e-6:
            return False
        if var.integer and abs(value - round(value)) > 1e-6:
            return False
    for row in model.linear_constraints():
        activity = sum(t.coefficient * values[t.variable] for t in row.terms())
        if not row.lower_bound - 1e-6 <= activity <= row.upper_bound + 1e-6:
            return False
    return True


def test_a_share_that_pooling_lowers_still_gives_a_first_pooled_plan() -> None:
    # Canteen a serves 3 kg of potatoes and 0.3 kg of apples and must buy half its value
    # organic. Potatoes: the market's, 1.00 a kg, or the coop's organic ones, 1.20. Apples:
    # only the organic farm's, 3.00 a kg, 2.00 from 4 packs, fee 0.50 below 8.00 of goods.
    # Alone a buys 3 market potatoes and 1 apple pack: 3.00 + 3.00 + 0.50 = 6.50, organic
    # 3.00 of 6.00, just enough. Canteen b cooks 4 kg of apples: 4 packs at 2.00, 8.00.
    # Put together, a's apple costs 2.00 and its fee goes: organic 2.00 of 5.00, short of
    # half, so those plans are no pooled plan. Nor is any plan on their drops only: a would
    # need 2 apple packs (3.00 + 4.00), 7.00 + 8.00 = 15.00 above the 14.50 alone. Keeping
    # both plans and letting a buy more finds one: a adds one coop potato pack (organic
    # 3.20 of 6.20), 14.20 in all, the first plan. The pooled optimum then has a buy 2
    # market and 1 coop potato: 2.00 + 1.20 + 2.00 = 5.20 (organic 3.20 of 5.20), 13.20.
    def canteen(name: str, dish: str, covers: int, targets: Targets) -> NetworkCanteen:
        shops = [supplier("market", fee_vat_rate=0.0), supplier("coop", fee_vat_rate=0.0),
                 supplier("farm", fee_vat_rate=0.0, delivery_weekdays=(1,),
                          delivery_fee_ht=0.5, free_delivery_from_ht=8.0)]
        offers = [offer("market", "potato", 1.0, 1.0),
                  offer("coop", "potato", 1.0, 1.2, labels=("BIO",)),
                  offer("farm", "apple", 1.0, 3.0, labels=("BIO",),
                        tiers=[PriceTier(min_packs=4, price_ht=2.0)])]
        data = catalogue(
            ingredients=[ingredient("potato"), ingredient("apple")],
            recipes=[recipe("potatoes", {"potato": 0.1, "apple": 0.01}),
                     recipe("apples", {"apple": 0.1})],
            suppliers=shops, offers=offers,
            weeks=[week({TUESDAY: (dish, covers)}, targets=targets)])
        return NetworkCanteen(name, name, name, data)

    net = Network("n", [canteen("a", "potatoes", 30, Targets(organic_share=0.5)),
                        canteen("b", "apples", 40, Targets())])
    alone = [plan(c.catalogue, WEEK) for c in net.canteens]
    assert [p.indicators.total_ttc for p in alone if p.indicators] == [
        Decimal("6.50"), Decimal("8.00")]
    problems = [week_problem(c.catalogue, WEEK) for c in net.canteens]
    built = build_network_model(problems, Delivery(), 14.50 + 0.05)  # plan_network's allowance
    hint = alone_start(built, alone, SolveOptions(warm_start=0.0))
    assert hint is not None
    assert _meets_every_row(built.model, hint)
    assert mathopt.evaluate_expression(built.registry.total_ttc, hint) == pytest.approx(14.20)
    result = plan_network(net, WEEK, alone=alone)
    assert result.status.value == "optimal"
    assert result.messages == ()  # no "the search started from nothing"
    assert (result.alone, result.total) == (Decimal("14.50"), Decimal("13.20"))
    assert [p.share.total <= p.share.alone for p in result.parts] == [True, True]
