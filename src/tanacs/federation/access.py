"""Who may see and change councils. Views and the API fetch councils only through here."""

from __future__ import annotations

from typing import Any

from tanacs.core.errors import Forbidden, NotFound
from tanacs.federation.models import Council, Federation, Officer


def is_steward(user: Any, federation: Federation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return federation.stewards.filter(pk=user.pk).exists()


def is_officer(user: Any, council: Council) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Officer.objects.filter(council=council, person_id=user.pk).exists()


def can_change_council(user: Any, council: Council) -> bool:
    return is_officer(user, council) or is_steward(user, council.federation)


def require_council_officer(user: Any, council: Council, action: str) -> None:
    if not can_change_council(user, council):
        raise Forbidden(f"Only the officers of {council.name} may {action}.")


def require_steward(user: Any, federation: Federation, action: str) -> None:
    if not is_steward(user, federation):
        raise Forbidden(f"Only the stewards of {federation.name} may {action}.")


def access_federation_for(user: Any, slug: str) -> Federation:
    """Federations are listed to every signed-in person, so they can find a council to join."""
    if user is None or not user.is_authenticated:
        raise Forbidden("Sign in to see federations.")
    federation = Federation.objects.filter(slug=slug).first()
    if federation is None:
        raise NotFound(f"There is no federation {slug!r}.")
    return federation


def access_council_for(user: Any, council_id: int, *, change: bool = False) -> Council:
    if user is None or not user.is_authenticated:
        raise Forbidden("Sign in to see councils.")
    council = Council.objects.select_related("federation", "parent").filter(pk=council_id).first()
    if council is None:
        raise NotFound(f"There is no council {council_id}.")
    if change:
        require_council_officer(user, council, "change this council")
    return council


def access_public_federation(slug: str) -> Federation:
    """Anyone, signed in or not, may read a federation's public journal."""
    federation = Federation.objects.filter(slug=slug).first()
    if federation is None:
        raise NotFound(f"There is no federation {slug!r}.")
    return federation


def access_council_in(user: Any, federation: Federation, slug: str) -> Council:
    """A council named by its short name within a federation the person can already see."""
    if user is None or not user.is_authenticated:
        raise Forbidden("Sign in to see councils.")
    council = (
        Council.objects.select_related("federation", "parent")
        .filter(federation=federation, slug=slug.strip())
        .first()
    )
    if council is None:
        raise NotFound(f"There is no council {slug.strip()!r} in {federation.name}.")
    return council
