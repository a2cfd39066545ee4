"""Seats in the parent council: appointing holders, marking them unavailable, resigning.

Who sits is always the first available holder, so every change here is a change of one
holder's status or of the ordered list; the journal entry names who sits afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction

from tanacs.core.actors import actor_label
from tanacs.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from tanacs.delegation.models import HolderStatus, Seat, SeatHolder
from tanacs.delegation.selectors import is_seated_in, seats_of, sitting_holder
from tanacs.federation.access import require_council_officer
from tanacs.federation.models import Council, Federation
from tanacs.journal.chain import append
from tanacs.membership.models import Membership, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "apply_holder_status",
    "do_mark_available",
    "do_mark_unavailable",
    "do_resign_seat",
    "do_set_seat_holders",
    "eligible_for_seat",
    "vacate_holdings",
]


def eligible_for_seat(person: Any, council: Council) -> bool:
    """A base council sends its active members; a higher council, the delegates seated in it."""
    if council.is_base:
        return Membership.objects.filter(
            council=council, person_id=person.pk, status=Status.ACTIVE
        ).exists()
    return is_seated_in(person, council)


def _seat(council: Council, number: int, *, create: bool = False) -> Seat:
    available = seats_of(council)
    if not 1 <= number <= available:
        if available == 0:
            raise InvalidInput(f"{council.name} has no parent council to send delegates to.")
        raise InvalidInput(
            f"{council.name} has {available} seat(s) in {council.parent or 'its parent'}; "
            f"there is no seat {number}.",
            field="seat",
        )
    if create:
        seat, _ = Seat.objects.select_for_update().get_or_create(council=council, number=number)
        return seat
    existing = Seat.objects.select_for_update().filter(council=council, number=number).first()
    if existing is None:
        raise NotFound(f"Seat {number} of {council.name} has no delegate yet.")
    return existing


def _sitting_name(seat: Seat) -> str | None:
    holders = list(seat.holders.exclude(status__in=[HolderStatus.RESIGNED, HolderStatus.RECALLED]))
    sitting = sitting_holder(holders)
    return actor_label(sitting.person) if sitting else None


def _journal(seat: Seat, kind: str, by: User, **extra: Any) -> None:
    council = seat.council
    append(
        council.federation.chain,
        kind,
        actor=actor_label(by),
        subject=f"seat:{seat.pk}",
        payload={
            "council": council.pk,
            "seat": seat.number,
            "sitting": _sitting_name(seat),
            **extra,
        },
    )


@transaction.atomic
def do_set_seat_holders(
    council: Council,
    number: int,
    *,
    delegate: Any,
    substitutes: Sequence[Any] = (),
    by: User,
    by_ballot: int | None = None,
) -> Seat:
    """Give seat ``number`` a delegate and ranked substitutes, replacing the previous list.

    Officers appoint; an election ballot (``by_ballot``) seats its winners the same way.
    """
    if by_ballot is None:
        require_council_officer(by, council, "appoint delegates")
    people = [delegate, *substitutes]
    if len({p.pk for p in people}) != len(people):
        raise InvalidInput(
            "A person can hold only one place on a seat's list.", field="substitutes"
        )
    for person in people:
        if not eligible_for_seat(person, council):
            where = "an active member" if council.is_base else "a delegate seated"
            raise InvalidInput(
                f"{person.get_username()} is not {where} in {council.name}.", field="delegate"
            )
    seat = _seat(council, number, create=True)
    elsewhere = (
        SeatHolder.objects.filter(seat__council=council, person__in=[p.pk for p in people])
        .exclude(seat=seat)
        .exclude(status__in=[HolderStatus.RESIGNED, HolderStatus.RECALLED])
        .select_related("person", "seat")
        .first()
    )
    if elsewhere is not None:
        raise Conflict(
            f"{elsewhere.person.get_username()} is already on the list of seat "
            f"{elsewhere.seat.number}.",
            field="delegate",
        )
    seat.holders.all().delete()
    SeatHolder.objects.bulk_create(
        SeatHolder(seat=seat, person=person, position=i) for i, person in enumerate(people)
    )
    _journal(
        seat,
        "seat.holders_set",
        by,
        delegate=actor_label(delegate),
        substitutes=[actor_label(p) for p in substitutes],
        holder_ids=[p.pk for p in people],
        ballot=by_ballot,
    )
    return seat


def _holder(seat: Seat, person: Any) -> SeatHolder:
    holder = seat.holders.filter(person_id=person.pk).first()
    if holder is None:
        raise NotFound(f"{person.get_username()} holds no place on seat {seat.number}.")
    return holder


def apply_holder_status(
    holder: SeatHolder, status: str, *, reason: str, by: User, ballot: int | None = None
) -> SeatHolder:
    """Change one holder's status and journal who sits now; used by every path here."""
    before = _sitting_name(holder.seat)
    holder.status = status
    holder.reason = reason
    holder.save(update_fields=["status", "reason"])
    _journal(
        holder.seat,
        "seat.holder_status",
        by,
        person=actor_label(holder.person),
        person_id=holder.person_id,
        status=status,
        reason=holder.reason,
        was_sitting=before,
        ballot=ballot,
    )
    return holder


@transaction.atomic
def do_mark_unavailable(
    council: Council, number: int, person: Any, *, reason: str, by: User
) -> Seat:
    """The delegate is arrested, ill or away: the first available substitute sits at once."""
    require_council_officer(by, council, "mark delegates unavailable")
    if not reason.strip():
        raise InvalidInput("Say why the delegate is unavailable.", field="reason")
    seat = _seat(council, number)
    holder = _holder(seat, person)
    if holder.status != HolderStatus.AVAILABLE:
        raise Conflict(f"{person.get_username()} is {holder.status} already.")
    apply_holder_status(holder, HolderStatus.UNAVAILABLE, reason=reason.strip(), by=by)
    return seat


@transaction.atomic
def do_mark_available(council: Council, number: int, person: Any, *, by: User) -> Seat:
    """The holder is back; by their place in the order they may take the seat again."""
    require_council_officer(by, council, "mark delegates available")
    seat = _seat(council, number)
    holder = _holder(seat, person)
    if holder.status != HolderStatus.UNAVAILABLE:
        raise Conflict(f"{person.get_username()} is {holder.status}, not unavailable.")
    if not eligible_for_seat(person, council):
        raise Conflict(f"{person.get_username()} is no longer eligible to sit for {council.name}.")
    apply_holder_status(holder, HolderStatus.AVAILABLE, reason="", by=by)
    return seat


@transaction.atomic
def do_resign_seat(council: Council, number: int, *, by: User) -> Seat:
    seat = _seat(council, number)
    holder = _holder(seat, by)
    if holder.status in (HolderStatus.RESIGNED, HolderStatus.RECALLED):
        raise Conflict(f"You are {holder.status} from this seat already.")
    apply_holder_status(holder, HolderStatus.RESIGNED, reason="resigned", by=by)
    return seat


def vacate_holdings(
    person: Any, federation: Federation, status: str, *, reason: str, by: User
) -> int:
    """Take a person who left or was suspended off every seat list they are on."""
    if not by.is_authenticated:
        raise Forbidden("Sign in first.")
    holders = SeatHolder.objects.filter(
        person_id=person.pk,
        seat__council__federation=federation,
        status=HolderStatus.AVAILABLE,
    ).select_related("seat", "seat__council", "seat__council__federation", "person")
    changed = 0
    for holder in holders:
        apply_holder_status(holder, status, reason=reason, by=by)
        changed += 1
    return changed
