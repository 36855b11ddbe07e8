"""The canteen and a supplier as the order forms and e-mail drafts show them: the lines of
an address card, with labels in the reader's language."""

from __future__ import annotations

import attrs

from cantine_supply.model import Supplier
from cantine_supply.problem.week import WeekProblem
from cantine_supply.report.i18n import Texts
from cantine_supply.report.strings import DAYS


@attrs.frozen
class CanteenView:
    """The canteen's card: ``name``, postal ``address`` lines, then ``details`` as
    ``(label, value)`` (phone, contact, e-mail, opening days, hours, access, SIRET)."""

    name: str
    address: tuple[str, ...]
    details: tuple[tuple[str, str], ...]
    label: str = ""

    def with_label(self, label: str) -> CanteenView:
        """The same card under the heading ``label`` (``Ordered by, deliver to``)."""
        return attrs.evolve(self, label=label)


def canteen_view(problem: WeekProblem, t: Texts, *, delivered: bool = True) -> CanteenView:
    """The canteen of ``canteen.toml``; without one, only the week's canteen name. Without
    ``delivered`` (the canteen collects the order) the delivery days, hours and access are
    left out."""
    canteen = problem.catalogue.canteen
    if canteen is None:
        return CanteenView(problem.week.canteen or problem.week.name, (), ())
    days = ", ".join(DAYS[t.lang][day] for day in canteen.opening_days)
    details: tuple[tuple[str, str], ...] = (
        (t["phone"], canteen.phone), (t["contact"], canteen.contact),
        (t["email"], canteen.email), (t["opening_days"], days),
        (t["delivery_hours"], canteen.delivery_hours),
        (t["delivery_notes"], canteen.delivery_notes), (t["siret"], canteen.siret),
    )
    if not delivered:
        details = tuple(d for d in details if d[0] not in (
            t["opening_days"], t["delivery_hours"], t["delivery_notes"]))
    return CanteenView(canteen.name, canteen.address_lines,
                       tuple((label, value) for label, value in details if value))


def supplier_details(supplier: Supplier, t: Texts) -> tuple[tuple[str, str], ...]:
    """How to reach the supplier: contact, phone, e-mail, web shop, the canteen's customer
    account and the ordering channel, as ``(label, value)``, those known only."""
    ordering = supplier.ordering
    details = (
        (t["contact"], ordering.contact), (t["phone"], ordering.phone),
        (t["email"], supplier.email), (t["website"], ordering.website),
        (t["customer_account"], ordering.customer_account),
        (t["channel"], t[f"channel_{ordering.channel}"]),
    )
    return tuple((label, value) for label, value in details if value)
