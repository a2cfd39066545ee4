"""The one error hierarchy of tanacs.

Actions raise these; each interface translates them at its edge (JSON with ``code`` and
``message`` in the API, a page message on the web, a ``CommandError`` in the CLI).
"""

from __future__ import annotations

import enum
from typing import Any

__all__ = [
    "Conflict",
    "ErrorCode",
    "Forbidden",
    "IllegalTransition",
    "InvalidInput",
    "NotFound",
    "TanacsError",
]


class ErrorCode(enum.StrEnum):
    """Every ``code`` a client can meet, in the API's JSON and in the refusal log.

    Clients branch on these, so a value never changes meaning; a new refusal that needs its
    own branch gets a new member. The API schema lists them as the ``code`` enum.
    """

    # The domain's refusals: the error classes below, and the specific codes actions raise.
    ERROR = "error"
    INVALID = "invalid"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    ILLEGAL_TRANSITION = "illegal_transition"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    BALLOT_NOT_OPEN = "ballot_not_open"
    NOT_AN_ELECTOR = "not_an_elector"
    RECEIPT_NEEDED = "receipt_needed"
    WRONG_RECEIPT = "wrong_receipt"
    BALLOTS_DO_NOT_MATCH = "ballots_do_not_match"
    SEAT_VOTE_CAST = "seat_vote_cast"
    SUSPENDED = "suspended"
    NOT_A_MEMBER = "not_a_member"
    SEAT_VACATED = "seat_vacated"
    MANDATE_BINDS = "mandate_binds"
    RECOUNT_FAILED = "recount_failed"
    NOT_DECIDED = "not_decided"  # a strike change without a carried motion or passed ballot
    OUT_OF_SCOPE = "out_of_scope"  # a strike report for a council the strike did not call out
    NOT_A_REPORTER = "not_a_reporter"  # only a council's officers or delegates report for it
    REPORT_IN_FUTURE = "report_in_future"
    TOO_MANY_OUT = "too_many_out"  # more members out (or assigned) than the council has
    ALREADY_SENT = "already_sent"  # a negotiation's demands are fixed once sent in writing
    NOT_A_NEGOTIATOR = "not_a_negotiator"  # only the negotiating delegation records answers
    BULLETIN_MEMBERS_ONLY = "bulletin_members_only"
    RELAY_OUT_OF_LINE = "relay_out_of_line"
    ALREADY_RELAYED = "already_relayed"
    # The request itself, refused before any action runs (DRF's and Django's own codes).
    BAD_REQUEST = "bad_request"
    PARSE_ERROR = "parse_error"
    TOO_LARGE = "too_large"
    NOT_AUTHENTICATED = "not_authenticated"
    AUTHENTICATION_FAILED = "authentication_failed"
    PERMISSION_DENIED = "permission_denied"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    THROTTLED = "throttled"

    @classmethod
    def of(cls, value: object) -> ErrorCode:
        """The member named by ``value``; ``ERROR`` for a code from elsewhere."""
        try:
            return cls(str(value))
        except ValueError:
            return cls.ERROR


class TanacsError(Exception):
    code: ErrorCode = ErrorCode.ERROR
    http_status = 400

    def __init__(self, message: str, *, code: ErrorCode | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details

    def __str__(self) -> str:
        return self.message


class InvalidInput(TanacsError):
    """The request itself is malformed or breaks a rule; nothing was changed."""

    code = ErrorCode.INVALID
    http_status = 400


class Forbidden(TanacsError):
    """The actor may not do this here."""

    code = ErrorCode.FORBIDDEN
    http_status = 403


class NotFound(TanacsError):
    code = ErrorCode.NOT_FOUND
    http_status = 404


class Conflict(TanacsError):
    """The request is well formed but the current state does not allow it."""

    code = ErrorCode.CONFLICT
    http_status = 409


class IllegalTransition(Conflict):
    """A lifecycle table does not allow this move."""

    code = ErrorCode.ILLEGAL_TRANSITION
