"""What decision ballots decide, one handler per model, registered with
:mod:`tanacs.ballots.subjects` in ``DecisionsConfig.ready``:

==========  ===============  ==============================================
kind        decides          effect when declared
==========  ===============  ==============================================
motion      Motion           carried (passed) or lost
amendment   Amendment        adopted (replaces the motion's text) or not
election    Election         seats filled, substitutes in STV order
recall      RecallPetition   delegate recalled, first substitute sits
mandate     MandateQuestion  the council's mandate for its delegates
==========  ===============  ==============================================

Declaring runs inside the ballot's declaring transaction, so a result and its effect commit
together. After a cancelled ballot, :meth:`resume` puts the row back where it was before
the vote (motion admitted, amendment proposed, election nominating), or for a recall
petition past its threshold opens a new ballot at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tanacs.ballots.marks import parse_choice
from tanacs.ballots.models import Ballot, Elector
from tanacs.ballots.subjects import Subject, register, subject_pk
from tanacs.core.errors import Conflict, ErrorCode, Forbidden
from tanacs.decisions.actions.elections import apply_election_result, move_election
from tanacs.decisions.actions.mandates import apply_mandate_result
from tanacs.decisions.actions.motions import (
    apply_amendment_result,
    apply_motion_result,
    move_amendment,
    move_motion,
)
from tanacs.decisions.actions.recall import apply_recall_result
from tanacs.decisions.models import (
    Amendment,
    AmendmentStatus,
    Candidate,
    Election,
    ElectionStatus,
    Mandate,
    MandatePosition,
    MandateQuestion,
    Motion,
    MotionStatus,
    PetitionStatus,
    RecallPetition,
)
from tanacs.decisions.selectors import MANDATE_MARKS, mandate_report, mandates_bind, users_by_id
from tanacs.decisions.voting import open_recall_ballot

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "AmendmentBallots",
    "ElectionBallots",
    "MandateBallots",
    "MotionBallots",
    "RecallBallots",
    "register_all",
]


def _passed(result: dict[str, Any]) -> bool:
    return bool(result.get("passed"))


class MotionBallots(Subject):
    kind = "motion"

    def declare(self, ballot: Ballot, result: dict[str, Any], *, by: User) -> None:
        motion = Motion.objects.get(pk=subject_pk(ballot))
        apply_motion_result(motion, carried=_passed(result), by=by, ballot=ballot.pk)

    def resume(self, ballot: Ballot, *, by: User) -> Ballot | None:
        motion = (
            Motion.objects.select_for_update(of=("self",))
            .select_related("council__federation")
            .get(pk=subject_pk(ballot))
        )
        if motion.status == MotionStatus.VOTING:
            move_motion(motion, MotionStatus.ADMITTED, by=by, cancelled_ballot=ballot.pk)
        return None

    def describe(self, ballot: Ballot) -> dict[str, Any]:
        motion = Motion.objects.select_related("council").filter(pk=subject_pk(ballot)).first()
        if motion is None:
            return {}
        return {"motion": motion, "rows": [] if motion.council.is_base else mandate_report(motion)}

    def check_cast(self, ballot: Ballot, voter: Any, elector: Elector, marks: str) -> None:
        """Where mandates bind, a delegate whose council gave a mandate can cast only that
        (cast for them when the ballot opened)."""
        if elector.seat_number is None:
            return
        row = Ballot.objects.select_related("council__federation").get(pk=ballot.pk)
        if not mandates_bind(row.council.federation):
            return
        mandate = (
            Mandate.objects.filter(motion_id=subject_pk(row), council_id=elector.council_id)
            .exclude(position=MandatePosition.FREE)
            .first()
        )
        if mandate is None:
            return
        mandated = MANDATE_MARKS[mandate.position]
        if parse_choice(row.method, row.options, mandated) != marks:
            raise Forbidden(
                f"Your council's mandate binds your vote: it is cast as {mandated!r}.",
                code=ErrorCode.MANDATE_BINDS,
            )


class AmendmentBallots(Subject):
    kind = "amendment"

    def declare(self, ballot: Ballot, result: dict[str, Any], *, by: User) -> None:
        amendment = Amendment.objects.select_related("motion").get(pk=subject_pk(ballot))
        apply_amendment_result(amendment, adopted=_passed(result), by=by, ballot=ballot.pk)

    def resume(self, ballot: Ballot, *, by: User) -> Ballot | None:
        amendment = Amendment.objects.select_related("motion__council__federation").get(
            pk=subject_pk(ballot)
        )
        if amendment.status == AmendmentStatus.VOTING:
            move_amendment(amendment, AmendmentStatus.PROPOSED, by=by, cancelled_ballot=ballot.pk)
        return None

    def describe(self, ballot: Ballot) -> dict[str, Any]:
        return {
            "amendment": Amendment.objects.select_related("motion")
            .filter(pk=subject_pk(ballot))
            .first()
        }


class ElectionBallots(Subject):
    kind = "election"

    def declare(self, ballot: Ballot, result: dict[str, Any], *, by: User) -> None:
        election = Election.objects.get(pk=subject_pk(ballot))
        winners = [str(w) for w in result.get("winners", [])]
        substitutes = [str(s) for s in (result.get("total") or {}).get("substitutes", [])]
        apply_election_result(
            election,
            elected=_candidates(ballot, election, winners),
            substitutes=_candidates(ballot, election, substitutes),
            by=by,
            ballot=ballot.pk,
        )

    def resume(self, ballot: Ballot, *, by: User) -> Ballot | None:
        election = Election.objects.select_related("council__federation").get(pk=subject_pk(ballot))
        if election.status == ElectionStatus.VOTING:
            move_election(election, ElectionStatus.NOMINATING, by=by, cancelled_ballot=ballot.pk)
        return None

    def describe(self, ballot: Ballot) -> dict[str, Any]:
        return {"election": Election.objects.filter(pk=subject_pk(ballot)).first()}


def _candidates(ballot: Ballot, election: Election, names: list[str]) -> list[Any]:
    """The people a result names, found by their place on the ballot: its options are the
    candidates in the order they stood, and nobody stands or withdraws once voting starts."""
    standing = list(
        Candidate.objects.filter(election=election)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    if len(standing) != len(ballot.options):
        raise Conflict(
            f"Election {election.pk} has {len(standing)} candidates but its ballot "
            f"{ballot.pk} listed {len(ballot.options)}: a candidate's account was removed while "
            "it was voting. Cancel the ballot and put the election to the vote again."
        )
    ids = [standing[ballot.options.index(name)] for name in names if name in ballot.options]
    people = users_by_id(ids)
    return [people[pk] for pk in ids if pk in people]


class RecallBallots(Subject):
    kind = "recall"

    def declare(self, ballot: Ballot, result: dict[str, Any], *, by: User) -> None:
        petition = RecallPetition.objects.get(pk=subject_pk(ballot))
        apply_recall_result(petition, recalled=_passed(result), by=by, ballot=ballot.pk)

    def resume(self, ballot: Ballot, *, by: User) -> Ballot | None:
        petition = RecallPetition.objects.select_related("seat__council__federation").get(
            pk=subject_pk(ballot)
        )
        if petition.status == PetitionStatus.BALLOT:
            return open_recall_ballot(petition, by=by)
        return None

    def describe(self, ballot: Ballot) -> dict[str, Any]:
        petition = RecallPetition.objects.select_related("person", "seat")
        return {"petition": petition.filter(pk=subject_pk(ballot)).first()}


class MandateBallots(Subject):
    kind = "mandate"

    def declare(self, ballot: Ballot, result: dict[str, Any], *, by: User) -> None:
        question = MandateQuestion.objects.get(pk=subject_pk(ballot))
        winners = [str(w) for w in result.get("winners", [])]
        # A tie (or no votes) leaves the delegates free.
        position = winners[0] if len(winners) == 1 else MandatePosition.FREE
        apply_mandate_result(question, position, by=by, ballot=ballot.pk)

    def describe(self, ballot: Ballot) -> dict[str, Any]:
        question = MandateQuestion.objects.select_related("motion").filter(pk=subject_pk(ballot))
        found = question.first()
        return {"motion": found.motion if found is not None else None}


def register_all() -> None:
    register(Motion, MotionBallots())
    register(Amendment, AmendmentBallots())
    register(Election, ElectionBallots())
    register(RecallPetition, RecallBallots())
    register(MandateQuestion, MandateBallots())
