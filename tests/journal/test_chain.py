from __future__ import annotations

import pytest
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tanacs.journal.chain import append, verify_chain
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
