"""What a strike publishes: every decision applied to it (called, extended, suspended,
resumed, ended), on the public pages and feeds of its federation and of the calling council.

An item says what was decided, by which council, from when, and where the strike stands now;
it names no person (a council decides, not its members), and the roll-up of members out stays
on the strike's own page.
"""

from __future__ import annotations

import json

from django.urls import reverse

from tanacs.core.publication import Cursor, PublicItem, Section, keyset, register_section
from tanacs.federation.models import Council, Federation
from tanacs.journal.models import Entry
from tanacs.strikes.models import DecisionAction, DecisionState, StrikeDecision

__all__ = ["register_publication", "strike_decisions"]

SECTION = "strikes"
DONE = {
    DecisionAction.CALL: "called",
    DecisionAction.EXTEND: "extended",
    DecisionAction.SUSPEND: "suspended",
    DecisionAction.RESUME: "resumed",
    DecisionAction.END: "ended",
}


def _entries(federation: Federation, decisions: list[StrikeDecision]) -> dict[int, tuple[int, str]]:
    """decision id -> (seq, hash) of the public journal entry that applied it."""
    subjects = {d.strike.subject for d in decisions}
    kinds = [f"strike.{done}" for done in DONE.values()]
    rows = Entry.objects.filter(
        chain=federation.chain, subject__in=subjects, kind__in=kinds, private=False
    ).values_list("payload", "seq", "hash")
    wanted = {d.pk for d in decisions}
    found: dict[int, tuple[int, str]] = {}
    for payload, seq, digest in rows:
        decision = json.loads(payload).get("decision") or {}
        if decision.get("id") in wanted:
            found[decision["id"]] = (seq, digest)
    return found


def strike_decisions(
    federation: Federation, council: Council | None, before: Cursor | None, limit: int
) -> list[PublicItem]:
    rows = StrikeDecision.objects.filter(
        keyset(SECTION, before, at="decided_at"),
        strike__federation=federation,
        state=DecisionState.APPLIED,
        decided_at__isnull=False,
    )
    if council is not None:
        rows = rows.filter(strike__council=council)
    found = list(
        rows.select_related("strike", "strike__council").order_by("-decided_at", "-pk")[:limit]
    )
    entries = _entries(federation, found)
    items = []
    for d in found:
        strike, done = d.strike, DONE[DecisionAction(d.action)]
        assert d.decided_at is not None
        since = f" from {d.starts_at:%Y-%m-%d %H:%M} UTC" if d.starts_at else ""
        summary = (
            f"{strike.council.name} {done} the {strike.get_kind_display().lower()}{since}. "
            f"It stands {strike.get_status_display().lower()}."
        )
        seq, digest = entries.get(d.pk, (None, ""))
        items.append(
            PublicItem(
                section=SECTION, pk=d.pk, at=d.decided_at,
                title=f"Strike {done}: {strike.title}", summary=summary,
                link=reverse("web:strike", args=[strike.pk]), council=strike.council.name,
                entry_seq=seq, entry_hash=digest,
            )
        )  # fmt: skip
    return items


def register_publication() -> None:
    register_section(Section(SECTION, "Strikes", strike_decisions))
