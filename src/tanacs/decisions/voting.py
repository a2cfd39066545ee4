"""The one place that opens ballots in ``tanacs.ballots`` for decisions.

Each ballot points at the row it decides (``Ballot.decides``); what its declared result does
is up to the handler registered for that row's model (see :mod:`tanacs.decisions.subjects`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import models

from tanacs.ballots.actions import do_cast_vote, do_create_ballot, do_open_ballot
from tanacs.ballots.models import Ballot, Elector, Electorate, Method, State
from tanacs.core.actors import display_name
from tanacs.core.errors import Forbidden
from tanacs.decisions.models import Mandate, MandatePosition, Motion, RecallPetition
from tanacs.decisions.selectors import MANDATE_MARKS
from tanacs.federation.models import Council

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "MANDATE_OPTIONS",
    "cast_bound_votes",
    "open_decision_ballot",
    "open_recall_ballot",
]

MANDATE_OPTIONS = [str(p) for p in MandatePosition.values]  # for, against, abstain, free


def electorate_of(council: Council) -> str:
    return Electorate.MEMBERS if council.is_base else Electorate.DELEGATES


def open_decision_ballot(
    council: Council,
    *,
    decides: models.Model,
    title: str,
    question: str = "",
    method: str = Method.YESNO,
    options: list[str] | None = None,
    seats: int = 1,
    secret: bool | None = None,
    closes_at: datetime | None = None,
    by: User,
) -> Ballot:
    """Create and open the ballot that decides ``decides``; the calling action has checked
    who may ask for it.

    Members of a base council vote in secret unless asked otherwise; delegates vote in the
    open, so the members who sent them see how they voted.
    """
    ballot = do_create_ballot(
        council, by=by, title=title, question=question, method=method, options=options,
        seats=seats, electorate=electorate_of(council),
        secret=council.is_base if secret is None else secret, closes_at=closes_at,
        decides=decides, trusted=True,
    )  # fmt: skip
    return do_open_ballot(ballot, by=by, trusted=True)


def open_recall_ballot(petition: RecallPetition, *, by: User) -> Ballot:
    """The yes/no ballot of a petition that reached its threshold (in the seat's council)."""
    council = petition.seat.council
    name = display_name(petition.person)
    return open_decision_ballot(
        council, decides=petition,
        title=f"Recall {name} from seat {petition.seat.number}?",
        question=f"Shall {name} be recalled from seat {petition.seat.number} of "
        f"{council.name} in {council.parent}? The petition says: {petition.reason}",
        by=by,
    )  # fmt: skip


def cast_bound_votes(ballot: Ballot, motion: Motion, *, by: User) -> int:
    """Cast every bound delegate's vote on ``motion`` as their council's mandate says.

    Used when mandates bind, once, as the motion's ballot opens: from then on the cast check
    of motion ballots (:meth:`tanacs.decisions.subjects.MotionBallots.check_cast`) refuses
    any other vote from a mandated delegate, so the counted vote of each is the mandate.
    """
    if ballot.state != State.OPEN:
        return 0
    mandates = {
        m.council_id: MANDATE_MARKS[m.position]
        for m in Mandate.objects.filter(motion=motion).exclude(position=MandatePosition.FREE)
    }
    people = get_user_model().objects
    cast = 0
    for elector in Elector.objects.filter(ballot=ballot, council_id__in=list(mandates)):
        try:
            do_cast_vote(ballot, by=people.get(pk=elector.person_id),
                         choice=mandates[elector.council_id])  # fmt: skip
        except Forbidden:
            continue  # no longer holds the seat: the seat's vote is not theirs to cast
        cast += 1
    return cast
