"""verify's direct header writing gives exactly the bytes entry_hash() hashes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tanacs.journal.chain import _json_string, entry_hash, fast_entry_hash, format_time

texts = st.text(max_size=30)
entries = st.fixed_dictionaries(
    {
        "seq": st.integers(1, 10**12),
        "kind": texts,
        "actor": texts,
        "subject": texts,
        "private": st.booleans(),
        "payload": texts,
        "prev_hash": texts,
    }
)


@given(chain=texts, at=st.datetimes(timezones=st.just(UTC)), fields=entries)
def test_fast_hash_equals_the_reference(chain: str, at: datetime, fields: dict[str, Any]) -> None:
    reference = entry_hash(chain=chain, at=at, **fields)
    fast = fast_entry_hash(chain_json=_json_string(chain), at_text=format_time(at), **fields)
    assert fast == reference


def test_stored_integers_for_booleans_hash_the_same() -> None:
    at = datetime(1956, 10, 24, tzinfo=UTC)
    fields: dict[str, Any] = {
        "seq": 1, "kind": "k", "actor": "a", "subject": "s", "payload": "{}",
        "prev_hash": "0" * 64,
    }  # fmt: skip
    for stored, flag in ((0, False), (1, True)):
        fast = fast_entry_hash(chain_json='"c"', at_text=format_time(at), private=stored, **fields)
        assert fast == entry_hash(chain="c", at=at, private=flag, **fields)
