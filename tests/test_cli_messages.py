"""Exact messages of the command line for the manager's habits: which week to plan, a
decimal comma in TOML, French weekday names; progress lines of tradeoff."""

from __future__ import annotations

from pathlib import Path

import pytest

from cantine_supply import InputError, load
from cantine_supply.cli.main import main
from cantine_supply.planning.week import plan
from conftest import VALID_FILES, MakeData

WEEK = VALID_FILES["weeks/2026-w48.toml"]
TWO_WEEKS = {"weeks/2026-w48-bis.toml": WEEK.replace('id = "2026-w48"', 'id = "2026-w48-bis"')
             .replace('name = "Semaine du 24 novembre 2026"', 'name = "Variante"')}


@pytest.mark.parametrize("command", ["plan", "report", "tradeoff"])
def test_several_weeks_and_no_week_lists_them_and_exits_2(
        make_data: MakeData, capsys: pytest.CaptureFixture[str], command: str,
        tmp_path: Path) -> None:
    folder = make_data(TWO_WEEKS)
    extra = ["--out", str(tmp_path / "out")] if command == "report" else []
    assert main([command, str(folder), *extra]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"{folder}: --week: 2 weeks to choose from, name the one to plan: 2026-w48 (Semaine du"
        " 24 novembre 2026), 2026-w48-bis (Variante)\n")
    assert captured.out == ""


def test_a_single_week_needs_no_week(make_data: MakeData,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(make_data()), "--quiet"]) in (0, 1)  # planned, targets or not


def test_the_library_plans_the_only_week_or_asks(make_data: MakeData) -> None:
    assert plan(load(make_data())).week == "2026-w48"
    with pytest.raises(InputError) as info:
        plan(load(make_data(TWO_WEEKS)))
    assert [str(p) for p in info.value.problems] == [
        "input: week: 2 weeks to choose from, name the one to plan: 2026-w48 (Semaine du 24"
        " novembre 2026), 2026-w48-bis (Variante)"]


def test_a_decimal_comma_in_toml(make_data: MakeData,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_data({"weeks/2026-w48.toml": WEEK.replace("amount = 3.20", "amount = 3,20")})
    assert main(["validate", str(folder)]) == 2
    assert capsys.readouterr().err == (
        "weeks/2026-w48.toml:8: amount: 3,20 has a decimal comma; use a decimal point: 3.20\n")


def test_french_weekdays_are_accepted_or_suggested(make_data: MakeData,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    grossiste = VALID_FILES["suppliers/grossiste.toml"]
    french = grossiste.replace('delivery_weekdays = ["mon", "thu"]',
                               'delivery_weekdays = ["lundi", "Jeudi"]')
    folder = make_data({"suppliers/grossiste.toml": french})
    assert main(["validate", str(folder), "--quiet"]) == 0
    assert load(folder).supplier_by_id["grossiste"].delivery_weekdays == (0, 3)
    typo = grossiste.replace('delivery_weekdays = ["mon", "thu"]',
                             'delivery_weekdays = ["lundi", "jeundi"]')
    assert main(["validate", str(make_data({"suppliers/grossiste.toml": typo}))]) == 2
    assert capsys.readouterr().err == (
        "suppliers/grossiste.toml:7: supplier.delivery_weekdays[2]: unknown weekday 'jeundi',"
        " did you mean 'thu' (jeudi)? (expected one of: mon, tue, wed, thu, fri, sat, sun, or"
        " a day's name in English or French: lundi, mardi...)\n")


def test_tradeoff_says_point_k_of_n(capsys: pytest.CaptureFixture[str]) -> None:
    data = Path(__file__).resolve().parents[1] / "data"
    assert main(["tradeoff", str(data), "--week", "2026-w48", "--steps", "1",
                 "--up-to", "0.34"]) == 0
    lines = [line.split("] ", 1)[1] for line in capsys.readouterr().err.splitlines()]
    assert lines == ["point 1 of 2: the cheapest plan", "point 2 of 2: organic 34%"]
