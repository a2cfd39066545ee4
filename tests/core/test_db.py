"""The cursors of tanacs.core.db: rows fetched ahead arrive all and in order, and closing early
leaves no fetch running on the cursor."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tanacs.core.db import fetch_ahead, prepared_cursor


class FakeCursor:
    def __init__(self, rows: int) -> None:
        self.rows = [(n,) for n in range(rows)]
        self.fetching = threading.Lock()
        self.overlapped = False
        self.calls = 0

    def fetchmany(self, size: int) -> list[tuple[Any, ...]]:
        if not self.fetching.acquire(blocking=False):
            self.overlapped = True
            return []
        try:
            self.calls += 1
            time.sleep(0.01)
            batch, self.rows = self.rows[:size], self.rows[size:]
            return batch
        finally:
            self.fetching.release()


def test_every_row_arrives_once_in_order():
    cursor = FakeCursor(1005)
    assert [row[0] for row in fetch_ahead(cursor, 100)] == list(range(1005))
    assert cursor.calls == 12 and not cursor.overlapped  # 11 batches, then the empty one


def test_closing_early_waits_for_the_fetch_in_flight():
    cursor = FakeCursor(1000)
    rows = fetch_ahead(cursor, 100)
    assert next(rows) == (0,)  # the second batch is being fetched now
    rows.close()
    assert not cursor.fetching.locked()
    assert cursor.calls == 2


@pytest.mark.django_db
def test_a_prepared_statement_is_logged_with_its_parameters_and_reads_like_any():
    with CaptureQueriesContext(connection) as captured, prepared_cursor() as cursor:
        for n in range(7):  # past psycopg's prepare_threshold on PostgreSQL
            cursor.execute("SELECT COUNT(*) FROM auth_user WHERE id > %s", [n])
            assert cursor.fetchone() == (0,)
    assert captured.captured_queries[-1]["sql"].endswith("WHERE id > 6")
