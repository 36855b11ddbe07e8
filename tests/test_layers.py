"""tools/layers.py: imports against the layer order, cycles and unplaced modules fail."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

TOOLS = Path(__file__).resolve().parents[1] / "tools" / "layers.py"


def _layers() -> ModuleType:
    spec = importlib.util.spec_from_file_location("layers_tool", TOOLS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["layers_tool"] = module
    spec.loader.exec_module(module)
    return module


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "cantine_supply"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_package_has_no_new_import_against_the_flow() -> None:
    failures, _ = _layers().check()
    assert failures == []


def test_an_import_against_the_flow_a_lazy_one_included_fails(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "__init__.py": "",
        "model/__init__.py": "",
        "model/week.py": "def f():\n    from cantine_supply.optimize import build\n",
        "optimize/__init__.py": "",
        "optimize/build.py": "from cantine_supply.model.week import f\n",
    })
    failures, debt = _layers().check(root, frozenset(), frozenset())
    assert "model.week (model) imports optimize.build (optimize), against the flow" in failures
    assert "import cycle: model.week -> optimize.build" in failures
    assert debt == []


def test_known_debt_is_reported_and_a_stale_entry_fails(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "__init__.py": "",
        "io/__init__.py": "from cantine_supply.plans.plan import Plan\n",
        "plans/__init__.py": "",
        "plans/plan.py": "",
    })
    tool = _layers()
    failures, debt = tool.check(root, frozenset({("io", "plans.plan"), ("io", "report")}),
                                frozenset())
    assert debt == ["io (io) imports plans.plan (plan), against the flow"]
    assert failures == ["KNOWN lists io -> report, which no longer occurs: delete the entry"]


def test_a_module_no_layer_claims_fails(tmp_path: Path) -> None:
    root = _package(tmp_path, {"__init__.py": "", "gadget.py": ""})
    failures, _ = _layers().check(root, frozenset(), frozenset())
    assert failures == ["gadget: no layer claims this module (add it to LAYERS)"]
