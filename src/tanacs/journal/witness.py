"""Witnessed history: a journal head kept outside the database, and the proof that the present
chain extends it.

Threat model. Whoever controls the database can rewrite an entry and recompute every later
hash and the ``Head`` row; the chain is then internally consistent and ``tanacs verify``
alone cannot tell. What they cannot rewrite is a head somebody copied out before: the head is
published on the federation's pages and API with its sequence number and time, and every
voter's receipt names the head at the moment they voted. :func:`check_extends` takes such a
kept head and holds only if the present chain verifies from its genesis, the entry at the kept
sequence number carries the kept hash, and the chain goes on from there. Because each entry's
hash covers the one before it, equal hashes at that position mean the whole history up to it
is what the witness saw; any rewrite of an entry at or before it changes that hash.

What it does not catch: a rewrite of entries newer than every head anyone kept, and a
database shown only to its owner (witnesses must compare with a copy they did not get from
the same server, e.g. the one an independent verifier reads).

A head is written ``chain:seq:hash`` (the chain name itself holds a colon, e.g.
``federation:<uid>:12:<hash>``); ``seq:hash`` or the bare hash are accepted too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tanacs.core.errors import InvalidInput
from tanacs.journal.chain import GENESIS, verify_chain
from tanacs.journal.models import Entry, Head

__all__ = [
    "ExtendsReport",
    "KeptHead",
    "PublishedHead",
    "check_extends",
    "head_token",
    "parse_head",
    "published_head",
]

_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class PublishedHead:
    """The last entry of a chain as the pages publish it; ``token`` is what to keep."""

    chain: str
    seq: int
    hash: str
    at: datetime | None

    @property
    def token(self) -> str:
        return f"{self.chain}:{self.seq}:{self.hash}"


def published_head(chain: str) -> PublishedHead:
    head = Head.objects.filter(chain=chain).values_list("seq", "hash").first()
    if head is None:
        return PublishedHead(chain, 0, GENESIS, None)
    seq, digest = head
    at = Entry.objects.filter(chain=chain, seq=seq).values_list("at", flat=True).first()
    return PublishedHead(chain, seq, digest, at)


def head_token(chain: str) -> str:
    """The head as ``chain:seq:hash`` in one read (what a receipt names)."""
    seq, digest = Head.objects.filter(chain=chain).values_list("seq", "hash").first() or (
        0,
        GENESIS,
    )
    return f"{chain}:{seq}:{digest}"


@dataclass(frozen=True)
class KeptHead:
    """A head somebody wrote down: its hash, and its chain and position when they kept them."""

    hash: str
    seq: int | None = None
    chain: str | None = None

    @property
    def token(self) -> str:
        parts = [self.chain, self.seq, self.hash]
        return ":".join(str(p) for p in parts if p is not None)


def parse_head(text: str) -> KeptHead:
    """``chain:seq:hash``, ``seq:hash`` or a bare hash, as published; InvalidInput otherwise."""
    parts = text.strip().rsplit(":", 2)
    digest = parts[-1].strip().lower()
    if not _HASH.fullmatch(digest):
        raise InvalidInput(
            f"{text.strip()[:100]!r} is not a journal head: give the 64 hexadecimal digits of a "
            "hash, optionally after its chain and sequence number (chain:seq:hash).",
            field="head",
        )
    seq: int | None = None
    if len(parts) > 1:
        raw = parts[-2].strip()
        if not raw.isdigit() or len(raw) > 18:
            raise InvalidInput(
                f"{raw[:30]!r} is not a sequence number: a head is written chain:seq:hash.",
                field="head",
            )
        seq = int(raw)
    chain = parts[0].strip() if len(parts) > 2 else None
    return KeptHead(digest, seq, chain or None)


@dataclass(frozen=True)
class ExtendsReport:
    """Whether the present chain extends a kept head, and if not, what broke."""

    kept: KeptHead
    chain: str | None
    head: PublishedHead | None
    seq: int | None = None  # where the kept hash stands in the present chain
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def message(self) -> str:
        if self.problem is not None:
            return f"FAILED: {self.problem}"
        assert self.head is not None and self.seq is not None
        after = self.head.seq - self.seq
        return (
            f"the present chain extends the kept head: entry {self.seq} has that hash, the chain "
            f"verifies from its first entry, and {after} entr{'y' if after == 1 else 'ies'} "
            f"follow{'s' if after == 1 else ''} it (head {self.head.seq} {self.head.hash})"
        )


def _chain_holding(digest: str) -> str | None:
    chains = Entry.objects.filter(hash=digest).values_list("chain", flat=True)[:1]
    return next(iter(chains), None)


def check_extends(kept: KeptHead, *, chain: str | None = None) -> ExtendsReport:
    """Does the present chain verify and extend ``kept``? ``chain`` pins the chain asked about
    (a federation's page); a kept head naming another chain is then refused as bad input."""
    if chain is not None and kept.chain is not None and kept.chain != chain:
        raise InvalidInput(
            f"That head is of the chain {kept.chain}, not of this federation's ({chain}).",
            field="head",
        )
    chain = chain or kept.chain or _chain_holding(kept.hash)
    if chain is None:
        return ExtendsReport(kept, None, None, problem=(
            f"no entry of any journal chain has the hash {kept.hash}: the history it was kept "
            "from was rewritten, or it was never a head here"
        ))  # fmt: skip
    report = verify_chain(chain)
    head = published_head(chain)

    def fail(problem: str) -> ExtendsReport:
        return ExtendsReport(kept, chain, head, problem=problem)

    if not report.ok:
        return fail(f"the chain itself does not verify: {report.problem}")
    if kept.seq == 0 or (kept.seq is None and kept.hash == GENESIS):
        if kept.hash != GENESIS:
            return fail(f"an empty chain's head is {GENESIS}, not {kept.hash}")
        return ExtendsReport(kept, chain, head, seq=0)
    if kept.seq is None:
        seq = (
            Entry.objects.filter(chain=chain, hash=kept.hash).values_list("seq", flat=True).first()
        )
        if seq is None:
            return fail(
                f"no entry of {chain} has the hash {kept.hash}: the history it was kept from "
                "was rewritten, or it was never a head of this chain"
            )
        return ExtendsReport(kept, chain, head, seq=seq)
    if kept.seq > report.entries:
        return fail(
            f"the chain has {report.entries} entries, fewer than the kept head's {kept.seq}: "
            "entries were removed since it was kept"
        )
    found = Entry.objects.filter(chain=chain, seq=kept.seq).values_list("hash", flat=True).first()
    if found != kept.hash:
        return fail(
            f"entry {kept.seq} now has the hash {found}, not the kept {kept.hash}: the history "
            f"up to entry {kept.seq} was rewritten since that head was kept"
        )
    return ExtendsReport(kept, chain, head, seq=kept.seq)
