"""Uncertain collection quantities and a week's recourse in the data files: loading, clear
errors (file, field, line), the CLI and the JSON schema."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from cantine_supply.cli.main import main
from cantine_supply.io import load
from conftest import MINIMAL_FILES, VALID_FILES, MakeData, ProblemsOf

ITEM = """\
[[collection]]
id = "biocoop-mardi"
name = "Invendus Biocoop"
weekday = "tue"

[[collection.item]]
ingredient = "carrot"
guaranteed = "3 kg"
expected = "6 kg"
"""

RECOURSE = """
[recourse]
supplier = "ferme"
trip_cost = 4.0
in_expectation = ["budget"]
scenarios = 3
seed = 7
"""


def test_range_history_and_recourse_load_in_base_units(make_data: MakeData) -> None:
    folder = make_data({
        "collections.toml": ITEM + 'maximum = "9000 g"\nhistory = ["2 kg", "0 kg", "500 g"]\n',
        "weeks/2026-w48.toml": VALID_FILES["weeks/2026-w48.toml"] + RECOURSE,
    })
    catalogue = load(folder)
    item = catalogue.collections[0].items[0]
    assert (item.guaranteed, item.expected, item.maximum, item.history) == (
        3.0, 6.0, 9.0, (2.0, 0.0, 0.5))
    recourse = catalogue.weeks[0].recourse
    assert recourse is not None
    assert (recourse.supplier, recourse.trip_cost, recourse.in_expectation,
            recourse.scenarios, recourse.seed) == ("ferme", 4.0, ("budget",), 3, 7)


@pytest.mark.parametrize(("extra", "problem"), [
    ('maximum = "5 kg"\n',
     "collections.toml:10: collection[1].item[1].maximum: must be at least the expected"
     " quantity ('6 kg'), got '5 kg'"),
    ('history = ["2 kg", "2 kgs"]\n',
     "collections.toml:10: collection[1].item[1].history[2]: unknown unit 'kgs', did you"
     " mean 'kg'? (expected one of: g, kg, mg, ml, cl, dl, L, piece, dozen, bunch, can, jar)"),
    ("history = []\n",
     "collections.toml:10: collection[1].item[1].history: expected a non-empty list like"
     ' ["4 kg", "0 kg"], got []'),
])
def test_bad_ranges_and_histories_name_file_field_and_line(
        problems_of: ProblemsOf, extra: str, problem: str) -> None:
    assert problems_of({"collections.toml": ITEM + extra}, base=VALID_FILES) == [problem]


def test_bad_recourse_names_file_field_and_line(problems_of: ProblemsOf) -> None:
    week = VALID_FILES["weeks/2026-w48.toml"]
    bad_supplier = week + RECOURSE.replace('"ferme"', '"ferm"')
    assert problems_of({"weeks/2026-w48.toml": bad_supplier}, base=VALID_FILES) == [
        "weeks/2026-w48.toml:23: recourse.supplier: recourse shop: unknown supplier 'ferm',"
        " did you mean 'ferme'?"]
    bad_target = week + RECOURSE.replace('["budget"]', '["organic"]')
    assert problems_of({"weeks/2026-w48.toml": bad_target}, base=VALID_FILES) == [
        "weeks/2026-w48.toml:25: recourse.in_expectation: names unknown targets ['organic'];"
        " expected some of budget, organic_share, egalim_share, local_share,"
        " circuit_court_share, meat_fish_egalim_share, max_meat_g_per_cover,"
        " max_co2_kg_per_cover"]


def test_plan_scenarios_json_fits_the_schema_and_prints_the_recourse_table(
        make_data: MakeData, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The minimal week (30 covers of rice, Thursday) with a round on Tuesday that brings
    0 to 3 kg of rice and the wholesaler as the recourse shop."""
    folder = make_data({
        "collections.toml": """\
[[collection]]
id = "epicerie"
name = "Épicerie solidaire"
weekday = "tue"

[[collection.item]]
ingredient = "rice"
guaranteed = "0 kg"
expected = "1 kg"
maximum = "3 kg"
""",
        "weeks/w1.toml": MINIMAL_FILES["weeks/w1.toml"]
        + '\n[recourse]\nsupplier = "grossiste"\ntrip_cost = 3.0\n',
    }, base=MINIMAL_FILES)
    code = main(["plan", str(folder), "--week", "w1", "--scenarios", "3", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    schema = json.loads(resources.files("cantine_supply").joinpath(
        "schema/plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    part = data["scenarios"]
    assert [s["name"] for s in part["scenarios"]] == ["low", "expected", "high"]
    assert sum(s["probability"] for s in part["scenarios"]) == pytest.approx(1.0)
    assert part["expected_total_ttc"] == pytest.approx(
        sum(s["probability"] * s["total_ttc"] for s in part["scenarios"]), abs=0.005)
    for lang, header in (("en", "If a collection brings less"),
                         ("fr", "Si une collecte apporte moins")):
        out = tmp_path / lang
        assert main(["plan", str(folder), "--week", "w1", "--scenarios", "3", "--lang", lang,
                     "--out", str(out)]) == 0
        assert header in capsys.readouterr().out
        assert header in (out / "recourse.html").read_text(encoding="utf-8")


def test_plan_scenarios_out_never_replaces_a_folder(
        make_data: MakeData, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = make_data(base=MINIMAL_FILES)
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    assert main(["plan", str(folder), "--week", "w1", "--scenarios", "2", "--out", str(out),
                 "--force"]) == 2
    assert "exists" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
