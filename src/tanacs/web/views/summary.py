"""What a signed-in person holds (memberships, offices and seats: "my councils") and what
waits for them (ballots to vote in, applicants to vouch for, petitions to sign, their own
applications). Each list comes from its domain's selector in a query or two."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tanacs.ballots.models import Elector
from tanacs.ballots.selectors import list_open_ballots_for
from tanacs.decisions.models import RecallPetition
from tanacs.decisions.selectors import list_petitions_to_sign
from tanacs.delegation.models import HolderStatus, SeatHolder
from tanacs.delegation.selectors import holdings_of
from tanacs.federation.models import Federation, Officer
from tanacs.federation.selectors import list_offices_of, list_stewarded
from tanacs.membership.models import Membership
from tanacs.membership.selectors import (
    list_applications_of,
    list_memberships_of,
    list_vouches_asked_of,
)


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


@dataclass(frozen=True)
class Waiting:
    ballots: list[Elector]
    vouches: list[Membership]
    petitions: list[RecallPetition]
    applications: list[Membership]

    @property
    def empty(self) -> bool:
        return not (self.ballots or self.vouches or self.petitions or self.applications)


def waiting_for(person: Any) -> Waiting:
    return Waiting(
        ballots=list_open_ballots_for(person),
        vouches=list_vouches_asked_of(person),
        petitions=list_petitions_to_sign(person),
        applications=list(list_applications_of(person)),
    )
