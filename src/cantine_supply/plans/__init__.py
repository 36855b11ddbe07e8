"""The plan layer: the plan the manager gets (orders, collections, uses, indicators),
assembled from the solver's decisions, and its JSON.

Importing the layer registers the plan's JSON form (:mod:`cantine_supply.plans.plan_json`)
in the one converter (:mod:`cantine_supply.plans.to_json`), so ``Plan.to_json()`` works
wherever a plan comes from.
"""

from cantine_supply.plans import plan_json as plan_json
