from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

User = AbstractBaseUser | AnonymousUser

SYSTEM = "system"


def actor_label(user: User | None) -> str:
    """How the journal names whoever acted: their login name, stable across export/import."""
    if user is None or not user.is_authenticated:
        return SYSTEM
    return str(user.get_username())
