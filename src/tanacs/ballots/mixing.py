"""The mixer: secret choices move from the cast queue into the choice table in shuffled batches.

A cast writes its choice to :class:`QueuedChoice` in the transaction that marks the elector as
voted, so for a few seconds the two rows share a transaction id. :func:`do_mix_choices`, run
by the scheduler every few seconds, moves every queued choice into :class:`Choice` in a
transaction of its own: one transaction id for the whole batch, new random keys, rows written
in shuffled order, the queue rows deleted (and on PostgreSQL vacuumed after the commit, so no
dead tuple keeps the cast's transaction id). :func:`seal_ballot`, run when a ballot closes or is
cancelled, mixes what is still waiting and rewrites all the ballot's choices once more in one
transaction in random order, so not even the batch a choice came in can be told afterwards.
See :mod:`tanacs.ballots.secrecy` for what this protects and what it does not.

Mixing is not journaled: it changes where a choice is stored, never what it is, and the
closing entry holds the hash of the whole list.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import DatabaseError, connection, transaction

from tanacs.ballots.models import Ballot, Choice, QueuedChoice

__all__ = ["do_mix_choices", "queued_receipt", "seal_ballot", "vacuum_after_mixing"]

logger = logging.getLogger(__name__)

# Taken by a mixer run so that two runs do not fight over the same queue rows.
_MIXER_LOCK = 0x74616E6D6978  # "tanmix"

# id, ballot, council, weight, marks, receipt hash, replaces
Queued = tuple[int, int, int, int, str, str, bool]


def _take(ballot: int | None, limit: int | None) -> list[Queued]:
    """Delete queued choices (all, or one ballot's) and return them, oldest first."""
    table = QueuedChoice._meta.db_table
    columns = "id, ballot_id, council_id, weight, marks, receipt_hash, replaces"
    where, params = ("WHERE ballot_id = %s", [ballot]) if ballot is not None else ("", [])
    bound = f" LIMIT {int(limit)}" if limit else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The periodic mixer skips rows another run holds; a seal waits for them, so that
            # a close counts every choice a mixer was moving when it began.
            skip = " SKIP LOCKED" if ballot is None else ""
            cursor.execute(
                f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} {where} ORDER BY id"
                f"{bound} FOR UPDATE{skip}) RETURNING {columns}",
                params,
            )
            rows = cursor.fetchall()
        else:  # one writer at a time: nothing is queued between the read and the delete
            cursor.execute(f"SELECT {columns} FROM {table} {where} ORDER BY id{bound}", params)
            rows = cursor.fetchall()
            for start in range(0, len(rows), 500):
                ids = [row[0] for row in rows[start : start + 500]]
                cursor.execute(
                    f"DELETE FROM {table} WHERE id IN ({','.join(['%s'] * len(ids))})", ids
                )
    rows.sort(key=lambda row: row[0])
    return [(*row[:6], bool(row[6])) for row in rows]


def _latest(rows: Iterable[Queued]) -> list[Queued]:
    """One choice per receipt: a voter who changed their vote twice before a mix keeps the last.
    A replacement whose first vote was still queued replaces nothing stored."""
    latest: dict[tuple[int, str], Queued] = {}
    for row in rows:
        key = (row[1], row[5])
        earlier = latest.get(key)
        latest[key] = row if earlier is None else (*row[:6], row[6] and earlier[6])
    return list(latest.values())


def _store(rows: list[Queued]) -> None:
    replaced: dict[int, list[str]] = {}
    for _, ballot, _, _, _, digest, replaces in rows:
        if replaces:
            replaced.setdefault(ballot, []).append(digest)
    for ballot, digests in replaced.items():
        for start in range(0, len(digests), 500):
            Choice.objects.filter(
                ballot_id=ballot, receipt_hash__in=digests[start : start + 500]
            ).delete()
    secrets.SystemRandom().shuffle(rows)
    Choice.objects.bulk_create(
        (
            Choice(
                id=uuid.uuid4(),
                ballot_id=ballot,
                council_id=council,
                weight=weight,
                marks=marks,
                receipt_hash=digest,
            )
            for _, ballot, council, weight, marks, digest, _ in rows
        ),
        batch_size=2000,
    )


def _mixer_lock() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_MIXER_LOCK])
        return bool(cursor.fetchone()[0])


def do_mix_choices(*, limit: int = 50_000) -> int:
    """Move up to ``limit`` queued choices, of every ballot, into the choice table in one
    shuffled batch; return how many were moved. Another run in progress makes this one a no-op."""
    with transaction.atomic():
        if not _mixer_lock():
            return 0
        rows = _latest(_take(None, limit))
        if rows:
            _store(rows)
            transaction.on_commit(vacuum_after_mixing)
    return len(rows)


def seal_ballot(ballot: Ballot) -> None:
    """Mix what ``ballot`` still has queued, then rewrite all its choices in one random order
    under new random keys, in the caller's transaction (the close or the cancel), which holds
    the ballot's exclusive lock, so no cast runs meanwhile. Vacuums after the commit."""
    if not ballot.secret:
        return
    rows = _latest(_take(ballot.pk, None))
    if rows:
        _store(rows)
    _rewrite(ballot)
    transaction.on_commit(lambda: vacuum_after_mixing(choices=True))


def _rewrite(ballot: Ballot) -> None:
    table = Choice._meta.db_table
    columns = "ballot_id, council_id, weight, marks, receipt_hash, voter_id"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # gen_random_uuid() is cryptographically random: ordering by the new key writes the
            # heap in an order nobody can predict, and equal to the key order.
            cursor.execute(
                f"WITH moved AS (DELETE FROM {table} WHERE ballot_id = %s RETURNING {columns}) "
                f"INSERT INTO {table} (id, {columns}) SELECT gen_random_uuid() AS id, {columns} "
                "FROM moved ORDER BY 1",
                [ballot.pk],
            )
            return
        cursor.execute(f"SELECT {columns} FROM {table} WHERE ballot_id = %s", [ballot.pk])
        rows: list[Any] = cursor.fetchall()
        cursor.execute(f"DELETE FROM {table} WHERE ballot_id = %s", [ballot.pk])
        keyed = sorted((uuid.uuid4().hex, *row) for row in rows)
        marks = ",".join(["%s"] * 7)
        for start in range(0, len(keyed), 2000):
            batch = keyed[start : start + 2000]
            cursor.execute(
                f"INSERT INTO {table} (id, {columns}) VALUES "
                + ",".join([f"({marks})"] * len(batch)),
                [value for row in batch for value in row],
            )


def vacuum_after_mixing(*, choices: bool = False) -> None:
    """PostgreSQL keeps deleted rows, with their transaction ids, until they are vacuumed:
    vacuum the queue (and the choice table after a seal) once the mix has committed."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = [QueuedChoice._meta.db_table] + ([Choice._meta.db_table] if choices else [])
    try:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"VACUUM {table}")
    except DatabaseError:  # the mix stands; autovacuum will remove the rows later
        logger.exception("Could not vacuum %s after mixing", ", ".join(tables))


def queued_receipt(ballot: Ballot, digest: str) -> bool:
    """Whether a choice with this receipt hash is still waiting to be mixed."""
    return QueuedChoice.objects.filter(ballot_id=ballot.pk, receipt_hash=digest).exists()
