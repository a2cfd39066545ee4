"""Reads: a council's bulletins for one reader, what it may relay, and the journal hashes
of published items."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from tanacs.broadcast.access import reads_members_only
from tanacs.broadcast.models import Bulletin
from tanacs.core.actors import User
from tanacs.federation.models import Council, Federation
from tanacs.federation.selectors import path_to
from tanacs.journal.models import Entry

__all__ = [
    "entry_hashes",
    "latest_entries",
    "list_bulletins",
    "list_relayable",
]


def list_bulletins(council: Council, reader: User, *, limit: int = 50) -> list[Bulletin]:
    """The council's bulletins and relays, newest first; members-only ones for its readers."""
    rows: QuerySet[Bulletin] = Bulletin.objects.filter(council=council).select_related(
        "origin", "origin__council"
    )
    if not reads_members_only(reader, council):
        rows = rows.filter(public=True)
    return list(rows.order_by("-at", "-pk")[:limit])


def list_relayable(council: Council, *, limit: int = 20) -> list[Bulletin]:
    """Public bulletins of the councils above and directly below ``council`` that it has not
    relayed yet, newest first."""
    above = [c.pk for c in path_to(council) if c.pk != council.pk]
    relayed = Bulletin.objects.filter(council=council, origin__isnull=False).values("origin_id")
    rows = (
        Bulletin.objects.filter(Q(council_id__in=above) | Q(council__parent=council))
        .filter(public=True, origin__isnull=True)
        .exclude(pk__in=relayed)
        .select_related("council")
    )
    return list(rows.order_by("-at", "-pk")[:limit])


def entry_hashes(federation: Federation, seqs: Iterable[int]) -> dict[int, str]:
    """seq -> hash of the federation's public journal entries named."""
    wanted = [s for s in set(seqs) if s]
    rows = Entry.objects.filter(chain=federation.chain, seq__in=wanted, private=False)
    return dict(rows.values_list("seq", "hash"))


def latest_entries(
    federation: Federation, kind: str, subjects: Iterable[str]
) -> dict[str, tuple[int, str]]:
    """subject -> (seq, hash) of the latest public entry of ``kind`` about each subject."""
    found: dict[str, tuple[int, str]] = {}
    rows = Entry.objects.filter(
        chain=federation.chain, kind=kind, subject__in=list(subjects), private=False
    ).order_by("seq")
    for subject, seq, digest in rows.values_list("subject", "seq", "hash"):
        found[subject] = (seq, digest)
    return found
