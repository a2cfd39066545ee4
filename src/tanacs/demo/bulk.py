"""Writing many rows fast while keeping the journal whole.

The demo and ``load-demo`` add up to a million members. Going through the per-member actions
would take hours, so rows are written here in batches (``executemany`` on SQLite, ``COPY``
on PostgreSQL) with explicit primary keys, and every row still gets its journal entry,
hashed in the same single pass exactly as :func:`tanacs.journal.chain.entry_hash` does.
Callers run inside one transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model

from tanacs.journal.chain import GENESIS, canonical, format_time
from tanacs.journal.models import Entry, Head

__all__ = [
    "ChainWriter",
    "bulk_session",
    "foreign_keys_checked_once",
    "insert_rows",
    "next_id",
    "reset_sequences",
]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def next_id(model: type[Model]) -> int:
    return int(model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def db_value(value: Any) -> Any:
    """A datetime as :func:`insert_rows` writes it: Django's text form on SQLite, ISO 8601
    with its offset for PostgreSQL's COPY; computed once for rows that share it."""
    if not isinstance(value, datetime):
        return value
    if is_postgres():
        return value.isoformat()
    return connection.ops.adapt_datetimefield_value(value)


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows given in ``columns`` order, by COPY on PostgreSQL, executemany elsewhere."""
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if is_postgres():
            raw = cursor.cursor
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN") as copy:
                copy.write("".join("\t".join(map(_copy_text, row)) + "\n" for row in rows))
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({cols}) VALUES ({marks})"
            cursor.executemany(sql, list(rows))


def _copy_text(value: Any) -> str:
    """One value in COPY's text format (faster than having the driver adapt each one)."""
    if type(value) is str:
        if value.isprintable() and "\\" not in value:
            return value
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return _copy_text(str(value))


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


def _json_string(text: str) -> str:
    """The JSON form of ``text`` as canonical() writes it; plain subjects need no escaping."""
    if text.isascii() and '"' not in text and "\\" not in text and text.isprintable():
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False)


def bulk_session() -> None:
    """Let SQLite keep the indexes a big load touches in memory (256 MB page cache)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")


ENTRY_COLUMNS = (
    "id", "chain", "seq", "at", "kind", "actor", "subject", "private", "payload",
    "prev_hash", "hash",
)  # fmt: skip


class ChainWriter:
    """Appends entries to one chain in bulk; call :meth:`close` to move its head."""

    def __init__(self, chain: str, *, at: datetime, batch: int = 20_000) -> None:
        head = Head.objects.select_for_update().filter(chain=chain).first()
        self.chain = chain
        self.at = at
        self.at_db = db_value(at)
        self.seq = head.seq if head else 0
        self.prev = head.hash if head else GENESIS
        self.next_pk = next_id(Entry)
        self.batch = batch
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0
        self._prefixes: dict[tuple[str, str], str] = {}

    def _prefix(self, kind: str, actor: str) -> str:
        # canonical() sorts the header keys: actor, at, chain, kind, prev, private, seq, subject.
        key = (kind, actor)
        if key not in self._prefixes:
            fixed = {"actor": actor, "at": format_time(self.at), "chain": self.chain, "kind": kind}
            self._prefixes[key] = canonical(fixed)[:-1] + ',"prev":"'
        return self._prefixes[key]

    def add(self, kind: str, actor: str, subject: str, payload: str) -> None:
        """Append one entry; ``payload`` is already canonical JSON."""
        self.seq += 1
        header = (
            f'{self._prefix(kind, actor)}{self.prev}","private":false,"seq":{self.seq},'
            f'"subject":{_json_string(subject)}}}'
        )
        digest = hashlib.sha256(f"{header}\n{payload}".encode()).hexdigest()
        self.rows.append(
            (self.next_pk, self.chain, self.seq, self.at_db, kind, actor, subject, False,
             payload, self.prev, digest)
        )  # fmt: skip
        self.next_pk += 1
        self.prev = digest
        if len(self.rows) >= self.batch:
            self.flush()

    def add_record(self, kind: str, actor: str, subject: str, payload: dict[str, Any]) -> None:
        self.add(kind, actor, subject, canonical(payload))

    def flush(self) -> None:
        if self.rows:
            insert_rows(Entry._meta.db_table, ENTRY_COLUMNS, self.rows)
            self.written += len(self.rows)
            self.rows = []

    def close(self) -> None:
        self.flush()
        Head.objects.update_or_create(
            chain=self.chain, defaults={"seq": self.seq, "hash": self.prev}
        )
