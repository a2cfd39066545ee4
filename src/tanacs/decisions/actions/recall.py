"""Recall: the members who elect a seat petition; at the threshold a yes/no ballot opens;
declared "yes", the delegate loses the seat and the first available substitute sits.

The electorate of a seat is whoever elects it now: the active members of a base council, or
the delegates seated in a higher council. The threshold is fixed when the petition opens:
the recall share (20% unless the federation or council sets another) of that electorate,
rounded up, and at least one signature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from tanacs.core.actors import actor_label
from tanacs.core.errors import Conflict, Forbidden, IllegalTransition, NotFound
from tanacs.decisions.actions._common import clean_text, journal
from tanacs.decisions.models import PetitionStatus, RecallPetition, RecallSignature
from tanacs.decisions.selectors import live_petition_for, recall_electorate, recall_share_percent
from tanacs.decisions.voting import open_recall_ballot
from tanacs.delegation.actions import apply_holder_status, eligible_for_seat
from tanacs.delegation.models import HolderStatus, Seat, SeatHolder
from tanacs.delegation.selectors import list_seats
from tanacs.federation.models import Council

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "PETITION_TRANSITIONS",
    "apply_recall_result",
    "do_open_recall",
    "do_sign_recall",
    "do_withdraw_recall",
    "move_petition",
    "recall_threshold",
]

P = PetitionStatus
PETITION_TRANSITIONS: dict[str, set[str]] = {
    P.OPEN: {P.BALLOT, P.WITHDRAWN},
    P.BALLOT: {P.RECALLED, P.KEPT},
    P.RECALLED: set(),
    P.KEPT: set(),
    P.WITHDRAWN: set(),
}


def recall_threshold(electorate: int, percent: int) -> int:
    return max(1, -(-electorate * percent // 100))


def move_petition(petition: RecallPetition, to: str, *, by: User, **extra: Any) -> RecallPetition:
    if to not in PETITION_TRANSITIONS[petition.status]:
        raise IllegalTransition(
            f"A recall petition that is {petition.status} cannot become {to}.",
            status=petition.status,
        )
    before, petition.status = petition.status, to
    petition.save(update_fields=["status"])
    journal(petition.seat.council, f"recall.{to}", f"recall:{petition.pk}", by=by, was=before,
            seat=petition.seat.number, delegate=actor_label(petition.person), **extra)  # fmt: skip
    return petition


def _locked(petition: RecallPetition) -> RecallPetition:
    return (
        RecallPetition.objects.select_for_update(of=("self",))
        .select_related("seat", "seat__council", "seat__council__federation", "holder", "person")
        .get(pk=petition.pk)
    )


def _require_elector(person: Any, council: Council) -> None:
    # Whoever is in ``recall_electorate(council)``, checked for one person.
    if not person.is_authenticated or not eligible_for_seat(person, council):
        who = "active members" if council.is_base else "delegates seated in it"
        raise Forbidden(f"Only the {who} of {council.name} may petition to recall its delegates.")


def _sign(petition: RecallPetition, person: Any) -> int:
    try:
        with transaction.atomic():
            RecallSignature.objects.create(petition=petition, person=person)
    except IntegrityError:
        raise Conflict("You have signed this petition already.") from None
    return petition.signatures.count()


def _reach_threshold(petition: RecallPetition, signed: int, *, by: User) -> None:
    if petition.status == P.OPEN and signed >= petition.threshold:
        move_petition(petition, P.BALLOT, by=by, signatures=signed)
        open_recall_ballot(petition, by=by)


@transaction.atomic
def do_open_recall(council: Council, seat_number: int, *, reason: str, by: User) -> RecallPetition:
    """Start a petition to recall whoever sits in seat ``seat_number``; the opener signs it."""
    _require_elector(by, council)
    reason = clean_text(reason, field="reason", what="The reason for the recall")
    seat = (
        Seat.objects.select_for_update(of=("self",))
        .filter(council=council, number=seat_number)
        .first()
    )
    view = next((v for v in list_seats(council) if v.number == seat_number), None)
    if seat is None or view is None or view.delegate is None:
        raise NotFound(f"Seat {seat_number} of {council.name} has no sitting delegate.")
    holder = view.delegate
    if live_petition_for(holder.pk) is not None:
        raise Conflict(f"A petition to recall {holder.person.get_username()} is already open.")
    electorate = len(recall_electorate(council))
    try:
        with transaction.atomic():
            petition = RecallPetition.objects.create(
                seat=seat, holder=holder, person=holder.person, reason=reason,
                electorate=electorate,
                threshold=recall_threshold(electorate, recall_share_percent(council)),
                opened_by=actor_label(by),
            )  # fmt: skip
    except IntegrityError:  # another petition opened at the same moment
        raise Conflict(
            f"A petition to recall {holder.person.get_username()} is already open."
        ) from None
    signed = _sign(petition, by)
    journal(council, "recall.opened", f"recall:{petition.pk}", by=by, seat=seat_number,
            delegate=actor_label(holder.person), reason=reason, electorate=electorate,
            threshold=petition.threshold)  # fmt: skip
    _reach_threshold(petition, signed, by=by)
    return petition


@transaction.atomic
def do_sign_recall(petition: RecallPetition, *, by: User) -> RecallPetition:
    """Sign; the signature that reaches the threshold opens the recall ballot."""
    petition = _locked(petition)
    _require_elector(by, petition.seat.council)
    if petition.status != P.OPEN:
        raise Conflict(f"This petition is {petition.status}; it takes no more signatures.")
    signed = _sign(petition, by)
    journal(petition.seat.council, "recall.signed", f"recall:{petition.pk}", by=by,
            signatures=signed, threshold=petition.threshold)  # fmt: skip
    _reach_threshold(petition, signed, by=by)
    return petition


@transaction.atomic
def do_withdraw_recall(petition: RecallPetition, *, by: User) -> RecallPetition:
    petition = _locked(petition)
    if actor_label(by) != petition.opened_by:
        raise Forbidden("Only the person who opened the petition may withdraw it.")
    return move_petition(petition, P.WITHDRAWN, by=by)


@transaction.atomic
def apply_recall_result(
    petition: RecallPetition, *, recalled: bool, by: User, ballot: int | None
) -> RecallPetition:
    """Declared: a recalled delegate leaves the seat now and the first substitute sits."""
    petition = _locked(petition)
    move_petition(petition, P.RECALLED if recalled else P.KEPT, by=by, ballot=ballot)
    if not recalled:
        return petition
    holder = (
        SeatHolder.objects.select_for_update(of=("self",))
        .select_related("seat", "seat__council", "seat__council__federation", "person")
        .filter(seat=petition.seat, person=petition.person)
        .exclude(status__in=[HolderStatus.RESIGNED, HolderStatus.RECALLED])
        .first()
    )
    if holder is None:
        return petition  # already off the list (resigned, or a new election replaced it)
    apply_holder_status(holder, HolderStatus.RECALLED, reason=f"recalled: {petition.reason}",
                        by=by, ballot=ballot)  # fmt: skip
    _lapse_above(petition.person, petition.seat.council, by=by, ballot=ballot)
    return petition


def _lapse_above(person: Any, council: Council, *, by: User, ballot: int | None) -> None:
    """A recalled delegate no longer sits in the parent council, so the places their seat
    gave them on the parent's own seat lists lapse too, as far up as they reach."""
    above = council.parent
    while above is not None and not eligible_for_seat(person, above):
        holders = (
            SeatHolder.objects.filter(seat__council=above, person_id=person.pk)
            .exclude(status__in=[HolderStatus.RESIGNED, HolderStatus.RECALLED])
            .select_related("seat", "seat__council", "seat__council__federation", "person")
        )
        lapsed = list(holders)
        for holder in lapsed:
            apply_holder_status(holder, HolderStatus.RECALLED, by=by, ballot=ballot,
                                reason=f"recalled as delegate of {council.name}")  # fmt: skip
        if not lapsed:
            return
        council, above = above, above.parent
