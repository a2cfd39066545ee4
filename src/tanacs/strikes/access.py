"""Who may see strikes and report a council's status; the one way interfaces fetch strikes."""

from __future__ import annotations

from typing import Any

from tanacs.core.errors import Forbidden, NotFound
from tanacs.delegation.selectors import list_seats
from tanacs.federation.access import can_change_council
from tanacs.federation.models import Council
from tanacs.membership.selectors import belongs_to
from tanacs.strikes.models import Strike

__all__ = ["access_strike_for", "is_delegate_of", "may_report"]


def is_delegate_of(person: Any, council: Council) -> bool:
    """``person`` sits on one of the seats ``council`` holds in its parent."""
    if not person.is_authenticated or council.parent_id is None:
        return False
    return any(
        view.delegate is not None and view.delegate.person_id == person.pk
        for view in list_seats(council)
    )


def may_report(person: Any, council: Council) -> bool:
    """A council's officers (and the federation's stewards) and its delegates report for it."""
    if not person.is_authenticated:
        return False
    return can_change_council(person, council) or is_delegate_of(person, council)


def access_strike_for(user: Any, strike_id: int) -> Strike:
    """A strike, seen by the signed-in people of its federation; to others it does not exist."""
    if not user.is_authenticated:
        raise Forbidden("Sign in to see strikes.")
    strike = (
        Strike.objects.select_related("federation", "council", "council__parent")
        .filter(pk=strike_id)
        .first()
    )
    if strike is None or not (
        belongs_to(user, strike.federation) or can_change_council(user, strike.council)
    ):
        raise NotFound(f"There is no strike {strike_id}.")
    return strike
