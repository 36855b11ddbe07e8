"""When food can reach a week's services: delivery slots of offers and collection rounds.

A delivery of an offer is possible on a day its supplier delivers, from the week's order
date plus the supplier's lead time to the week's last service, in a month the offer is
available, when the food keeps (:func:`usable_until`) to a service day that needs it.
A collection round is made on the week's days with its weekday.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import attrs

from cantine_supply.model import Catalogue, Week
from cantine_supply.problem.needs import Need


@attrs.frozen
class DeliverySlot:
    """An offer that can be delivered on ``date`` (its supplier delivers then, in time)."""

    offer: str
    supplier: str
    ingredient: str
    date: dt.date


@attrs.frozen
class CollectionSlot:
    """A collection round on ``date`` (the week's day with the round's weekday)."""

    collection: str
    date: dt.date


def usable_until(start: dt.date, shelf_life_days: int) -> dt.date:
    """Last day a product received on ``start`` can be served: it keeps ``shelf_life_days``
    days counting the day it arrives (a shelf life of 1 means the same day only)."""
    return start + dt.timedelta(days=max(int(shelf_life_days), 1) - 1)



def delivery_slots(
    catalogue: Catalogue, week: Week, needs: tuple[Need, ...], dates: list[dt.date]
) -> tuple[DeliverySlot, ...]:
    """The deliveries of offers that can reach a service needing them (``needs``)."""
    need_dates: dict[str, list[dt.date]] = defaultdict(list)
    for need in needs:
        need_dates[need.ingredient].append(need.date)
    slots = []
    last = dates[-1]
    for offer in catalogue.offers:
        if offer.ingredient not in need_dates:
            continue
        supplier = catalogue.supplier_by_id[offer.supplier]
        shelf = catalogue.ingredient_by_id[offer.ingredient].shelf_life_days
        day = week.order_date + dt.timedelta(days=supplier.lead_time_days)
        while day <= last:
            if (
                day.weekday() in supplier.delivery_weekdays
                and offer.available_in(day.month)
                and any(day <= d <= usable_until(day, shelf) for d in need_dates[offer.ingredient])
            ):
                slots.append(DeliverySlot(offer.id, offer.supplier, offer.ingredient, day))
            day += dt.timedelta(days=1)
    return tuple(slots)



def collection_slots(
    catalogue: Catalogue, week: Week, needed: set[str], dates: list[dt.date]
) -> tuple[CollectionSlot, ...]:
    """The rounds of the week that bring a needed ingredient, or are made ``always``."""
    slots = []
    for collection in catalogue.collections:
        useful = any(item.ingredient in needed for item in collection.items)
        if not useful and not collection.always:  # a round marked always is made anyway
            continue
        day = week.order_date
        while day <= dates[-1]:
            if day.weekday() == collection.weekday:
                slots.append(CollectionSlot(collection.id, day))
            day += dt.timedelta(days=1)
    return tuple(slots)
