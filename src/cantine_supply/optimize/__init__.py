"""The optimiser: build the week's MIP, solve it, read the decisions back."""

from cantine_supply.optimize.build import BuiltModel, Registry, build_model
from cantine_supply.optimize.solve import SOLVERS, SolveOptions, SolveOutcome, solve_model

__all__ = [
    "SOLVERS",
    "BuiltModel",
    "Registry",
    "SolveOptions",
    "SolveOutcome",
    "build_model",
    "solve_model",
]
