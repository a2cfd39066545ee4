from __future__ import annotations

from django.db.models import QuerySet

from tanacs.journal.models import Entry, Head


def list_public_entries(chain: str) -> QuerySet[Entry]:
    return Entry.objects.filter(chain=chain, private=False).order_by("-seq")


def get_head(chain: str) -> Head | None:
    return Head.objects.filter(chain=chain).first()


def get_public_entry(chain: str, seq: int) -> Entry | None:
    return Entry.objects.filter(chain=chain, seq=seq, private=False).first()
