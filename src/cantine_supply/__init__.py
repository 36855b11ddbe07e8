"""cantine_supply: weekly shopping plans for participatory neighbourhood canteens.

The public API, in the order data flows through it (``import cantine_supply as cs``)::

    catalogue = cs.load("data")                  # files -> the domain model
    result = cs.plan(catalogue, "2026-w48")       # least cost; verified before returned
    problem = cs.week_problem(catalogue, "2026-w48")
    assert cs.verify(problem, result) == []
    cs.write_outputs(problem, result, "out/w48")  # order forms, report, ma cantine file

- :func:`load` reads a data folder (see ``docs/data-format.md``) or a data workbook
  (``.xlsx``, ``docs/workbook.md``; :func:`write_workbook` writes one) into a
  :class:`Catalogue`, converting every quantity to its ingredient's base unit and checking
  every value and cross-reference; bad input raises one :class:`InputError` listing every
  :class:`Problem` (:func:`validate` returns them instead, for a folder or for a
  :class:`Catalogue` built in code). :func:`find_horizon`,
  :func:`load_storage` and :func:`load_network` read a horizon, storage capacities, a
  network of canteens; :func:`load_folder` reads a folder once into a :class:`DataFolder`:
  its catalogue with the storage capacities and horizons that ``load`` checks.
- The domain model (:class:`Ingredient`, :class:`Recipe`, :class:`Supplier`,
  :class:`Offer`, :class:`Week`...) is made of frozen attrs classes; :data:`TARGETS` is the
  one table of targets.
- :func:`plan` plans a week (:func:`week_to_plan`: the only week when none is named),
  :func:`plan_horizon` several weeks together, :func:`plan_many` many weeks side by side,
  :func:`plan_uncertain` a week over uncertain collections, :func:`plan_network` a network's
  week with pooled orders; :func:`tradeoff` draws least
  cost against one target; :func:`diagnose` says why a week has no plan; :func:`verify`
  checks a plan with its own arithmetic; :func:`write_outputs` writes its files
  (:func:`write_horizon_outputs` a horizon's, :func:`write_network_outputs` a network's).
  They return a :class:`Plan`, a :class:`HorizonPlan`, a :class:`NetworkPlan`, a
  :class:`TradeoffCurve`, or one :class:`JobResult` per :class:`PlanJob`.

Everything that solves is imported on first use (``cs.plan``...), so that ``import
cantine_supply`` and the command line's ``--help`` do not load the solver.
Every error raised on purpose derives from :class:`CantineSupplyError`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cantine_supply.errors import (
    CantineSupplyError,
    InputError,
    NoPlanError,
    Problem,
    SolveInterrupted,
    VerificationError,
)
from cantine_supply.model import (
    Budget,
    Catalogue,
    Collection,
    CollectionItem,
    Course,
    Family,
    GroupOption,
    Ingredient,
    IngredientGroup,
    Label,
    LocalDefinition,
    Locality,
    MenuCourse,
    MenuRules,
    Offer,
    Origin,
    PriceTier,
    ProteinClass,
    Recipe,
    RecipeLine,
    Recourse,
    Region,
    Service,
    StockLot,
    Storage,
    Supplier,
    SupplierKind,
    Targets,
    Week,
)
from cantine_supply.model.horizon import StorageCapacity
from cantine_supply.model.targets import TARGETS, TargetKind
from cantine_supply.version import __version__ as __version__

#: What solves, or needs the week's problem: public name -> the module that defines it,
#: imported on first use.
_ON_FIRST_USE = {
    "load": "cantine_supply.io",
    "load_folder": "cantine_supply.io",
    "validate": "cantine_supply.io",
    "write_workbook": "cantine_supply.io",
    "DataFolder": "cantine_supply.io",
    "plan": "cantine_supply.planning.week",
    "plan_horizon": "cantine_supply.planning.horizon",
    "plan_many": "cantine_supply.planning.batch",
    "plan_uncertain": "cantine_supply.planning.uncertain",
    "tradeoff": "cantine_supply.planning.tradeoff",
    "diagnose": "cantine_supply.planning.diagnose",
    "verify": "cantine_supply.verification.week",
    "write_outputs": "cantine_supply.report.outputs",
    "OutputError": "cantine_supply.report.out_folder",
    "SolveOptions": "cantine_supply.optimize.solve",
    "PlanStatus": "cantine_supply.optimize.decisions",
    "Plan": "cantine_supply.plans.plan",
    "WeekProblem": "cantine_supply.problem.week",
    "week_problem": "cantine_supply.problem.week",
    "week_to_plan": "cantine_supply.problem.week_choice",
    "find_horizon": "cantine_supply.io.horizons",
    "load_storage": "cantine_supply.io.storage",
    "load_network": "cantine_supply.io.network",
    "plan_network": "cantine_supply.network",
    "NetworkPlan": "cantine_supply.network",
    "HorizonPlan": "cantine_supply.planning.horizon_plan",
    "TradeoffCurve": "cantine_supply.planning.tradeoff",
    "PlanJob": "cantine_supply.planning.batch",
    "JobResult": "cantine_supply.planning.batch",
    "write_network_outputs": "cantine_supply.report.network",
    "write_horizon_outputs": "cantine_supply.report.horizon",
    "solver_prints_to_stderr": "cantine_supply.optimize.solver_output",
}

if TYPE_CHECKING:
    from cantine_supply.io import DataFolder, load, load_folder, validate, write_workbook
    from cantine_supply.io.horizons import find_horizon
    from cantine_supply.io.network import load_network
    from cantine_supply.io.storage import load_storage
    from cantine_supply.network import NetworkPlan, plan_network
    from cantine_supply.optimize.decisions import PlanStatus
    from cantine_supply.optimize.solve import SolveOptions
    from cantine_supply.optimize.solver_output import solver_prints_to_stderr
    from cantine_supply.planning.batch import JobResult, PlanJob, plan_many
    from cantine_supply.planning.diagnose import diagnose
    from cantine_supply.planning.horizon import plan_horizon
    from cantine_supply.planning.horizon_plan import HorizonPlan
    from cantine_supply.planning.tradeoff import TradeoffCurve, tradeoff
    from cantine_supply.planning.uncertain import plan_uncertain
    from cantine_supply.planning.week import plan
    from cantine_supply.plans.plan import Plan
    from cantine_supply.problem.week import WeekProblem, week_problem
    from cantine_supply.problem.week_choice import week_to_plan
    from cantine_supply.report.horizon import write_horizon_outputs
    from cantine_supply.report.network import write_network_outputs
    from cantine_supply.report.out_folder import OutputError
    from cantine_supply.report.outputs import write_outputs
    from cantine_supply.verification.week import verify


def __getattr__(name: str) -> Any:
    """The solving part of the API, imported when first asked for (PEP 562)."""
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module 'cantine_supply' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_ON_FIRST_USE))


__all__ = [
    # loading
    "load",
    "load_folder",
    "DataFolder",
    "validate",
    "write_workbook",
    "find_horizon",
    "load_storage",
    "load_network",
    # planning, checking, writing
    "plan",
    "plan_horizon",
    "plan_many",
    "plan_uncertain",
    "plan_network",
    "tradeoff",
    "diagnose",
    "verify",
    "write_outputs",
    "write_network_outputs",
    "write_horizon_outputs",
    "solver_prints_to_stderr",
    "week_problem",
    "week_to_plan",
    "SolveOptions",
    "PlanStatus",
    "Plan",
    "WeekProblem",
    # what the planners return, and a job of plan_many
    "HorizonPlan",
    "NetworkPlan",
    "TradeoffCurve",
    "PlanJob",
    "JobResult",
    "TARGETS",
    "TargetKind",
    # errors
    "CantineSupplyError",
    "InputError",
    "NoPlanError",
    "OutputError",
    "Problem",
    "SolveInterrupted",
    "VerificationError",
    # model
    "Budget",
    "Catalogue",
    "Collection",
    "CollectionItem",
    "Course",
    "Family",
    "GroupOption",
    "Ingredient",
    "IngredientGroup",
    "Label",
    "LocalDefinition",
    "Locality",
    "MenuCourse",
    "MenuRules",
    "Offer",
    "Origin",
    "PriceTier",
    "ProteinClass",
    "Recipe",
    "RecipeLine",
    "Recourse",
    "Region",
    "Service",
    "StockLot",
    "Storage",
    "StorageCapacity",
    "Supplier",
    "SupplierKind",
    "Targets",
    "Week",
]
