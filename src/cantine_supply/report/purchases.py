"""A plan's order lines as :class:`~cantine_supply.report.egalim.Purchase` records.

These feed the EGalim indicators (:func:`~cantine_supply.report.egalim.egalim_indicators`)
and the ma cantine import file (:func:`~cantine_supply.report.macantine.write_macantine_csv`).
"""

from __future__ import annotations

import datetime as dt

from cantine_supply.model.codes import LocalDefinition
from cantine_supply.plans.plan import Plan
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report.egalim import Purchase
from cantine_supply.units import count_up


def plan_purchases(problem: WeekProblem, plan: Plan) -> list[Purchase]:
    """One purchase per order line of ``plan``, in the plan's order.

    description = product; supplier = the supplier's name; date = delivery date; value =
    the line's total EUR HT (delivery fees are not purchases of food and are left out, as
    are collected unsold food and stock); family from the ingredient; labels and origin
    from the offer; circuit court when the supplier has at most one intermediary; local
    from the supplier's :class:`~cantine_supply.model.supplier.Locality`. A ``KM``
    distance is rounded up to whole km (ma cantine stores whole km, and "within 13 km"
    stays true of a supplier 12.5 km away).
    """
    purchases = []
    for order in plan.orders:
        supplier = problem.suppliers[order.supplier]
        locality = supplier.local
        definition = None if locality is None else locality.definition
        km = None
        if locality is not None and definition is LocalDefinition.KM and locality.km is not None:
            km = float(count_up(locality.km))
        for line in order.lines:
            offer = problem.offers[line.offer]
            purchases.append(
                Purchase(
                    description=line.product,
                    supplier=supplier.name,
                    date=order.delivery_date,
                    value_ht=float(line.total_ht),
                    family=problem.ingredients[line.ingredient].family,
                    labels=offer.labels,
                    origin=offer.origin,
                    circuit_court=supplier.is_circuit_court,
                    local=locality is not None,
                    local_definition=definition,
                    local_km=km,
                )
            )
    return purchases


def last_delivery(plan: Plan) -> dt.date | None:
    """The latest delivery date of ``plan``, or None without orders."""
    return max((o.delivery_date for o in plan.orders), default=None)
