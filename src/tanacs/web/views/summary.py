"""What a signed-in person holds: memberships, offices and seats ("my councils")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tanacs.delegation.models import HolderStatus, SeatHolder
from tanacs.delegation.selectors import holdings_of
from tanacs.federation.models import Federation, Officer
from tanacs.federation.selectors import list_offices_of, list_stewarded
from tanacs.membership.models import Membership
from tanacs.membership.selectors import list_memberships_of


@dataclass(frozen=True)
class MyCouncils:
    memberships: list[Membership]
    offices: list[Officer]
    holdings: list[SeatHolder]
    stewarded: list[Federation]

    @property
    def empty(self) -> bool:
        return not (self.memberships or self.offices or self.holdings or self.stewarded)


def my_councils(person: Any) -> MyCouncils:
    holdings = holdings_of(person).exclude(
        status__in=[HolderStatus.RESIGNED, HolderStatus.RECALLED]
    )
    return MyCouncils(
        memberships=list(list_memberships_of(person)),
        offices=list(list_offices_of(person)),
        holdings=list(holdings.order_by("seat__council__name", "seat__number")),
        stewarded=list(list_stewarded(person)),
    )
