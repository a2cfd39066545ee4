"""Cursors for the busiest statements and the longest reads.

:func:`prepared_cursor` is for the busiest statements: prepared once per connection on
PostgreSQL. :func:`fetch_ahead` is for the longest reads (``tanacs verify`` of a million
entries): the next batch is fetched while the caller works through the one before.

Django binds parameters on the client by default, so PostgreSQL parses and plans every
statement it receives. For the few plain statements of a vote that costs more than running
them: planning the elector lookup took six times its execution. :func:`prepared_cursor`
gives a cursor that binds on the server instead; psycopg then prepares a statement once it
has run ``prepare_threshold`` times on a connection (``settings.DATABASES`` sets it; see
``TANACS_DB_PREPARED`` in docs/configuration.md) and PostgreSQL plans it no more.

Server-side binding sends each parameter with a type, so a statement for this cursor must
give every parameter a context that fixes its type (a column it is compared with or
written to), never a bare ``SELECT %s``.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

__all__ = ["fetch_ahead", "prepared_cursor"]


@contextmanager
def prepared_cursor() -> Iterator[Any]:
    """A cursor of the default connection that PostgreSQL may prepare statements for; on
    other databases the ordinary cursor. Queries are logged and errors wrapped as usual."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw: Any = ServerBindingCursor(connection.connection)  # type: ignore[call-arg]  # psycopg's
    wrapper = _Logged if connection.queries_logged else CursorWrapper
    with wrapper(raw, connection) as cursor:
        yield cursor


class _Logged(CursorDebugWrapper):
    """Logs a statement as Django does for its own cursors, with the parameters written in
    (Django's logging would read them from a client-binding cursor)."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


def fetch_ahead(cursor: Any, size: int) -> Iterator[tuple[Any, ...]]:
    """Every row still to come from ``cursor``, fetched ``size`` at a time, the next batch
    while the caller works through this one: the database server produces rows (and the
    driver waits for them) side by side with the caller's work instead of in turns.

    One fetch runs at a time, in one helper thread, and only this generator touches the
    cursor meanwhile; closing the generator early waits for a fetch in flight, so the cursor
    is idle again when the caller closes it.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fetch-ahead") as pool:
        pending = pool.submit(cursor.fetchmany, size)
        while rows := pending.result():
            pending = pool.submit(cursor.fetchmany, size)
            yield from rows
