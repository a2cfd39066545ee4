"""One log line for every action an interface refused: which code, to whom, where.

The line carries the error's code and status, the actor's id and where the request came in,
never the error's message: a message may quote what was sent (a ballot choice, a receipt).
"""

from __future__ import annotations

import logging

from tanacs.core.errors import TanacsError

__all__ = ["log_refusal"]

log = logging.getLogger("tanacs.refused")


def log_refusal(
    error: TanacsError, *, actor: object, via: str, where: str, level: int | None = None
) -> None:
    """A refusal at INFO; a 403 (someone trying what they may not) at WARNING."""
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    if level is None:
        level = logging.WARNING if error.http_status == 403 else logging.INFO
    log.log(
        level,
        "refused via %s %s: %s (%d) actor=%s",
        via,
        where,
        error.code,
        error.http_status,
        actor_id if actor_id is not None else "anonymous",
        extra={"code": error.code, "actor_id": actor_id, "via": via},
    )
