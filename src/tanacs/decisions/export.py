"""Decisions as JSON data: the shapes the API returns and ``--json`` prints."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from tanacs.ballots.selectors import ballots_for
from tanacs.core.actors import actor_label
from tanacs.decisions.models import Election, Motion, Programme, RecallPetition
from tanacs.decisions.selectors import mandate_report, origin_chain, programme_points
from tanacs.federation.models import Council

__all__ = [
    "election_data",
    "mandates_data",
    "motion_data",
    "motion_summary",
    "petition_data",
    "programme_data",
]


def _council(council: Council) -> dict[str, Any]:
    return {"id": council.pk, "name": council.name, "level": council.level}


def _ballots(subject: Model) -> list[dict[str, Any]]:
    return [
        {"id": b.pk, "title": b.title, "state": b.state, "secret": b.secret}
        for b in ballots_for(subject)
    ]


def motion_summary(motion: Motion) -> dict[str, Any]:
    return {
        "id": motion.pk,
        "council": _council(motion.council),
        "title": motion.title,
        "status": motion.status,
        "author": actor_label(motion.author),
        "origin": motion.origin_id,
    }


def motion_data(motion: Motion) -> dict[str, Any]:
    amendments = motion.amendments.select_related("author")
    return {
        **motion_summary(motion),
        "text": motion.text,
        "cosigners": [
            actor_label(c.person)
            for c in motion.cosignatures.select_related("person").order_by("pk")
        ],
        "origin_chain": [motion_summary(m) for m in origin_chain(motion)],
        "sent_up": [motion_summary(m) for m in motion.sent_up.select_related("council")],
        "programme": motion.programme_id,
        "point": motion.point_id,
        "amendments": [
            {
                "id": a.pk,
                "number": a.number,
                "author": actor_label(a.author),
                "text": a.text,
                "reason": a.reason,
                "status": a.status,
                "ballots": _ballots(a),
            }
            for a in amendments
        ],
        "ballots": _ballots(motion),
        "created_at": motion.created_at,
        "decided_at": motion.decided_at,
    }


def mandates_data(motion: Motion) -> list[dict[str, Any]]:
    return [
        {"council": _council(r.council), "seat": r.seat,
         "delegate": actor_label(r.delegate) if r.delegate else None, "weight": r.weight,
         "mandate": r.mandate, "vote": r.vote, "secret": r.secret, "broke": r.broke}
        for r in mandate_report(motion)
    ]  # fmt: skip


def programme_data(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "council": _council(programme.council),
        "title": programme.title,
        "description": programme.description,
        "points": [
            {"id": v.point.pk, "number": v.point.number, "text": v.point.text,
             "endorsed_by": [{"council": _council(e.council), "motion": e.motion_id,
                              "recorded_by": e.recorded_by, "note": e.note}
                             for e in v.endorsements]}
            for v in programme_points(programme)
        ],
    }  # fmt: skip


def election_data(election: Election) -> dict[str, Any]:
    return {
        "id": election.pk,
        "council": _council(election.council),
        "seats": election.seats,
        "status": election.status,
        "candidates": [actor_label(c.person) for c in election.candidates.select_related("person")],
        "outcome": election.outcome,
        "ballots": _ballots(election),
    }


def petition_data(petition: RecallPetition) -> dict[str, Any]:
    return {
        "id": petition.pk,
        "council": _council(petition.seat.council),
        "seat": petition.seat.number,
        "delegate": actor_label(petition.person),
        "reason": petition.reason,
        "status": petition.status,
        "electorate": petition.electorate,
        "threshold": petition.threshold,
        "signatures": petition.signatures.count(),
        "opened_by": petition.opened_by,
        "ballots": _ballots(petition),
    }
