"""Who may read member names, and finding the person a request names by login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from tanacs.core.errors import Forbidden, InvalidInput
from tanacs.federation.access import access_council_for
from tanacs.federation.models import Council
from tanacs.membership.selectors import reads_member_lists

__all__ = ["access_members_of", "find_person"]


def access_members_of(user: Any, council_id: int) -> Council:
    """A council whose member names ``user`` may read: see ``reads_member_lists``."""
    council = access_council_for(user, council_id)
    if not reads_member_lists(user, council.federation):
        raise Forbidden(
            f"Only active members, officers and stewards of {council.federation.name} may see "
            "its members' names."
        )
    return council


def find_person(username: str, *, field: str = "username") -> Any:
    """The person a request names by login; an unknown name is bad input, not a missing page."""
    person = get_user_model().objects.filter(username=username).first()
    if person is None:
        raise InvalidInput(f"There is no person {username!r}.", field=field)
    return person
