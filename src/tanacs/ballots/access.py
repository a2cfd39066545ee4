"""Who may see and run ballots. Interfaces fetch ballots only through here."""

from __future__ import annotations

from typing import Any

from tanacs.ballots.models import Ballot
from tanacs.core.errors import Forbidden, NotFound
from tanacs.federation.access import can_change_council, require_council_officer
from tanacs.membership.selectors import belongs_to

__all__ = ["access_ballot_for", "access_ballot_to_vote", "can_run_ballot"]


def _ballot_pk(ballot_id: int | str) -> int:
    """The ballot's id, or NotFound: also for a number no id column holds (the cast's plain
    statement would pass it to the database, which refuses it with an error, not no row)."""
    try:
        pk = int(ballot_id)
    except (TypeError, ValueError):
        raise NotFound(f"There is no ballot {ballot_id}.") from None
    if not 0 < pk < 2**63:
        raise NotFound(f"There is no ballot {ballot_id}.")
    return pk


def access_ballot_for(user: Any, ballot_id: int | str, *, manage: bool = False) -> Ballot:
    """A ballot ``user`` may see (they belong to its federation); ``manage``: its officers."""
    if not getattr(user, "is_authenticated", False):
        raise Forbidden("Sign in to see ballots.")
    pk = _ballot_pk(ballot_id)
    ballot = (
        Ballot.objects.select_related("council", "council__federation", "council__parent")
        .filter(pk=pk)
        .first()
    )
    if ballot is None or not belongs_to(user, ballot.council.federation):
        raise NotFound(f"There is no ballot {ballot_id}.")
    if manage:
        require_council_officer(user, ballot.council, "run its ballots")
    return ballot


def access_ballot_to_vote(user: Any, ballot_id: int | str) -> Ballot:
    """The ballot to cast a vote in: the electorate fixed at open decides who may vote, so
    this skips the federation check (one query fewer on the busiest path)."""
    if not getattr(user, "is_authenticated", False):
        raise Forbidden("Sign in to vote.")
    pk = _ballot_pk(ballot_id)
    # No query: the cast reads the ballot in its one locked statement (``locked_elector``).
    ballot = Ballot(id=pk)
    ballot._state.adding = False
    return ballot


def can_run_ballot(user: Any, ballot: Ballot) -> bool:
    return can_change_council(user, ballot.council)
