"""Where the layer above (motions, elections, recalls, mandates) hooks into casting and
declaring.

The decisions app registers one handler per ``purpose`` in its ``AppConfig.ready``; the
handler runs inside the declaring transaction, so its own changes and journal entries
commit or roll back with the declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = [
    "CastCheck",
    "Handler",
    "cast_checks_for",
    "handlers_for",
    "register_cast_check",
    "register_declared",
]

Handler = Callable[[Any, dict[str, Any], Any], None]  # (ballot, result, by)
_DECLARED: dict[str, list[Handler]] = {}


def register_declared(purpose: str, handler: Handler) -> None:
    """Call ``handler(ballot, result, by)`` whenever a ballot of ``purpose`` is declared."""
    if handler not in _DECLARED.setdefault(purpose, []):
        _DECLARED[purpose].append(handler)


def handlers_for(purpose: str) -> list[Handler]:
    return list(_DECLARED.get(purpose, ()))


CastCheck = Callable[[Any, Any, Any, str], None]  # (ballot, voter, elector, marks)
_CAST_CHECKS: dict[str, list[CastCheck]] = {}


def register_cast_check(purpose: str, check: CastCheck) -> None:
    """Call ``check(ballot, voter, elector, marks)`` on every vote cast in a ballot of
    ``purpose``, inside the cast's transaction; it refuses a vote by raising a TanacsError.
    Bound mandates use it: a bound delegate cannot cast anything but the mandate."""
    if check not in _CAST_CHECKS.setdefault(purpose, []):
        _CAST_CHECKS[purpose].append(check)


def cast_checks_for(purpose: str) -> list[CastCheck]:
    return list(_CAST_CHECKS.get(purpose, ()))
