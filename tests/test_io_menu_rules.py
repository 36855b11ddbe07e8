"""weeks/*.toml ``[menu_rules]``: how candidate recipes may be chosen."""

from __future__ import annotations

from cantine_supply import MenuRules, load
from conftest import MINIMAL_FILES, MakeData, ProblemsOf

WEEK = '[week]\nid = "w2"\nname = "Semaine 2"\norder_date = 2026-11-23\n'  # lines 1-4
SERVICE = '\n[[service]]\ndate = 2026-11-24\ncovers = 40\nmain = ["riz"]\n'


def test_menu_rules_default_when_absent(make_data: MakeData) -> None:
    files = {"weeks/w2.toml": WEEK + SERVICE}
    rules = load(make_data(files, base=MINIMAL_FILES)).week_by_id["w2"].menu_rules
    assert rules == MenuRules(no_repeat=True, max_meat_mains=None, min_fish_mains=None)


def test_menu_rules_values(make_data: MakeData) -> None:
    section = "\n[menu_rules]\nno_repeat = false\nmax_meat_mains = 1\nmin_fish_mains = 1\n"
    files = {"weeks/w2.toml": WEEK + section + SERVICE}
    rules = load(make_data(files, base=MINIMAL_FILES)).week_by_id["w2"].menu_rules
    assert rules == MenuRules(no_repeat=False, max_meat_mains=1, min_fish_mains=1)


def test_menu_rules_errors(problems_of: ProblemsOf) -> None:
    section = "\n[menu_rules]\nmax_meat_mains = -1\nno_repet = true\n"
    problems = problems_of({"weeks/w2.toml": WEEK + section + SERVICE})
    assert any("max_meat_mains" in p for p in problems), problems
    assert any("no_repet" in p and "unknown key" in p for p in problems), problems


def test_off_season_rule(make_data: MakeData, problems_of: ProblemsOf) -> None:
    section = '\n[menu_rules]\noff_season = "penalty"\noff_season_penalty_eur_per_kg = 2.5\n'
    files = {"weeks/w2.toml": WEEK + section + SERVICE}
    rules = load(make_data(files, base=MINIMAL_FILES)).week_by_id["w2"].menu_rules
    assert (rules.off_season, rules.off_season_penalty_eur_per_kg) == ("penalty", 2.5)
    bad = '\n[menu_rules]\noff_season = "never"\n'
    problems = problems_of({"weeks/w2.toml": WEEK + bad + SERVICE})
    assert any("off_season" in p and "'forbid'" in p for p in problems), problems


def test_off_season_co2_factor(make_data: MakeData) -> None:
    section = "\n[menu_rules]\noff_season_co2_factor = 3.37\n"
    files = {"weeks/w2.toml": WEEK + section + SERVICE}
    rules = load(make_data(files, base=MINIMAL_FILES)).week_by_id["w2"].menu_rules
    assert rules.off_season_co2_factor == 3.37
