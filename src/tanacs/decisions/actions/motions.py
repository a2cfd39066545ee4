"""A motion's life: draft, tabled, admitted (enough co-signers), voting, carried or lost,
or withdrawn; amendments are voted on before the motion; a carried motion can be sent up."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from tanacs.ballots.models import Ballot
from tanacs.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from tanacs.decisions.access import require_takes_part
from tanacs.decisions.actions._common import clean_text, journal
from tanacs.decisions.actions.programmes import add_point, endorse
from tanacs.decisions.models import (
    Amendment,
    AmendmentStatus,
    Cosignature,
    Motion,
    MotionStatus,
    Programme,
    ProgrammePoint,
)
from tanacs.decisions.selectors import cosigners_needed, mandates_bind
from tanacs.decisions.voting import cast_bound_votes, open_decision_ballot
from tanacs.delegation.selectors import list_seats
from tanacs.federation.access import can_change_council, require_council_officer
from tanacs.federation.models import Council

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "AMENDMENT_TRANSITIONS",
    "TRANSITIONS",
    "apply_amendment_result",
    "apply_motion_result",
    "do_cosign_motion",
    "do_create_motion",
    "do_open_amendment_vote",
    "do_open_motion_vote",
    "do_propose_amendment",
    "do_send_up",
    "do_table_motion",
    "do_withdraw_amendment",
    "do_withdraw_motion",
    "move_amendment",
    "move_motion",
    "ready_for_vote",
    "record_motion_decided_elsewhere",
]

S = MotionStatus
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.TABLED, S.WITHDRAWN},
    S.TABLED: {S.ADMITTED, S.WITHDRAWN},
    S.ADMITTED: {S.VOTING, S.WITHDRAWN},
    S.VOTING: {S.CARRIED, S.LOST, S.ADMITTED},  # admitted again: its ballot was cancelled
    S.CARRIED: set(),
    S.LOST: set(),
    S.WITHDRAWN: set(),
}

A = AmendmentStatus
AMENDMENT_TRANSITIONS: dict[str, set[str]] = {
    A.PROPOSED: {A.VOTING, A.WITHDRAWN},
    A.VOTING: {A.ADOPTED, A.REJECTED, A.PROPOSED},  # proposed again: ballot cancelled
    A.ADOPTED: set(),
    A.REJECTED: set(),
    A.WITHDRAWN: set(),
}


def _locked(motion: Motion) -> Motion:
    return (
        Motion.objects.select_for_update(of=("self",))
        .select_related("council", "council__federation", "council__parent")
        .get(pk=motion.pk)
    )


def move_motion(motion: Motion, to: str, *, by: User, **extra: Any) -> Motion:
    """The one way a motion changes status: checked against the table, saved, journaled."""
    if to not in TRANSITIONS[motion.status]:
        raise IllegalTransition(
            f"A motion that is {motion.status} cannot become {to}.", status=motion.status
        )
    before, motion.status = motion.status, to
    if to in (S.CARRIED, S.LOST):
        motion.decided_at = timezone.now()
    motion.save(update_fields=["status", "decided_at"])
    journal(motion.council, f"motion.{to}", f"motion:{motion.pk}", by=by, was=before, **extra)
    return motion


def move_amendment(amendment: Amendment, to: str, *, by: User, **extra: Any) -> Amendment:
    if to not in AMENDMENT_TRANSITIONS[amendment.status]:
        raise IllegalTransition(
            f"An amendment that is {amendment.status} cannot become {to}.",
            status=amendment.status,
        )
    before, amendment.status = amendment.status, to
    amendment.save(update_fields=["status"])
    journal(
        amendment.motion.council,
        f"amendment.{to}",
        f"motion:{amendment.motion_id}",
        by=by,
        amendment=amendment.number,
        was=before,
        **extra,
    )
    return amendment


def _admit_if_signed(motion: Motion, *, by: User) -> None:
    if motion.status == S.TABLED and motion.cosignatures.count() >= cosigners_needed(
        motion.council
    ):
        move_motion(motion, S.ADMITTED, by=by, cosigners=motion.cosignatures.count())


@transaction.atomic
def do_create_motion(
    council: Council,
    *,
    title: str,
    text: str,
    by: User,
    table: bool = True,
    programme: Programme | None = None,
    point: ProgrammePoint | None = None,
) -> Motion:
    """Draft a motion (and by default table it at once). With ``programme`` it proposes a new
    point of that programme; with ``point`` it proposes that the council endorse that point."""
    require_takes_part(by, council, "table motions")
    title = clean_text(title, field="title", what="The title", limit=200)
    text = clean_text(text, field="text", what="The motion's text")
    if programme is not None and programme.council_id != council.pk:
        raise InvalidInput("A motion can add points only to its own council's programme.",
                           field="programme")  # fmt: skip
    if point is not None and point.programme.council.federation_id != council.federation_id:
        raise InvalidInput("That point belongs to another federation.", field="point")
    motion = Motion.objects.create(
        council=council, title=title, text=text, author=by, programme=programme, point=point
    )
    journal(council, "motion.drafted", f"motion:{motion.pk}", by=by, title=title, text=text)
    if table:
        _table(motion, by=by)
    return motion


def _table(motion: Motion, *, by: User) -> None:
    move_motion(motion, S.TABLED, by=by, needs=cosigners_needed(motion.council))
    _admit_if_signed(motion, by=by)


@transaction.atomic
def do_table_motion(motion: Motion, *, by: User) -> Motion:
    motion = _locked(motion)
    if motion.author_id != getattr(by, "pk", None):
        raise Forbidden("Only the motion's author may table it.")
    require_takes_part(by, motion.council, "table motions")
    _table(motion, by=by)
    return motion


@transaction.atomic
def do_cosign_motion(motion: Motion, *, by: User) -> Motion:
    """Co-sign a tabled motion; with enough co-signers it is admitted for debate and vote."""
    motion = _locked(motion)
    require_takes_part(by, motion.council, "co-sign motions")
    if motion.status != S.TABLED:
        raise Conflict(f"Only tabled motions take co-signers; this one is {motion.status}.")
    if motion.author_id == by.pk:
        raise Conflict("The author cannot co-sign their own motion.")
    try:
        with transaction.atomic():
            Cosignature.objects.create(motion=motion, person=by)
    except IntegrityError:
        raise Conflict("You have co-signed this motion already.") from None
    journal(motion.council, "motion.cosigned", f"motion:{motion.pk}", by=by,
            cosigners=motion.cosignatures.count())  # fmt: skip
    _admit_if_signed(motion, by=by)
    return motion


@transaction.atomic
def do_withdraw_motion(motion: Motion, *, by: User) -> Motion:
    motion = _locked(motion)
    if motion.author_id != by.pk and not can_change_council(by, motion.council):
        raise Forbidden("Only the author or an officer of the council may withdraw a motion.")
    if motion.amendments.filter(status=A.VOTING).exists():
        raise Conflict("An amendment to this motion is being voted on; wait for its result.")
    move_motion(motion, S.WITHDRAWN, by=by)
    for amendment in motion.amendments.filter(status=A.PROPOSED):
        move_amendment(amendment, A.WITHDRAWN, by=by)
    return motion


@transaction.atomic
def do_propose_amendment(motion: Motion, *, text: str, reason: str = "", by: User) -> Amendment:
    """Propose a new wording of the whole motion; adopted, it replaces the motion's text."""
    motion = _locked(motion)
    require_takes_part(by, motion.council, "propose amendments")
    if motion.status not in (S.TABLED, S.ADMITTED):
        raise Conflict(f"Amendments are taken before the vote; this motion is {motion.status}.")
    text = clean_text(text, field="text", what="The amendment's text")
    if text == motion.text:
        raise InvalidInput("The amendment does not change the motion's text.", field="text")
    number = (motion.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
    amendment = Amendment.objects.create(
        motion=motion, number=number, author=by, text=text, reason=reason.strip()
    )
    journal(motion.council, "amendment.proposed", f"motion:{motion.pk}", by=by,
            amendment=number, text=text, reason=amendment.reason)  # fmt: skip
    return amendment


@transaction.atomic
def do_withdraw_amendment(amendment: Amendment, *, by: User) -> Amendment:
    amendment = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("motion__council__federation")
        .get(pk=amendment.pk)
    )
    if amendment.author_id != by.pk and not can_change_council(by, amendment.motion.council):
        raise Forbidden("Only the author or an officer may withdraw an amendment.")
    return move_amendment(amendment, A.WITHDRAWN, by=by)


def ready_for_vote(motion: Motion) -> None:
    """The council votes on every amendment before the motion itself."""
    if motion.status != S.ADMITTED:
        raise IllegalTransition(
            f"A motion that is {motion.status} cannot be put to the vote.", status=motion.status
        )
    pending = motion.amendments.filter(status__in=[A.PROPOSED, A.VOTING]).count()
    if pending:
        raise Conflict(f"{pending} amendment(s) to this motion are still open; vote on them first.")


@transaction.atomic
def do_open_amendment_vote(
    amendment: Amendment, *, by: User, closes_at: datetime | None = None,
    secret: bool | None = None,
) -> Ballot:  # fmt: skip
    """Officers put an amendment to the council's vote (yes: adopt the new wording)."""
    amendment = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("motion__council__federation", "motion__council__parent")
        .get(pk=amendment.pk)
    )
    motion = amendment.motion
    require_council_officer(by, motion.council, "put amendments to the vote")
    if motion.status != S.ADMITTED:
        raise Conflict(f"Amendments are voted on once the motion is admitted; it is "
                       f"{motion.status}.")  # fmt: skip
    move_amendment(amendment, A.VOTING, by=by)
    return open_decision_ballot(
        motion.council, decides=amendment,
        title=f"Amendment {amendment.number} to: {motion.title}"[:200],
        question=f"Replace the text of the motion with: {amendment.text}",
        closes_at=closes_at, secret=secret, by=by,
    )  # fmt: skip


@transaction.atomic
def do_open_motion_vote(
    motion: Motion, *, by: User, closes_at: datetime | None = None, secret: bool | None = None
) -> Ballot:
    """Officers put an admitted motion, its amendments settled, to the council's vote.

    When the federation's mandates bind, delegates vote in the open and every mandated
    delegate's vote is cast as the mandate says as the ballot opens; the delegate cannot
    cast another (see ``MotionBallots.check_cast``).
    """
    motion = _locked(motion)
    require_council_officer(by, motion.council, "put motions to the vote")
    ready_for_vote(motion)
    bind = mandates_bind(motion.council.federation) and not motion.council.is_base
    if bind and secret:
        raise InvalidInput("Bound mandates need an open ballot: members must see the votes.",
                           field="secret")  # fmt: skip
    move_motion(motion, S.VOTING, by=by)
    ballot = open_decision_ballot(
        motion.council, decides=motion, title=motion.title,
        question=motion.text, closes_at=closes_at, secret=False if bind else secret, by=by,
    )  # fmt: skip
    if bind:
        cast_bound_votes(ballot, motion, by=by)
    return ballot


@transaction.atomic
def apply_amendment_result(
    amendment: Amendment, *, adopted: bool, by: User, ballot: int | None
) -> Amendment:
    """A declared amendment ballot: adopted, its text becomes the motion's text."""
    motion = _locked(amendment.motion)
    amendment.motion = motion
    move_amendment(amendment, A.ADOPTED if adopted else A.REJECTED, by=by, ballot=ballot)
    if adopted:
        motion.text = amendment.text
        motion.save(update_fields=["text"])
        journal(motion.council, "motion.amended", f"motion:{motion.pk}", by=by,
                amendment=amendment.number, text=motion.text, ballot=ballot)  # fmt: skip
    return amendment


@transaction.atomic
def apply_motion_result(motion: Motion, *, carried: bool, by: User, ballot: int | None) -> Motion:
    """A declared motion ballot; a carried motion adds or endorses its programme point."""
    motion = _locked(motion)
    move_motion(motion, S.CARRIED if carried else S.LOST, by=by, ballot=ballot, text=motion.text)
    if carried and motion.point_id is not None:
        endorse(motion.point, motion.council, by=by, motion=motion)  # type: ignore[arg-type]
    elif carried and motion.programme_id is not None:
        point = add_point(motion.programme, motion.text, by=by)  # type: ignore[arg-type]
        endorse(point, motion.council, by=by, motion=motion)
    return motion


def _may_send_up(person: Any, council: Council) -> bool:
    if can_change_council(person, council):
        return True
    return any(
        view.delegate is not None and view.delegate.person_id == person.pk
        for view in list_seats(council)
    )


@transaction.atomic
def do_send_up(motion: Motion, *, by: User) -> Motion:
    """Send a carried motion to the parent council as this council's proposal.

    A council's carried motion needs no co-signers in the parent: it is tabled and admitted
    at once, and keeps ``origin`` so every level shows where it came from.
    """
    motion = _locked(motion)
    council = motion.council
    if not _may_send_up(by, council):
        raise Forbidden(f"Only the officers or sitting delegates of {council.name} may send "
                        "its motions up.")  # fmt: skip
    if motion.status != S.CARRIED:
        raise Conflict(f"Only carried motions can be sent up; this one is {motion.status}.")
    parent = council.parent
    if parent is None:
        raise Conflict(f"{council.name} has no parent council.")
    if motion.sent_up.exists():
        raise Conflict("This motion has been sent up already.")
    proposal = Motion.objects.create(
        council=parent, title=motion.title, text=motion.text, author=by, origin=motion
    )
    journal(parent, "motion.sent_up", f"motion:{proposal.pk}", by=by, title=proposal.title,
            text=proposal.text, origin=motion.pk, origin_council=council.pk,
            from_council=council.name)  # fmt: skip
    move_motion(proposal, S.TABLED, by=by)
    move_motion(proposal, S.ADMITTED, by=by, proposal_of=council.pk)
    return proposal


@transaction.atomic
def record_motion_decided_elsewhere(
    council: Council, *, title: str, text: str, carried: bool, by: User
) -> Motion:
    """A motion the council decided before its decisions were kept in tanacs (the demo's
    1956 resolutions): drafted, tabled, admitted and decided, each step journaled as if it
    had been taken here, with no ballot behind the result."""
    title = clean_text(title, field="title", what="The title", limit=200)
    text = clean_text(text, field="text", what="The motion's text")
    motion = Motion.objects.create(council=council, title=title, text=text, author=by)
    journal(council, "motion.drafted", f"motion:{motion.pk}", by=by, title=title, text=text)
    for step in (S.TABLED, S.ADMITTED, S.VOTING):
        move_motion(motion, step, by=by, elsewhere=True)
    return apply_motion_result(motion, carried=carried, by=by, ballot=None)
