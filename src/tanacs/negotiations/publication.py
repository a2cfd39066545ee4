"""What a negotiation publishes: the demands as sent in writing (with the document's SHA-256),
and each answer of the counterpart, on the public pages and feeds of its federation and of
the negotiating council.

Items name the council and the counterpart, never a person: who sat on the delegation stays
on the negotiation's own page.
"""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse
from django.utils.text import Truncator

from tanacs.core.publication import Cursor, PublicItem, Section, keyset, register_section
from tanacs.federation.models import Council, Federation
from tanacs.journal.models import Entry
from tanacs.negotiations.models import Answer, Negotiation

__all__ = ["answers", "register_publication", "sent_demands"]

SUMMARY = 600


def _entries(
    federation: Federation, kind: str, subjects: set[str]
) -> list[tuple[dict[str, Any], int, str]]:
    rows = Entry.objects.filter(
        chain=federation.chain, kind=kind, subject__in=subjects, private=False
    ).values_list("payload", "seq", "hash")
    return [(json.loads(payload), seq, digest) for payload, seq, digest in rows]


def sent_demands(
    federation: Federation, council: Council | None, before: Cursor | None, limit: int
) -> list[PublicItem]:
    rows = Negotiation.objects.filter(
        keyset("negotiations", before, at="sent_at"), federation=federation, sent_at__isnull=False
    )
    if council is not None:
        rows = rows.filter(council=council)
    found = list(
        rows.select_related("council")
        .prefetch_related("demands")
        .order_by("-sent_at", "-pk")[:limit]
    )
    entries = _entries(federation, "negotiation.sent", {n.subject for n in found})
    by_id = {payload.get("negotiation"): (seq, digest) for payload, seq, digest in entries}
    items = []
    for n in found:
        assert n.sent_at is not None
        demands = "; ".join(
            f"{d.number}. {d.text} ({d.get_status_display().lower()})" for d in n.demands.all()
        )
        seq, digest = by_id.get(n.pk, (None, ""))
        items.append(
            PublicItem(
                section="negotiations", pk=n.pk, at=n.sent_at,
                title=f"Demands sent to {n.counterpart}",
                summary=Truncator(f"{demands} Text sent, SHA-256 {n.document_sha256}.").chars(
                    SUMMARY),
                link=reverse("web:negotiation", args=[n.pk]), council=n.council.name,
                entry_seq=seq, entry_hash=digest,
            )
        )  # fmt: skip
    return items


def answers(
    federation: Federation, council: Council | None, before: Cursor | None, limit: int
) -> list[PublicItem]:
    rows = Answer.objects.filter(
        keyset("answers", before, at="created_at"), demand__negotiation__federation=federation
    )
    if council is not None:
        rows = rows.filter(demand__negotiation__council=council)
    found = list(
        rows.select_related(
            "demand", "demand__negotiation", "demand__negotiation__council"
        ).order_by("-created_at", "-pk")[:limit]
    )
    subjects = {a.demand.negotiation.subject for a in found}
    entries = _entries(federation, "negotiation.answered", subjects)
    by_id = {payload.get("answer"): (seq, digest) for payload, seq, digest in entries}
    items = []
    for a in found:
        talks = a.demand.negotiation
        seq, digest = by_id.get(a.pk, (None, ""))
        items.append(
            PublicItem(
                section="answers", pk=a.pk, at=a.created_at,
                title=f"{talks.counterpart} answers demand {a.demand.number}: "
                f"{a.get_status_display().lower()}",
                summary=Truncator(f"{a.demand.text} Answer of {a.answered_on:%Y-%m-%d}: "
                                  f"{a.text}").chars(SUMMARY),
                link=reverse("web:negotiation", args=[talks.pk]), council=talks.council.name,
                entry_seq=seq, entry_hash=digest,
            )
        )  # fmt: skip
    return items


def register_publication() -> None:
    register_section(Section("negotiations", "Demands sent in writing", sent_demands))
    register_section(Section("answers", "Answers to demands", answers))
