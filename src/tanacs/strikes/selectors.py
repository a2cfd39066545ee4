"""Reading strikes: the roll-up of councils and members out, its timeline, and lists.

The roll-up reads the strike's council rows with their councils in one query and adds them
up the tree in Python: no query per council. Members are counted where they belong, at the
base councils (as ballots weigh them), so a council's members out are those of the base
councils below it, and the total is the sum over the base councils.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from tanacs.federation.models import Council, Federation
from tanacs.strikes.models import (
    OUT_STATUSES,
    ConditionStatus,
    StatusReport,
    Strike,
    StrikeCondition,
    StrikeCouncil,
)

__all__ = [
    "CouncilRoll",
    "LevelRoll",
    "RollUp",
    "conditions_met",
    "list_conditions",
    "list_reports",
    "list_strikes",
    "roll_up",
    "roll_up_rows",
    "status_of_council",
    "strike_data",
    "strike_summary",
    "timeline",
]


@dataclass
class CouncilRoll:
    """One council in scope: its own status, and its subtree's figures."""

    council: int
    parent: int | None
    level: int
    name: str
    status: str
    members_out: int  # its own report (base councils only)
    services: list[Any]
    reported_at: datetime | None
    members: int = 0  # members of the base councils in its subtree (in scope)
    out: int = 0  # members out over the base councils in its subtree
    councils: int = 0  # councils in its subtree, itself included
    councils_out: int = 0  # of those, how many are out
    children: list[CouncilRoll] = field(default_factory=list)


@dataclass(frozen=True)
class LevelRoll:
    level: int
    name: str
    councils: int
    councils_out: int
    members: int
    out: int


@dataclass(frozen=True)
class RollUp:
    roots: list[CouncilRoll]
    by_council: dict[int, CouncilRoll]
    levels: list[LevelRoll]
    members: int
    out: int
    councils: int
    councils_out: int


Row = tuple[int, int | None, int, str, int, str, int, list[Any], datetime | None]


def roll_up_rows(rows: Iterable[Row], level_names: list[str]) -> RollUp:
    """Add up ``rows`` (council, parent, level, name, base members, status, members out,
    services, reported at) from the base councils upwards; pure, for the property tests."""
    by_council = {
        r[0]: CouncilRoll(r[0], r[1], r[2], r[3], r[5], r[6], list(r[7]), r[8]) for r in rows
    }
    base = {r[0]: r[4] for r in rows if r[2] == 0}
    for roll in sorted(by_council.values(), key=lambda c: c.level):
        parent = by_council.get(roll.parent) if roll.parent is not None else None
        if parent is not None:
            parent.children.append(roll)
    for roll in sorted(by_council.values(), key=lambda c: c.level):
        roll.councils += 1
        roll.councils_out += roll.status in OUT_STATUSES
        roll.members += base.get(roll.council, 0)
        roll.out += roll.members_out if roll.council in base else 0
        parent = by_council.get(roll.parent) if roll.parent is not None else None
        if parent is not None:
            parent.councils += roll.councils
            parent.councils_out += roll.councils_out
            parent.members += roll.members
            parent.out += roll.out
    roots = [r for r in by_council.values() if r.parent not in by_council]
    for roll in by_council.values():
        roll.children.sort(key=lambda c: (c.name, c.council))
    return RollUp(
        roots=sorted(roots, key=lambda c: (-c.level, c.name, c.council)),
        by_council=by_council,
        levels=_levels(by_council.values(), level_names),
        members=sum(base.values()),
        out=sum(r.members_out for r in by_council.values() if r.council in base),
        councils=len(by_council),
        councils_out=sum(r.status in OUT_STATUSES for r in by_council.values()),
    )


def _levels(rolls: Iterable[CouncilRoll], names: list[str]) -> list[LevelRoll]:
    """Each level: its councils (and how many are out), and the members below them."""
    sums: dict[int, list[int]] = {}
    for roll in rolls:
        total = sums.setdefault(roll.level, [0, 0, 0, 0])
        total[0] += 1
        total[1] += roll.status in OUT_STATUSES
        total[2] += roll.members
        total[3] += roll.out
    return [
        LevelRoll(level, names[level] if level < len(names) else str(level), *sums[level])
        for level in sorted(sums, reverse=True)
    ]


def roll_up(strike: Strike) -> RollUp:
    """The strike's roll-up, in one query."""
    rows = (
        StrikeCouncil.objects.filter(strike=strike)
        .order_by()
        .values_list(
            "council_id",
            "council__parent_id",
            "council__level",
            "council__name",
            "council__member_count",
            "status",
            "members_out",
            "services",
            "reported_at",
        )
    )
    return roll_up_rows(rows, list(strike.federation.levels))


def timeline(strike: Strike) -> list[tuple[datetime, int]]:
    """Members out over time: after each base council's report, the sum of every base
    council's latest report up to then (one query)."""
    reports = (
        StatusReport.objects.filter(strike=strike, council__level=0)
        .order_by("reported_at", "pk")
        .values_list("reported_at", "council_id", "members_out")
    )
    latest: dict[int, int] = {}
    total = 0
    points: list[tuple[datetime, int]] = []
    for when, council, out in reports:
        total += out - latest.get(council, 0)
        latest[council] = out
        if points and points[-1][0] == when:
            points[-1] = (when, total)
        else:
            points.append((when, total))
    return points


def list_strikes(federation: Federation) -> QuerySet[Strike]:
    return Strike.objects.filter(federation=federation).select_related("council", "federation")


def list_reports(strike: Strike, *, council: Council | None = None) -> QuerySet[StatusReport]:
    reports = StatusReport.objects.filter(strike=strike).select_related("council", "reporter")
    if council is not None:
        reports = reports.filter(council=council)
    return reports.order_by("-reported_at", "-pk")


def list_conditions(strike: Strike) -> list[StrikeCondition]:
    return list(StrikeCondition.objects.filter(strike=strike).order_by("number"))


def conditions_met(conditions: list[StrikeCondition]) -> int:
    return sum(c.status == ConditionStatus.MET for c in conditions)


def status_of_council(council: Council) -> list[StrikeCouncil]:
    """The council's status in every strike that called it out, newest strike first."""
    return list(
        StrikeCouncil.objects.filter(council=council)
        .select_related("strike")
        .order_by("-strike__starts_at", "-strike_id")[:5]
    )


def strike_summary(strike: Strike) -> dict[str, Any]:
    """A strike as lists show it (API, CLI ``--json``)."""
    return {
        "id": strike.pk,
        "title": strike.title,
        "kind": strike.kind,
        "status": strike.status,
        "council": strike.council_id,
        "council_name": strike.council.name,
        "starts_at": strike.starts_at.isoformat(),
        "ended_at": strike.ended_at.isoformat() if strike.ended_at else None,
    }


def _roll_data(roll: CouncilRoll) -> dict[str, Any]:
    return {
        "council": roll.council, "name": roll.name, "level": roll.level,
        "status": roll.status, "services": roll.services,
        "reported_at": roll.reported_at.isoformat() if roll.reported_at else None,
        "members": roll.members, "members_out": roll.out,
        "councils": roll.councils, "councils_out": roll.councils_out,
        "children": [_roll_data(child) for child in roll.children],
    }  # fmt: skip


def strike_data(strike: Strike) -> dict[str, Any]:
    """A strike in full: its roll-up (tree, levels, total), conditions, decisions, timeline."""
    rolled = roll_up(strike)
    conditions = list_conditions(strike)
    return {
        **strike_summary(strike),
        "total": {"members": rolled.members, "members_out": rolled.out,
                  "councils": rolled.councils, "councils_out": rolled.councils_out},
        "levels": [
            {"level": lv.level, "name": lv.name, "councils": lv.councils,
             "councils_out": lv.councils_out, "members": lv.members, "members_out": lv.out}
            for lv in rolled.levels
        ],
        "councils": [_roll_data(root) for root in rolled.roots],
        "conditions": [
            {"id": c.pk, "number": c.number, "text": c.text, "status": c.status,
             "point": c.point_id, "motion": c.motion_id}
            for c in conditions
        ],
        "conditions_met": conditions_met(conditions),
        "decisions": [
            {"id": d.pk, "action": d.action, "state": d.state, "motion": d.motion_id,
             "ballot": d.ballot_id,
             "starts_at": d.starts_at.isoformat() if d.starts_at else None}
            for d in strike.decisions.order_by("pk")
        ],
        "timeline": [[when.isoformat(), out] for when, out in timeline(strike)],
    }  # fmt: skip
