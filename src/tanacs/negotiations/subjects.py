"""A counterpart's offer put to the members, registered with :mod:`tanacs.ballots.subjects`
in ``NegotiationsConfig.ready``: a ballot decides one pending :class:`Offer`. Declared, the
result applies to the negotiation in the declaring transaction (accepted: its terms apply and
the negotiation is settled; rejected: the delegation is bound to refuse it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tanacs.ballots.models import Ballot
from tanacs.ballots.subjects import Subject, register, subject_pk
from tanacs.negotiations.actions import apply_offer
from tanacs.negotiations.models import Offer, OfferState

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = ["OfferBallots", "register_all"]


class OfferBallots(Subject):
    kind = "negotiation-offer"

    def declare(self, ballot: Ballot, result: dict[str, Any], *, by: User) -> None:
        offer = Offer.objects.select_related("negotiation").get(pk=subject_pk(ballot))
        if offer.state != OfferState.PENDING:
            return
        apply_offer(offer, accepted=bool(result.get("passed")), by=by, ballot=ballot)

    def resume(self, ballot: Ballot, *, by: User) -> Ballot | None:
        return None  # the offer stays pending: put it to a new ballot

    def describe(self, ballot: Ballot) -> dict[str, Any]:
        offer = Offer.objects.select_related("negotiation").filter(pk=subject_pk(ballot)).first()
        if offer is None:
            return {}
        return {"summary": f"the offer of {offer.negotiation.counterpart}: {offer.text}"}


def register_all() -> None:
    register(Offer, OfferBallots())
