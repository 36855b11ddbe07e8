"""The week's plan as stable JSON (schema in ``cantine_supply/schema/plan.schema.json``):
its hook in :data:`~cantine_supply.plans.to_json.converter`, registered when the plan
layer is imported (``plans/__init__.py``).

Money is written as numbers with two decimals (the cent-rounded amounts of the plan);
quantities in each ingredient's base unit, rounded to 6 decimals; shares as fractions
rounded to 6 decimals; dates as ``YYYY-MM-DD`` (the converter's rules). Keys are stable
within a schema version.
"""

from __future__ import annotations

from typing import Any

from cantine_supply.plans.plan import Indicators, Plan
from cantine_supply.plans.to_json import SCHEMA_VERSION, converter
from cantine_supply.plans.to_json import rounded as _q


def _indicators(ind: Indicators, basis: str) -> dict[str, Any]:
    shares = ind.shares_by_weight if basis == "weight" else ind.shares_by_value
    return {
        "purchases_ht": ind.purchases_ht,
        "purchases_ttc": ind.purchases_ttc,
        "delivery_fees_ht": ind.fees_ht,
        "delivery_fees_ttc": ind.fees_ttc,
        "collections_ht": ind.collections_ht,
        "collections_ttc": ind.collections_ttc,
        "trips": ind.trips,
        "total_ht": ind.total_ht,
        "total_ttc": ind.total_ttc,
        "cost_per_cover_ht": ind.cost_per_cover_ht,
        "cost_per_cover_ttc": ind.cost_per_cover_ttc,
        "organic_share": _q(shares["organic_share"]),
        "egalim_share": _q(shares["egalim_share"]),
        "local_share": _q(shares["local_share"]),
        "circuit_court_share": _q(shares["circuit_court_share"]),
        "meat_fish_egalim_share": _q(shares["meat_fish_egalim_share"]),
        "share_basis": basis,
        "shares_by_value": {k: _q(v) for k, v in ind.shares_by_value.items()},
        "shares_by_weight": {k: _q(v) for k, v in ind.shares_by_weight.items()},
        "meat_g_per_cover": _q(ind.meat_g_per_cover),
        "co2_kg_per_cover": _q(ind.co2_kg_per_cover),
        "waste_kg": _q(ind.waste_kg),
        "collected_kg": _q(ind.collected_kg),
        "purchased_kg": _q(ind.purchased_kg),
        "protein_mix": {k: _q(v) for k, v in ind.protein_mix.items()},
        "vegetarian_mains": ind.vegetarian_mains,
        "off_season_kg": _q(ind.off_season_kg),
        "services": [
            {
                "date": s.date,
                "covers": s.covers,
                "meat_g_per_cover": _q(s.meat_g_per_cover),
                "co2_kg_per_cover": _q(s.co2_kg_per_cover),
                "protein_mix": {k: _q(v) for k, v in s.protein_mix.items()},
                "vegetarian_mains": s.vegetarian_mains,
            }
            for s in ind.services
        ],
    }


def _flexible_lines(plan: Plan) -> list[dict[str, Any]]:
    """The plan's group uses, one entry per flexible line with its options in recipe order."""
    lines: dict[tuple[Any, ...], dict[str, Any]] = {}
    for use in plan.group_uses:
        key = (use.date, use.service, use.course, use.recipe, use.label)
        entry = lines.setdefault(
            key,
            {
                "date": use.date,
                "service": use.service,
                "course": use.course,
                "recipe": use.recipe,
                "label": use.label,
                "options": [],
            },
        )
        entry["options"].append(
            {
                "ingredient": use.ingredient,
                "share": _q(use.share),
                "quantity": _q(use.quantity),
                "unit": use.unit,
            }
        )
    return list(lines.values())


@converter.register(Plan)
def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan's JSON form, keys in a fixed order; shares on ``plan.share_basis``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "week": plan.week,
        "status": plan.status.value,
        "targets_met": plan.targets_met,
        "covers": plan.covers,
        "budget": None
        if plan.budget_limit is None
        else {
            "limit": round(plan.budget_limit, 2),
            "basis": plan.budget_basis,
        },
        "menu": [
            {
                "date": m.date,
                "service": m.service,
                "course": m.course,
                "recipe": m.recipe,
                "name": m.name,
                "vegetarian": m.vegetarian,
                "covers": m.covers,
                "fixed": m.fixed,
            }
            for m in plan.menu
        ],
        "flexible_lines": _flexible_lines(plan),
        "needs": [
            {"ingredient": n.ingredient, "quantity": _q(n.quantity), "unit": n.unit}
            for n in plan.needs
        ],
        "orders": [
            {
                "supplier": o.supplier,
                "supplier_name": o.supplier_name,
                "delivery_date": o.delivery_date,
                "min_order_ht": round(o.min_order_ht, 2),
                "delivery_fee_ht": o.delivery_fee_ht,
                "delivery_fee_ttc": o.delivery_fee_ttc,
                "total_ht": o.total_ht,
                "total_ttc": o.total_ttc,
                "lines": [
                    {
                        "offer": line.offer,
                        "ingredient": line.ingredient,
                        "product": line.product,
                        "packs": line.packs,
                        "pack_quantity": _q(line.pack_quantity),
                        "unit": line.unit,
                        "pack_label": line.pack_label,
                        "price_per_pack_ht": line.price_per_pack_ht,
                        "vat_rate": line.vat_rate,
                        "total_ht": line.total_ht,
                        "total_ttc": line.total_ttc,
                        "labels": list(line.labels),
                        "local": line.local,
                        "circuit_court": line.circuit_court,
                    }
                    for line in o.lines
                ],
            }
            for o in plan.orders
        ],
        "collections": [
            {
                "collection": r.collection,
                "name": r.name,
                "date": r.date,
                "trip_cost": r.trip_cost,
                "items": [
                    {
                        "ingredient": i.ingredient,
                        "quantity": _q(i.quantity),
                        "unit": i.unit,
                        "total_ht": i.total_ht,
                    }
                    for i in r.items
                ],
            }
            for r in plan.collections
        ],
        "bought_beyond_needs": [
            {
                "offer": b.offer,
                "supplier": b.supplier,
                "date": b.date,
                "ingredient": b.ingredient,
                "packs": b.packs,
                "packs_needed": b.packs_needed,
                "extra_packs": b.extra_packs,
                "quantity": _q(b.quantity),
                "unit": b.unit,
                "reasons": list(b.reasons),
            }
            for b in plan.bought_beyond_needs
        ],
        "skipped_collections": [
            {
                "collection": r.collection,
                "name": r.name,
                "date": r.date,
                "trip_cost": r.trip_cost,
                "would_bring": [
                    {"ingredient": q.ingredient, "quantity": _q(q.quantity), "unit": q.unit}
                    for q in r.would_bring
                ],
                "extra_cost": None if r.extra_cost is None else r.extra_cost,
                "basis": r.basis,
                "proven": r.proven,
                "reason": r.reason,
            }
            for r in plan.skipped_collections
        ],
        "stock_used": [
            {"ingredient": s.ingredient, "quantity": _q(s.quantity), "unit": s.unit}
            for s in plan.stock_used
        ],
        "leftovers": [
            {
                "ingredient": left.ingredient,
                "quantity": _q(left.quantity),
                "unit": left.unit,
                "source": left.source,
                "waste": left.waste,
            }
            for left in plan.leftovers
        ],
        "collected_not_used": [
            {
                "collection": c.collection,
                "date": c.date,
                "ingredient": c.ingredient,
                "collected": _q(c.collected),
                "served": _q(c.served),
                "left": _q(c.left),
                "unit": c.unit,
                "waste": c.waste,
            }
            for c in plan.collected_not_used
        ],
        "indicators": None
        if plan.indicators is None
        else _indicators(plan.indicators, plan.share_basis),
        "targets": [
            {"name": t.name, "kind": t.kind, "limit": t.limit, "value": _q(t.value), "met": t.met}
            for t in plan.targets
        ],
        "solver": plan.solver,
        "diagnosis": list(plan.diagnosis),
        "messages": list(plan.messages),
    }
