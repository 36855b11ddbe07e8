"""One order for a catalogue, whatever the order of its files and entries.

The model's variables and constraints follow the catalogue's order, and a MIP solver's path
(so which of several equally cheap plans it returns) follows the model's order. So that
renaming a supplier file, or moving an offer, a service or a line within its file,
changes nothing, :func:`canonical` sorts every list of the catalogue by what identifies
its entries before a week's problem is built (:func:`cantine_supply.problem.week.week_problem`;
``load`` keeps the files' order, which its messages follow): ingredients, recipes,
suppliers, offers (full id), collections and weeks by id; recipe lines, group options,
collection items by ingredient; groups by label; services by date and name; courses in
menu order, candidates by id; tiers by their first pack; labels, months and weekdays by
value. Nothing else changes (the sort is a permutation of entries that the loader has
already checked, ids being unique). Stock lots keep their order: a lot is known by its
place in ``stock.toml`` (``stock 1`` in a plan is its second lot).
"""

from __future__ import annotations

import attrs

from cantine_supply.model.catalogue import Catalogue
from cantine_supply.model.codes import Course
from cantine_supply.model.recipe import Recipe
from cantine_supply.model.supplier import Offer, Supplier
from cantine_supply.model.unsold import Collection
from cantine_supply.model.week import Service, Week

_COURSES = list(Course)


def canonical(catalogue: Catalogue) -> Catalogue:
    """``catalogue`` with every list in its canonical order (see the module docstring);
    ``catalogue`` itself when it is in that order already."""
    ordered = attrs.evolve(  # evolve: every other field (the canteen...) kept as it is
        catalogue,
        ingredients=sorted(catalogue.ingredients, key=lambda i: i.id),
        recipes=sorted((_recipe(r) for r in catalogue.recipes), key=lambda r: r.id),
        suppliers=sorted((_supplier(s) for s in catalogue.suppliers), key=lambda s: s.id),
        offers=sorted((_offer(o) for o in catalogue.offers), key=lambda o: o.id),
        collections=sorted((_collection(c) for c in catalogue.collections),
                           key=lambda c: c.id),
        stock=catalogue.stock,  # a lot is known by its place in stock.toml ("stock 1")
        weeks=sorted((_week(w) for w in catalogue.weeks), key=lambda w: w.id),
    )
    return catalogue if ordered == catalogue else ordered


def _recipe(recipe: Recipe) -> Recipe:
    groups = sorted((attrs.evolve(g, options=sorted(g.options, key=lambda o: o.ingredient))
                     for g in recipe.groups), key=lambda g: g.label)
    return attrs.evolve(recipe, lines=sorted(recipe.lines, key=lambda line: line.ingredient),
                        groups=groups)


def _supplier(supplier: Supplier) -> Supplier:
    return attrs.evolve(supplier, delivery_weekdays=sorted(set(supplier.delivery_weekdays)))


def _offer(offer: Offer) -> Offer:
    return attrs.evolve(offer, labels=sorted(offer.labels), tiers=sorted(
        offer.tiers, key=lambda t: t.min_packs), months_available=sorted(offer.months_available))


def _collection(collection: Collection) -> Collection:
    return attrs.evolve(collection, items=sorted(collection.items, key=lambda i: i.ingredient),
                        labels=sorted(collection.labels))


def _service(service: Service) -> Service:
    courses = sorted((attrs.evolve(c, recipes=sorted(c.recipes)) for c in service.courses),
                     key=lambda c: _COURSES.index(c.course))
    return attrs.evolve(service, courses=courses)


def _week(week: Week) -> Week:
    services = sorted((_service(s) for s in week.services), key=lambda s: (s.date, s.name))
    return attrs.evolve(week, services=services)
