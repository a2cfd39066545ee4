from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.models import User as Person

User = AbstractBaseUser | AnonymousUser

SYSTEM = "system"


def actor_label(user: User | None) -> str:
    """How the journal names whoever acted: their login name, stable across export/import."""
    if user is None or not user.is_authenticated:
        return SYSTEM
    return str(user.get_username())


def signed_in(user: User) -> Person:
    """The person a request acts as, for the actions (typed ``by: User``). The views and the
    API's permissions turn anonymous visitors away first; this is the last gate, and it
    refuses rather than let an action see an anonymous actor."""
    from tanacs.core.errors import ErrorCode, Forbidden

    if not user.is_authenticated:
        raise Forbidden("Sign in first.", code=ErrorCode.NOT_AUTHENTICATED)
    return cast(Person, user)


def login_problem(username: str) -> str | None:
    """Why ``username`` cannot be a login, or None. The journal and member lists show logins,
    so a login that is an email address would publish the address."""
    if "@" in username:
        return (
            "A user name cannot contain '@': user names are shown to other members, and an "
            "email address there would publish it. Choose a name without '@'."
        )
    return None


def get_person(username: str, *, field: str = "person") -> Any:
    """The person with this login name, or a clear error naming the form field."""
    from django.contrib.auth import get_user_model

    from tanacs.core.errors import InvalidInput

    name = username.strip()
    if not name:
        raise InvalidInput("Give a user name.", field=field)
    person = get_user_model().objects.filter(username=name).first()
    if person is None:
        raise InvalidInput(f"There is no person with the user name {name!r}.", field=field)
    return person
