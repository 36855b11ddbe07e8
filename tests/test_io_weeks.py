"""weeks/*.toml: the week, its budget and targets, services and their courses."""

from __future__ import annotations

import datetime as dt

import pytest

from cantine_supply import Budget, Course, MenuCourse, Region, Targets, load
from conftest import MINIMAL_FILES, MakeData, ProblemsOf

WEEK = '[week]\nid = "w2"\nname = "Semaine 2"\norder_date = 2026-11-23\n'  # lines 1-4
SERVICE = '\n[[service]]\ndate = 2026-11-24\ncovers = 40\nmain = "riz"\n'  # lines +1..+4


def week(*sections: str, head: str = WEEK) -> dict[str, str]:
    """weeks/w2.toml: ``head`` then ``sections`` (each starting with a blank line)."""
    return {"weeks/w2.toml": head + "".join(sections)}


def test_week_values(make_data: MakeData) -> None:
    files = week(
        '\n[budget]\namount = 3.2\nper_cover = true\nbasis = "ht"\n',
        "\n[targets]\norganic_share = 0.2\negalim_share = 0.5\nlocal_share = 0.3\n"
        "circuit_court_share = 0.4\nmeat_fish_egalim_share = 0.6\nshare_basis = \"weight\"\n"
        "max_meat_g_per_cover = 40\nmax_co2_kg_per_cover = 1.2\nmin_vegetarian_mains = 2\n",
        SERVICE,
        '\n[[service]]\ndate = 2026-11-24\nname = "dinner"\ncovers = 12\nstarter = "riz"\n'
        'main = ["riz"]\n',
        head=WEEK + 'canteen = "La Petite Cantine"\nregion = "GUYANE"\n',
    )
    w2 = load(make_data(files, base=MINIMAL_FILES)).week_by_id["w2"]
    assert (w2.name, w2.canteen, w2.order_date, w2.region) == (
        "Semaine 2",
        "La Petite Cantine",
        dt.date(2026, 11, 23),
        Region.GUYANE,
    )
    assert w2.budget == Budget(3.2, per_cover=True, basis="HT")
    assert w2.targets == Targets(0.2, 0.5, 0.3, 0.4, 0.6, "weight", 40.0, 1.2, 2)
    lunch, dinner = w2.services
    assert (lunch.date, lunch.covers, lunch.name) == (dt.date(2026, 11, 24), 40, "lunch")
    assert lunch.courses == (MenuCourse(Course.MAIN, ("riz",)),)
    assert (dinner.name, dinner.covers) == ("dinner", 12)
    assert [(c.course, c.recipes) for c in dinner.courses] == [
        (Course.STARTER, ("riz",)),
        (Course.MAIN, ("riz",)),
    ]
    assert w2.covers == 52


def test_week_defaults(make_data: MakeData) -> None:
    w2 = load(make_data(week(SERVICE), base=MINIMAL_FILES)).week_by_id["w2"]
    assert (w2.canteen, w2.region, w2.budget, w2.targets) == ("", Region.METROPOLE, None, Targets())


def test_budget_for_the_whole_week(make_data: MakeData) -> None:
    files = week("\n[budget]\namount = 150\nper_cover = false\n", SERVICE)
    assert load(make_data(files, base=MINIMAL_FILES)).week_by_id["w2"].budget == Budget(150.0)


TARGET_KEYS = (
    "organic_share, egalim_share, local_share, circuit_court_share, meat_fish_egalim_share,"
    " share_basis, max_meat_g_per_cover, max_co2_kg_per_cover, min_vegetarian_mains"
)


@pytest.mark.parametrize(
    ("sections", "problem"),
    [
        (
            ["\n[budget]\namount = 3.2\n"],
            "6: budget.per_cover: missing required key",
        ),
        (
            ['\n[budget]\namount = 3.2\nper_cover = "yes"\n'],
            "8: budget.per_cover: expected true or false, got 'yes'",
        ),
        (
            ['\n[budget]\namount = -3\nper_cover = true\n'],
            "7: budget.amount: must be >= 0, got -3",
        ),
        (
            ['\n[budget]\namount = 3\nper_cover = true\nbasis = "brut"\n'],
            "9: budget.basis: expected 'TTC' or 'HT', got 'brut'",
        ),
        (
            ["\n[targets]\norganic_share = 30\n"],
            "7: targets.organic_share: must be a share between 0 and 1 (0.3 means 30%), got 30",
        ),
        (
            ['\n[targets]\nshare_basis = "poids"\n'],
            "7: targets.share_basis: expected 'value' or 'weight', got 'poids'",
        ),
        (
            ["\n[targets]\nmin_vegetarian_mains = 1.5\n"],
            "7: targets.min_vegetarian_mains: expected a whole number, got 1.5",
        ),
        (
            ["\n[targets]\nmax_meat_g_per_cover = -40\n"],
            "7: targets.max_meat_g_per_cover: must be >= 0, got -40",
        ),
        (
            ["\n[targets]\norganic = 0.3\n"],
            "7: targets.organic: unknown key 'organic', did you mean 'organic_share'?"
            f" (expected one of: {TARGET_KEYS})",
        ),
    ],
)
def test_bad_budget_and_targets(
    problems_of: ProblemsOf, sections: list[str], problem: str
) -> None:
    assert problems_of(week(*sections, SERVICE)) == [f"weeks/w2.toml:{problem}"]


SERVICE_KEYS = "date, covers, name, starter, main, dessert, other"


@pytest.mark.parametrize(
    ("service", "problem"),
    [
        (SERVICE.replace("covers = 40", "covers = 0"), "8: service[1].covers: must be >= 1, got 0"),
        (
            SERVICE.replace("2026-11-24", "2026-11-20"),
            "7: service[1].date: must be on or after the order date 2026-11-23, got 2026-11-20",
        ),
        (SERVICE.replace("date = 2026-11-24\n", ""), "6: service[1].date: missing required key"),
        (
            SERVICE.replace('main = "riz"', ""),
            "6: service[1]: a service needs at least one course (starter, main, dessert, other)",
        ),
        (
            SERVICE.replace('"riz"', "[]"),
            "9: service[1].main: expected a recipe id or a non-empty list of recipe ids, got []",
        ),
        (
            SERVICE.replace('"riz"', "3"),
            "9: service[1].main: expected a recipe id or a non-empty list of recipe ids, got 3",
        ),
        (SERVICE.replace('"riz"', '["riz", "riz"]'), "9: service[1].main: 'riz' is listed twice"),
        (SERVICE.replace('"riz"', '""'), "9: service[1].main: a recipe id must not be empty"),
        (
            SERVICE.replace("main =", "plat ="),
            f"9: service[1].plat: unknown key 'plat' (expected one of: {SERVICE_KEYS})",
        ),
        (
            SERVICE.replace('main = "riz"', 'dessert = "riz-au-lait"'),
            "9: service[1].dessert: unknown recipe 'riz-au-lait'",
        ),
        (
            SERVICE.replace('"riz"', '["riz", "rizz"]'),
            "9: service[1].main: unknown recipe 'rizz', did you mean 'riz'?",
        ),
        (
            SERVICE + SERVICE.replace("covers = 40", "covers = 10"),
            "12: service[2].date: service[1] is already a 'lunch' service on 2026-11-24",
        ),
    ],
)
def test_bad_services(problems_of: ProblemsOf, service: str, problem: str) -> None:
    assert problems_of(week(service)) == [f"weeks/w2.toml:{problem}"]


@pytest.mark.parametrize(
    ("head", "problems"),
    [
        (
            'id = "w2"\n',
            [
                "weeks/w2.toml: week: missing required table [week]",
                "weeks/w2.toml:1: id: unknown key 'id'"
                " (expected one of: week, budget, targets, service, menu_rules, recourse)",
            ],
        ),
        ("", ["weeks/w2.toml: week: missing required table [week]"]),
        (
            WEEK.replace("2026-11-23", '"2026-11-23"'),
            [
                "weeks/w2.toml:4: week.order_date: expected a date like 2026-11-24"
                " (without quotes), got '2026-11-23'"
            ],
        ),
        (
            WEEK + 'region = "REUNION"\n',
            [
                "weeks/w2.toml:5: week.region: unknown region 'REUNION', did you mean"
                " 'LA_REUNION'? (expected one of: METROPOLE, GUADELOUPE, MARTINIQUE, GUYANE,"
                " LA_REUNION, SAINT_MARTIN, MAYOTTE, SAINT_PIERRE_ET_MIQUELON)"
            ],
        ),
        (
            WEEK.replace('name = "Semaine 2"\n', ""),
            ["weeks/w2.toml:1: week.name: missing required key"],
        ),
    ],
)
def test_bad_week_table(problems_of: ProblemsOf, head: str, problems: list[str]) -> None:
    assert problems_of(week(SERVICE, head=head)) == problems


def test_a_week_needs_services(problems_of: ProblemsOf) -> None:
    assert problems_of(week()) == ["weeks/w2.toml: service: needs at least one [[service]] table"]


def test_duplicate_week_id(problems_of: ProblemsOf) -> None:
    assert problems_of(week(SERVICE, head=WEEK.replace('"w2"', '"w1"'))) == [
        "weeks/w2.toml:2: week.id: duplicate week id 'w1', already used at weeks/w1.toml:2"
        " (week.id)"
    ]


def test_a_recipe_needing_an_ingredient_nobody_provides(problems_of: ProblemsOf) -> None:
    files = {
        "ingredients.toml": MINIMAL_FILES["ingredients.toml"]
        + '\n[[ingredient]]\nid = "salt"\nname = "Sel"\nfamily = "AUTRES"\nprotein = "plant"\n'
        'unit = "kg"\nco2_kg_per_kg = 0.2\nshelf_life_days = 999\n',
        "recipes/riz.toml": MINIMAL_FILES["recipes/riz.toml"]
        + '\n[[line]]\ningredient = "salt"\nquantity = "1 g"\n',
    }
    assert problems_of(files) == [
        "weeks/w1.toml:9: service[1].main: riz needs 'salt', which no supplier, collection or"
        " stock provides"
    ]


def test_no_needs_problem_when_the_only_offer_failed(problems_of: ProblemsOf) -> None:
    supplier = MINIMAL_FILES["suppliers/grossiste.toml"].replace("9.5", "-9.5")
    assert problems_of({"suppliers/grossiste.toml": supplier}) == [
        "suppliers/grossiste.toml:14: offer[1].price_ht: must be > 0, got -9.5"
    ]
