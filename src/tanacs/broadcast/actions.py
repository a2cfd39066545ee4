"""Writing and relaying bulletins: validated, atomic, journaled in the same transaction.

A public bulletin's entry carries its title and body, so anyone can check the text shown is
the text written. A members-only bulletin's entry is private (left out of the public journal)
and carries the body's SHA-256 instead of the body: the chain still fixes the text without
publishing it.
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from tanacs.broadcast.access import require_bulletin_writer
from tanacs.broadcast.models import Bulletin
from tanacs.core.actors import User, actor_label
from tanacs.core.errors import Conflict, ErrorCode, InvalidInput
from tanacs.federation.models import Council
from tanacs.federation.selectors import path_to
from tanacs.journal.chain import append

__all__ = ["BODY_LIMIT", "TITLE_LIMIT", "do_post_bulletin", "do_relay_bulletin"]

TITLE_LIMIT = 200
BODY_LIMIT = 20_000


def _text(value: object, *, field: str, what: str, limit: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise InvalidInput(f"{what} cannot be empty.", field=field)
    if len(text) > limit:
        raise InvalidInput(
            f"{what} is {len(text):,} characters long; at most {limit:,} are allowed.",
            field=field,
        )
    return text


def _person_id(by: User) -> int:
    if by.pk is None:  # the access check lets only signed-in officers through
        raise InvalidInput("Sign in to write bulletins.")
    return int(by.pk)


def do_post_bulletin(
    council: Council, *, title: str, body: str, public: bool, by: User
) -> Bulletin:
    """``council`` publishes news; ``public`` False keeps it to the council's own people."""
    require_bulletin_writer(by, council, "write its bulletins")
    title = _text(title, field="title", what="A bulletin's title", limit=TITLE_LIMIT)
    body = _text(body, field="body", what="A bulletin's text", limit=BODY_LIMIT)
    if not isinstance(public, bool):
        raise InvalidInput("Say whether the bulletin is public: true or false.", field="public")
    with transaction.atomic():
        bulletin = Bulletin(
            federation_id=council.federation_id, council=council, title=title, body=body,
            public=public, by_id=_person_id(by), at=timezone.now(), journal_seq=0,
        )  # fmt: skip
        bulletin.save()
        payload: dict[str, object] = {
            "council": council.pk,
            "bulletin": bulletin.pk,
            "title": title,
            "public": public,
        }
        if public:
            payload["body"] = body
        else:
            payload["body_sha256"] = hashlib.sha256(body.encode()).hexdigest()
        entry = append(
            council.federation.chain, "bulletin.posted", actor=actor_label(by),
            subject=f"bulletin:{bulletin.pk}", payload=payload, private=not public,
        )  # fmt: skip
        bulletin.journal_seq, bulletin.at = entry.seq, entry.at
        bulletin.save(update_fields=["journal_seq", "at"])
    return bulletin


def in_line(a: Council, b: Council) -> bool:
    """Whether one of the two councils is above the other in their federation's tree."""
    if a.federation_id != b.federation_id or a.pk == b.pk:
        return False
    return any(c.pk == b.pk for c in path_to(a)) or any(c.pk == a.pk for c in path_to(b))


def do_relay_bulletin(council: Council, bulletin: Bulletin, *, by: User) -> Bulletin:
    """``council`` carries ``bulletin`` of a council above or below it in its own feed."""
    require_bulletin_writer(by, council, "relay bulletins")
    original = bulletin.origin if bulletin.origin_id is not None and bulletin.origin else bulletin
    if not original.public:
        raise Conflict(
            f"Bulletin {original.pk} is for the members of {original.council.name} only: "
            "only public bulletins can be relayed.",
            code=ErrorCode.BULLETIN_MEMBERS_ONLY,
        )
    if original.council_id == council.pk:
        raise InvalidInput(
            f"Bulletin {original.pk} is {council.name}'s own: it is in its feed already.",
            field="bulletin",
        )
    if not in_line(council, original.council):
        raise InvalidInput(
            f"{council.name} can relay bulletins of the councils above or below it only; "
            f"{original.council.name} is neither.",
            code=ErrorCode.RELAY_OUT_OF_LINE,
            field="bulletin",
        )
    try:
        with transaction.atomic():
            relay = Bulletin(
                federation_id=council.federation_id, council=council, public=True,
                origin=original, by_id=_person_id(by), at=timezone.now(), journal_seq=0,
            )  # fmt: skip
            relay.save()
            entry = append(
                council.federation.chain, "bulletin.relayed", actor=actor_label(by),
                subject=f"bulletin:{relay.pk}",
                payload={"council": council.pk, "bulletin": relay.pk, "origin": original.pk,
                         "origin_council": original.council_id},
            )  # fmt: skip
            relay.journal_seq, relay.at = entry.seq, entry.at
            relay.save(update_fields=["journal_seq", "at"])
    except IntegrityError:
        raise Conflict(
            f"{council.name} has relayed bulletin {original.pk} already.",
            code=ErrorCode.ALREADY_RELAYED,
        ) from None
    return relay
