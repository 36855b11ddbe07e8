"""Who orders and where to deliver: the canteen's own details, and how each supplier is
ordered from. Read from ``canteen.toml`` and each supplier's ``[supplier.ordering]``; they
change nothing in the plan, only what the order forms and e-mail drafts say."""

from __future__ import annotations

import re

import attrs

from cantine_supply.model import _validators as v

#: How an order reaches a supplier: an e-mail, a phone call, or the supplier's web shop.
CHANNELS = ("email", "phone", "web")


def _siret(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """A SIRET is 14 digits (the SIREN's 9 and the establishment's 5), or empty."""
    if value and not re.fullmatch(r"[0-9]{14}", value):
        raise ValueError(f"{attribute.name} must be 14 digits without spaces, got {value!r}")


@attrs.frozen
class Canteen:
    """The canteen as a supplier needs it: who orders, where and when to deliver.

    ``address`` holds the street lines (one per entry) before ``postcode`` and ``city``;
    ``opening_days`` are the days someone is there to receive a delivery (0 = Monday);
    ``delivery_hours`` and ``delivery_notes`` are free text for the driver
    (``"7 h 30 - 11 h"``, ``"entrée de service rue Saint-Pierre-de-Vaise"``).
    """

    name: str
    address: tuple[str, ...] = attrs.field(converter=v.to_tuple)
    postcode: str
    city: str
    phone: str
    contact: str
    siret: str = attrs.field(default="", validator=_siret)
    email: str = ""
    opening_days: tuple[int, ...] = attrs.field(default=(), converter=v.to_tuple,
                                             validator=v.weekdays)
    delivery_hours: str = ""
    delivery_notes: str = ""

    @property
    def address_lines(self) -> tuple[str, ...]:
        """The postal address, one line each: the street lines, then ``69009 Lyon``."""
        return (*self.address, f"{self.postcode} {self.city}".strip())


@attrs.frozen
class Ordering:
    """How the canteen orders from one supplier.

    ``channel`` is how the order is sent (``email``, ``phone`` or ``web``);
    ``customer_account`` is the canteen's account number with the supplier; ``contact``,
    ``phone`` and ``website`` reach the supplier. With ``pickup`` the canteen fetches the
    order itself (a cash-and-carry): the supplier's "delivery fee" is then the canteen's
    own trip, which the order form does not show to the supplier.
    """

    channel: str = attrs.field(default="email", validator=attrs.validators.in_(CHANNELS))
    customer_account: str = ""
    contact: str = ""
    phone: str = ""
    website: str = ""
    pickup: bool = False
