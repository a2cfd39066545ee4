"""Reading negotiations for pages, the API and the CLI."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from tanacs.federation.models import Council
from tanacs.negotiations.access import may_see
from tanacs.negotiations.models import Answer, Demand, Negotiation, Session
from tanacs.strikes.models import StrikeCondition

__all__ = [
    "demands_for_conditions",
    "list_demands",
    "list_negotiations",
    "list_sessions",
    "summary",
]


def list_negotiations(council: Council) -> QuerySet[Negotiation]:
    return Negotiation.objects.filter(council=council).select_related("council")


def list_demands(negotiation: Negotiation) -> list[Demand]:
    """The demands in order, each with its answers (oldest first) in ``answer_list``."""
    answers = Answer.objects.select_related("recorded_by").order_by("answered_on", "pk")
    return list(
        negotiation.demands.order_by("number").prefetch_related(
            Prefetch("answers", queryset=answers, to_attr="answer_list")
        )
    )


def list_sessions(negotiation: Negotiation) -> QuerySet[Session]:
    return negotiation.sessions.order_by("held_on", "pk")


def summary(negotiation: Negotiation) -> dict[str, Any]:
    """What ``list`` and ``show`` print as JSON, and the API returns."""
    demands = list_demands(negotiation)
    return {
        "id": negotiation.pk,
        "council": negotiation.council_id,
        "counterpart": negotiation.counterpart,
        "title": negotiation.title,
        "status": negotiation.status,
        "sent_at": negotiation.sent_at.isoformat() if negotiation.sent_at else None,
        "document_sha256": negotiation.document_sha256 or None,
        "delegates": [
            d.person.get_username() for d in negotiation.delegates.select_related("person")
        ],
        "demands": [
            {
                "number": d.number,
                "text": d.text,
                "status": d.status,
                "point": d.point_id,
                "motion": d.motion_id,
                "answers": [
                    {"text": a.text, "status": a.status, "answered_on": a.answered_on.isoformat()}
                    for a in d.answer_list  # type: ignore[attr-defined]
                ],
            }
            for d in demands
        ],
        "sessions": [
            {
                "held_on": s.held_on.isoformat(),
                "place": s.place,
                "attendees": s.attendees,
                "notes": s.notes,
            }
            for s in list_sessions(negotiation)
        ],
    }


def demands_for_conditions(
    conditions: list[StrikeCondition], person: Any
) -> dict[int, list[Demand]]:
    """condition pk -> the demands, in negotiations ``person`` may see, taken from the same
    programme point or motion: how a strike page shows where each condition stands."""
    points = {c.point_id: c.pk for c in conditions if c.point_id is not None}
    motions = {c.motion_id: c.pk for c in conditions if c.motion_id is not None}
    if not points and not motions:
        return {}
    demands = (
        Demand.objects.select_related("negotiation__council")
        .filter(Q(point_id__in=list(points)) | Q(motion_id__in=list(motions)))
        .order_by("negotiation_id", "number")[:200]
    )
    seen: dict[int, bool] = {}
    found: dict[int, list[Demand]] = {}
    for demand in demands:
        negotiation = demand.negotiation
        if negotiation.pk not in seen:
            seen[negotiation.pk] = may_see(person, negotiation)
        if not seen[negotiation.pk]:
            continue
        if demand.point_id is not None and demand.point_id in points:
            condition: int | None = points[demand.point_id]
        else:
            condition = motions.get(demand.motion_id) if demand.motion_id is not None else None
        if condition is not None:
            found.setdefault(condition, []).append(demand)
    return found
