"""The optimiser: build the MIP of one week or several, solve it, read the decisions back.

Import the modules themselves (:mod:`~cantine_supply.optimize.build`,
:mod:`~cantine_supply.optimize.solve`, ...): this package imports nothing, so that
importing the plan layer's types (:mod:`~cantine_supply.optimize.decisions`) does not
load the solver.
"""
