"""One composer of the week's families for one week or many (issue 16): the week alone
and a horizon of that one week hold the same rows of every family the week composes; the
parts a model leaves out are left out. One read-back and one writer of starting values."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from benchmarks.hint import hint_from
from ortools.math_opt.python import mathopt

from cantine_supply.io import load
from cantine_supply.model import Catalogue
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.compose import HORIZON_WEEK, WeekParts, compose_week
from cantine_supply.optimize.decisions import PlanStatus
from cantine_supply.optimize.horizon_build import build_horizon_model
from cantine_supply.optimize.read_back import read_decisions
from cantine_supply.optimize.registry import Registry
from cantine_supply.optimize.solve import SolveOptions, solve_model
from cantine_supply.problem.horizon_problem import horizon_problem
from cantine_supply.problem.week import week_problem

DATA = Path(__file__).resolve().parents[1] / "data"
WEEK = "2026-w48"
#: Named families the week and the horizon both compose (the horizon's own rows, lot
#: capacity over weeks, storage, horizon budget, are unnamed or named apart).
SHARED = ("cover", "one_recipe", "split", "no_repeat", "vegetarian_mains", "meat_mains",
          "fish_mains", "max_packs", "organic_share", "egalim_share", "local_share",
          "circuit_court_share", "meat_fish_egalim_share", "meat", "co2")


@pytest.fixture(scope="module")
def sample() -> Catalogue:
    return load(DATA)


def families(model: mathopt.Model) -> Counter[str]:
    """How many rows of each named family ``model`` holds (the name before ``[``)."""
    names = (re.split(r"\[", c.name)[0] for c in model.linear_constraints())
    return Counter(name for name in names if name in SHARED)


def test_a_horizon_of_one_week_composes_the_weeks_families_as_the_week_alone(
    sample: Catalogue,
) -> None:
    week = build_model(week_problem(sample, WEEK), strengthen=False)
    horizon = build_horizon_model(horizon_problem(sample, [WEEK]))
    composed = families(week.model)
    assert composed["cover"] > 0 and composed["organic_share"] == 1
    assert families(horizon.model) == composed
    # the same decisions too: one pack variable per line, one order per supplier and day
    (wreg,) = horizon.registry.weeks
    assert wreg.packs.keys() == week.registry.packs.keys()
    assert wreg.ordered.keys() == week.registry.ordered.keys()
    assert wreg.menu.keys() == week.registry.menu.keys()


def test_the_parts_a_model_leaves_out_are_left_out(sample: Catalogue) -> None:
    problem = week_problem(sample, WEEK)
    assert problem.budget is not None
    alone, horizon_week = mathopt.Model(), mathopt.Model()
    reg, hreg = Registry(), Registry()
    compose_week(alone, problem, reg, WeekParts())
    compose_week(horizon_week, problem, hreg, HORIZON_WEEK)
    assert "budget" in reg.target_constraints and "budget" not in hreg.target_constraints
    assert reg.alloc and not hreg.alloc  # the horizon serves lots across weeks itself
    assert reg.extra and not hreg.extra  # the packs put to use are week-only
    assert hreg.useful == hreg.packs
    assert alone.get_num_linear_constraints() > horizon_week.get_num_linear_constraints()


def test_the_one_writer_of_starting_values_inverts_the_one_read_back(sample: Catalogue) -> None:
    """The decisions read back from the sample week's optimal plan, written as starting
    values, give every decision variable of the registry its value in that plan (packs,
    price levels, extra packs, orders, free delivery, rounds, menu, servings)."""
    built = build_model(week_problem(sample, WEEK))
    outcome = solve_model(built, SolveOptions(time_limit_s=None))
    assert outcome.status is PlanStatus.OPTIMAL and outcome.result is not None
    decisions = read_decisions(built, outcome.result)
    reg, solution = built.registry, outcome.result.variable_values()
    values = hint_from(built, decisions)
    assert values is not None
    integers = [*reg.packs.values(), *reg.extra.values(), *reg.ordered.values(),
                *reg.free.values(), *reg.trip.values(), *reg.menu.values(),
                *(v for parts in reg.tiers.values() for use, n, _ in parts for v in (use, n))]
    assert integers and all(values[v] == round(solution[v]) for v in integers)
    assert all(values[v] == pytest.approx(solution[v], abs=1e-6) for v in reg.alloc.values())
    assert all(values[v] == pytest.approx(solution[v], abs=1e-6) for v in reg.take.values())
