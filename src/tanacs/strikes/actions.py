"""Every change to strikes, one function each, called by pages, the API, the CLI and the demo.

A strike is called, extended, suspended, resumed and ended only by a decision of its
council: a carried motion of that council, or a passed (declared) ballot of that council or a
referendum held above it. Officers record the decision (``do_call_strike``,
``do_decide_strike``) or put it to a ballot first (``do_propose_strike``,
``do_propose_decision``; the ballot's declaration applies it, see :mod:`.subjects`).

Each council in scope reports its own status (``do_report_status``): its officers or its
delegates, at a time not in the future; reports go on after the call ends, since a council
may keep striking. Every change writes its journal entry in the same transaction.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tanacs.ballots.actions import do_create_ballot, do_open_ballot
from tanacs.ballots.models import Ballot, Electorate, State
from tanacs.ballots.subjects import kind_of
from tanacs.core.actors import actor_label
from tanacs.core.errors import Conflict, ErrorCode, Forbidden, IllegalTransition, InvalidInput
from tanacs.decisions.models import Motion, MotionStatus, ProgrammePoint
from tanacs.federation.access import require_council_officer
from tanacs.federation.models import Council
from tanacs.federation.tree import MAX_DEPTH, list_subtree
from tanacs.journal.chain import append
from tanacs.strikes.access import may_report
from tanacs.strikes.models import (
    ConditionStatus,
    CouncilStatus,
    DecisionAction,
    DecisionState,
    StatusReport,
    Strike,
    StrikeCondition,
    StrikeCouncil,
    StrikeDecision,
    StrikeKind,
    StrikeStatus,
)

__all__ = [
    "TRANSITIONS",
    "apply_decision",
    "do_ballot_on_call",
    "do_ballot_on_decision",
    "do_call_strike",
    "do_decide_strike",
    "do_propose_decision",
    "do_propose_strike",
    "do_put_to_ballot",
    "do_report_status",
    "do_set_condition_status",
]

S = StrikeStatus
A = DecisionAction
TRANSITIONS: dict[str, set[str]] = {
    S.PROPOSED: {S.CALLED, S.REJECTED},
    S.CALLED: {S.CALLED, S.SUSPENDED, S.ENDED},  # called again: extended to a new date
    S.SUSPENDED: {S.CALLED, S.ENDED},
    S.ENDED: set(),
    S.REJECTED: set(),
}
# What each decision makes of the strike.
LEADS_TO: dict[str, str] = {  # keyed by DecisionAction values
    A.CALL: S.CALLED,
    A.EXTEND: S.CALLED,
    A.SUSPEND: S.SUSPENDED,
    A.RESUME: S.CALLED,
    A.END: S.ENDED,
}


def _journal(strike: Strike, kind: str, /, *, by: User | str, **payload: Any) -> None:
    append(
        strike.federation.chain,
        kind,
        actor=by if isinstance(by, str) else actor_label(by),
        subject=strike.subject,
        payload={"strike": strike.pk, **payload},
    )


def _when(value: datetime | None, *, field: str) -> datetime:
    when = value or timezone.now()
    if timezone.is_naive(when):
        raise InvalidInput(f"Give {field} with its time zone.", field=field)
    return when


# --- the decision behind every change ------------------------------------------------------


def _check_decision(
    council: Council, *, motion: Motion | None, ballot: Ballot | None
) -> dict[str, int | None]:
    """The carried motion or passed ballot that lets ``council`` decide, or a refusal."""
    if (motion is None) == (ballot is None):
        raise InvalidInput(
            "Name the decision: a carried motion or a declared ballot of the council "
            "(one, not both).",
            field="motion",
            code=ErrorCode.NOT_DECIDED,
        )
    if motion is not None:
        if motion.council_id != council.pk or motion.status != MotionStatus.CARRIED:
            raise InvalidInput(
                f"Motion {motion.pk} is not a carried motion of {council.name}: a strike is "
                "called, extended or ended by a decision of the council that called it.",
                field="motion",
                code=ErrorCode.NOT_DECIDED,
            )
        return {"motion": motion.pk, "ballot": None}
    assert ballot is not None
    if not _ballot_decides_for(ballot, council):
        raise InvalidInput(
            f"Ballot {ballot.pk} is neither a ballot of {council.name} nor a referendum held "
            "above it.",
            field="ballot",
            code=ErrorCode.NOT_DECIDED,
        )
    if ballot.decides_id is not None:
        raise InvalidInput(
            f"Ballot {ballot.pk} decided a {kind_of(ballot)}, not this: name what it decided "
            "(a carried motion), or put the decision to a ballot of its own.",
            field="ballot",
            code=ErrorCode.NOT_DECIDED,
        )
    if ballot.state != State.DECLARED or not json.loads(ballot.result or "{}").get("passed"):
        raise InvalidInput(
            f"Ballot {ballot.pk} has not been declared passed (it is {ballot.state}).",
            field="ballot",
            code=ErrorCode.NOT_DECIDED,
        )
    return {"motion": None, "ballot": ballot.pk}


def _ballot_decides_for(ballot: Ballot, council: Council) -> bool:
    if ballot.council_id == council.pk:
        return True
    if not ballot.is_referendum:
        return False
    node: Council | None = council
    while node is not None:  # at most the federation's few levels
        if node.pk == ballot.council_id:
            return True
        node = node.parent
    return False


# --- calling a strike ----------------------------------------------------------------------


def _scope(council: Council, called_out: list[Council] | None) -> list[Council]:
    """The councils called out: the calling council's whole subtree, or the subtrees of the
    named councils below it."""
    subtree = list(list_subtree(council.federation, root=council, depth=MAX_DEPTH))
    if not called_out:
        return subtree
    by_id = {c.pk: c for c in subtree}
    for named in called_out:
        if named.pk not in by_id:
            raise InvalidInput(
                f"{named.name} is not below {council.name}: a council calls out only "
                "councils under it.",
                field="scope",
                code=ErrorCode.OUT_OF_SCOPE,
            )
    chosen = {c.pk for c in called_out}
    scope = []
    for candidate in subtree:
        node: Council | None = candidate
        while node is not None and node.pk not in chosen and node.pk != council.pk:
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        if node is not None and node.pk in chosen:
            scope.append(candidate)
    return scope


def _conditions(
    council: Council, points: list[ProgrammePoint], motions: list[Motion]
) -> list[tuple[str, ProgrammePoint | None, Motion | None]]:
    rows: list[tuple[str, ProgrammePoint | None, Motion | None]] = []
    for point in points:
        rows.append((point.text, point, None))
    for motion in motions:
        if motion.council.federation_id != council.federation_id:
            raise InvalidInput(
                f"Motion {motion.pk} is not of {council.federation.name}.", field="conditions"
            )
        rows.append((f"{motion.title}: {motion.text}", None, motion))
    return rows


def _create(
    council: Council,
    *,
    by: User,
    title: str,
    kind: str,
    starts_at: datetime | None,
    scope: list[Council] | None,
    points: list[ProgrammePoint] | None,
    motions: list[Motion] | None,
) -> tuple[Strike, list[StrikeCouncil], list[StrikeCondition]]:
    if kind not in StrikeKind.values:
        raise InvalidInput(
            f"Unknown kind of strike {kind!r}: choose {', '.join(StrikeKind.values)}.",
            field="kind",
        )
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise InvalidInput("A strike needs a title of at most 200 characters.", field="title")
    when = _when(starts_at, field="starts_at")
    councils = _scope(council, scope)
    conditions = _conditions(council, list(points or []), list(motions or []))
    strike = Strike.objects.create(
        federation=council.federation, council=council, title=title, kind=kind,
        starts_at=when, created_by=by,
    )  # fmt: skip
    strike.federation = council.federation
    rows = StrikeCouncil.objects.bulk_create(
        [StrikeCouncil(strike=strike, council=c) for c in councils]
    )
    made = StrikeCondition.objects.bulk_create(
        [
            StrikeCondition(strike=strike, number=n, text=text, point=point, motion=motion)
            for n, (text, point, motion) in enumerate(conditions, start=1)
        ]
    )
    return strike, rows, made


def _created_payload(
    strike: Strike, rows: list[StrikeCouncil], conditions: list[StrikeCondition]
) -> dict[str, Any]:
    return {
        "council": strike.council_id,
        "title": strike.title,
        "kind": strike.kind,
        "starts_at": strike.starts_at.isoformat(),
        "scope": sorted(row.council_id for row in rows),
        "conditions": [
            {
                "condition": c.pk,
                "number": c.number,
                "text": c.text,
                "point": c.point_id,
                "motion": c.motion_id,
            }
            for c in conditions
        ],
    }


@transaction.atomic
def do_call_strike(
    council: Council,
    *,
    by: User,
    title: str,
    kind: str = StrikeKind.GENERAL,
    starts_at: datetime | None = None,
    scope: list[Council] | None = None,
    points: list[ProgrammePoint] | None = None,
    motions: list[Motion] | None = None,
    motion: Motion | None = None,
    ballot: Ballot | None = None,
) -> Strike:
    """Call a strike by a decision already taken (a carried motion or a passed ballot).

    ``scope``: the councils below that are called out, each with its subtree (default: the
    calling council's whole subtree, itself included). ``points`` and ``motions`` are its
    conditions, in that order."""
    require_council_officer(by, council, "call strikes")
    decision = _check_decision(council, motion=motion, ballot=ballot)
    strike, rows, conditions = _create(
        council, by=by, title=title, kind=kind, starts_at=starts_at, scope=scope,
        points=points, motions=motions,
    )  # fmt: skip
    strike.status = S.CALLED
    strike.save(update_fields=["status"])
    made = StrikeDecision.objects.create(
        strike=strike, action=A.CALL, starts_at=strike.starts_at, decided_at=timezone.now(),
        motion=motion, ballot=ballot,
    )  # fmt: skip
    _journal(strike, "strike.called", by=by, status=strike.status,
             decision={"id": made.pk, "action": A.CALL, **decision},
             **_created_payload(strike, rows, conditions))  # fmt: skip
    return strike


@transaction.atomic
def do_propose_strike(
    council: Council,
    *,
    by: User,
    title: str,
    kind: str = StrikeKind.GENERAL,
    starts_at: datetime | None = None,
    scope: list[Council] | None = None,
    points: list[ProgrammePoint] | None = None,
    motions: list[Motion] | None = None,
) -> StrikeDecision:
    """A strike to be called by a ballot: returns its pending call, for
    ``do_create_ballot(council, decides=decision, ...)``; declared passed, it is called."""
    require_council_officer(by, council, "call strikes")
    strike, rows, conditions = _create(
        council, by=by, title=title, kind=kind, starts_at=starts_at, scope=scope,
        points=points, motions=motions,
    )  # fmt: skip
    decision = StrikeDecision.objects.create(
        strike=strike, action=A.CALL, state=DecisionState.PENDING, starts_at=strike.starts_at
    )
    _journal(strike, "strike.proposed", by=by, status=strike.status,
             decision={"id": decision.pk, "action": A.CALL},
             **_created_payload(strike, rows, conditions))  # fmt: skip
    return decision


# --- extending, suspending, resuming, ending -----------------------------------------------


def _locked(strike: Strike) -> Strike:
    return (
        Strike.objects.select_for_update(of=("self",))
        .select_related("council", "council__parent", "federation")
        .get(pk=strike.pk)
    )


def _check_action(strike: Strike, action: str, starts_at: datetime | None) -> None:
    if action not in A.values or action == A.CALL:
        raise InvalidInput(
            f"Unknown decision {action!r}: choose extend, suspend, resume or end.",
            field="action",
        )
    to = LEADS_TO[action]
    if to not in TRANSITIONS[strike.status] or (
        action == A.RESUME and strike.status != S.SUSPENDED
    ):
        raise IllegalTransition(
            f"A strike that is {strike.status} cannot be {action}ed.", status=strike.status
        )
    if action == A.EXTEND and starts_at is None:
        raise InvalidInput("An extension needs its new date.", field="starts_at")
    if action in (A.SUSPEND, A.RESUME) and starts_at is not None:
        raise InvalidInput(f"A decision to {action} takes effect at once: give no date.",
                           field="starts_at")  # fmt: skip


def apply_decision(
    decision: StrikeDecision, *, by: User | str, motion: Motion | None, ballot: Ballot | None
) -> Strike:
    """Apply ``decision`` to its strike (checked against :data:`TRANSITIONS`), and journal it."""
    strike = _locked(decision.strike)
    to = LEADS_TO[decision.action]
    if to not in TRANSITIONS[strike.status]:
        raise IllegalTransition(
            f"A strike that is {strike.status} cannot be {decision.action}ed.",
            status=strike.status,
        )
    now = timezone.now()
    strike.status = to
    if decision.action == A.EXTEND and decision.starts_at is not None:
        strike.starts_at = decision.starts_at
    # An end takes effect at its date (a return to work decided for a morning), else at once.
    strike.ended_at = (decision.starts_at or now) if to == S.ENDED else None
    strike.save(update_fields=["status", "starts_at", "ended_at"])
    decision.state, decision.decided_at = DecisionState.APPLIED, now
    decision.motion, decision.ballot = motion, ballot
    decision.save(update_fields=["state", "decided_at", "motion", "ballot"])
    starts = decision.starts_at.isoformat() if decision.starts_at else None
    _journal(strike, f"strike.{_past(decision.action)}", by=by, status=strike.status,
             starts_at=strike.starts_at.isoformat(),
             decision={"id": decision.pk, "action": decision.action, "motion": decision.motion_id,
                       "ballot": decision.ballot_id, "starts_at": starts})  # fmt: skip
    return strike


def _past(action: str) -> str:
    past: dict[str, str] = {A.CALL: "called", A.EXTEND: "extended", A.SUSPEND: "suspended",
                            A.RESUME: "resumed", A.END: "ended"}  # fmt: skip
    return past[action]


def reject_decision(decision: StrikeDecision, *, by: User | str, ballot: Ballot) -> None:
    """A ballot on ``decision`` did not pass: a proposed strike is not called."""
    strike = _locked(decision.strike)
    decision.state, decision.ballot, decision.decided_at = (
        DecisionState.REJECTED, ballot, timezone.now()
    )  # fmt: skip
    decision.save(update_fields=["state", "ballot", "decided_at"])
    if decision.action == A.CALL and strike.status == S.PROPOSED:
        strike.status = S.REJECTED
        strike.save(update_fields=["status"])
    data = {"id": decision.pk, "action": decision.action, "ballot": ballot.pk}
    _journal(strike, "strike.decision_rejected", by=by, status=strike.status, decision=data)


@transaction.atomic
def do_decide_strike(
    strike: Strike,
    action: str,
    *,
    by: User,
    starts_at: datetime | None = None,
    note: str = "",
    motion: Motion | None = None,
    ballot: Ballot | None = None,
) -> Strike:
    """Extend (to a new date ``starts_at``), suspend, resume or end ``strike`` (at
    ``starts_at``, default now) by a decision already taken by its council. Councils may go
    on striking after the call ends: their reports stand."""
    strike = _locked(strike)
    require_council_officer(by, strike.council, "decide on its strikes")
    _check_action(strike, action, starts_at)
    _check_decision(strike.council, motion=motion, ballot=ballot)
    decision = StrikeDecision.objects.create(
        strike=strike, action=action, note=note.strip(),
        starts_at=_when(starts_at, field="starts_at") if starts_at else None,
    )  # fmt: skip
    return apply_decision(decision, by=by, motion=motion, ballot=ballot)


@transaction.atomic
def do_propose_decision(
    strike: Strike, action: str, *, by: User, starts_at: datetime | None = None, note: str = ""
) -> StrikeDecision:
    """A decision on ``strike`` to be put to a ballot (a return-to-work ballot: ``end``)."""
    strike = _locked(strike)
    require_council_officer(by, strike.council, "decide on its strikes")
    _check_action(strike, action, starts_at)
    decision = StrikeDecision.objects.create(
        strike=strike, action=action, state=DecisionState.PENDING, note=note.strip(),
        starts_at=_when(starts_at, field="starts_at") if starts_at else None,
    )  # fmt: skip
    _journal(strike, "strike.decision_proposed", by=by, status=strike.status,
             decision={"id": decision.pk, "action": action})  # fmt: skip
    return decision


@transaction.atomic
def do_put_to_ballot(
    decision: StrikeDecision, *, by: User, electorate: str | None = None
) -> Ballot:
    """Open a yes/no ballot of the strike's council on a pending ``decision`` (members of a
    base council, delegates of a higher one, or a referendum of every member below); its
    declaration applies the decision (see :mod:`tanacs.strikes.subjects`)."""
    strike = _locked(decision.strike)
    if decision.state != DecisionState.PENDING:
        raise Conflict(f"The decision to {decision.action} was already {decision.state}.")
    council = strike.council
    if electorate is None:
        electorate = Electorate.MEMBERS if council.is_base else Electorate.DELEGATES
    question: dict[str, str] = {
        A.CALL: f"Call the {strike.get_kind_display().lower()}: {strike.title}?",
        A.END: f"End the strike and return to work: {strike.title}?",
    }
    title = question.get(decision.action, f"{decision.action.capitalize()} {strike.title}?")
    ballot = do_create_ballot(council, by=by, title=title, electorate=electorate,
                              decides=decision)  # fmt: skip
    return do_open_ballot(ballot, by=by)


@transaction.atomic
def do_ballot_on_call(council: Council, *, by: User, electorate: str | None = None,
                      **strike: Any) -> Ballot:  # fmt: skip
    """Propose a strike (``strike``: as :func:`do_propose_strike` takes it) and open the
    ballot that calls it, in one transaction: a ballot that cannot open leaves nothing."""
    decision = do_propose_strike(council, by=by, **strike)
    return do_put_to_ballot(decision, by=by, electorate=electorate)


@transaction.atomic
def do_ballot_on_decision(
    strike: Strike, action: str, *, by: User, starts_at: datetime | None = None,
    electorate: str | None = None,
) -> Ballot:  # fmt: skip
    """Propose extending, suspending, resuming or ending ``strike`` and open the ballot that
    decides it, in one transaction."""
    decision = do_propose_decision(strike, action, by=by, starts_at=starts_at)
    return do_put_to_ballot(decision, by=by, electorate=electorate)


# --- status reports ------------------------------------------------------------------------


def _services(value: list[Any] | None) -> list[list[Any]]:
    services: list[list[Any]] = []
    for n, item in enumerate(value or [], start=1):
        try:
            name, members = item
            name, members = str(name).strip(), int(members)
        except (TypeError, ValueError):
            raise InvalidInput(
                f"Essential service {n} must be a name and a number of members.",
                field="services",
            ) from None
        if not name or members < 1:
            raise InvalidInput(
                f"Essential service {n} needs a name and at least one member assigned.",
                field="services",
            )
        services.append([name, members])
    return services


def _members_out(
    council: Council, status: str, members_out: int | None, services: list[list[Any]]
) -> int:
    """How many members are out; members are counted where they belong, at base councils."""
    assigned = sum(members for _, members in services)
    if not council.is_base:
        if members_out:
            raise InvalidInput(
                f"{council.name} is not a base council: members out are reported by the base "
                "councils they belong to.",
                field="members_out",
            )
        return 0
    size = council.member_count
    if status in (CouncilStatus.CALLED, CouncilStatus.WORKING):
        if members_out or services:
            raise InvalidInput(
                f"A council that is {status} has nobody out and keeps no services: report "
                "it as partly out or on strike.",
                field="members_out",
            )
        return 0
    if members_out is None:
        if status == CouncilStatus.PARTLY_OUT:
            raise InvalidInput("Say how many members are out.", field="members_out")
        members_out = size - assigned
    if members_out < 0:
        raise InvalidInput("Members out cannot be negative.", field="members_out")
    if members_out + assigned > size:
        raise InvalidInput(
            f"{council.name} has {size} members: {members_out} out and {assigned} on "
            "essential services is more than that.",
            field="members_out",
            code=ErrorCode.TOO_MANY_OUT,
        )
    return members_out


@transaction.atomic
def do_report_status(
    strike: Strike,
    council: Council,
    status: str,
    *,
    by: User,
    members_out: int | None = None,
    services: list[Any] | None = None,
    reported_at: datetime | None = None,
    note: str = "",
) -> StatusReport:
    """Record ``council``'s status in ``strike``, as of ``reported_at`` (default now).

    ``members_out`` defaults to every member not assigned to an essential service when the
    council is on strike; ``services`` is ``[(service, members assigned), ...]``."""
    strike = Strike.objects.select_related("federation").get(pk=strike.pk)
    row = (
        StrikeCouncil.objects.select_for_update()
        .filter(strike=strike, council_id=council.pk)
        .first()
    )
    if row is None:
        raise InvalidInput(
            f"{council.name} is not called out by {strike.title}: only councils in its scope "
            "report.",
            field="council",
            code=ErrorCode.OUT_OF_SCOPE,
        )
    if not may_report(by, council):
        raise Forbidden(
            f"Only the officers and delegates of {council.name} report its status.",
            code=ErrorCode.NOT_A_REPORTER,
        )
    if strike.status in (S.PROPOSED, S.REJECTED):
        raise Conflict(f"{strike.title} has not been called.", status=strike.status)
    if status not in CouncilStatus.values:
        raise InvalidInput(
            f"Unknown status {status!r}: choose {', '.join(CouncilStatus.values)}.",
            field="status",
        )
    when = _when(reported_at, field="reported_at")
    if when > timezone.now():
        raise InvalidInput(
            f"A report cannot be dated in the future ({when.isoformat()}).",
            field="reported_at",
            code=ErrorCode.REPORT_IN_FUTURE,
        )
    kept = _services(services)
    if status == CouncilStatus.ESSENTIAL and not kept:
        raise InvalidInput("Name the essential services kept and who keeps them.",
                           field="services")  # fmt: skip
    out = _members_out(council, status, members_out, kept)
    report = StatusReport.objects.create(
        strike=strike, council=council, status=status, members_out=out, services=kept,
        reported_at=when, reporter=by, note=note.strip(),
    )  # fmt: skip
    if row.reported_at is None or when >= row.reported_at:
        # A late report of an earlier time joins the history but does not undo a newer one.
        row.status, row.members_out, row.services, row.reported_at = status, out, kept, when
        row.save(update_fields=["status", "members_out", "services", "reported_at"])
    _journal(strike, "strike.reported", by=by, report=report.pk, council=council.pk,
             status=status, members_out=out, services=kept, reported_at=when.isoformat(),
             note=report.note)  # fmt: skip
    return report


# --- conditions ----------------------------------------------------------------------------


@transaction.atomic
def do_set_condition_status(
    condition: StrikeCondition, status: str, *, by: User | str, source: str = ""
) -> StrikeCondition:
    """Mark a condition met, partly met, dropped or open again. The hook for negotiations:
    when a demand that is a strike condition is answered, they call this in the same
    transaction, naming themselves in ``source`` (e.g. ``"negotiation:4 demand:2"``)."""
    condition = (
        StrikeCondition.objects.select_for_update(of=("self",))
        .select_related("strike__federation", "strike__council")
        .get(pk=condition.pk)
    )
    if status not in ConditionStatus.values:
        raise InvalidInput(
            f"Unknown condition status {status!r}: choose {', '.join(ConditionStatus.values)}.",
            field="status",
        )
    if not isinstance(by, str) and not source:
        require_council_officer(by, condition.strike.council, "mark its strike's conditions")
    condition.status = status
    condition.save(update_fields=["status"])
    _journal(condition.strike, "strike.condition_set", by=by, condition=condition.pk,
             number=condition.number, status=status, source=source)  # fmt: skip
    return condition
