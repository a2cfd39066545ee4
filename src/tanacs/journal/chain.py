"""The append-only hash chain every decision is written to.

An entry's hash is the SHA-256 of its canonical header (sorted keys, no spaces, UTF-8), a
newline, and its payload, which is itself stored as canonical JSON. The header carries the
previous entry's hash, so changing, removing or inserting any entry breaks every later link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tanacs.core.db import fetch_ahead
from tanacs.core.rows import db_value, insert_rows
from tanacs.journal.models import Entry, Head

__all__ = [
    "GENESIS",
    "ChainReport",
    "ChainWriter",
    "append",
    "append_many",
    "canonical",
    "entry_hash",
    "lock_head",
    "verify_all",
    "verify_chain",
]

GENESIS = "0" * 64


def _unencodable(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False) builds this C
# encoder anew on every call; made once, it writes the same text in half the time, which a
# million demo entries notice. (No check for circular values: payloads are built, not read.)
_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_ENCODE = (
    _make_encoder(None, _unencodable, json.encoder.encode_basestring, None, ":", ",", True,
                  False, True)
    if _make_encoder is not None
    else None
)  # fmt: skip


def canonical(value: Any) -> str:
    """Canonical JSON (docs/journal.md): sorted keys, no whitespace, UTF-8 as itself."""
    if _ENCODE is None:  # Python built without its C JSON module
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "".join(_ENCODE(value, 0))


def format_time(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    chain: str,
    seq: int,
    at: datetime,
    kind: str,
    actor: str,
    subject: str,
    private: bool,
    payload: str,
    prev_hash: str,
) -> str:
    header = canonical(
        {
            "actor": actor,
            "at": format_time(at),
            "chain": chain,
            "kind": kind,
            "prev": prev_hash,
            "private": private,
            "seq": seq,
            "subject": subject,
        }
    )
    return hashlib.sha256(f"{header}\n{payload}".encode()).hexdigest()


def append(
    chain: str,
    kind: str,
    *,
    actor: str,
    payload: dict[str, Any],
    subject: str = "",
    private: bool = False,
) -> Entry:
    """Append one entry; must run inside the transaction of the change it records."""
    writer = ChainWriter(chain)
    entry = writer.entry(kind, actor=actor, subject=subject, payload=payload, private=private)
    entry.save(force_insert=True)
    writer.close()
    return entry


def append_many(
    chain: str, kind: str, *, actor: str, items: list[tuple[str, dict[str, Any]]]
) -> int:
    """Append one entry per (subject, payload) under one lock: bulk imports."""
    if not items:
        return 0
    writer = ChainWriter(chain)
    for subject, payload in items:
        writer.add(kind, actor=actor, subject=subject, payload=payload)
    writer.close()
    return len(items)


def lock_head(chain: str) -> Head:
    """Lock a chain's head for the rest of the transaction: nothing is appended to the chain
    until it ends, so the next entry this transaction appends follows exactly this head."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal entries are written inside the change's own transaction")
    head, _ = Head.objects.select_for_update().get_or_create(
        chain=chain, defaults={"seq": 0, "hash": GENESIS}
    )
    return head


_ENTRY_COLUMNS = (
    "chain", "seq", "at", "kind", "actor", "subject", "private", "payload", "prev_hash", "hash",
)  # fmt: skip


class ChainWriter:
    """The one way entries are written: :func:`append`, :func:`append_many` and the demo's
    bulk load all go through it, so every path stores and hashes an entry alike.

    It locks the chain's head at once (see :func:`lock_head`), hashes each entry as
    :func:`entry_hash` defines, with the header's fixed part written once per kind and actor
    (a million demo entries share a handful), stores entries in batches of plain rows and
    moves the head in :meth:`close`. Entries written by one writer share its time ``at``.
    """

    def __init__(self, chain: str, *, at: datetime | None = None, batch: int = 20_000) -> None:
        head = lock_head(chain)
        self.chain = chain
        self.at = at or timezone.now()
        self.seq, self.prev = head.seq, head.hash
        self.written = 0
        self._head = head
        self._batch = batch
        self._at_db = db_value(self.at)
        self._rows: list[tuple[Any, ...]] = []
        self._prefixes: dict[tuple[str, str], str] = {}

    def _link(self, kind: str, actor: str, subject: str, payload: str, private: bool) -> str:
        """Hash the next entry and advance to it; return its hash."""
        prefix = self._prefixes.get((kind, actor))
        if prefix is None:
            # canonical() sorts the keys: actor, at, chain, kind, prev, private, seq, subject.
            fixed = canonical(
                {"actor": actor, "at": format_time(self.at), "chain": self.chain, "kind": kind}
            )
            prefix = self._prefixes[kind, actor] = fixed[:-1] + ',"prev":"'
        self.seq += 1
        header = (
            f'{prefix}{self.prev}","private":{"true" if private else "false"},"seq":{self.seq},'
            f'"subject":{_json_string(subject)}}}'
        )
        self.prev = hashlib.sha256(f"{header}\n{payload}".encode()).hexdigest()
        return self.prev

    def add(
        self,
        kind: str,
        *,
        actor: str,
        subject: str,
        payload: dict[str, Any],
        private: bool = False,
    ) -> None:
        """Queue the next entry; it is stored with the batch, or at :meth:`flush`."""
        text = canonical(payload)
        prev = self.prev
        digest = self._link(kind, actor, subject, text, private)
        self._rows.append(
            (self.chain, self.seq, self._at_db, kind, actor, subject, private, text, prev, digest)
        )
        if len(self._rows) >= self._batch:
            self.flush()

    def entry(
        self,
        kind: str,
        *,
        actor: str,
        subject: str,
        payload: dict[str, Any],
        private: bool = False,
    ) -> Entry:
        """The next entry as a model instance, for the caller to save: :func:`append`."""
        self.flush()
        text = canonical(payload)
        prev = self.prev
        digest = self._link(kind, actor, subject, text, private)
        return Entry(
            chain=self.chain, seq=self.seq, at=self.at, kind=kind, actor=actor, subject=subject,
            private=private, payload=text, prev_hash=prev, hash=digest,
        )  # fmt: skip

    def flush(self) -> None:
        if self._rows:
            insert_rows(Entry._meta.db_table, _ENTRY_COLUMNS, self._rows)
            self.written += len(self._rows)
            self._rows = []

    def close(self) -> Head:
        """Store what is queued and move the head to the last entry."""
        self.flush()
        if (self._head.seq, self._head.hash) != (self.seq, self.prev):
            self._head.seq, self._head.hash = self.seq, self.prev
            self._head.save(update_fields=["seq", "hash"])
        return self._head


@dataclass(frozen=True)
class ChainReport:
    chain: str
    entries: int
    head: str
    problem: str | None = None
    bad_seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


_COLUMNS = ("seq", "at", "kind", "actor", "subject", "private", "payload", "prev_hash", "hash")


def _rows(chain: str) -> Iterator[tuple[Any, ...]]:
    """The chain's rows as the database gives them, in order; times stay text here, because
    converting each one costs more than hashing it (see :func:`_time_text`). PostgreSQL
    writes them in format_time()'s own form, so the driver builds no datetime per row."""
    quote = connection.ops.quote_name
    columns = [quote(c) for c in _COLUMNS]
    if connection.vendor == "postgresql":
        columns[1] = (
            f"""to_char({quote("at")} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""
        )
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(Entry._meta.db_table)} "
        f"WHERE {quote('chain')} = %s ORDER BY {quote('seq')}"
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [chain])
        yield from fetch_ahead(cursor, 20_000)


def _time_text(raw: Any, cache: dict[Any, str]) -> str:
    """format_time() of a stored time; entries written together share one, so it is cached."""
    text = cache.get(raw)
    if text is None:
        at = parse_datetime(raw) if isinstance(raw, str) else raw
        if at is None:
            raise ValueError(f"unreadable time {raw!r}")
        if at.tzinfo is None:  # SQLite stores UTC without an offset
            at = at.replace(tzinfo=UTC)
        if len(cache) > 4096:
            cache.clear()
        text = cache[raw] = format_time(at)
    return text


def _json_string(text: str) -> str:
    """What canonical() writes for a string; plain printable ASCII needs no escaping."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False)


def fast_entry_hash(
    *,
    chain_json: str,
    seq: int,
    at_text: str,
    kind: str,
    actor: str,
    subject: str,
    private: bool,
    payload: str,
    prev_hash: str,
) -> str:
    """entry_hash() with the header written directly instead of through json.dumps.

    Same bytes: canonical() sorts the keys (actor, at, chain, kind, prev, private, seq,
    subject) and writes no spaces; a test checks the two agree on arbitrary text.
    """
    header = (
        f'{{"actor":{_json_string(actor)},"at":{_json_string(at_text)},"chain":{chain_json},'
        f'"kind":{_json_string(kind)},"prev":{_json_string(prev_hash)},'
        f'"private":{"true" if private else "false"},"seq":{int(seq)},'
        f'"subject":{_json_string(subject)}}}'
    )
    return hashlib.sha256(f"{header}\n{payload}".encode()).hexdigest()


Visit = Callable[[int, str, str, str], None]


def verify_chain(chain: str, visit: Visit | None = None) -> ChainReport:
    """Recompute every link of one chain; report the first entry that does not hold.

    ``visit(seq, kind, subject, payload)`` sees each entry whose link held, in order, in the
    same read (replaying the journal costs no second pass over it).
    """
    prev = GENESIS
    expected_seq = 1
    count = 0
    chain_json = _json_string(chain)
    times: dict[Any, str] = {}
    names: dict[str, str] = {}
    sha256 = hashlib.sha256
    for seq, at, kind, actor, subject, private, payload, prev_hash, stored in _rows(chain):
        if seq != expected_seq:
            missing = "removed" if seq > expected_seq else "inserted"
            return ChainReport(
                chain, count, prev, f"entry {expected_seq} was {missing}", expected_seq
            )
        if prev_hash != prev:
            return ChainReport(
                chain, count, prev, f"entry {seq} does not link to entry {seq - 1}", seq
            )
        # fast_entry_hash() inlined: kinds and actors repeat, so their JSON is cached; the
        # previous hash (checked above) and the time text never need escaping.
        if len(names) > 4096:  # people act too: do not keep a million of them
            names.clear()
        kind_json = names.get(kind) or names.setdefault(kind, _json_string(kind))
        actor_json = names.get(actor) or names.setdefault(actor, _json_string(actor))
        header = (
            f'{{"actor":{actor_json},"at":"{_time_text(at, times)}","chain":{chain_json},'
            f'"kind":{kind_json},"prev":"{prev}","private":{"true" if private else "false"},'
            f'"seq":{seq},"subject":{_json_string(subject)}}}'
        )
        computed = sha256(f"{header}\n{payload}".encode()).hexdigest()
        if computed != stored:
            return ChainReport(chain, count, prev, f"entry {seq} was changed", seq)
        if visit is not None:
            visit(seq, kind, subject, payload)
        prev = stored
        expected_seq += 1
        count += 1
    head = Head.objects.filter(chain=chain).first()
    if head is not None and (head.seq != count or head.hash != prev):
        return ChainReport(
            chain,
            count,
            prev,
            f"entries after {count} were removed (head is {head.seq})",
            count + 1,
        )
    return ChainReport(chain, count, prev)


def verify_all() -> list[ChainReport]:
    chains = set(Head.objects.values_list("chain", flat=True))
    chains |= set(Entry.objects.values_list("chain", flat=True).distinct())
    return [verify_chain(chain) for chain in sorted(chains)]
