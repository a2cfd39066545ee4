"""Secret ballots: receipts, and why nobody can join a voter to their choice.

What is stored
    ``Elector`` rows say who may vote, in which council, with what weight, and whether they
    voted. ``Choice`` rows say what was chosen, in which council, with what weight. A choice
    row has a random UUID key, no timestamp and no sequence number; in a secret ballot it has
    no voter. Nothing in one table refers to the other.

Receipts
    When a person first votes the server draws a random receipt code (120 bits) and shows it
    to them once; it is not stored. The choice row keeps ``receipt_hash = H("receipt", code)``
    and the elector row keeps ``receipt_check = H("elector", code)``, with H SHA-256 over the
    ballot's UUID and a domain label. Neither hash can be computed from the other without the
    code, so the two rows cannot be joined; the published ballot list shows every
    ``receipt_hash`` with its choice, so a voter who hashes their code finds their ballot
    there, while nobody else can tell whose it is.

The queue and the mixer (:mod:`tanacs.ballots.mixing`)
    A database stamps every row with the transaction that wrote it (PostgreSQL's ``xmin``,
    ``xmax`` and ``ctid``; the order of rows in a file). A choice written with the elector's
    "voted" mark would carry the voter's transaction for good. So a cast of a secret ballot
    writes its choice to a queue (``QueuedChoice``) and marks the elector, and nothing else.
    Every ``TANACS_MIX_SECONDS`` (default 5) the mixer, in a transaction of its own, deletes
    what is queued and writes it to the choice table in a shuffled order, under new random
    keys; on PostgreSQL it then vacuums the queue, so no dead row keeps the cast's
    transaction id. When a ballot closes (or is cancelled), in the closing transaction, the
    queue is mixed and then every choice of the ballot is deleted and written again, all in
    one transaction, in the order of new random keys (``gen_random_uuid()`` on PostgreSQL);
    after the commit the choice table and the queue are vacuumed. On SQLite the choice table
    has no row ids (``WITHOUT ROWID``), so its rows are stored in key order, and deleted rows
    are overwritten (``secure_delete``).

Changing a vote
    The voter presents their receipt code. The server checks ``receipt_check`` on their own
    elector row (so nobody can overwrite another voter's choice with a stolen code), and
    queues the new choice marked ``replaces``; the mixer deletes the stored choice with the
    same ``receipt_hash`` and writes the new one among its batch. The elector row is not
    written; the cast's lock on it sets its ``xmax`` on PostgreSQL, which matches only the
    queue row, gone at the next mix. The latest choice is the only one stored; a voter without
    their code cannot change their vote (it still counts). In an open ballot the choice row
    names the voter, so no code is needed and there is no queue.

What a copy of the database shows
    After a ballot closes (a copy, a replica or a backup of the tables, taken after the
    close's commit and vacuum): nothing that links a voter to a choice. Every choice of the
    ballot has the close's ``xmin`` and no ``xmax``, and its key and its place in the table
    (``ctid``, page, SQLite's key order) come from a random draw made at the close, so no
    column, system column or order says when a choice was cast. The elector rows still show
    in which order people voted (their ``xmin``, ``ctid``); nothing on the choice side is
    left to match that order against. ``tests/ballots/test_secrecy_attacks.py`` runs these
    joins and orderings on PostgreSQL and SQLite and finds chance-level links.
    While a ballot is open, a copy shows:
    - each choice still in the queue, cast since the last mix (normally the last
      ``TANACS_MIX_SECONDS`` seconds, more if the mixer is stopped), linked to its voter:
      the queue row's ``xmin`` is the elector row's ``xmin``, or its ``xmax`` after a change
      of vote;
    - for choices already mixed, the batch they were mixed in: one batch's rows share the
      mixer's ``xmin`` and lie together at the end of the table, while the electors'
      ``xmin`` tell when each voted. A voter is hidden among the voters of their mixing
      interval, not yet among all voters. The close removes this.

Threat model
    Protected against: anyone with a copy of the database at rest, including administrators,
    linking a person to a choice through keys, row order, timestamps, transaction ids or the
    journal (casts are not journaled one by one; the closing entry holds the hash of the whole
    list), within the limits above while a ballot is open.
    Known limits, by design or outside what storage can do:
    - a choice row carries the voter's base council (for per-council results) and weight.
      In a small council that narrows who chose what, so per-council figures and turnout are
      withheld below ``min_reported`` voters (default 10) and merged into the parent's, and the
      published list names the council whose figures include them. In a weighted delegate
      ballot the weight identifies a seat, so delegate ballots are recorded, never secret;
    - PostgreSQL's write-ahead log keeps every cast as it happened until the log is recycled:
      WAL archives, point-in-time-recovery backups and logical replication streams hold the
      link for as long as they are kept. Keep none, or keep them as secret as the votes, and
      take backups of closed ballots with ``pg_dump``. ``VACUUM`` removes a deleted row only
      once no transaction older than its deletion is running (a long report on a replica
      with ``hot_standby_feedback`` can hold it back; autovacuum removes it later), and the
      removed row's bytes may stay in the data file until its page is rewritten (``VACUUM
      FULL`` rewrites the table). SQLite's ``-wal`` file holds recently written pages until a
      checkpoint;
    - someone who watches the server live (query logs, replication stream, the order rows
      reach the disk) sees a person's cast and the row it writes together. Run with
      statement logging off;
    - a receipt shows its holder's choice, so a voter can be made to prove how they voted by
      handing over their code: receipts are not coercion-resistant;
    - the pages keep the code in a cookie of the voter's own browser, sent back only to that
      ballot's pages, so they can change their vote from the same device; the server uses it
      for the request and never stores it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid

__all__ = ["new_receipt", "normalise_receipt", "receipt_check", "receipt_hash"]


def new_receipt() -> str:
    """A code a person can copy: 24 letters and digits in groups of four."""
    raw = base64.b32encode(secrets.token_bytes(15)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_receipt(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _hash(label: str, ballot_uid: uuid.UUID | str, code: str) -> str:
    text = f"tanacs:{label}:{ballot_uid}:{normalise_receipt(code)}"
    return hashlib.sha256(text.encode()).hexdigest()


def receipt_hash(ballot_uid: uuid.UUID | str, code: str) -> str:
    """What the published ballot list shows for this receipt."""
    return _hash("receipt", ballot_uid, code)


def receipt_check(ballot_uid: uuid.UUID | str, code: str) -> str:
    """What the voter's elector row keeps, to prove a code is theirs when they change vote."""
    return _hash("elector", ballot_uid, code)
