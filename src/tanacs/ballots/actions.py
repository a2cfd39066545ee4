"""Ballots from draft to declared: create, open (fixing the electorate), cast, close, declare.

Lifecycle: ``draft -> open -> closed -> declared``; a draft or open ballot may be
cancelled. Every change of state is journaled in its own transaction. Casting a vote is not
journaled one by one (that would stamp each voter with a time); the closing entry holds the
result and the SHA-256 of the whole published ballot list instead.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from tanacs.ballots import electorate as electorates
from tanacs.ballots.counting import council_tree, count_ballot, lot_seed, tree_sha256
from tanacs.ballots.marks import parse_choice
from tanacs.ballots.mixing import seal_ballot
from tanacs.ballots.models import (
    Ballot,
    Choice,
    Elector,
    Electorate,
    Method,
    QueuedChoice,
    State,
)
from tanacs.ballots.recount import recount_ballot
from tanacs.ballots.rules import THRESHOLDS, parse_share
from tanacs.ballots.secrecy import new_receipt, receipt_check, receipt_hash
from tanacs.ballots.subjects import decides_data, handler_for, handler_for_model, handler_for_type
from tanacs.core.actors import actor_label
from tanacs.core.db import prepared_cursor
from tanacs.core.errors import (
    Conflict,
    ErrorCode,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    NotFound,
    TanacsError,
)
from tanacs.federation.access import require_council_officer
from tanacs.federation.models import Council, Federation
from tanacs.journal.chain import append, canonical, lock_head
from tanacs.journal.witness import head_token

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "TRANSITIONS",
    "CastReceipt",
    "check_choices_match",
    "close_due_ballots",
    "do_cancel_ballot",
    "do_cast_vote",
    "do_close_and_declare",
    "do_close_ballot",
    "do_create_ballot",
    "do_declare_ballot",
    "do_declare_recounted",
    "do_open_ballot",
    "do_resume_after_cancel",
]

logger = logging.getLogger(__name__)

TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.OPEN, State.CANCELLED},
    State.OPEN: {State.CLOSED, State.CANCELLED},
    State.CLOSED: {State.DECLARED},
    State.DECLARED: set(),
    State.CANCELLED: set(),
}


def _move(ballot: Ballot, to: str) -> None:
    if to not in TRANSITIONS[ballot.state]:
        raise IllegalTransition(
            f"A ballot that is {ballot.state} cannot become {to}.", state=ballot.state
        )
    ballot.state = to


def _authorise(by: User | None, ballot: Ballot | Council, what: str, trusted: bool) -> None:
    """Officers of the council run its ballots; ``trusted`` is for the decisions layer,
    whose own action has already authorised the person (e.g. a recall petition's threshold),
    and for the scheduler (``by`` None), which closes ballots at their set time."""
    if trusted:
        return
    council = ballot.council if isinstance(ballot, Ballot) else ballot
    require_council_officer(by, council, what)


def _journal(ballot: Ballot, kind: str, by: User | None, **payload: Any) -> None:
    append(
        ballot.council.federation.chain,
        kind,
        actor=actor_label(by),
        subject=ballot.subject,
        payload={"ballot": ballot.pk, "uid": str(ballot.uid), "state": ballot.state, **payload},
    )


def _check_options(method: str, options: list[str], seats: int) -> list[str]:
    names = [str(o).strip() for o in options]
    if method == Method.YESNO:
        if any(names):
            raise InvalidInput("A yes/no ballot has no options.", field="options")
        return []
    if len(names) < 2 or any(not n for n in names):
        raise InvalidInput("Give at least two non-empty options or candidates.", field="options")
    if len(set(names)) != len(names):
        raise InvalidInput("Each option needs a different name.", field="options")
    if any(len(n) > 120 for n in names) or len(names) > 60:
        raise InvalidInput("At most 60 options of at most 120 characters.", field="options")
    if method == Method.STV and not 1 <= seats < len(names):
        raise InvalidInput(
            f"An STV election needs at least one seat and more candidates than seats "
            f"({len(names)} candidates, {seats} seats).",
            field="seats",
        )
    return names


DELEGATE_ELECTORATES = frozenset({Electorate.DELEGATES, Electorate.DELEGATES_PER_SEAT})


def _secrecy(electorate: str, secret: bool | None) -> bool:
    """Members vote in secret by default; delegates always on the record. A delegate's row in
    the published list carries its seat's weight, which names the seat, so a delegate's vote
    cannot be secret; and delegates answer to the members who sent them, who must see it."""
    delegates = electorate in DELEGATE_ELECTORATES
    if secret is None:
        return not delegates
    if secret and delegates:
        raise InvalidInput(
            "A ballot of delegates cannot be secret: delegates answer to the members who sent "
            "them, so each seat's vote is recorded for them to see (and the weight each vote "
            "carries in the published list would name its seat anyway). Make it a recorded "
            "ballot, or put the question to the members in a referendum.",
            field="secret",
        )
    return secret


@transaction.atomic
def do_create_ballot(
    council: Council,
    *,
    by: User,
    title: str,
    question: str = "",
    method: str = Method.YESNO,
    options: list[str] | None = None,
    seats: int = 1,
    electorate: str = Electorate.MEMBERS,
    secret: bool | None = None,
    quorum: str = "",
    threshold: str = "simple",
    threshold_share: str = "",
    council_turnout: str = "",
    min_reported: int = 10,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    decides: models.Model | None = None,
    trusted: bool = False,
) -> Ballot:
    """A draft ballot of ``council``; nothing is fixed until it opens.

    ``secret`` defaults to secret for members and recorded for delegates, whose votes are
    refused secrecy (see :func:`_secrecy`). ``decides`` is the row the ballot decides, of a
    model registered in :mod:`tanacs.ballots.subjects`; none for a plain question."""
    _authorise(by, council, "put questions to a ballot", trusted)
    if decides is not None and handler_for_model(type(decides)) is None:
        raise InvalidInput(f"Ballots do not decide a {type(decides).__name__}.", field="decides")
    if not title.strip():
        raise InvalidInput("A ballot needs a title.", field="title")
    if method not in Method.values:
        raise InvalidInput(
            f"Unknown method {method!r}: choose {', '.join(Method.values)}.", field="method"
        )
    if electorate not in Electorate.values:
        raise InvalidInput(
            f"Unknown electorate {electorate!r}: choose {', '.join(Electorate.values)}.",
            field="electorate",
        )
    electorates.check_kind(council, electorate)
    secret = _secrecy(electorate, secret)
    names = _check_options(method, list(options or []), seats)
    if threshold not in THRESHOLDS:
        raise InvalidInput(
            f"Unknown threshold {threshold!r}: choose {', '.join(THRESHOLDS)}.", field="threshold"
        )
    share = parse_share(threshold_share, "threshold_share")
    if threshold == "fraction" and not share:
        raise InvalidInput("Give the share the threshold needs, e.g. 3/5.", field="threshold_share")
    if council_turnout and electorate != Electorate.REFERENDUM:
        raise InvalidInput(
            "A per-council turnout rule applies only to referendums.", field="council_turnout"
        )
    if min_reported < 0:
        raise InvalidInput(
            "The smallest reported council cannot be negative.", field="min_reported"
        )
    if opens_at and closes_at and closes_at <= opens_at:
        raise InvalidInput("A ballot must close after it opens.", field="closes_at")
    if closes_at is not None and closes_at <= timezone.now():
        raise InvalidInput(
            f"The closing time {closes_at:%Y-%m-%d %H:%M} UTC has passed: a ballot must close "
            "in the future.",
            field="closes_at",
        )
    ballot = Ballot.objects.create(
        council=council,
        title=title.strip(),
        question=question.strip(),
        method=method,
        options=names,
        seats=seats if method == Method.STV else 1,
        electorate=electorate,
        secret=secret,
        quorum=parse_share(quorum, "quorum"),
        threshold=threshold,
        threshold_share=share,
        council_turnout=parse_share(council_turnout, "council_turnout"),
        min_reported=min_reported,
        opens_at=opens_at,
        closes_at=closes_at,
        decides=decides,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    ballot.council = council
    _journal(
        ballot,
        "ballot.created",
        by,
        council=council.pk,
        title=ballot.title,
        question=ballot.question,
        method=method,
        options=names,
        seats=ballot.seats,
        electorate=electorate,
        secret=secret,
        quorum=ballot.quorum,
        threshold=[threshold, share],
        council_turnout=ballot.council_turnout,
        min_reported=min_reported,
        decides=decides_data(ballot),
    )
    return ballot


def _locked(ballot: Ballot, *, stop_casts: bool = False) -> Ballot:
    if stop_casts:
        _ballot_lock(ballot, shared=False)
    return (
        Ballot.objects.select_for_update()
        .select_related("council", "council__federation")
        .get(pk=ballot.pk)
    )


@transaction.atomic
def do_open_ballot(ballot: Ballot, *, by: User, trusted: bool = False) -> Ballot:
    """Open for voting and fix the electorate: who may vote, in which council, what weight."""
    ballot = _locked(ballot)
    _authorise(by, ballot, "open its ballots", trusted)
    _move(ballot, State.OPEN)
    count, weight = electorates.snapshot(ballot)
    if count == 0:
        raise Conflict("Nobody is on this ballot's electorate yet: there is no one to vote.")
    ballot.electors_count, ballot.electorate_weight = count, weight
    ballot.opened_at = timezone.now()
    ballot.council_tree = council_tree(ballot)
    ballot.save(
        update_fields=[
            "state",
            "opened_at",
            "electors_count",
            "electorate_weight",
            "electorate_by_council",
            "council_tree",
        ]
    )
    _journal(
        ballot,
        "ballot.opened",
        by,
        electors=count,
        electorate=weight,
        electorate_sha256=electorates.electorate_record(ballot.pk).sha256,
        tree_sha256=tree_sha256(ballot.council_tree),
    )
    return ballot


@dataclass(frozen=True)
class CastReceipt:
    """What a voter is told: their receipt code (shown once) and the hash the list will show."""

    code: str
    receipt_hash: str
    changed: bool
    head: str = ""  # the journal head when the vote was cast (chain:seq:hash), for witnesses


# Casting takes a shared advisory lock on its ballot, closing an exclusive one: every cast
# runs side by side, a close waits for the casts in flight, and casts that come after it see
# the ballot closed. Advisory locks live in PostgreSQL's lock table, so unlike a shared row
# lock they write nothing to the ballot's row. SQLite runs one writer at a time anyway.
_LOCK_SPACE = 0x74616E << 40  # "tan"


def _ballot_lock(ballot: Ballot, *, shared: bool) -> None:
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with prepared_cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [_LOCK_SPACE | ballot.pk])


def _refuse_unless_open(ballot: Ballot) -> None:
    if ballot.state != State.OPEN:
        words: dict[str, str] = {State.DRAFT: "is not open yet", State.CANCELLED: "was cancelled"}
        word = words.get(ballot.state, "is closed")
        raise Conflict(f"This ballot {word}: no votes can be cast.", code=ErrorCode.BALLOT_NOT_OPEN)
    if ballot.closes_at is not None and timezone.now() >= ballot.closes_at:
        raise Conflict("This ballot closed: no votes can be cast.", code=ErrorCode.BALLOT_NOT_OPEN)


def _not_an_elector(ballot: Ballot) -> TanacsError:
    """Why someone without an elector row cannot vote: no such ballot, not open, or not on
    the electorate."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT state, closes_at, uid, method, options, secret FROM {Ballot._meta.db_table} "
            "WHERE id = %s",
            [ballot.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return NotFound("This ballot no longer exists.")
    electorates.refresh_for_casting(ballot, *row)
    try:
        _refuse_unless_open(ballot)
    except Conflict as error:
        return error
    return Forbidden(
        "You are not on this ballot's electorate: it was fixed when the ballot opened.",
        code=ErrorCode.NOT_AN_ELECTOR,
    )


@transaction.atomic
def do_cast_vote(ballot: Ballot, *, by: User, choice: Any, receipt: str = "") -> CastReceipt:
    """Cast or change ``by``'s vote; refused with no change after close, by anyone not on the
    electorate or no longer entitled, or with a malformed choice.

    Everything the cast reads comes from one statement made after the ballot's shared lock
    (see :func:`_ballot_lock`), so it sees a close that won the race, and ``ballot`` may be a
    bare ``Ballot(id=...)``.
    """
    if not getattr(by, "is_authenticated", False):
        raise Forbidden("Sign in to vote.")
    _ballot_lock(ballot, shared=True)
    elector = electorates.locked_elector(ballot, by)
    if elector is None:
        elector = electorates.take_over_seat_vote(ballot, by)
    if elector is None:
        raise _not_an_elector(ballot)
    _refuse_unless_open(ballot)
    marks = parse_choice(ballot.method, ballot.options, choice)
    electorates.check_still_entitled(ballot, elector, by)
    subject = handler_for_type(ballot.decides_type_id)
    if subject is not None:
        subject.check_cast(ballot, by, elector, marks)
    if not elector.voted:
        cast = _first_vote(ballot, elector, by, marks)
    else:
        cast = _change_vote(ballot, elector, by, marks, receipt)
    # The head was read with the elector row; a chain without entries has none yet.
    return replace(cast, head=getattr(elector, "journal_head", None) or _journal_head(ballot))


def _journal_head(ballot: Ballot) -> str:
    """The head of the ballot's federation chain now, as the voter's receipt names it."""
    federation = Federation.objects.only("uid").get(councils__ballots__id=ballot.pk)
    return head_token(federation.chain)


def _first_vote(ballot: Ballot, elector: Elector, by: User, marks: str) -> CastReceipt:
    """A secret ballot's choice goes to the mixer's queue (see :mod:`tanacs.ballots.mixing`);
    an open ballot's, which names its voter anyway, straight to the choice table."""
    code = new_receipt()
    digest = receipt_hash(ballot.uid, code)
    if ballot.secret:
        insert = (
            f"INSERT INTO {QueuedChoice._meta.db_table} (ballot_id, council_id, weight, marks, "
            "receipt_hash, replaces) VALUES (%s, %s, %s, %s, %s, %s)"
        )
        values: list[Any] = [ballot.pk, elector.council_id, elector.weight, marks, digest, False]
    else:
        key = Choice._meta.pk.get_db_prep_value(uuid.uuid4(), connection)
        insert = (
            f"INSERT INTO {Choice._meta.db_table} (id, ballot_id, council_id, weight, marks, "
            "receipt_hash, voter_id) VALUES (%s, %s, %s, %s, %s, %s, %s)"
        )
        values = [key, ballot.pk, elector.council_id, elector.weight, marks, digest, by.pk]
    update = f"UPDATE {Elector._meta.db_table} SET voted = %s, receipt_check = %s WHERE id = %s"
    marked: list[Any] = [True, receipt_check(ballot.uid, code), elector.pk]
    with prepared_cursor() as cursor:  # plain statements: see locked_elector
        if connection.vendor == "postgresql":  # one round trip for both
            cursor.execute(f"WITH cast_choice AS ({insert}) {update}", [*values, *marked])
        else:
            cursor.execute(insert, values)
            cursor.execute(update, marked)
    return CastReceipt(code, digest, changed=False)


def _change_vote(
    ballot: Ballot, elector: Elector, by: User, marks: str, receipt: str
) -> CastReceipt:
    if not ballot.secret:
        updated = Choice.objects.filter(ballot=ballot, voter_id=by.pk).update(marks=marks)
        if updated != 1:
            raise Conflict("Your earlier vote could not be found; nothing was changed.")
        digest = Choice.objects.get(ballot=ballot, voter_id=by.pk).receipt_hash
        return CastReceipt(receipt, digest, changed=True)
    if not receipt.strip():
        raise Conflict(
            "You have voted already. To change your vote, give the receipt code you were shown.",
            code=ErrorCode.RECEIPT_NEEDED,
        )
    if receipt_check(ballot.uid, receipt) != elector.receipt_check:
        raise Forbidden(
            "That is not your receipt code for this ballot.", code=ErrorCode.WRONG_RECEIPT
        )
    digest = receipt_hash(ballot.uid, receipt)
    # The new choice waits in the queue like a first vote; the mixer replaces the stored one.
    # Nothing is written to the elector row, so no row of this voter's carries this change.
    # Queued only if the earlier vote is stored or still queued: one statement for both.
    queue, choices = QueuedChoice._meta.db_table, Choice._meta.db_table
    with connection.cursor() as cursor:  # plain statements: see locked_elector
        cursor.execute(
            f"INSERT INTO {queue} (ballot_id, council_id, weight, marks, receipt_hash, replaces) "
            "SELECT %s, %s, %s, %s, %s, %s WHERE EXISTS (SELECT 1 FROM "
            f"{choices} WHERE ballot_id = %s AND receipt_hash = %s) OR EXISTS (SELECT 1 FROM "
            f"{queue} WHERE ballot_id = %s AND receipt_hash = %s)",
            [ballot.pk, elector.council_id, elector.weight, marks, digest, True,
             ballot.pk, digest, ballot.pk, digest],
        )  # fmt: skip
        queued = cursor.rowcount
    if queued != 1:
        raise Conflict("Your earlier vote could not be found; nothing was changed.")
    return CastReceipt(receipt, digest, changed=True)


def check_choices_match(ballot: Ballot) -> None:
    """The stored choices must be the electors marked as voted: as many, of the same total
    weight, in every council. Anything else means rows were added, lost or changed outside
    tanacs, and counting them would publish a false result."""
    voted = (
        Elector.objects.filter(ballot_id=ballot.pk, voted=True)
        .values("council_id")
        .annotate(n=Count("id"), w=Sum("weight"))
        .order_by()
    )
    stored = (
        Choice.objects.filter(ballot_id=ballot.pk)
        .values("council_id")
        .annotate(n=Count("id"), w=Sum("weight"))
        .order_by()
    )
    electors = {r["council_id"]: (r["n"], int(r["w"] or 0)) for r in voted}
    choices = {r["council_id"]: (r["n"], int(r["w"] or 0)) for r in stored}
    if electors == choices:
        return
    n_e, w_e = sum(n for n, _ in electors.values()), sum(w for _, w in electors.values())
    n_c, w_c = sum(n for n, _ in choices.values()), sum(w for _, w in choices.values())
    councils = sorted(
        pk for pk in electors.keys() | choices.keys() if electors.get(pk) != choices.get(pk)
    )
    raise Conflict(
        f"The stored ballots do not match the electors marked as voted: {n_c} ballots of "
        f"weight {w_c}, but {n_e} electors of weight {w_e} voted (councils differing: "
        f"{', '.join(map(str, councils[:10]))}). The ballot was not closed; the records were "
        "changed outside tanacs and must be restored from a backup.",
        code=ErrorCode.BALLOTS_DO_NOT_MATCH,
    )


@transaction.atomic
def do_close_ballot(ballot: Ballot, *, by: User | None, trusted: bool = False) -> Ballot:
    """Close, count every council's result and the total, and publish them with the list hash."""
    ballot = _locked(ballot, stop_casts=True)
    _authorise(by, ballot, "close its ballots", trusted)
    _move(ballot, State.CLOSED)
    seal_ballot(ballot)
    check_choices_match(ballot)
    # The head stays locked until the closing entry follows it, so that entry's ``prev`` is the
    # head the lot's seed is drawn from (see lot_seed).
    head = lock_head(ballot.council.federation.chain)
    seed = lot_seed(str(ballot.uid), head.hash)
    count = count_ballot(ballot, seed=seed)
    published = count.result.as_json()
    text = canonical(published)
    ballot.closed_at = timezone.now()
    ballot.result = text
    ballot.result_sha256 = _sha256(text)
    ballot.list_sha256 = count.list_sha256
    ballot.save(update_fields=["state", "closed_at", "result", "result_sha256", "list_sha256"])
    marked = electorates.electorate_record(ballot.pk)
    _journal(
        ballot,
        "ballot.closed",
        by,
        result=published,
        result_sha256=ballot.result_sha256,
        list_sha256=ballot.list_sha256,
        voted=marked.voted,
        voted_weight=marked.voted_weight,
        seed=seed,
    )
    return ballot


def _sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def do_declare_ballot(ballot: Ballot, *, by: User, trusted: bool = False) -> Ballot:
    """Declare the published result; the layer above reacts (seats, recalls, motions)."""
    ballot = _locked(ballot)
    _authorise(by, ballot, "declare its results", trusted)
    _move(ballot, State.DECLARED)
    ballot.declared_at = timezone.now()
    ballot.save(update_fields=["state", "declared_at"])
    result = json.loads(ballot.result)
    _journal(
        ballot,
        "ballot.declared",
        by,
        passed=result.get("passed"),
        winners=result.get("winners", []),
        result_sha256=ballot.result_sha256,
    )
    subject = handler_for(ballot)
    if subject is not None:
        subject.declare(ballot, result, by=by)
    return ballot


@transaction.atomic
def do_close_and_declare(ballot: Ballot, *, by: User) -> Ballot:
    """Officers close (if still open) and declare ``ballot``; what it decides follows at once."""
    ballot = Ballot.objects.select_related("council", "council__federation").get(pk=ballot.pk)
    require_council_officer(by, ballot.council, "close and declare its ballots")
    if ballot.state == State.OPEN:
        ballot = do_close_ballot(ballot, by=by, trusted=True)
    if ballot.state != State.CLOSED:
        raise IllegalTransition(
            f"A ballot that is {ballot.state} cannot be declared.", state=ballot.state
        )
    return do_declare_ballot(ballot, by=by, trusted=True)


@transaction.atomic
def do_declare_recounted(ballot: Ballot, *, by: User) -> Ballot:
    """Recount a closed ballot from its stored choices and declare it only if the recount
    matches the published result; a declared ballot is recounted only."""
    ballot = _locked(ballot)
    if ballot.state not in (State.CLOSED, State.DECLARED):
        raise Conflict(f"Ballot {ballot.pk} is {ballot.state}: it is counted when it closes.")
    report = recount_ballot(ballot)
    if not report.ok:
        raise Conflict(
            f"The recount of ballot {ballot.pk} FAILED: {report.problem}. It was not declared.",
            code=ErrorCode.RECOUNT_FAILED,
        )
    if ballot.state == State.CLOSED:
        ballot = do_declare_ballot(ballot, by=by)
    return ballot


@transaction.atomic
def do_resume_after_cancel(ballot: Ballot, *, by: User) -> Ballot | None:
    """A ballot that decided something was cancelled: its subject's handler puts it back to
    be voted on again (or opens a new ballot at once, returned)."""
    ballot = _locked(ballot)
    require_council_officer(by, ballot.council, "restart its votes")
    if ballot.state != State.CANCELLED:
        raise Conflict("Only a cancelled ballot's decision can be put to the vote again.")
    subject = handler_for(ballot)
    if subject is None:
        raise Conflict("This ballot decided nothing: there is nothing to put back.")
    latest = (
        Ballot.objects.filter(decides_type=ballot.decides_type_id, decides_id=ballot.decides_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if latest != ballot.pk:
        raise Conflict("A newer ballot decides this already.")
    return subject.resume(ballot, by=by)


@transaction.atomic
def do_cancel_ballot(ballot: Ballot, *, by: User, reason: str, trusted: bool = False) -> Ballot:
    ballot = _locked(ballot, stop_casts=True)
    _authorise(by, ballot, "cancel its ballots", trusted)
    if not reason.strip():
        raise InvalidInput("Say why the ballot is cancelled.", field="reason")
    if len(reason.strip()) > 300:
        raise InvalidInput("Say why in at most 300 characters.", field="reason")
    _move(ballot, State.CANCELLED)
    seal_ballot(ballot)
    ballot.save(update_fields=["state"])
    _journal(ballot, "ballot.cancelled", by, reason=reason.strip())
    return ballot


def close_due_ballots(*, now: datetime | None = None) -> list[Ballot]:
    """Close every open ballot whose closing time has passed (run from a scheduler)."""
    now = now or timezone.now()
    closed = []
    for ballot in Ballot.objects.filter(state=State.OPEN, closes_at__lte=now).order_by("id"):
        try:
            closed.append(do_close_ballot(ballot, by=None, trusted=True))
        except TanacsError as error:  # one refused close must not hold up the others
            logger.error("Ballot %s is due but was not closed: %s", ballot.pk, error)
    return closed
