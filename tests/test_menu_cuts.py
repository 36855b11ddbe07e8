"""The menu-choice rows (``optimize/menu_cuts.py``) change no optimum and raise the
relaxation: a hand-made week where the relaxation mixes two recipes, and random menu-choice
weeks solved to gap 0 with and without the rows."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.math_opt.python import mathopt

from builders import (
    MONDAY,
    TUESDAY,
    Collection,
    CollectionItem,
    StockLot,
    Targets,
    catalogue,
    ingredient,
    offer,
    recipe,
    supplier,
)
from cantine_supply.model import Catalogue, MenuCourse, MenuRules, Service, Week
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.solve import SolveOptions, solve_model
from cantine_supply.problem.week import week_problem

EXACT = SolveOptions(time_limit_s=60.0, relative_gap=0.0)
DAYS = (TUESDAY, TUESDAY + dt.timedelta(days=1), TUESDAY + dt.timedelta(days=2))


def optimum(c: Catalogue, *, menu_cuts: bool) -> float | None:
    outcome = solve_model(build_model(week_problem(c, "w"), menu_cuts=menu_cuts), EXACT)
    if outcome.status is PlanStatus.INFEASIBLE:
        return None
    assert outcome.status is PlanStatus.OPTIMAL
    assert outcome.report.objective is not None
    return outcome.report.objective


def lp_bound(c: Catalogue, *, menu_cuts: bool) -> float:
    built = build_model(week_problem(c, "w"), menu_cuts=menu_cuts)
    for variable in built.model.variables():
        variable.integer = False
    return float(mathopt.solve(built.model, mathopt.SolverType.GLOP).objective_value())


def two_dishes() -> Catalogue:
    """One main to choose for 10 covers: a chicken dish (0.15 kg of chicken a cover, from a
    butcher with a 40.00 minimum order, 1 kg at 8.00) or a lentil dish (0.2 kg of lentils,
    from a grocer with a 30.00 minimum, 5 kg at 9.00). Chicken: 2 packs, 16.00, raised to
    the minimum, 40.00; lentils: 1 sack, 9.00, raised to 30.00. The optimum is 30.00."""
    week = Week(
        id="w", name="w", order_date=MONDAY,
        services=[Service(date=TUESDAY, covers=10,
                          courses=[MenuCourse("main", ["chicken-dish", "lentil-dish"])])],
        targets=Targets(),
    )
    return catalogue(
        ingredients=[
            ingredient("chicken", protein="meat", family="VIANDES_VOLAILLES"),
            ingredient("lentils"),
        ],
        recipes=[
            recipe("chicken-dish", {"chicken": 0.15}),
            recipe("lentil-dish", {"lentils": 0.2}),
        ],
        suppliers=[supplier("butcher", min_order_ht=40.0), supplier("grocer", min_order_ht=30.0)],
        offers=[offer("butcher", "chicken", 1, 8.0), offer("grocer", "lentils", 5, 9.0)],
        weeks=[week],
    )


def test_the_relaxation_pays_for_the_recipe_it_leans_on() -> None:
    """Without the rows the relaxation can take a sliver of each order; with them, a
    fraction ``x`` of a recipe brings ``x`` of its order and so ``x`` of its minimum: the
    bound rises to the lentils' minimum order, 30.00 (the optimum is 36.00)."""
    c = two_dishes()
    plain, strong = lp_bound(c, menu_cuts=False), lp_bound(c, menu_cuts=True)
    assert plain < 29.0
    assert abs(strong - 30.0) < 0.01
    assert abs((optimum(c, menu_cuts=True) or 0) - 36.0) < 1e-3
    assert abs((optimum(c, menu_cuts=False) or 0) - 36.0) < 1e-3


@st.composite
def choice_weeks(draw: st.DrawFn) -> Catalogue:
    """1-3 services, each with a starter and a main, fixed or to choose among 2-3 recipes
    drawn from a pool sharing 4 ingredients (shelf life 1-3 days); 2-3 suppliers with
    minimum orders, fees and free-delivery thresholds, packs of several sizes; maybe stock,
    a collection round, an organic share, a meat cap, vegetarian mains, no repeats."""
    names = ("carrot", "lentils", "chicken", "leek")
    pool = {
        f"r{k}": {n: draw(st.sampled_from([0.05, 0.1, 0.2]))
                  for n in draw(st.sets(st.sampled_from(names), min_size=1, max_size=2))}
        for k in range(5)
    }
    days = DAYS[: draw(st.integers(1, 3))]
    services = []
    for day in days:
        courses = []
        for course in ("starter", "main"):
            k = draw(st.integers(1, 3))
            courses.append(MenuCourse(course, draw(st.lists(st.sampled_from(sorted(pool)),
                                                            min_size=k, max_size=k, unique=True))))
        services.append(Service(date=day, covers=draw(st.integers(5, 30)), courses=courses))
    suppliers, offers = [], []
    for k in range(draw(st.integers(2, 3))):
        fee = draw(st.sampled_from([0.0, 6.0]))
        suppliers.append(supplier(
            f"s{k}",
            min_order_ht=draw(st.sampled_from([0.0, 20.0, 40.0])),
            delivery_fee_ht=fee,
            free_delivery_from_ht=draw(st.sampled_from([None, 30.0])) if fee else None,
            delivery_weekdays=tuple(sorted(draw(st.sets(st.integers(1, 3), min_size=1)))),
        ))
    # the last supplier delivers every day without a minimum, so most weeks have a plan
    suppliers[-1] = supplier(suppliers[-1].id, delivery_fee_ht=suppliers[-1].delivery_fee_ht,
                             free_delivery_from_ht=suppliers[-1].free_delivery_from_ht)
    for n in names:
        sellers = {len(suppliers) - 1} | draw(st.sets(st.integers(0, len(suppliers) - 1),
                                                      max_size=2))
        for k in sorted(sellers):
            pack = draw(st.sampled_from([0.5, 1.0, 5.0]))
            labels = ["BIO"] if draw(st.integers(0, 3)) == 0 else []
            offers.append(offer(f"s{k}", n, pack, draw(st.integers(100, 2000)) / 100,
                                labels=labels))
    stock = [StockLot("carrot", draw(st.sampled_from([0.5, 2.0])))] if draw(st.booleans()) else []
    collections = []
    if draw(st.booleans()):
        collections.append(Collection(id="shop", name="shop", weekday=draw(st.integers(1, 3)),
                                      trip_cost=3.0,
                                      items=[CollectionItem("leek", guaranteed=1.0, expected=2.0)]))
    week = Week(
        id="w", name="w", order_date=MONDAY, services=services,
        targets=Targets(
            organic_share=draw(st.sampled_from([None, 0.2])),
            max_meat_g_per_cover=draw(st.sampled_from([None, 120.0])),
            min_vegetarian_mains=draw(st.sampled_from([None, 1])),
        ),
        menu_rules=MenuRules(no_repeat=draw(st.booleans())),
    )
    return catalogue(
        ingredients=[
            ingredient(n, shelf_life_days=draw(st.integers(1, 3)),
                       **({"protein": "meat", "family": "VIANDES_VOLAILLES"}
                          if n == "chicken" else {}))
            for n in names
        ],
        recipes=[recipe(r, lines) for r, lines in pool.items()],
        suppliers=suppliers,
        offers=offers,
        stock=stock,
        collections=collections,
        weeks=[week],
    )


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)
@given(choice_weeks())
def test_the_optimum_is_the_same_with_and_without_the_menu_rows(c: Catalogue) -> None:
    strong, plain = optimum(c, menu_cuts=True), optimum(c, menu_cuts=False)
    assert (strong is None) == (plain is None), (strong, plain)
    if strong is not None and plain is not None:
        assert abs(strong - plain) <= 1e-6 * max(1.0, abs(plain)), (strong, plain)


def test_lifted_rows_never_ask_more_packs_than_any_choice_of_menus_needs() -> None:
    """``lifted_courses`` (the other courses of a run lifted into a whole-pack row): on 3,000
    seeded random runs of 1-4 courses with 1-4 candidates each, fixed needs, stock and pack
    sizes, every choice of one candidate per course gets a right side of at most
    ``ceil((F_T − R_T + Σ q of the chosen) / Q)⁺``, the whole packs that choice needs;
    and the lifting does put other courses in (so the random weeks above, which solve
    with these rows, exercise it)."""
    import itertools
    import math
    import random

    from cantine_supply.optimize.menu_cuts import Run, lifted_courses

    rng = random.Random(22)
    lifted = 0
    for _ in range(3000):
        choices = tuple(
            (c, tuple((f"r{c}{k}", rng.choice([0.0, 0.3, 1.2, 2.5, 4.0, 6 * rng.random()]))
                      for k in range(rng.randint(1, 4))))
            for c in range(rng.randint(1, 4))
        )
        fixed, held = rng.choice([0.0, 1.0, 3.3]), rng.choice([0.0, 0.5, 2.0, 7.0])
        run = Run("i", fixed, held, ((("o", MONDAY), 1.0),), choices)
        size = rng.choice([0.5, 1.0, 2.5, 5.0])
        index, needs = choices[rng.randrange(len(choices))]
        least = {c: min(q for _, q in cands) for c, cands in choices}
        base = fixed - held + sum(q for c, q in least.items() if c != index)
        coefficients = {(c, r): k for c, r, k in lifted_courses(run, base, index, needs, size)}
        lifted += any(c != index for c, _ in coefficients)
        for combo in itertools.product(*(cands for _, cands in choices)):
            packs = max(math.ceil((fixed - held + sum(q for _, q in combo)) / size - 1e-9), 0)
            right = sum(coefficients.get((c, r), 0)
                        for (c, _), (r, _) in zip(choices, combo, strict=True))
            assert right <= packs, (choices, fixed, held, size, index, combo)
    assert lifted > 500
