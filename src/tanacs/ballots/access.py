"""Who may see and run ballots. Interfaces fetch ballots only through here."""

from __future__ import annotations

from typing import Any

from tanacs.ballots.models import Ballot, State
from tanacs.core.errors import Conflict, Forbidden, NotFound
from tanacs.federation.access import (
    access_council_for,
    can_change_council,
    require_council_officer,
)
from tanacs.federation.models import Council
from tanacs.membership.selectors import belongs_to

__all__ = [
    "access_ballot_for",
    "access_ballot_to_vote",
    "access_ballots_of",
    "access_published_list_for",
    "can_run_ballot",
    "require_list_published",
]


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


def access_ballots_of(user: Any, council_id: int) -> Council:
    """A council whose ballots ``user`` may list: they belong to its federation."""
    council = access_council_for(user, council_id)
    if not belongs_to(user, council.federation):
        raise Forbidden(f"Only people in {council.federation.name} see its ballots.")
    return council


def require_list_published(ballot: Ballot) -> None:
    """The ballot list (what each receipt chose) is shown only once the ballot has closed:
    before, it would show how the vote stands while people still vote."""
    if ballot.state not in (State.CLOSED, State.DECLARED):
        raise Conflict(
            f"Ballot {ballot.pk} is {ballot.state}: its ballot list is published when the "
            "ballot closes."
        )


def access_published_list_for(user: Any, ballot_id: int | str) -> Ballot:
    """A ballot whose published list ``user`` may read: they see the ballot, and it closed."""
    ballot = access_ballot_for(user, ballot_id)
    require_list_published(ballot)
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
