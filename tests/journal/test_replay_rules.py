"""The journal format's fixed test vector (docs/journal.md), and the replay rules on their own."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from tanacs.journal.chain import (
    GENESIS,
    append,
    append_many,
    canonical,
    entry_hash,
    verify_chain,
)
from tanacs.journal.models import Entry
from tanacs.journal.replay import RULES, Replayed

DOC = Path(__file__).resolve().parents[2] / "docs" / "journal.md"
VECTOR = "234317a16a538ab2f37e8baed5733b5461da653233e36d10b753f2a696696e3a"
VECTOR_CHAIN = "federation:6f1c2d3e-1956-4a10-8c23-000000001023"
VECTOR_AT = datetime(1956, 10, 23, 10, 0, tzinfo=UTC)
PAYLOAD = {
    "name": "Workers' Councils of Hungary",
    "slug": "hungary-1956",
    "levels": ["workplace", "district", "city", "national"],
    "seat_rule": [100, 1, 5],
    "stewards": ["steward"],
    "steward_ids": [1],
}


def test_the_documented_entry_has_the_documented_hash() -> None:
    digest = entry_hash(
        chain=VECTOR_CHAIN,
        seq=1,
        at=VECTOR_AT,
        kind="federation.created",
        actor="steward",
        subject="federation:1",
        private=False,
        payload=canonical(PAYLOAD),
        prev_hash=GENESIS,
    )
    assert digest == VECTOR
    text = DOC.read_text()
    assert VECTOR in text and canonical(PAYLOAD) in text


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["append", "append_many"])
def test_the_writer_stores_the_documented_entry_with_the_documented_hash(
    path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timezone, "now", lambda: VECTOR_AT)
    with transaction.atomic():
        if path == "append":
            append(VECTOR_CHAIN, "federation.created", actor="steward",
                   subject="federation:1", payload=PAYLOAD)  # fmt: skip
        else:
            append_many(VECTOR_CHAIN, "federation.created", actor="steward",
                        items=[("federation:1", PAYLOAD)])  # fmt: skip
    entry = Entry.objects.get(chain=VECTOR_CHAIN)
    assert (entry.seq, entry.at, entry.prev_hash) == (1, VECTOR_AT, GENESIS)
    assert entry.payload == canonical(PAYLOAD)
    assert entry.hash == VECTOR
    assert verify_chain(VECTOR_CHAIN).ok


def test_every_replayed_kind_is_documented() -> None:
    text = DOC.read_text()
    assert all(f"`{kind}`" in text for kind in RULES)


def test_replaying_a_suspension_and_reinstatement() -> None:
    state = Replayed()
    RULES["federation.created"](state, 1, "federation:1", PAYLOAD)
    council = {"council": 5, "slug": "izzo", "name": "Izzó", "level": 0, "parent": None,
               "vouches_needed": 2, "officer_ids": [7]}  # fmt: skip
    RULES["council.created"](state, 2, "council:5", council)
    member = {"membership": 9, "council": 5, "person_id": 3, "status": "active"}
    RULES["member.imported"](state, 3, "membership:9", member)
    RULES["member.suspended"](state, 4, "membership:9",
                              {**member, "status": "suspended", "reason": "absent"})  # fmt: skip
    assert state.memberships[9] == (5, 3, "suspended", "absent")
    RULES["member.reinstated"](state, 5, "membership:9", member)
    assert state.memberships[9] == (5, 3, "active", "")
    assert state.officers == {(5, 7)} and state.stewards == {(1, 1)}
    assert state.member_counts() == ({5: 1}, {5: 1})


# Text a database stores: no NUL (PostgreSQL refuses it), no lone surrogates (not UTF-8).
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=12)  # fmt: skip


@pytest.mark.django_db
@settings(max_examples=30, deadline=None)
@given(kind=texts, actor=texts, subject=texts, payload=st.dictionaries(texts, texts, max_size=3))
def test_verify_recomputes_entries_with_any_text(
    kind: str, actor: str, subject: str, payload: dict[str, str]
) -> None:
    chain = f"test:{uuid.uuid4()}"
    with transaction.atomic():
        append(chain, kind, actor=actor, subject=subject, payload=payload)
        append(chain, kind, actor=actor, subject=subject, payload=payload)
    assert verify_chain(chain).ok
