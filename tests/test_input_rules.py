"""Input read once, checked once (issue 16): the library enforces the rules of the files.

Weeks planned together are consecutive whether they come from a horizon file or from a
call; a catalogue built in code is checked by ``validate`` and a dangling reference is an
:class:`InputError` (never a ``KeyError``); the default week is the only one, else the
caller names it, in the library and on every command.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from builders import catalogue, ingredient, offer, recipe, supplier, week
from cantine_supply import InputError, load, validate
from cantine_supply.cli.main import main
from cantine_supply.model import Catalogue
from cantine_supply.planning.horizon import plan_horizon, plan_week_by_week
from cantine_supply.planning.tradeoff import tradeoff
from cantine_supply.planning.week import plan
from cantine_supply.problem.horizon_problem import horizon_problem
from cantine_supply.problem.week import week_problem
from conftest import VALID_FILES, MakeData

SAMPLE = Path("data")
GAP = ["2026-w48", "2026-w50"]  # w49 left out


@pytest.fixture(scope="module")
def sample() -> Catalogue:
    return load(SAMPLE)


def _consecutive_problem(caught: pytest.ExceptionInfo[InputError]) -> None:
    [problem] = caught.value.problems
    assert problem.field == "weeks[2]"
    assert problem.message == (
        "weeks must be consecutive: '2026-w50' (first service 2026-12-08) is not the calendar"
        " week after '2026-w48' (first service 2026-11-24)")


def test_horizon_problem_refuses_weeks_that_are_not_consecutive(sample: Catalogue) -> None:
    with pytest.raises(InputError) as caught:
        horizon_problem(sample, GAP)
    _consecutive_problem(caught)


def test_plan_horizon_refuses_weeks_that_are_not_consecutive(sample: Catalogue) -> None:
    """Before any solve: the same message as a horizon file's (``horizon.weeks[2]``)."""
    with pytest.raises(InputError) as caught:
        plan_horizon(sample, GAP, compare=False)
    _consecutive_problem(caught)
    with pytest.raises(InputError) as caught:
        plan_week_by_week(sample, GAP)
    _consecutive_problem(caught)


def test_a_week_and_its_variant_are_not_consecutive(sample: Catalogue) -> None:
    with pytest.raises(InputError) as caught:
        horizon_problem(sample, ["2026-w48", "2026-w48-choice"])
    assert "weeks must be consecutive" in caught.value.problems[0].message


def test_the_horizon_command_refuses_weeks_that_are_not_consecutive(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["horizon", str(SAMPLE), "--weeks", ",".join(GAP), "--no-compare"]) == 2
    assert "weeks[2]: weeks must be consecutive" in capsys.readouterr().err


def _lentil_week(menu_recipe: str) -> Catalogue:
    return catalogue(
        ingredients=[ingredient("lentils")],
        recipes=[recipe("dal", {"lentils": 0.1})],
        suppliers=[supplier("farm")],
        offers=[offer("farm", "lentils", 5, 10.0)],
        weeks=[week({week().services[0].date: (menu_recipe, 10)})],
    )


def test_validate_finds_no_problem_in_a_sound_catalogue() -> None:
    sound = _lentil_week("dal")
    assert validate(sound) == ()


def test_a_dangling_reference_is_an_input_error_not_a_key_error() -> None:
    """A week serving a recipe the catalogue lacks: ``validate`` names it, ``week_problem``
    and ``plan`` raise an InputError naming the week and the recipe."""
    dangling = _lentil_week("soup")
    expected = "(data): week w: 2026-11-24: unknown recipe 'soup'"
    assert [str(p) for p in validate(dangling)] == [expected]
    for call in (lambda c: week_problem(c, "w"), plan):
        with pytest.raises(InputError) as caught:
            call(dangling)
        assert [str(p) for p in caught.value.problems] == [expected]


def test_validate_names_every_problem_of_a_catalogue_built_in_code() -> None:
    sound = _lentil_week("dal")
    broken = attrs.evolve(sound, offers=[*sound.offers, offer("market", "rice", 1, 2.0)],
                          recipes=[*sound.recipes, recipe("dal", {"lentils": 0.2})])
    assert sorted(str(p) for p in validate(broken)) == [
        "(data): offer market/rice-1: unknown ingredient 'rice'",
        "(data): offer market/rice-1: unknown supplier 'market'",
        "(data): recipe dal: duplicate recipe id 'dal'",
    ]


TWO_WEEKS = {"weeks/2026-w48-bis.toml": VALID_FILES["weeks/2026-w48.toml"]
             .replace('id = "2026-w48"', 'id = "2026-w48-bis"')
             .replace('name = "Semaine du 24 novembre 2026"', 'name = "Variante"')}
CHOOSE = ("2 weeks to choose from, name the one to plan: 2026-w48 (Semaine du 24 novembre"
          " 2026), 2026-w48-bis (Variante)")


def test_the_trade_off_plans_the_only_week_or_asks(make_data: MakeData) -> None:
    with pytest.raises(InputError) as caught:
        tradeoff(load(make_data(TWO_WEEKS)), steps=1)
    assert [str(p) for p in caught.value.problems] == [f"input: week: {CHOOSE}"]


def test_plan_with_scenarios_names_the_weeks_to_choose_from(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    """``plan --scenarios`` used to plan the first file's week; it asks like ``plan``."""
    folder = make_data(TWO_WEEKS)
    assert main(["plan", str(folder), "--scenarios", "2"]) == 2
    assert capsys.readouterr().err == f"{folder}: --week: {CHOOSE}\n"
