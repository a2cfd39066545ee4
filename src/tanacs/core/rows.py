"""Inserting many rows in one statement: ``COPY`` on PostgreSQL, ``executemany`` elsewhere.

The journal's writer and the demo's bulk load write rows given as tuples in column order,
skipping the ORM's per-row model instances, which would cost more than the writing itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection

__all__ = ["db_value", "insert_rows", "is_postgres"]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


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
