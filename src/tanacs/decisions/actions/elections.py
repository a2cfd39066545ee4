"""Delegate elections: a council elects some of its seats in the parent by ballot.

One ballot fills all the election's seats by STV. The elected take the seats in the order
the count elected them (seat numbers ascending); the STV order of the remaining candidates
(``substitutes``) is dealt round the seats in turn, so with two seats the first, third, ...
remaining candidates substitute for seat 1 and the second, fourth, ... for seat 2: a person
can be on only one seat list of a council, and each seat keeps its best-ranked substitutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from tanacs.ballots.models import Ballot, Method
from tanacs.core.actors import actor_label
from tanacs.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from tanacs.decisions.actions._common import journal
from tanacs.decisions.models import Candidate, Election, ElectionStatus
from tanacs.decisions.voting import open_decision_ballot
from tanacs.delegation.actions import do_set_seat_holders, eligible_for_seat
from tanacs.delegation.models import HolderStatus, SeatHolder
from tanacs.delegation.selectors import seats_of
from tanacs.federation.access import can_change_council, require_council_officer
from tanacs.federation.models import Council

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "ELECTION_TRANSITIONS",
    "apply_election_result",
    "deal_substitutes",
    "do_call_election",
    "do_cancel_election",
    "do_open_election",
    "do_stand",
    "do_withdraw_candidacy",
    "move_election",
]

E = ElectionStatus
ELECTION_TRANSITIONS: dict[str, set[str]] = {
    E.NOMINATING: {E.VOTING, E.CANCELLED},
    E.VOTING: {E.DECLARED, E.NOMINATING},  # nominating again: its ballot was cancelled
    E.DECLARED: set(),
    E.CANCELLED: set(),
}


def move_election(election: Election, to: str, *, by: User, **extra: Any) -> Election:
    if to not in ELECTION_TRANSITIONS[election.status]:
        raise IllegalTransition(
            f"An election that is {election.status} cannot become {to}.",
            status=election.status,
        )
    before, election.status = election.status, to
    election.save(update_fields=["status", "outcome"])
    journal(election.council, f"election.{to}", f"election:{election.pk}", by=by, was=before,
            seats=election.seats, **extra)  # fmt: skip
    return election


def _locked(election: Election) -> Election:
    return (
        Election.objects.select_for_update(of=("self",))
        .select_related("council", "council__federation", "council__parent")
        .get(pk=election.pk)
    )


@transaction.atomic
def do_call_election(council: Council, *, seats: Sequence[int] | None = None, by: User) -> Election:
    """Officers call an election for some (default: all) of the council's seats."""
    require_council_officer(by, council, "call elections")
    available = seats_of(council)
    if available == 0:
        raise InvalidInput(f"{council.name} has no parent council to elect delegates to.")
    numbers = sorted(set(seats)) if seats else list(range(1, available + 1))
    if not numbers or numbers[0] < 1 or numbers[-1] > available:
        raise InvalidInput(
            f"{council.name} has seats 1 to {available} in {council.parent}.", field="seats"
        )
    for other in Election.objects.filter(council=council, status__in=[E.NOMINATING, E.VOTING]):
        if set(other.seats) & set(numbers):
            raise Conflict(f"Election {other.pk} is already under way for those seats.")
    election = Election.objects.create(council=council, seats=numbers, called_by=actor_label(by))
    journal(council, "election.called", f"election:{election.pk}", by=by, seats=numbers)
    return election


def _on_other_seat(election: Election, person: Any) -> bool:
    return (
        SeatHolder.objects.filter(seat__council=election.council, person_id=person.pk)
        .exclude(seat__number__in=election.seats)
        .exclude(status__in=[HolderStatus.RESIGNED, HolderStatus.RECALLED])
        .exists()
    )


@transaction.atomic
def do_stand(election: Election, *, by: User, person: Any = None) -> Candidate:
    """Stand for election, or (officers) nominate ``person`` who agreed to stand."""
    election = _locked(election)
    person = person or by
    if person.pk != by.pk and not can_change_council(by, election.council):
        raise Forbidden("Only officers may nominate someone else.")
    if election.status != E.NOMINATING:
        raise Conflict(f"Nominations are closed; the election is {election.status}.")
    if not eligible_for_seat(person, election.council):
        where = "active members" if election.council.is_base else "delegates seated in it"
        raise Forbidden(f"Only the {where} of {election.council.name} may stand.")
    if _on_other_seat(election, person):
        raise Conflict(f"{person.get_username()} is on the list of another seat of "
                       f"{election.council.name}.")  # fmt: skip
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(election=election, person=person)
    except IntegrityError:
        raise Conflict(f"{person.get_username()} is standing already.") from None
    journal(election.council, "election.candidate", f"election:{election.pk}", by=by,
            candidate=actor_label(person))  # fmt: skip
    return candidate


@transaction.atomic
def do_withdraw_candidacy(election: Election, *, by: User, person: Any = None) -> None:
    election = _locked(election)
    person = person or by
    if person.pk != by.pk and not can_change_council(by, election.council):
        raise Forbidden("Only officers may withdraw someone else's candidacy.")
    if election.status != E.NOMINATING:
        raise Conflict(f"Nominations are closed; the election is {election.status}.")
    deleted, _ = Candidate.objects.filter(election=election, person_id=person.pk).delete()
    if not deleted:
        raise Conflict(f"{person.get_username()} is not standing.")
    journal(election.council, "election.withdrawn_candidate", f"election:{election.pk}", by=by,
            candidate=actor_label(person))  # fmt: skip


@transaction.atomic
def do_cancel_election(election: Election, *, by: User) -> Election:
    election = _locked(election)
    require_council_officer(by, election.council, "cancel elections")
    return move_election(election, E.CANCELLED, by=by)


@transaction.atomic
def do_open_election(
    election: Election, *, by: User, closes_at: datetime | None = None,
    secret: bool | None = None,
) -> Ballot | None:  # fmt: skip
    """Close nominations and open the STV ballot. With no more candidates than seats they
    are elected unopposed, in the order they stood, and no ballot is held."""
    election = _locked(election)
    require_council_officer(by, election.council, "open elections")
    candidates = list(election.candidates.select_related("person"))
    if not candidates:
        raise Conflict("Nobody is standing yet.")
    move_election(election, E.VOTING, by=by, candidates=[actor_label(c.person) for c in candidates])
    if len(candidates) <= len(election.seats):
        apply_election_result(election, elected=[c.person for c in candidates], substitutes=[],
                              by=by, ballot=None)  # fmt: skip
        return None
    council = election.council
    return open_decision_ballot(
        council, decides=election,
        title=f"Delegates of {council.name} to {council.parent}"[:200],
        question=f"Rank the candidates for seat(s) {', '.join(map(str, election.seats))}; "
        "the next in the count's order become the substitutes.",
        method=Method.STV, options=[actor_label(c.person) for c in candidates],
        seats=len(election.seats), closes_at=closes_at, secret=secret, by=by,
    )  # fmt: skip


def deal_substitutes(seats: int, substitutes: Sequence[Any]) -> list[list[Any]]:
    """Deal the ranked remaining candidates round the seats: seat i gets i, i+k, i+2k, ..."""
    return [list(substitutes[i::seats]) for i in range(seats)]


@transaction.atomic
def apply_election_result(
    election: Election,
    *,
    elected: Sequence[Any],
    substitutes: Sequence[Any],
    by: User,
    ballot: int | None,
) -> Election:
    """Seat the elected with their substitutes through the delegation actions."""
    election = _locked(election)
    if election.status != E.VOTING:
        raise IllegalTransition(
            f"An election that is {election.status} cannot be declared.", status=election.status
        )
    numbers = list(election.seats)
    if len(elected) > len(numbers):
        raise InvalidInput("More people were elected than there are seats.")
    # Whoever is no longer eligible (left, suspended, unseated) drops out; the next in the
    # count's order moves up.
    ranked = [p for p in [*elected, *substitutes] if eligible_for_seat(p, election.council)]
    elected, substitutes = ranked[: len(elected)], ranked[len(elected) :]
    # The election replaces the lists of all its seats at once: clear them first, so that a
    # person moving from one of these seats to another is not refused as already listed.
    # A count that elected nobody (no valid votes) leaves the seats as they were.
    if elected:
        SeatHolder.objects.filter(seat__council=election.council, seat__number__in=numbers).delete()
    dealt = deal_substitutes(len(elected), substitutes) if elected else []
    for number, delegate, subs in zip(numbers, elected, dealt, strict=False):
        do_set_seat_holders(
            election.council, number, delegate=delegate, substitutes=subs, by=by, by_ballot=ballot
        )
    election.outcome = {
        "elected": [actor_label(p) for p in elected],
        "substitutes": [actor_label(p) for p in substitutes],
        "ballot": ballot,
    }
    return move_election(election, E.DECLARED, by=by, **election.outcome)
