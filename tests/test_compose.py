"""One composer of the week's families for one week or many (issue 16): the week alone
and a horizon of that one week hold the same rows of every family the week composes; the
parts a model leaves out are left out."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from ortools.math_opt.python import mathopt

from cantine_supply.io import load
from cantine_supply.model import Catalogue
from cantine_supply.optimize.build import build_model
from cantine_supply.optimize.compose import HORIZON_WEEK, WeekParts, compose_week
from cantine_supply.optimize.horizon_build import build_horizon_model
from cantine_supply.optimize.registry import Registry
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
