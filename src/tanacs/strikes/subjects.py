"""Strike decisions put to a ballot, registered with :mod:`tanacs.ballots.subjects` in
``StrikesConfig.ready``: a ballot decides one pending :class:`StrikeDecision` (call a
proposed strike, extend, suspend, resume, or end it: a return-to-work ballot). Declared
passed, the decision applies in the declaring transaction; declared lost, it is rejected
(a proposed strike is then not called)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tanacs.ballots.models import Ballot
from tanacs.ballots.subjects import Subject, register, subject_pk
from tanacs.strikes.actions import apply_decision, reject_decision
from tanacs.strikes.models import DecisionState, StrikeDecision

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = ["StrikeBallots", "register_all"]


class StrikeBallots(Subject):
    kind = "strike"

    def declare(self, ballot: Ballot, result: dict[str, Any], *, by: User) -> None:
        decision = StrikeDecision.objects.select_related("strike").get(pk=subject_pk(ballot))
        if decision.state != DecisionState.PENDING:
            return
        if result.get("passed"):
            apply_decision(decision, by=by, motion=None, ballot=ballot)
        else:
            reject_decision(decision, by=by, ballot=ballot)

    def resume(self, ballot: Ballot, *, by: User) -> Ballot | None:
        return None  # the decision stays pending: put it to a new ballot

    def describe(self, ballot: Ballot) -> dict[str, Any]:
        decision = (
            StrikeDecision.objects.select_related("strike").filter(pk=subject_pk(ballot)).first()
        )
        if decision is None:
            return {}
        return {"summary": f"{decision.action} the strike: {decision.strike.title}"}


def register_all() -> None:
    register(StrikeDecision, StrikeBallots())
