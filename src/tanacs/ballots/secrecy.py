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

Changing a vote
    The voter presents their receipt code. The server checks ``receipt_check`` on their own
    elector row (so nobody can overwrite another voter's choice with a stolen code), then
    finds the choice row by ``receipt_hash`` and replaces its marks in place. The latest
    choice is the only one stored; a voter without their code cannot change their vote (it
    still counts). In an open ballot the choice row names the voter, so no code is needed.

Threat model
    Protected against: anyone with a copy of the database at rest, including administrators,
    linking a person to a choice through keys, row order, timestamps or the journal (casts are
    not journaled one by one; the closing entry holds the hash of the whole list).
    Known limits, by design or outside what storage can do:
    - a choice row carries the voter's base council (for per-council results) and weight.
      In a small council that narrows who chose what, so per-council figures are withheld
      below ``min_reported`` voters (default 10) and merged into the parent's, and the
      published list names the council whose figures include them. In a weighted delegate
      ballot the weight can identify a seat: such ballots are usually open anyway;
    - someone who watches the server live (query logs, replication stream, the order rows
      reach the disk) sees a person's cast and the row it writes together. Run with
      statement logging off; PostgreSQL's heap order of fresh rows is the residual risk;
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
