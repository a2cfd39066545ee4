"""Joining and leaving base councils: apply, vouch, admit, suspend, reinstate, leave."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tanacs.core.actors import actor_label
from tanacs.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from tanacs.delegation.actions import vacate_holdings
from tanacs.delegation.models import HolderStatus
from tanacs.federation.access import require_council_officer
from tanacs.federation.actions import shift_represented
from tanacs.federation.models import Council
from tanacs.journal.chain import append
from tanacs.membership.models import Membership, Status, Vouch

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "TRANSITIONS",
    "do_admit",
    "do_apply",
    "do_leave",
    "do_reinstate",
    "do_suspend",
    "do_vouch",
]

TRANSITIONS: dict[str, set[str]] = {
    Status.APPLIED: {Status.ACTIVE, Status.LEFT},
    Status.ACTIVE: {Status.SUSPENDED, Status.LEFT},
    Status.SUSPENDED: {Status.ACTIVE, Status.LEFT},
    Status.LEFT: set(),
}


def _locked(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("council", "council__federation", "council__parent", "person")
        .get(pk=membership.pk)
    )


def _move(membership: Membership, to: str) -> None:
    if to not in TRANSITIONS[membership.status]:
        raise IllegalTransition(
            f"A membership that is {membership.status} cannot become {to}.",
            status=membership.status,
        )
    was_active = membership.status == Status.ACTIVE
    membership.status = to
    if to == Status.ACTIVE and membership.admitted_at is None:
        membership.admitted_at = timezone.now()
    delta = (to == Status.ACTIVE) - was_active
    if delta:
        _count(membership.council, delta)


def _count(council: Council, delta: int) -> None:
    Council.objects.filter(pk=council.pk).update(member_count=F("member_count") + delta)
    shift_represented(council, delta)


def _journal(membership: Membership, kind: str, by: User, **extra: Any) -> None:
    append(
        membership.council.federation.chain,
        kind,
        actor=actor_label(by),
        subject=f"membership:{membership.pk}",
        payload={
            "membership": membership.pk,
            "council": membership.council_id,
            "person": actor_label(membership.person),
            "person_id": membership.person_id,
            "status": membership.status,
            **extra,
        },
    )


@transaction.atomic
def do_apply(council: Council, *, person: Any) -> Membership:
    if not person.is_authenticated:
        raise Forbidden("Sign in to apply for membership.")
    if not council.is_base:
        raise InvalidInput(
            f"{council.name} is a {council.level_name} council: members join base councils "
            "and are represented above by delegates."
        )
    existing = (
        Membership.objects.filter(federation_id=council.federation_id, person=person)
        .exclude(status=Status.LEFT)
        .select_related("council")
        .first()
    )
    if existing is not None:
        raise Conflict(
            f"You are already {existing.status} in {existing.council.name}; a person belongs "
            "to one base council per federation.",
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                federation_id=council.federation_id, council=council, person=person
            )
    except IntegrityError:
        raise Conflict("You applied to this federation a moment ago already.") from None
    _journal(membership, "member.applied", person)
    return membership


def _active_vouches(membership: Membership) -> int:
    active = Membership.objects.filter(council=membership.council, status=Status.ACTIVE)
    return membership.vouches.filter(voucher__in=active.values("person")).count()


@transaction.atomic
def do_vouch(membership: Membership, *, by: User) -> Membership:
    membership = _locked(membership)
    if membership.person_id == by.pk:
        raise Forbidden("You cannot vouch for yourself.")
    is_member = Membership.objects.filter(
        council=membership.council, person_id=by.pk, status=Status.ACTIVE
    ).exists()
    if not is_member:
        raise Forbidden(f"Only active members of {membership.council.name} may vouch here.")
    if membership.status != Status.APPLIED:
        raise IllegalTransition(f"This membership is {membership.status}, not awaiting vouches.")
    _, created = Vouch.objects.get_or_create(membership=membership, voucher=by)
    if not created:
        raise Conflict("You have vouched for this applicant already.")
    count = _active_vouches(membership)
    _journal(membership, "member.vouched", by, vouches=count, voucher_id=by.pk)
    if count >= membership.council.vouches_needed:
        _move(membership, Status.ACTIVE)
        membership.save(update_fields=["status", "admitted_at"])
        _journal(membership, "member.admitted", by, by_vouches=count)
    return membership


@transaction.atomic
def do_admit(membership: Membership, *, by: User) -> Membership:
    membership = _locked(membership)
    require_council_officer(by, membership.council, "admit members")
    if membership.status != Status.APPLIED:
        raise IllegalTransition(f"This membership is {membership.status}, not awaiting admission.")
    _move(membership, Status.ACTIVE)
    membership.save(update_fields=["status", "admitted_at"])
    _journal(membership, "member.admitted", by, by_officer=True)
    return membership


@transaction.atomic
def do_suspend(membership: Membership, *, by: User, reason: str) -> Membership:
    membership = _locked(membership)
    require_council_officer(by, membership.council, "suspend members")
    reason = reason.strip()
    if not reason:
        raise InvalidInput("A suspension needs a stated reason.", field="reason")
    _move(membership, Status.SUSPENDED)
    membership.reason = reason
    membership.save(update_fields=["status", "reason"])
    vacate_holdings(
        membership.person, membership.council.federation, HolderStatus.UNAVAILABLE,
        reason="member suspended", by=by,
    )  # fmt: skip
    _journal(membership, "member.suspended", by, reason=membership.reason)
    return membership


@transaction.atomic
def do_reinstate(membership: Membership, *, by: User) -> Membership:
    membership = _locked(membership)
    require_council_officer(by, membership.council, "reinstate members")
    if membership.status != Status.SUSPENDED:
        raise IllegalTransition(f"This membership is {membership.status}, not suspended.")
    _move(membership, Status.ACTIVE)
    membership.reason = ""
    membership.save(update_fields=["status", "reason"])
    _journal(membership, "member.reinstated", by)
    return membership


@transaction.atomic
def do_leave(membership: Membership, *, by: User) -> Membership:
    membership = _locked(membership)
    if membership.person_id != by.pk:
        raise Forbidden("Only the member can leave; officers suspend.")
    _move(membership, Status.LEFT)
    membership.save(update_fields=["status"])
    vacate_holdings(
        membership.person, membership.council.federation, HolderStatus.RESIGNED,
        reason="left the council", by=by,
    )  # fmt: skip
    _journal(membership, "member.left", by)
    return membership
