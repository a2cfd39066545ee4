from __future__ import annotations

from django.db.models import Q, QuerySet

from tanacs.journal.models import Entry, Head


def list_public_entries(chain: str) -> QuerySet[Entry]:
    return Entry.objects.filter(chain=chain, private=False).order_by("-seq")


def get_head(chain: str) -> Head | None:
    return Head.objects.filter(chain=chain).first()


def get_public_entry(chain: str, seq: int) -> Entry | None:
    return Entry.objects.filter(chain=chain, seq=seq, private=False).first()


def filter_entries(
    entries: QuerySet[Entry],
    *,
    kind: str = "",
    council: int | None = None,
    subjects: list[str] | None = None,
) -> QuerySet[Entry]:
    """Entries of one kind (``ballot.opened``) or family (``ballot``), and about one council:
    those whose payload names it, or whose subject is one of ``subjects`` (its ballots,
    whose later entries name only the ballot)."""
    if kind:
        entries = (
            entries.filter(kind=kind)
            if "." in kind
            else entries.filter(kind__startswith=f"{kind}.")
        )
    if council is not None:
        about = Q(payload__contains=f'"council":{council},') | Q(
            payload__contains=f'"council":{council}}}'
        )
        if subjects:
            about |= Q(subject__in=subjects)
        entries = entries.filter(about)
    return entries
