"""Bulletins in ``tanacs verify``: the rules that replay ``bulletin.*`` entries and the
comparison with the bulletin table (registered in ``BroadcastConfig.ready``).

Replayed and compared: each bulletin's council, title, the SHA-256 of its text, whether it
is public, the bulletin it relays and the journal entry it points to. A bulletin made public
behind the actions' back, reworded, or inserted without an entry is named by its row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from tanacs.broadcast.models import Bulletin
from tanacs.federation.models import Federation
from tanacs.journal.replay import Differences, Replayed, Rule, register_extension

__all__ = ["BulletinState", "register_replay"]

NAME = "bulletins"
EMPTY = hashlib.sha256(b"").hexdigest()


@dataclass
class BulletinState:
    # bulletin id -> (council, title, body's SHA-256, public, origin, journal entry)
    bulletins: dict[int, tuple[Any, ...]] = field(default_factory=dict)


def _of(state: Replayed) -> BulletinState:
    found: BulletinState = state.extra[NAME]
    return found


def _posted(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    # A public bulletin's entry holds its text; a members-only one only the text's hash.
    digest = hashlib.sha256(p["body"].encode()).hexdigest() if "body" in p else p["body_sha256"]
    _of(state).bulletins[p["bulletin"]] = (p["council"], p["title"], digest, p["public"], None,
                                           seq)  # fmt: skip


def _relayed(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    bulletins = _of(state).bulletins
    if p["origin"] not in bulletins:
        raise KeyError(f"bulletin {p['origin']}")
    bulletins[p["bulletin"]] = (p["council"], "", EMPTY, True, p["origin"], seq)


RULES: dict[str, Rule] = {"bulletin.posted": _posted, "bulletin.relayed": _relayed}


def _compare(differences: Differences, federation: Federation, state: BulletinState) -> None:
    rows = Bulletin.objects.filter(federation=federation).values_list(
        "pk", "council_id", "title", "body", "public", "origin_id", "journal_seq"
    )
    stored = {
        pk: (council, title, hashlib.sha256(body.encode()).hexdigest(), public, origin, seq)
        for pk, council, title, body, public, origin, seq in rows.iterator(10_000)
    }
    differences.keyed(
        "bulletin",
        ("council", "title", "body_sha256", "public", "origin", "journal_seq"),
        state.bulletins,
        stored,
    )


def register_replay() -> None:
    register_extension(NAME, rules=RULES, start=BulletinState, compare=_compare)
