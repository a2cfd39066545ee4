"""Who may see a negotiation and act in it; the one way interfaces fetch negotiations."""

from __future__ import annotations

from typing import Any

from tanacs.core.errors import Forbidden, NotFound
from tanacs.federation.access import can_change_council
from tanacs.federation.models import Council
from tanacs.membership.models import Membership, Status
from tanacs.negotiations.models import Delegate, Negotiation

__all__ = ["access_negotiation_for", "is_negotiator", "may_negotiate_for", "may_see"]


def is_negotiator(person: Any, negotiation: Negotiation) -> bool:
    """``person`` is on ``negotiation``'s delegation."""
    if not person.is_authenticated:
        return False
    return Delegate.objects.filter(negotiation=negotiation, person_id=person.pk).exists()


def _member_below(person: Any, council: Council) -> bool:
    """An active member of ``council`` or of a base council under it."""
    membership = (
        Membership.objects.select_related("council")
        .filter(person_id=person.pk, federation_id=council.federation_id, status=Status.ACTIVE)
        .first()
    )
    node: Council | None = membership.council if membership else None
    while node is not None:  # at most the federation's few levels
        if node.pk == council.pk:
            return True
        node = node.parent
    return False


def may_negotiate_for(person: Any, council: Council) -> bool:
    """Who may sit on ``council``'s delegation: its officers, and members of it or below
    (the delegates seated in a higher council are members of a base council under it)."""
    return can_change_council(person, council) or _member_below(person, council)


def may_see(person: Any, negotiation: Negotiation) -> bool:
    """The base councils see everything: members of the council and of the councils below,
    its officers (and the federation's stewards), and the delegation."""
    if not person.is_authenticated:
        return False
    council = negotiation.council
    return (
        can_change_council(person, council)
        or is_negotiator(person, negotiation)
        or _member_below(person, council)
    )


def access_negotiation_for(user: Any, negotiation_id: int) -> Negotiation:
    """A negotiation, seen by whoever :func:`may_see` it; to others it does not exist."""
    if not user.is_authenticated:
        raise Forbidden("Sign in to see negotiations.")
    negotiation = (
        Negotiation.objects.select_related("federation", "council", "council__parent")
        .filter(pk=negotiation_id)
        .first()
    )
    if negotiation is None or not may_see(user, negotiation):
        raise NotFound(f"There is no negotiation {negotiation_id}.")
    return negotiation
