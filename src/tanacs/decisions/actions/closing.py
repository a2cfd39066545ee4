"""Close and declare a ballot in one step, applying its effect by its purpose.

Interfaces call :func:`do_close_ballot` rather than the two ballot actions: it closes, counts
and declares. (Where mandates bind, bound delegates' votes were cast as mandated when the
ballot opened, and the cast check refuses any other vote from them.) Declaring runs the decisions
handler for the ballot's purpose in the same transaction (motion carried or lost, amendment
adopted, seats filled, delegate recalled, mandate set).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tanacs.ballots.actions import do_close_ballot as close_ballot
from tanacs.ballots.actions import do_declare_ballot
from tanacs.ballots.models import Ballot, State
from tanacs.core.errors import Conflict, IllegalTransition
from tanacs.core.storage import whole_number
from tanacs.federation.access import require_council_officer

__all__ = ["do_close_ballot", "do_resume_after_cancel"]


@transaction.atomic
def do_close_ballot(ballot: Ballot, *, by: Any) -> Ballot:
    """Officers close (if still open) and declare ``ballot``; its effect applies at once."""
    ballot = Ballot.objects.select_related("council", "council__federation").get(pk=ballot.pk)
    require_council_officer(by, ballot.council, "close and declare its ballots")
    if ballot.state == State.OPEN:
        ballot = close_ballot(ballot, by=by)
    if ballot.state != State.CLOSED:
        raise IllegalTransition(
            f"A ballot that is {ballot.state} cannot be declared.", state=ballot.state
        )
    return do_declare_ballot(ballot, by=by)


@transaction.atomic
def do_resume_after_cancel(ballot: Ballot, *, by: Any) -> Ballot | None:
    """A decision ballot was cancelled: put what it decided back where it was before the vote
    (motion admitted, amendment proposed, election nominating), so it can be voted on again;
    a recall petition past its threshold gets a new ballot at once (returned)."""
    from tanacs.decisions.actions.elections import move_election
    from tanacs.decisions.actions.motions import move_amendment, move_motion
    from tanacs.decisions.models import (
        Amendment,
        AmendmentStatus,
        Election,
        ElectionStatus,
        Motion,
        MotionStatus,
        PetitionStatus,
        RecallPetition,
    )
    from tanacs.decisions.voting import ballot_for, open_recall_ballot

    ballot = Ballot.objects.select_related("council", "council__federation").get(pk=ballot.pk)
    require_council_officer(by, ballot.council, "restart its votes")
    if ballot.state != State.CANCELLED:
        raise Conflict("Only a cancelled ballot's decision can be put to the vote again.")
    latest = ballot_for(ballot.purpose, ballot.reference)
    if latest is None or latest.pk != ballot.pk:
        raise Conflict("A newer ballot decides this already.")
    ref = whole_number(ballot.reference) or 0
    note = {"cancelled_ballot": ballot.pk}
    if ballot.purpose == "motion":
        motion = Motion.objects.select_for_update(of=("self",)).get(pk=ref)
        if motion.status == MotionStatus.VOTING:
            move_motion(motion, MotionStatus.ADMITTED, by=by, **note)
    elif ballot.purpose == "amendment":
        amendment = Amendment.objects.select_related("motion__council__federation").get(pk=ref)
        if amendment.status == AmendmentStatus.VOTING:
            move_amendment(amendment, AmendmentStatus.PROPOSED, by=by, **note)
    elif ballot.purpose == "election":
        election = Election.objects.select_related("council__federation").get(pk=ref)
        if election.status == ElectionStatus.VOTING:
            move_election(election, ElectionStatus.NOMINATING, by=by, **note)
    elif ballot.purpose == "recall":
        petition = RecallPetition.objects.select_related("seat__council__federation").get(pk=ref)
        if petition.status == PetitionStatus.BALLOT:
            return open_recall_ballot(petition, by=by)
    else:
        raise Conflict(f"A {ballot.purpose} ballot has nothing to put back.")
    return None
