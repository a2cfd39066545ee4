"""The one error hierarchy of tanacs.

Actions raise these; each interface translates them at its edge (JSON with ``code`` and
``message`` in the API, a page message on the web, a ``CommandError`` in the CLI).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "Conflict",
    "Forbidden",
    "IllegalTransition",
    "InvalidInput",
    "NotFound",
    "TanacsError",
]


class TanacsError(Exception):
    code = "error"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details

    def __str__(self) -> str:
        return self.message


class InvalidInput(TanacsError):
    """The request itself is malformed or breaks a rule; nothing was changed."""

    code = "invalid"
    http_status = 400


class Forbidden(TanacsError):
    """The actor may not do this here."""

    code = "forbidden"
    http_status = 403


class NotFound(TanacsError):
    code = "not_found"
    http_status = 404


class Conflict(TanacsError):
    """The request is well formed but the current state does not allow it."""

    code = "conflict"
    http_status = 409


class IllegalTransition(Conflict):
    """A lifecycle table does not allow this move."""

    code = "illegal_transition"
