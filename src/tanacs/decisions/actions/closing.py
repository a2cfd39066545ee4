"""Close and declare a ballot in one step, applying its effect by its purpose.

Interfaces call :func:`do_close_ballot` rather than the two ballot actions: before closing a
motion's ballot it casts the bound delegates' votes again as their mandates say (when the
federation's mandates bind), then closes, counts and declares. Declaring runs the decisions
handler for the ballot's purpose in the same transaction (motion carried or lost, amendment
adopted, seats filled, delegate recalled, mandate set).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tanacs.ballots.actions import do_close_ballot as close_ballot
from tanacs.ballots.actions import do_declare_ballot
from tanacs.ballots.models import Ballot, State
from tanacs.core.errors import IllegalTransition
from tanacs.decisions.selectors import mandates_bind
from tanacs.decisions.voting import cast_bound_votes
from tanacs.federation.access import require_council_officer

__all__ = ["do_close_ballot"]


@transaction.atomic
def do_close_ballot(ballot: Ballot, *, by: Any) -> Ballot:
    """Officers close (if still open) and declare ``ballot``; its effect applies at once."""
    ballot = Ballot.objects.select_related("council", "council__federation").get(pk=ballot.pk)
    require_council_officer(by, ballot.council, "close and declare its ballots")
    if ballot.state == State.OPEN:
        if ballot.purpose == "motion" and mandates_bind(ballot.council.federation):
            cast_bound_votes(ballot, by=by)
        ballot = close_ballot(ballot, by=by)
    if ballot.state != State.CLOSED:
        raise IllegalTransition(
            f"A ballot that is {ballot.state} cannot be declared.", state=ballot.state
        )
    return do_declare_ballot(ballot, by=by)
