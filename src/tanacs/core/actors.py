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


def display_name(user: Any) -> str:
    """How pages name a person: their full name, or their login when they gave no name."""
    if user is None:
        return ""
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return full or str(user.get_username())


def names_for_logins(logins: list[str]) -> dict[str, str]:
    """login -> the name pages show for it, in one query. Two people of the same name are
    told apart by their login beside it; a login nobody holds keeps its own text."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(username__in=logins)
    names = {str(p.get_username()): display_name(p) for p in people}
    taken: dict[str, int] = {}
    for name in names.values():
        taken[name] = taken.get(name, 0) + 1
    return {
        login: name if taken[name] == 1 or name == login else f"{name} ({login})"
        for login, name in names.items()
    }


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
