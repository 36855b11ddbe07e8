"""The one JSON converter: its rules per kind of value, its hooks, and that every result
type's ``to_json()`` goes through it (the bytes themselves: test_determinism, the schema
tests and the output tests)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from importlib.resources import files

import attrs
import pytest

from cantine_supply.network.result import NetworkPlan
from cantine_supply.optimize.decisions import PlanStatus, SolverReport
from cantine_supply.planning.batch import JobResult
from cantine_supply.planning.horizon import HorizonPlan
from cantine_supply.planning.horizon_bulk import BulkLine
from cantine_supply.planning.tradeoff import TradeoffCurve
from cantine_supply.plans.plan import Plan
from cantine_supply.plans.to_json import SCHEMA_VERSION, Converter, converter, dumps, rounded
from cantine_supply.plans.uncertain import UncertainPlan


@attrs.frozen
class Delivery:
    day: dt.date
    total_ht: Decimal
    kg: float


def test_each_kind_of_value_has_one_rule() -> None:
    data = {"status": PlanStatus.OPTIMAL, "money": Decimal("12.30"), "day": dt.date(2026, 11, 24),
            "labels": ("bio", "local"), "nested": [{"none": None, "n": 3, "yes": True}]}
    assert converter.unstructure(data) == {
        "status": "optimal", "money": 12.3, "day": "2026-11-24", "labels": ["bio", "local"],
        "nested": [{"none": None, "n": 3, "yes": True}]}
    assert rounded(1 / 3) == 0.333333 and rounded(None) is None


def test_a_hook_gives_the_keys_and_the_converter_finishes_the_values() -> None:
    own = Converter()

    @own.register(Delivery)
    def _delivery(d: Delivery) -> dict[str, object]:
        return {"day": d.day, "total_ht": d.total_ht, "kg": rounded(d.kg)}

    value = [Delivery(dt.date(2026, 11, 24), Decimal("7.05"), 2.0000004)]
    assert own.unstructure(value) == [{"day": "2026-11-24", "total_ht": 7.05, "kg": 2.0}]
    with pytest.raises(ValueError, match="already has a JSON hook"):
        own.register(Delivery)(_delivery)
    with pytest.raises(TypeError, match="no JSON form for Delivery"):
        converter.unstructure(value)  # the library's converter has no hook for it


def test_the_solver_report_is_written_once_for_every_plan() -> None:
    report = SolverReport("scip", "optimal", 1.23456, 0.0000001, 351.1234567, None)
    assert dumps({"solver": report}) == (
        '{\n  "solver": {\n    "name": "scip",\n    "termination": "optimal",\n'
        '    "time_s": 1.235,\n    "gap": 0.0,\n    "bound": 351.123457,\n'
        '    "objective": null\n  }\n}\n')


def test_every_result_with_to_json_has_a_hook() -> None:
    for cls in (Plan, UncertainPlan, HorizonPlan, BulkLine, TradeoffCurve, JobResult,
                NetworkPlan):
        assert converter.knows(cls), cls.__name__
    schema = json.loads((files("cantine_supply") / "schema" / "plan.schema.json")
                        .read_text(encoding="utf-8"))
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_the_plan_hook_is_there_whatever_is_imported_first() -> None:
    code = ("from cantine_supply.plans.plan import Plan\n"
            "from cantine_supply.plans.to_json import converter\n"
            "assert converter.knows(Plan)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
