"""Writing many rows fast while keeping the journal whole.

The demo and ``load-demo`` add up to a million members. Going through the per-member actions
would take hours, so rows are written in batches (:func:`tanacs.core.rows.insert_rows`:
``executemany`` on SQLite, ``COPY`` on PostgreSQL) with explicit primary keys, and every row
still gets its journal entry through the journal's one writer,
:class:`tanacs.journal.chain.ChainWriter`. This module holds what such a load needs around
them. Callers run inside one transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model

from tanacs.core.rows import is_postgres

__all__ = [
    "bulk_session",
    "foreign_keys_checked_once",
    "next_id",
    "refresh_statistics",
    "reset_sequences",
]


def next_id(model: type[Model]) -> int:
    return int(model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


@contextmanager
def foreign_keys_checked_once(table: str) -> Iterator[None]:
    """Check a bulk-loaded table's foreign keys in one pass instead of once per row.

    PostgreSQL queues a check per row and foreign key until commit; for a million rows,
    dropping the table's foreign keys and adding them back (which validates every row in
    one join) is many times faster. The table is locked until the transaction ends.
    """
    if not is_postgres():
        yield
        return
    name = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER needs no pending checks
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        keys = cursor.fetchall()
        for constraint, _ in keys:
            cursor.execute(
                f"ALTER TABLE {name} DROP CONSTRAINT {connection.ops.quote_name(constraint)}"
            )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    with connection.cursor() as cursor:
        for constraint, definition in keys:
            cursor.execute(
                f"ALTER TABLE {name} ADD CONSTRAINT {connection.ops.quote_name(constraint)} "
                f"{definition}"
            )


def refresh_statistics() -> None:
    """After a bulk load the planner's statistics describe empty tables; gather them again
    (PostgreSQL would otherwise guess one row where a council holds thousands)."""
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def reset_sequences(models: Sequence[type[Model]]) -> None:
    """After rows were written with explicit ids, PostgreSQL's sequences must catch up."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def bulk_session() -> None:
    """Let SQLite keep the indexes a big load touches in memory (256 MB page cache)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
