"""The public API at the top (``cantine_supply/__init__.py``): every name it lists is there,
what solves is imported on first use only, and the command line takes from it whatever it
offers (other imports of the command line are the helpers only it uses)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import cantine_supply as cs
from cantine_supply.io import load
from conftest import MakeData

ROOT = Path(__file__).resolve().parents[1]


def test_every_public_name_resolves_and_is_the_one_its_module_defines() -> None:
    from cantine_supply.planning.week import plan
    from cantine_supply.problem.week import WeekProblem
    from cantine_supply.verification.week import verify

    assert all(getattr(cs, name) is not None for name in cs.__all__)
    assert (cs.plan, cs.verify, cs.WeekProblem) == (plan, verify, WeekProblem)
    assert set(cs.__all__) <= set(dir(cs))
    assert len(set(cs.__all__)) == len(cs.__all__)


def test_importing_the_package_does_not_load_the_solver() -> None:
    probe = ("import sys, cantine_supply as cs; before = 'ortools' in sys.modules;"
             " cs.SolveOptions; print(before, 'ortools' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, check=True, cwd=ROOT)
    assert done.stdout.split() == ["False", "True"]


def test_validate_returns_every_problem_instead_of_raising(make_data: MakeData) -> None:
    good = make_data()
    bad = make_data({"ingredients.toml": "[[ingredient]]\nid = 'x'\n"})
    assert cs.validate(good) == ()
    problems = cs.validate(bad)
    assert problems and all(isinstance(p, cs.Problem) for p in problems)
    assert load(good).ingredients


def test_the_command_line_takes_from_the_public_api_whatever_it_offers() -> None:
    """An import of the command line from a module below the public API names nothing the
    public API exports (the same object): those come from ``cantine_supply`` itself."""
    offered: list[str] = []
    for path in sorted((ROOT / "src/cantine_supply/cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ImportFrom) and node.module
                    and node.module.startswith("cantine_supply.")
                    and not node.module.startswith("cantine_supply.cli")):
                module = __import__(node.module, fromlist=["_"])
                offered += [f"{path.name}: {node.module}.{a.name}" for a in node.names
                            if a.name in cs.__all__
                            and getattr(module, a.name) is getattr(cs, a.name)]
    assert offered == []
