"""Where the layer above (motions, elections, recalls, mandates) learns a result was declared.

The decisions app registers one handler per ``purpose`` in its ``AppConfig.ready``; the
handler runs inside the declaring transaction, so its own changes and journal entries
commit or roll back with the declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Handler", "handlers_for", "register_declared"]

Handler = Callable[[Any, dict[str, Any], Any], None]  # (ballot, result, by)
_DECLARED: dict[str, list[Handler]] = {}


def register_declared(purpose: str, handler: Handler) -> None:
    """Call ``handler(ballot, result, by)`` whenever a ballot of ``purpose`` is declared."""
    if handler not in _DECLARED.setdefault(purpose, []):
        _DECLARED[purpose].append(handler)


def handlers_for(purpose: str) -> list[Handler]:
    return list(_DECLARED.get(purpose, ()))
