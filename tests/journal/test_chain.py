from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from unittest.mock import patch

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tanacs.journal.chain import append, append_many, canonical, verify_chain
from tanacs.journal.models import Entry

CHAIN = "federation:test"


def write(n: int) -> None:
    with transaction.atomic():
        for i in range(n):
            append(CHAIN, "test.entry", actor="tester", payload={"i": i, "text": "Csepel é"})


def raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_a_fresh_chain_verifies_with_its_count_and_head() -> None:
    write(5)
    report = verify_chain(CHAIN)
    assert report.ok
    assert report.entries == 5
    assert report.head == Entry.objects.get(chain=CHAIN, seq=5).hash


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError):
        append(CHAIN, "test.entry", actor="tester", payload={})


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted_through_the_model() -> None:
    write(1)
    entry = Entry.objects.get(chain=CHAIN)
    entry.kind = "forged"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


class TestTampering(TestCase):
    """Any single-row change to the journal is caught, and named by its entry."""

    @settings(max_examples=25, deadline=None)
    @given(
        target=st.integers(min_value=1, max_value=6),
        how=st.sampled_from(["payload", "kind", "actor", "at", "delete", "insert", "prev"]),
    )
    def test_any_single_row_change_is_caught(self, target: int, how: str) -> None:
        raw("DELETE FROM journal_entry", [])
        raw("DELETE FROM journal_head", [])
        write(6)
        table = Entry._meta.db_table
        if how == "payload":
            raw(f"UPDATE {table} SET payload = %s WHERE seq = %s", ['{"i":99}', target])
        elif how == "kind":
            raw(f"UPDATE {table} SET kind = %s WHERE seq = %s", ["forged", target])
        elif how == "actor":
            raw(f"UPDATE {table} SET actor = %s WHERE seq = %s", ["someone", target])
        elif how == "at":
            raw(f"UPDATE {table} SET at = %s WHERE seq = %s", ["1956-11-04 04:00:00+00", target])
        elif how == "prev":
            raw(f"UPDATE {table} SET prev_hash = %s WHERE seq = %s", ["f" * 64, target])
        elif how == "delete":
            raw(f"DELETE FROM {table} WHERE seq = %s", [target])
        else:
            original = Entry.objects.get(chain=CHAIN, seq=target)
            raw(f"UPDATE {table} SET seq = seq + 1000 WHERE seq >= %s", [target])
            raw(f"UPDATE {table} SET seq = seq - 999 WHERE seq >= 1000", [])
            raw(
                f"INSERT INTO {table} (chain, seq, at, kind, actor, subject, private, payload,"
                " prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [CHAIN, target, original.at, "inserted", "x", "", False, "{}",
                 original.prev_hash, original.hash],
            )  # fmt: skip
        report = verify_chain(CHAIN)
        assert not report.ok
        assert report.bad_seq == target


# Text a database stores: no NUL (PostgreSQL refuses it), no lone surrogates (not UTF-8).
_texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=10
)
_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_texts, inner, max_size=3),
    max_leaves=6,
)
_COLUMNS = ("seq", "at", "kind", "actor", "subject", "private", "payload", "prev_hash", "hash")
_AT = datetime(1956, 11, 4, 4, 15, 0, 123456, tzinfo=UTC)


def _written(write: Callable[[], object]) -> list[tuple[object, ...]]:
    """The rows ``write`` adds to CHAIN after one earlier entry; then they are undone."""
    with transaction.atomic():
        append(CHAIN, "test.first", actor="tester", subject="x:1", payload={"i": 0})
        write()
        rows = list(Entry.objects.filter(chain=CHAIN).order_by("seq").values_list(*_COLUMNS))
        transaction.set_rollback(True)
    return rows


@pytest.mark.django_db
@settings(max_examples=40, deadline=None)
@given(
    actor=_texts,
    items=st.lists(st.tuples(_texts, st.dictionaries(_texts, _values, max_size=4)), max_size=4),
)
def test_append_and_append_many_write_byte_identical_entries(
    actor: str, items: list[tuple[str, dict[str, object]]]
) -> None:
    with patch.object(timezone, "now", return_value=_AT):
        one_by_one = _written(
            lambda: [
                append(CHAIN, "test.bulk", actor=actor, subject=subject, payload=payload)
                for subject, payload in items
            ]
        )
        in_bulk = _written(lambda: append_many(CHAIN, "test.bulk", actor=actor, items=items))
    assert len(one_by_one) == len(items) + 1
    assert in_bulk == one_by_one
    assert [row[-1] for row in in_bulk] == [row[-1] for row in one_by_one]


@settings(max_examples=200, deadline=None)
@given(value=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_texts, inner, max_size=4),
))  # fmt: skip
def test_canonical_writes_what_the_format_defines(value: object) -> None:
    assert canonical(value) == json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def test_canonical_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        canonical({"a": {1, 2}})
