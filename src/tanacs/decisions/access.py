"""Who may take part in a council's decisions, and the one way interfaces fetch objects."""

from __future__ import annotations

from typing import Any

from tanacs.core.errors import Forbidden, NotFound
from tanacs.decisions.models import (
    Amendment,
    Election,
    Motion,
    Programme,
    ProgrammePoint,
    RecallPetition,
)
from tanacs.delegation.actions import eligible_for_seat
from tanacs.federation.access import access_council_for, can_change_council
from tanacs.federation.models import Council, Federation
from tanacs.membership.selectors import reads_member_lists

__all__ = [
    "access_amendment_for",
    "access_decisions_of",
    "access_election_for",
    "access_motion_for",
    "access_petition_for",
    "access_point_for",
    "access_programme_for",
    "may_see",
    "require_takes_part",
    "takes_part",
]


def takes_part(person: Any, council: Council) -> bool:
    """A base council decides by its active members; a higher one by the delegates seated in it."""
    if not person.is_authenticated:
        return False
    return eligible_for_seat(person, council)


def require_takes_part(person: Any, council: Council, action: str) -> None:
    if takes_part(person, council):
        return
    who = "active members" if council.is_base else "delegates seated in it"
    raise Forbidden(f"Only the {who} of {council.name} may {action}.")


def may_see(user: Any, federation: Federation) -> bool:
    """The federation's active members, its councils' officers and its stewards read its
    decisions; an applicant or a suspended member reads none (motions, petitions and
    elections name members)."""
    return bool(user.is_authenticated) and reads_member_lists(user, federation)


def _visible(user: Any, council: Council | None, what: str, pk: int) -> None:
    """Signed-in people of the federation see its decisions; to others they do not exist."""
    if not user.is_authenticated:
        raise Forbidden(f"Sign in to see {what}s.")
    if council is None or not (
        may_see(user, council.federation) or can_change_council(user, council)
    ):
        raise NotFound(f"There is no {what} {pk}.")


def access_decisions_of(user: Any, council_id: int) -> Council:
    """A council whose motions, programmes, elections and petitions ``user`` may list."""
    council = access_council_for(user, council_id)
    if not may_see(user, council.federation):
        raise Forbidden(f"Only people in {council.federation.name} see its decisions.")
    return council


def access_motion_for(user: Any, motion_id: int) -> Motion:
    motion = (
        Motion.objects.select_related("council", "council__federation", "council__parent", "author")
        .filter(pk=motion_id)
        .first()
    )
    _visible(user, motion.council if motion else None, "motion", motion_id)
    assert motion is not None
    return motion


def access_programme_for(user: Any, programme_id: int) -> Programme:
    programme = (
        Programme.objects.select_related("council", "council__federation")
        .filter(pk=programme_id)
        .first()
    )
    _visible(user, programme.council if programme else None, "programme", programme_id)
    assert programme is not None
    return programme


def access_point_for(
    user: Any, point_id: int, *, programme: Programme | None = None
) -> ProgrammePoint:
    """A programme point, seen through its programme; ``programme``: it must be one of its."""
    point = ProgrammePoint.objects.filter(pk=point_id).first()
    if point is None or (programme is not None and point.programme_id != programme.pk):
        where = f" in {programme.title}" if programme is not None else ""
        raise NotFound(f"There is no programme point {point_id}{where}.")
    point.programme = programme or access_programme_for(user, point.programme_id)
    return point


def access_amendment_for(user: Any, amendment_id: int) -> Amendment:
    """An amendment, seen through its motion (which it carries, already fetched)."""
    amendment = Amendment.objects.filter(pk=amendment_id).first()
    if amendment is None:
        raise NotFound(f"There is no amendment {amendment_id}.")
    amendment.motion = access_motion_for(user, amendment.motion_id)
    return amendment


def access_election_for(user: Any, election_id: int) -> Election:
    election = (
        Election.objects.select_related("council", "council__federation", "council__parent")
        .filter(pk=election_id)
        .first()
    )
    _visible(user, election.council if election else None, "election", election_id)
    assert election is not None
    return election


def access_petition_for(user: Any, petition_id: int) -> RecallPetition:
    petition = (
        RecallPetition.objects.select_related(
            "seat", "seat__council", "seat__council__federation", "holder", "holder__person"
        )
        .filter(pk=petition_id)
        .first()
    )
    council = petition.seat.council if petition else None
    _visible(user, council, "recall petition", petition_id)
    assert petition is not None
    return petition
