"""Every change to negotiations, one function each, called by pages, the API, the CLI and
the demo; each writes its journal entry in the same transaction.

A council's officers open a negotiation, name its delegation and take its demands from the
council's programme points and motions, then **send** it: the plain-text document is fixed
and its SHA-256 journaled, so nobody can later claim another text was sent. The delegation
records sessions and the counterpart's answers; a demand's status follows
:data:`TRANSITIONS`. A demand that is a strike condition marks that condition through the
strikes' hook (:func:`tanacs.strikes.actions.do_set_condition_status`). An offer is put to
the members as a ballot; its declared result applies here (see :mod:`.subjects`).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tanacs.ballots.actions import do_create_ballot, do_open_ballot
from tanacs.ballots.models import Ballot, Electorate
from tanacs.core.actors import actor_label, display_name
from tanacs.core.errors import Conflict, ErrorCode, Forbidden, IllegalTransition, InvalidInput
from tanacs.decisions.models import Election, ElectionStatus, Motion, ProgrammePoint
from tanacs.federation.access import can_change_council, require_council_officer
from tanacs.federation.models import Council
from tanacs.journal.chain import append
from tanacs.negotiations.access import is_negotiator, may_negotiate_for
from tanacs.negotiations.models import (
    Answer,
    Delegate,
    Demand,
    DemandStatus,
    Negotiation,
    NegotiationStatus,
    Offer,
    OfferState,
    Session,
)
from tanacs.strikes.actions import do_set_condition_status
from tanacs.strikes.models import ConditionStatus, StrikeCondition

__all__ = [
    "TRANSITIONS",
    "apply_offer",
    "do_add_demands",
    "do_open_negotiation",
    "do_put_offer",
    "do_record_answer",
    "do_record_session",
    "do_send",
    "do_set_delegation",
    "do_set_demand_status",
    "document_of",
    "sha256_of",
]

D = DemandStatus
TRANSITIONS: dict[str, set[str]] = {
    D.PENDING: {D.CONCEDED, D.PARTLY_CONCEDED, D.REFUSED, D.WITHDRAWN},
    D.PARTLY_CONCEDED: {D.CONCEDED, D.PARTLY_CONCEDED, D.REFUSED, D.WITHDRAWN},
    D.REFUSED: {D.CONCEDED, D.PARTLY_CONCEDED, D.REFUSED, D.WITHDRAWN},
    D.CONCEDED: set(),  # won
    D.WITHDRAWN: set(),
}
# What a demand's status makes of the strike conditions it is.
CONDITION_FOR: dict[str, str] = {
    D.CONCEDED: ConditionStatus.MET,
    D.PARTLY_CONCEDED: ConditionStatus.PARTLY_MET,
}
MAX_TEXT = 20_000


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _journal(negotiation: Negotiation, kind: str, /, *, by: User | str, **payload: Any) -> None:
    append(
        negotiation.federation.chain,
        kind,
        actor=by if isinstance(by, str) else actor_label(by),
        subject=negotiation.subject,
        payload={"negotiation": negotiation.pk, **payload},
    )


def _locked(negotiation: Negotiation) -> Negotiation:
    return (
        Negotiation.objects.select_for_update(of=("self",))
        .select_related("council", "council__parent", "federation")
        .get(pk=negotiation.pk)
    )


def _text(value: str, *, field: str, what: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value or len(value) > limit:
        raise InvalidInput(f"{what} needs a text of at most {limit} characters.", field=field)
    return value


def _require_draft(negotiation: Negotiation, action: str) -> None:
    if negotiation.status != NegotiationStatus.DRAFT:
        raise Conflict(
            f"{negotiation.title} was already sent in writing: its {action} cannot change.",
            code=ErrorCode.ALREADY_SENT,
        )


def _require_sent(negotiation: Negotiation, action: str) -> None:
    if negotiation.status != NegotiationStatus.SENT:
        raise Conflict(
            f"{negotiation.title} is {negotiation.status}: {action} only once the demands are "
            "sent and until it is settled.",
            status=negotiation.status,
        )


# --- opening, the delegation, the demands ----------------------------------------------------


@transaction.atomic
def do_open_negotiation(
    council: Council, *, by: User, counterpart: str, title: str = ""
) -> Negotiation:
    """Open a negotiation of ``council`` with ``counterpart``; the officers do."""
    require_council_officer(by, council, "open negotiations")
    counterpart = _text(counterpart, field="counterpart", what="The counterpart", limit=200)
    title = (title or "").strip() or f"{council.name} and {counterpart}"
    if len(title) > 200:
        raise InvalidInput("A title has at most 200 characters.", field="title")
    negotiation = Negotiation.objects.create(
        federation=council.federation, council=council, counterpart=counterpart, title=title,
        created_by=by,
    )  # fmt: skip
    _journal(negotiation, "negotiation.opened", by=by, council=council.pk,
             counterpart=counterpart, title=title, status=negotiation.status)  # fmt: skip
    return negotiation


def _election_winners(negotiation: Negotiation, election: Election) -> list[User]:
    if election.council_id != negotiation.council_id or election.status != ElectionStatus.DECLARED:
        raise InvalidInput(
            f"Election {election.pk} is not a declared election of {negotiation.council.name}.",
            field="election",
        )
    logins = list(election.outcome.get("elected", []))
    people = {p.username: p for p in User.objects.filter(username__in=logins)}
    return [people[login] for login in logins if login in people]


@transaction.atomic
def do_set_delegation(
    negotiation: Negotiation,
    *,
    by: User,
    people: list[User] | None = None,
    election: Election | None = None,
) -> list[Delegate]:
    """Name the delegation: ``people`` appointed by the officers, or the winners of a declared
    ``election`` of the council. It replaces the delegation named before."""
    negotiation = _locked(negotiation)
    require_council_officer(by, negotiation.council, "name its negotiating delegation")
    if (election is None) == (people is None):
        raise InvalidInput(
            "Name the delegation: people appointed, or a declared election (one, not both).",
            field="people",
        )
    chosen = _election_winners(negotiation, election) if election else list(people or [])
    if not chosen:
        raise InvalidInput("A delegation needs at least one person.", field="people")
    if len({p.pk for p in chosen}) != len(chosen):
        raise InvalidInput("A person is named twice in the delegation.", field="people")
    for person in chosen:
        if not may_negotiate_for(person, negotiation.council):
            raise InvalidInput(
                f"{actor_label(person)} is neither an officer nor a member of "
                f"{negotiation.council.name} or of a council below it.",
                field="people",
            )
    Delegate.objects.filter(negotiation=negotiation).delete()
    made = Delegate.objects.bulk_create(
        [Delegate(negotiation=negotiation, person=p, election=election) for p in chosen]
    )
    _journal(negotiation, "negotiation.delegation_set", by=by,
             delegates=[actor_label(p) for p in chosen],
             election=election.pk if election else None)  # fmt: skip
    return made


def _demand_rows(
    negotiation: Negotiation, points: list[ProgrammePoint], motions: list[Motion]
) -> list[tuple[str, ProgrammePoint | None, Motion | None]]:
    council = negotiation.council
    rows: list[tuple[str, ProgrammePoint | None, Motion | None]] = []
    for point in points:
        if point.programme.council_id != council.pk:
            raise InvalidInput(
                f"Point {point.number} is not of a programme of {council.name}: demands are "
                "taken from the council's own programme points and motions.",
                field="points",
            )
        rows.append((point.text, point, None))
    for motion in motions:
        if motion.council_id != council.pk:
            raise InvalidInput(
                f"Motion {motion.pk} is not a motion of {council.name}.", field="motions"
            )
        rows.append((f"{motion.title}: {motion.text}", None, motion))
    if not rows:
        raise InvalidInput("Name at least one programme point or motion.", field="points")
    return rows


@transaction.atomic
def do_add_demands(
    negotiation: Negotiation,
    *,
    by: User,
    points: list[ProgrammePoint] | None = None,
    motions: list[Motion] | None = None,
) -> list[Demand]:
    """Add demands, numbered after those already there, until the negotiation is sent."""
    negotiation = _locked(negotiation)
    require_council_officer(by, negotiation.council, "draw up its demands")
    _require_draft(negotiation, "demands")
    rows = _demand_rows(negotiation, list(points or []), list(motions or []))
    start = negotiation.demands.count() + 1
    made = Demand.objects.bulk_create(
        [
            Demand(negotiation=negotiation, number=n, text=text, point=point, motion=motion)
            for n, (text, point, motion) in enumerate(rows, start=start)
        ]
    )
    _journal(negotiation, "negotiation.demands_added", by=by, demands=[
        {"demand": d.pk, "number": d.number, "sha256": sha256_of(d.text),
         "point": d.point_id, "motion": d.motion_id} for d in made
    ])  # fmt: skip
    return made


# --- sending in writing --------------------------------------------------------------------


def document_of(negotiation: Negotiation, demands: list[Demand], delegates: list[str]) -> str:
    """The plain text sent: who writes to whom, the delegation, and the numbered demands."""
    lines = [
        f"{negotiation.council.name}",
        f"To: {negotiation.counterpart}",
        f"Subject: {negotiation.title}",
        "",
        f"The demands of {negotiation.council.name}, put in writing:",
        "",
    ]
    for demand in demands:
        lines.append(f"{demand.number}. {demand.text}")
        lines.append("")
    if delegates:
        lines.append("Negotiating delegation: " + ", ".join(delegates))
    return "\n".join(lines).rstrip() + "\n"


@transaction.atomic
def do_send(negotiation: Negotiation, *, by: User) -> Negotiation:
    """Fix the demands as sent in writing: the document and its SHA-256 are stored and
    journaled (with each demand's own hash); from now on the demands do not change."""
    negotiation = _locked(negotiation)
    require_council_officer(by, negotiation.council, "send its demands")
    _require_draft(negotiation, "demands")
    demands = list(negotiation.demands.order_by("number"))
    if not demands:
        raise InvalidInput("There are no demands to send yet.", field="demands")
    delegates = [d.person for d in negotiation.delegates.select_related("person")]
    if not delegates:
        raise InvalidInput("Name the negotiating delegation before sending.", field="delegates")
    document = document_of(negotiation, demands, [display_name(p) for p in delegates])
    negotiation.document, negotiation.document_sha256 = document, sha256_of(document)
    negotiation.status, negotiation.sent_at = NegotiationStatus.SENT, timezone.now()
    negotiation.save(update_fields=["document", "document_sha256", "status", "sent_at"])
    _journal(negotiation, "negotiation.sent", by=by, status=negotiation.status,
             sha256=negotiation.document_sha256, sent_at=negotiation.sent_at.isoformat(),
             demands={str(d.number): sha256_of(d.text) for d in demands})  # fmt: skip
    return negotiation


# --- sessions, answers, statuses -----------------------------------------------------------


def _require_delegation(by: User, negotiation: Negotiation, action: str) -> None:
    if not is_negotiator(by, negotiation):
        raise Forbidden(
            f"Only the negotiating delegation of {negotiation.council.name} may {action}.",
            code=ErrorCode.NOT_A_NEGOTIATOR,
        )


def _day(value: date | None, *, field: str) -> date:
    day = value or timezone.localdate()
    if day > timezone.localdate():
        raise InvalidInput(f"{field} cannot be in the future ({day.isoformat()}).", field=field)
    return day


@transaction.atomic
def do_record_session(
    negotiation: Negotiation,
    *,
    by: User,
    held_on: date | None,
    place: str,
    attendees: str,
    notes: str = "",
) -> Session:
    """Record a session held with the counterpart; the delegation or the officers do."""
    negotiation = _locked(negotiation)
    if not (is_negotiator(by, negotiation) or can_change_council(by, negotiation.council)):
        raise Forbidden(
            f"Only the delegation and officers of {negotiation.council.name} record sessions.",
            code=ErrorCode.NOT_A_NEGOTIATOR,
        )
    if negotiation.status == NegotiationStatus.DRAFT:
        raise Conflict("Send the demands in writing before recording sessions.")
    session = Session.objects.create(
        negotiation=negotiation, held_on=_day(held_on, field="held_on"),
        place=_text(place, field="place", what="A session's place", limit=200),
        attendees=_text(attendees, field="attendees", what="The list of who attended"),
        notes=(notes or "").strip(), recorded_by=by,
    )  # fmt: skip
    _journal(negotiation, "negotiation.session", by=by, session=session.pk,
             held_on=session.held_on.isoformat(), place=session.place,
             attendees=session.attendees, notes=session.notes)  # fmt: skip
    return session


def _move(demand: Demand, status: str) -> None:
    if status not in D.values:
        raise InvalidInput(
            f"Unknown status {status!r}: choose {', '.join(D.values)}.", field="status"
        )
    if status == D.PENDING or status not in TRANSITIONS[demand.status]:
        raise IllegalTransition(
            f"Demand {demand.number} is {demand.status}: it cannot become {status}.",
            status=demand.status,
        )


def _set_status(demand: Demand, status: str, *, by: User | str) -> None:
    """Store the demand's status and mark the strike conditions it is (the strikes' hook)."""
    demand.status = status
    demand.save(update_fields=["status"])
    marks = CONDITION_FOR.get(status)
    if marks is None:
        return
    conditions = StrikeCondition.objects.none()
    if demand.point_id is not None:
        conditions = StrikeCondition.objects.filter(point_id=demand.point_id)
    elif demand.motion_id is not None:
        conditions = StrikeCondition.objects.filter(motion_id=demand.motion_id)
    source = f"negotiation:{demand.negotiation_id} demand:{demand.number}"
    for condition in conditions.exclude(status=marks):
        do_set_condition_status(condition, marks, by=by, source=source)


def _demand(negotiation: Negotiation, number: int) -> Demand:
    demand = (
        Demand.objects.select_for_update().filter(negotiation=negotiation, number=number).first()
    )
    if demand is None:
        raise InvalidInput(f"{negotiation.title} has no demand {number}.", field="demand")
    return demand


@transaction.atomic
def do_record_answer(
    negotiation: Negotiation,
    number: int,
    *,
    by: User,
    text: str,
    status: str,
    answered_on: date | None = None,
) -> Answer:
    """Record the counterpart's answer to demand ``number`` and the status it gives it; a
    member of the delegation does."""
    negotiation = _locked(negotiation)
    _require_delegation(by, negotiation, "record the counterpart's answers")
    _require_sent(negotiation, "answers are recorded")
    demand = _demand(negotiation, number)
    if status == D.WITHDRAWN:
        raise InvalidInput("A demand is withdrawn by the council, not by an answer.",
                           field="status")  # fmt: skip
    _move(demand, status)
    answer = Answer.objects.create(
        demand=demand, text=_text(text, field="text", what="An answer"), status=status,
        answered_on=_day(answered_on, field="answered_on"), recorded_by=by,
    )  # fmt: skip
    _set_status(demand, status, by=by)
    _journal(negotiation, "negotiation.answered", by=by, answer=answer.pk, demand=demand.pk,
             number=number, status=status, answered_on=answer.answered_on.isoformat(),
             sha256=sha256_of(answer.text), text=answer.text)  # fmt: skip
    return answer


@transaction.atomic
def do_set_demand_status(
    negotiation: Negotiation, number: int, status: str, *, by: User, note: str = ""
) -> Demand:
    """Set demand ``number``'s status without an answer (the council withdraws it, or the
    delegation corrects it); the officers or the delegation do."""
    negotiation = _locked(negotiation)
    if not (is_negotiator(by, negotiation) or can_change_council(by, negotiation.council)):
        raise Forbidden(
            f"Only the delegation and officers of {negotiation.council.name} set a demand's "
            "status.",
            code=ErrorCode.NOT_A_NEGOTIATOR,
        )
    _require_sent(negotiation, "statuses are set")
    demand = _demand(negotiation, number)
    _move(demand, status)
    _set_status(demand, status, by=by)
    _journal(negotiation, "negotiation.status_set", by=by, demand=demand.pk, number=number,
             status=status, note=(note or "").strip())  # fmt: skip
    return demand


# --- offers put to the members --------------------------------------------------------------


def _terms(negotiation: Negotiation, terms: dict[Any, str]) -> dict[str, str]:
    numbers = set(negotiation.demands.values_list("number", flat=True))
    checked: dict[str, str] = {}
    for key, status in terms.items():
        try:
            number = int(key)
        except (TypeError, ValueError):
            raise InvalidInput(f"{key!r} is not a demand number.", field="terms") from None
        if number not in numbers:
            raise InvalidInput(f"{negotiation.title} has no demand {number}.", field="terms")
        if status not in (D.CONCEDED, D.PARTLY_CONCEDED, D.REFUSED):
            raise InvalidInput(
                f"An offer concedes, partly concedes or refuses demand {number}, not {status!r}.",
                field="terms",
            )
        checked[str(number)] = status
    return checked


@transaction.atomic
def do_put_offer(
    negotiation: Negotiation, *, by: User, text: str, terms: dict[Any, str] | None = None
) -> Ballot:
    """Put the counterpart's offer to the members as a yes/no ballot of the council (members
    of a base council, delegates of a higher one); ``terms`` say what it does to each demand.
    Accepted, it applies and binds the delegation (see :mod:`.subjects`)."""
    negotiation = _locked(negotiation)
    require_council_officer(by, negotiation.council, "put an offer to its members")
    _require_sent(negotiation, "an offer is put to the members")
    offer = Offer.objects.create(
        negotiation=negotiation, text=_text(text, field="text", what="An offer"),
        terms=_terms(negotiation, terms or {}),
    )  # fmt: skip
    _journal(negotiation, "negotiation.offer_put", by=by, offer=offer.pk, terms=offer.terms,
             sha256=sha256_of(offer.text))  # fmt: skip
    council = negotiation.council
    electorate = Electorate.MEMBERS if council.is_base else Electorate.DELEGATES
    ballot = do_create_ballot(
        council, by=by, title=f"Accept the offer of {negotiation.counterpart}?",
        question=offer.text, electorate=electorate, decides=offer,
    )  # fmt: skip
    offer.ballot = ballot
    offer.save(update_fields=["ballot"])
    return do_open_ballot(ballot, by=by)


def apply_offer(offer: Offer, *, accepted: bool, by: User | str, ballot: Ballot) -> Offer:
    """The ballot on ``offer`` was declared: accepted, its terms apply to the demands and the
    negotiation is settled; rejected, the delegation is bound to refuse it."""
    negotiation = _locked(offer.negotiation)
    offer.state = OfferState.ACCEPTED if accepted else OfferState.REJECTED
    offer.ballot = ballot
    offer.save(update_fields=["state", "ballot"])
    applied: dict[str, str] = {}
    if accepted:
        for key, status in offer.terms.items():
            demand = _demand(negotiation, int(key))
            if status != demand.status and status in TRANSITIONS[demand.status]:
                _set_status(demand, status, by=by)
                applied[key] = status
        negotiation.status = NegotiationStatus.SETTLED
        negotiation.save(update_fields=["status"])
    _journal(negotiation, "negotiation.offer_decided", by=by, offer=offer.pk,
             state=offer.state, ballot=ballot.pk, applied=applied,
             status=negotiation.status)  # fmt: skip
    return offer
