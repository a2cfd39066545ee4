"""The one place that opens ballots in ``tanacs.ballots`` for decisions and applies their
declared results.

A ballot's ``purpose`` and ``reference`` say what it decides:

==========  ==================  ==========================================
purpose     reference           effect when declared
==========  ==================  ==========================================
motion      motion id           carried (passed) or lost
amendment   amendment id        adopted (replaces the motion's text) or not
election    election id         seats filled, substitutes in STV order
recall      petition id         delegate recalled, first substitute sits
mandate     motion:council ids  the council's mandate for its delegates
==========  ==================  ==========================================

``tanacs.ballots`` calls :func:`on_declared` inside the declaring transaction (the handlers
are registered in ``DecisionsConfig.ready``), so a result and its effect commit together.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model

from tanacs.ballots.actions import do_cast_vote, do_create_ballot, do_open_ballot
from tanacs.ballots.models import Ballot, Elector, Electorate, Method, State
from tanacs.core.actors import display_name
from tanacs.core.errors import ErrorCode, Forbidden
from tanacs.decisions.models import MandatePosition
from tanacs.federation.models import Council

__all__ = [
    "PURPOSES",
    "ballot_for",
    "ballots_for",
    "cast_bound_votes",
    "on_declared",
    "open_decision_ballot",
    "open_recall_ballot",
]

PURPOSES = ("motion", "amendment", "election", "recall", "mandate")
MANDATE_OPTIONS = [str(p) for p in MandatePosition.values]  # for, against, abstain, free


def electorate_of(council: Council) -> str:
    return Electorate.MEMBERS if council.is_base else Electorate.DELEGATES


def open_decision_ballot(
    council: Council,
    *,
    purpose: str,
    reference: str,
    title: str,
    question: str = "",
    method: str = Method.YESNO,
    options: list[str] | None = None,
    seats: int = 1,
    secret: bool | None = None,
    closes_at: datetime | None = None,
    by: Any,
) -> Ballot:
    """Create and open the ballot; the calling action has checked who may ask for it.

    Members of a base council vote in secret unless asked otherwise; delegates vote in the
    open, so the members who sent them see how they voted.
    """
    ballot = do_create_ballot(
        council, by=by, title=title, question=question, method=method, options=options,
        seats=seats, electorate=electorate_of(council),
        secret=council.is_base if secret is None else secret, closes_at=closes_at,
        purpose=purpose, reference=reference, trusted=True,
    )  # fmt: skip
    return do_open_ballot(ballot, by=by, trusted=True)


def open_recall_ballot(petition: Any, *, by: Any) -> Ballot:
    """The yes/no ballot of a petition that reached its threshold (in the seat's council)."""
    council = petition.seat.council
    name = display_name(petition.person)
    return open_decision_ballot(
        council, purpose="recall", reference=str(petition.pk),
        title=f"Recall {name} from seat {petition.seat.number}?",
        question=f"Shall {name} be recalled from seat {petition.seat.number} of "
        f"{council.name} in {council.parent}? The petition says: {petition.reason}",
        by=by,
    )  # fmt: skip


def ballots_for(purpose: str, reference: str | int) -> list[Ballot]:
    return list(Ballot.objects.filter(purpose=purpose, reference=str(reference)).order_by("-pk"))


def ballot_for(purpose: str, reference: str | int) -> Ballot | None:
    """The latest ballot that decides this object (earlier ones were cancelled)."""
    found = ballots_for(purpose, reference)
    return found[0] if found else None


def check_bound_vote(ballot: Ballot, voter: Any, elector: Elector, marks: str) -> None:
    """Registered for every cast in a motion's ballot: where mandates bind, a delegate whose
    council gave a mandate can cast only that (cast for them when the ballot opened)."""
    from tanacs.ballots.marks import parse_choice
    from tanacs.decisions.models import Mandate
    from tanacs.decisions.selectors import MANDATE_MARKS, mandates_bind

    if elector.seat_number is None:
        return
    ballot_row = Ballot.objects.select_related("council__federation").get(pk=ballot.pk)
    if not mandates_bind(ballot_row.council.federation):
        return
    mandate = (
        Mandate.objects.filter(motion_id=int(ballot_row.reference), council_id=elector.council_id)
        .exclude(position=MandatePosition.FREE)
        .first()
    )
    if mandate is None:
        return
    mandated = MANDATE_MARKS[mandate.position]
    if parse_choice(ballot_row.method, ballot_row.options, mandated) != marks:
        raise Forbidden(
            f"Your council's mandate binds your vote: it is cast as {mandated!r}.",
            code=ErrorCode.MANDATE_BINDS,
        )


def cast_bound_votes(ballot: Ballot, *, by: Any) -> int:
    """Cast (or cast again) every bound delegate's vote as their council's mandate says.

    Used when mandates bind: at the opening of a motion's ballot and again just before it
    closes, so the counted vote of every mandated delegate is the mandate.
    """
    from tanacs.decisions.models import Mandate
    from tanacs.decisions.selectors import MANDATE_MARKS

    if ballot.purpose != "motion" or ballot.state != State.OPEN:
        return 0
    mandates = {
        m.council_id: MANDATE_MARKS[m.position]
        for m in Mandate.objects.filter(motion_id=int(ballot.reference)).exclude(
            position=MandatePosition.FREE
        )
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


def _users(names: list[str]) -> list[Any]:
    found = {u.get_username(): u for u in get_user_model().objects.filter(username__in=names)}
    return [found[n] for n in names if n in found]


def on_declared(ballot: Ballot, result: dict[str, Any], by: Any) -> None:
    """Apply a declared decision ballot's effect (registered for every purpose above)."""
    from tanacs.decisions.actions import (
        apply_amendment_result,
        apply_election_result,
        apply_motion_result,
        apply_recall_result,
    )
    from tanacs.decisions.actions.mandates import apply_mandate_result
    from tanacs.decisions.models import Amendment, Election, Motion, RecallPetition

    passed = bool(result.get("passed"))
    if ballot.purpose == "motion":
        motion = Motion.objects.get(pk=int(ballot.reference))
        apply_motion_result(motion, carried=passed, by=by, ballot=ballot.pk)
    elif ballot.purpose == "amendment":
        amendment = Amendment.objects.select_related("motion").get(pk=int(ballot.reference))
        apply_amendment_result(amendment, adopted=passed, by=by, ballot=ballot.pk)
    elif ballot.purpose == "recall":
        petition = RecallPetition.objects.get(pk=int(ballot.reference))
        apply_recall_result(petition, recalled=passed, by=by, ballot=ballot.pk)
    elif ballot.purpose == "election":
        election = Election.objects.get(pk=int(ballot.reference))
        winners = [str(w) for w in result.get("winners", [])]
        substitutes = [str(s) for s in (result.get("total") or {}).get("substitutes", [])]
        apply_election_result(election, elected=_users(winners), substitutes=_users(substitutes),
                              by=by, ballot=ballot.pk)  # fmt: skip
    elif ballot.purpose == "mandate":
        motion_id, council_id = (int(x) for x in ballot.reference.split(":"))
        winners = [str(w) for w in result.get("winners", [])]
        # A tie (or no votes) leaves the delegates free.
        position = winners[0] if len(winners) == 1 else MandatePosition.FREE
        apply_mandate_result(motion_id, council_id, position, by=by, ballot=ballot.pk)
