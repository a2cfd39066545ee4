"""Clearly fictional people: a Hungarian given and family name combined with a number."""

from __future__ import annotations

import secrets
import unicodedata

from tanacs.demo.data import FAMILY_NAMES, GIVEN_NAMES

__all__ = ["fictional_person", "unusable_passwords"]


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


def unusable_passwords(count: int) -> list[str]:
    """Django treats any stored hash starting with "!" as unusable, as set_unusable_password
    writes it; random bytes drawn in one go instead of 40 random choices per person."""
    noise = secrets.token_hex(20 * count)
    return ["!" + noise[i : i + 40] for i in range(0, 40 * count, 40)]
