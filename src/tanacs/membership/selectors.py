from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from tanacs.federation.models import Council, Federation
from tanacs.membership.models import Membership, Status, Vouch


def list_memberships_of(person: Any) -> QuerySet[Membership]:
    """'My councils': every live membership of a person, with its federation."""
    return (
        Membership.objects.filter(person_id=person.pk)
        .exclude(status=Status.LEFT)
        .select_related("council", "council__federation", "council__parent")
    )


def list_applications_of(person: Any) -> QuerySet[Membership]:
    """A person's applications still waiting, with the vouches each has gathered."""
    return (
        Membership.objects.filter(person_id=person.pk, status=Status.APPLIED)
        .select_related("council", "council__federation")
        .annotate(vouch_count=Count("vouches"))
        .order_by("applied_at", "pk")
    )


def list_vouches_asked_of(person: Any, *, limit: int = 20) -> list[Membership]:
    """Applicants to the councils where ``person`` is an active member, who wait for vouches
    and whom ``person`` has not vouched for yet: who may ask them to vouch, oldest first."""
    councils = Membership.objects.filter(person_id=person.pk, status=Status.ACTIVE).values(
        "council_id"
    )
    vouched = Vouch.objects.filter(voucher_id=person.pk).values("membership_id")
    return list(
        Membership.objects.filter(status=Status.APPLIED, council_id__in=councils)
        .exclude(person_id=person.pk)
        .exclude(pk__in=vouched)
        .select_related("person", "council", "council__federation")
        .order_by("applied_at", "pk")[:limit]
    )


def get_membership(person: Any, federation: Federation) -> Membership | None:
    return (
        Membership.objects.filter(federation=federation, person_id=person.pk)
        .exclude(status=Status.LEFT)
        .select_related("council")
        .first()
    )


def list_members(council: Council, status: str = Status.ACTIVE) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(council=council, status=status)
        .select_related("person")
        .order_by("person__username")
    )


def list_applicants(council: Council) -> QuerySet[Membership]:
    return list_members(council, Status.APPLIED).annotate(vouch_count=Count("vouches"))


def is_active_member(person: Any, council: Council) -> bool:
    return Membership.objects.filter(
        council=council, person_id=person.pk, status=Status.ACTIVE
    ).exists()


def belongs_to(person: Any, federation: Federation) -> bool:
    """Members, officers, stewards and seated people all see their federation's member lists."""
    if not person.is_authenticated:
        return False
    if federation.stewards.filter(pk=person.pk).exists():
        return True
    return (
        Membership.objects.filter(federation=federation, person_id=person.pk)
        .exclude(status=Status.LEFT)
        .exists()
        or federation.councils.filter(officers__person_id=person.pk).exists()
    )


def reads_member_lists(person: Any, federation: Federation) -> bool:
    """Who reads the member lists of every council of ``federation``: its active members
    (of any council), the officers of its councils and its stewards.

    An applicant, a suspended member or one who left reads none: a fresh sign-up must not
    learn who belongs to a federation by applying to it.
    """
    if not person.is_authenticated:
        return False
    if federation.stewards.filter(pk=person.pk).exists():
        return True
    return (
        Membership.objects.filter(
            federation=federation, person_id=person.pk, status=Status.ACTIVE
        ).exists()
        or federation.councils.filter(officers__person_id=person.pk).exists()
    )


def vouched_for_by(person: Any, membership_ids: list[int]) -> set[int]:
    """Which of these memberships ``person`` has vouched for already (one query)."""
    if not person.is_authenticated or not membership_ids:
        return set()
    return set(
        Vouch.objects.filter(voucher_id=person.pk, membership_id__in=membership_ids).values_list(
            "membership_id", flat=True
        )
    )


def list_members_after(
    council: Council, *, status: str = Status.ACTIVE, after: int = 0, limit: int = 50
) -> list[Membership]:
    """One page of a council's members in the order they joined, after membership ``after``.

    Keyset paging: a council may hold tens of thousands of members, and ordering by name
    would join and sort all of them for every page. People are fetched in a second query for
    just this page, so the database never joins the whole council to the user table.
    """
    return list(
        Membership.objects.filter(council=council, status=status, pk__gt=after)
        .prefetch_related("person")
        .order_by("pk")[:limit]
    )
