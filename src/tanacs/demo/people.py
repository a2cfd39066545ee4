"""Clearly fictional people: a Hungarian given and family name combined with a number."""

from __future__ import annotations

import secrets
import unicodedata

from tanacs.demo.data import FAMILY_NAMES, GIVEN_NAMES

__all__ = ["fictional_person"]


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return folded.lower()


_GIVEN = [(name, _ascii(name)) for name in GIVEN_NAMES]
_FAMILY = [(name, _ascii(name)) for name in FAMILY_NAMES]


def fictional_person(n: int) -> tuple[str, str, str, str]:
    """(username, given name, family name, email) of fictional person number ``n``."""
    given, given_ascii = _GIVEN[n % len(_GIVEN)]
    family, family_ascii = _FAMILY[(n // len(_GIVEN)) % len(_FAMILY)]
    username = f"{family_ascii}.{given_ascii}.{n}"
    return username, given, f"{family} {n} (fictional)", f"{username}@example.invalid"


def unusable_password() -> str:
    # Django treats any hash starting with "!" as unusable (what set_unusable_password does,
    # without its 40 random choices per person).
    return "!" + secrets.token_hex(20)
