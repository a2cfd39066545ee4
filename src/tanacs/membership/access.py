"""Fetching a membership someone asked for; the actions decide what they may do with it."""

from __future__ import annotations

from typing import Any

from tanacs.core.errors import Forbidden, NotFound
from tanacs.federation.models import Council
from tanacs.membership.models import Membership
from tanacs.membership.selectors import reads_member_lists

__all__ = ["access_membership_for"]


def access_membership_for(
    user: Any, membership_id: int, *, council: Council | None = None
) -> Membership:
    """A membership the person may see: their own, or one in a federation whose member lists
    they read (active members, officers, stewards).

    With ``council`` (fetched through ``access_council_for``), it must be in that council.
    """
    if not user.is_authenticated:
        raise Forbidden("Sign in first.")
    query = Membership.objects.select_related(
        "council", "council__federation", "council__parent", "person"
    ).filter(pk=membership_id)
    if council is not None:
        query = query.filter(council=council)
    membership = query.first()
    if membership is None:
        where = f" in {council.name}" if council is not None else ""
        raise NotFound(f"There is no membership {membership_id}{where}.")
    federation = membership.council.federation
    if membership.person_id != user.pk and not reads_member_lists(user, federation):
        raise Forbidden(
            f"Only active members, officers and stewards of {federation.name} may see its "
            "memberships."
        )
    return membership
