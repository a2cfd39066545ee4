"""Mandates: before a higher council votes on a motion, each council represented in it may
tell its delegates how to vote: for, against, abstain, or free (the delegate decides).

A mandate is set by the child council's own ballot (choose one of the four; a tie leaves the
delegates free) or recorded by its officers (a decision taken at a meeting). It can change
until the higher council opens its vote on the motion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from tanacs.ballots.models import Ballot, Method
from tanacs.core.actors import actor_label
from tanacs.core.errors import Conflict, InvalidInput
from tanacs.decisions.actions._common import journal
from tanacs.decisions.models import (
    Mandate,
    MandatePosition,
    MandateQuestion,
    Motion,
    MotionStatus,
)
from tanacs.decisions.voting import MANDATE_OPTIONS, open_decision_ballot
from tanacs.federation.access import require_council_officer
from tanacs.federation.models import Council

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "MANDATE_OPEN",
    "apply_mandate_result",
    "check_mandate_council",
    "do_open_mandate_vote",
    "do_set_mandate",
    "set_mandate",
]

# A mandate can be set while the motion is still before the vote.
MANDATE_OPEN = frozenset({MotionStatus.TABLED, MotionStatus.ADMITTED})


def check_mandate_council(motion: Motion, council: Council) -> None:
    if council.parent_id != motion.council_id:
        raise InvalidInput(
            f"{council.name} has no delegates in {motion.council.name}; only the councils it "
            "represents mandate its delegates.",
            field="council",
        )
    if motion.status not in MANDATE_OPEN:
        raise Conflict(f"Mandates are set before the vote; this motion is {motion.status}.")


def set_mandate(
    motion: Motion, council: Council, position: str, *, by: User, ballot: int | None = None
) -> Mandate:
    if position not in MandatePosition.values:
        raise InvalidInput(
            f"A mandate is one of {', '.join(MandatePosition.values)}, not {position!r}.",
            field="position",
        )
    check_mandate_council(motion, council)
    mandate, _ = Mandate.objects.update_or_create(
        motion=motion, council=council,
        defaults={"position": position, "set_by": actor_label(by)},
    )  # fmt: skip
    journal(council, "mandate.set", f"motion:{motion.pk}", by=by, motion=motion.pk,
            position=position, ballot=ballot)  # fmt: skip
    return mandate


@transaction.atomic
def do_set_mandate(motion: Motion, council: Council, *, position: str, by: User) -> Mandate:
    """An officer records the mandate the council decided at its meeting."""
    require_council_officer(by, council, "record its mandates")
    motion = (
        Motion.objects.select_for_update(of=("self",)).select_related("council").get(pk=motion.pk)
    )
    return set_mandate(motion, council, position, by=by)


@transaction.atomic
def do_open_mandate_vote(motion: Motion, council: Council, *, by: User) -> Ballot:
    """Officers of a represented council put the mandate to their own council's vote."""
    require_council_officer(by, council, "put mandates to the vote")
    motion = (
        Motion.objects.select_for_update(of=("self",)).select_related("council").get(pk=motion.pk)
    )
    check_mandate_council(motion, council)
    question, _ = MandateQuestion.objects.get_or_create(motion=motion, council=council)
    return open_decision_ballot(
        council, decides=question,
        title=f"Mandate on: {motion.title}"[:200],
        question=f"How shall our delegates in {motion.council.name} vote on: {motion.text}",
        method=Method.CHOOSE_ONE, options=MANDATE_OPTIONS, by=by,
    )  # fmt: skip


@transaction.atomic
def apply_mandate_result(
    question: MandateQuestion, position: str, *, by: User, ballot: int | None
) -> Mandate | None:
    """A declared mandate ballot; too late (the motion is being voted on) it is recorded only."""
    motion = (
        Motion.objects.select_for_update(of=("self",))
        .select_related("council")
        .get(pk=question.motion_id)
    )
    council = Council.objects.select_related("federation").get(pk=question.council_id)
    if motion.status not in MANDATE_OPEN:
        journal(council, "mandate.too_late", f"motion:{motion.pk}", by=by, motion=motion.pk,
                position=position, ballot=ballot, status=motion.status)  # fmt: skip
        return None
    return set_mandate(motion, council, position, by=by, ballot=ballot)
