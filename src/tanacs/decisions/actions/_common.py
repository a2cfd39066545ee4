from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tanacs.core.actors import actor_label
from tanacs.federation.models import Council
from tanacs.journal.chain import append

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def journal(council: Council, kind: str, subject: str, *, by: User, **payload: Any) -> None:
    """Write one entry to the federation's chain, inside the caller's transaction."""
    append(
        council.federation.chain,
        kind,
        actor=actor_label(by) if not isinstance(by, str) else by,
        subject=subject,
        payload={"council": council.pk, **payload},
    )


def clean_text(value: str, *, field: str, what: str, limit: int | None = None) -> str:
    from tanacs.core.errors import InvalidInput

    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"{what} cannot be empty.", field=field)
    if limit is not None and len(text) > limit:
        raise InvalidInput(f"{what} is longer than {limit} characters.", field=field)
    return text
