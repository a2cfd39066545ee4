"""Who may vote in a ballot, fixed when it opens, and whether they still may when they vote.

- members: the active members of the ballot's base council, one vote each;
- delegates: the delegates seated in the ballot's council now, each vote weighted by the
  members their seat represents (``delegates-per-seat``: one vote per seat);
- referendum: every active member of every base council under the ballot's council.

The snapshot is written with one ``INSERT ... SELECT`` per batch of councils, so opening a
referendum of a million members stays a few statements.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tanacs.ballots.models import Ballot, Elector, Electorate
from tanacs.core.db import prepared_cursor
from tanacs.core.errors import ErrorCode, Forbidden, InvalidInput
from tanacs.delegation.selectors import list_seats, seated_delegates
from tanacs.federation.models import Council, Federation
from tanacs.journal.models import Head
from tanacs.membership.models import Membership, Status

__all__ = [
    "ElectorateRecord",
    "base_councils_under",
    "check_kind",
    "check_still_entitled",
    "electorate_record",
    "locked_elector",
    "refresh_for_casting",
    "snapshot",
    "take_over_seat_vote",
]


def check_kind(council: Council, kind: str) -> None:
    if kind == Electorate.MEMBERS and not council.is_base:
        raise InvalidInput(
            f"{council.name} is a {council.level_name} council: its members are delegates. "
            "Choose a delegates ballot, or a referendum of every member below it.",
            field="electorate",
        )
    if kind in (Electorate.DELEGATES, Electorate.DELEGATES_PER_SEAT) and council.is_base:
        raise InvalidInput(
            f"{council.name} is a base council: its members vote themselves.", field="electorate"
        )


def base_councils_under(council: Council) -> list[int]:
    if council.is_base:
        return [council.pk]
    rows = Council.objects.filter(federation_id=council.federation_id, level__lte=council.level)
    children: dict[int, list[int]] = {}
    level: dict[int, int] = {}
    for pk, parent, lvl in rows.values_list("id", "parent_id", "level"):
        level[pk] = lvl
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    found, stack = [], [council.pk]
    while stack:
        pk = stack.pop()
        if level[pk] == 0:
            found.append(pk)
        stack.extend(children.get(pk, ()))
    return sorted(found)


def _insert_members(ballot: Ballot, councils: list[int]) -> None:
    elector = Elector._meta.db_table
    membership = Membership._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(councils), 500):
            batch = councils[start : start + 500]
            marks = ",".join(["%s"] * len(batch))
            cursor.execute(
                f"INSERT INTO {elector} (ballot_id, person_id, council_id, weight, voted, "
                f"receipt_check) SELECT %s, person_id, council_id, 1, %s, '' FROM {membership} "
                f"WHERE status = %s AND council_id IN ({marks}) ORDER BY person_id",
                [ballot.pk, False, Status.ACTIVE, *batch],
            )


def snapshot(ballot: Ballot) -> tuple[int, int]:
    """Write the electorate and its size per council; return (electors, total weight)."""
    council = ballot.council
    if ballot.electorate in (Electorate.MEMBERS, Electorate.REFERENDUM):
        _insert_members(ballot, base_councils_under(council))
    else:
        per_seat = ballot.electorate == Electorate.DELEGATES_PER_SEAT
        Elector.objects.bulk_create(
            Elector(
                ballot=ballot,
                person_id=person,
                council=view.council,
                weight=1 if per_seat else view.weight,
                seat_number=view.number,
            )
            for person, view in sorted(seated_delegates(council).items())
        )
    rows = (
        Elector.objects.filter(ballot=ballot)
        .values("council_id")
        .annotate(w=Sum("weight"), n=Count("id"))
        .order_by()
    )
    ballot.electorate_by_council = {str(r["council_id"]): [int(r["w"] or 0), r["n"]] for r in rows}
    counts = ballot.electorate_by_council.values()
    return sum(n for _, n in counts), sum(w for w, _ in counts)


def locked_elector(ballot: Ballot, person: Any) -> Elector | None:
    """The person's elector row, locked for this cast, read in one statement with what the
    cast needs of the ballot (refreshed on ``ballot``: state, closing time, method, options,
    secrecy, what it decides), their membership's status now (``membership_status``) and the
    head of the ballot's federation chain (``journal_head``: ``chain:seq:hash``, what the
    receipt names; None while the chain has no entry).

    A plain statement rather than the ORM, prepared once per connection: casting is the
    busiest path, and compiling or planning the query would cost more than running it.
    """
    elector, membership = Elector._meta.db_table, Membership._meta.db_table
    lock = " FOR UPDATE OF e" if connection.features.has_select_for_update_of else ""
    with prepared_cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.council_id, e.weight, e.seat_number, e.voted, e.receipt_check, "
            f"(SELECT m.status FROM {membership} m WHERE m.council_id = e.council_id "
            f"AND m.person_id = %s AND m.status <> %s LIMIT 1), {_head_of_ballot()}, "
            "b.state, b.closes_at, b.uid, b.method, b.options, b.secret, b.decides_type_id "
            f"FROM {elector} e JOIN {Ballot._meta.db_table} b ON b.id = e.ballot_id "
            f"WHERE e.ballot_id = %s AND e.person_id = %s{lock}",
            [person.pk, Status.LEFT, ballot.pk, person.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    pk, council, weight, seat, voted, check, status, head, *ballot_fields, decides_type = row
    refresh_for_casting(ballot, *ballot_fields)
    ballot.decides_type_id = decides_type
    found = Elector(
        id=pk, ballot_id=ballot.pk, person_id=person.pk, council_id=council, weight=weight,
        seat_number=seat, voted=bool(voted), receipt_check=check,
    )  # fmt: skip
    found._state.adding = False
    found.membership_status = status  # type: ignore[attr-defined]
    found.journal_head = head  # type: ignore[attr-defined]
    return found


def _head_of_ballot() -> str:
    """SQL for the head of ballot ``b``'s federation chain as ``chain:seq:hash`` (what
    :func:`tanacs.journal.witness.head_token` gives), NULL while the chain has no entry.

    Scalar subqueries rather than joins: planning a join of five tables cost PostgreSQL more
    than all the rest of the cast. ``Federation.chain`` is ``federation:<uid>``; PostgreSQL
    stores the uid as a uuid, SQLite as 32 hexadecimal digits, written here with hyphens.
    """
    if connection.vendor == "postgresql":
        uid = "f.uid::text"
    else:
        groups = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        uid = " || '-' || ".join(f"substr(f.uid, {start}, {size})" for start, size in groups)
    return (
        f"(SELECT h.chain || ':' || h.seq || ':' || h.hash FROM {Head._meta.db_table} h "
        f"WHERE h.chain = (SELECT 'federation:' || {uid} FROM {Council._meta.db_table} c "
        f"JOIN {Federation._meta.db_table} f ON f.id = c.federation_id "
        "WHERE c.id = b.council_id))"
    )


def take_over_seat_vote(ballot: Ballot, person: Any) -> Elector | None:
    """The vote of a delegate ballot belongs to the seat: a substitute who took the seat after
    the ballot opened casts it, unless the previous holder already had. A cast vote stands:
    in a secret ballot nobody can find it to take it back, so none is ever counted twice."""
    row = Ballot.objects.filter(pk=ballot.pk).values("electorate", "council_id").first()
    if row is None or row["electorate"] not in (
        Electorate.DELEGATES,
        Electorate.DELEGATES_PER_SEAT,
    ):
        return None
    council = Council.objects.select_related("federation").get(pk=row["council_id"])
    view = seated_delegates(council).get(person.pk)
    if view is None:
        return None
    seat = Elector.objects.select_for_update().filter(
        ballot_id=ballot.pk, council_id=view.council.pk, seat_number=view.number
    )
    elector = seat.first()
    if elector is None:
        return None  # the seat did not exist when the ballot opened
    if elector.voted:
        raise Forbidden(
            f"Seat {view.number} of {view.council.name} has voted already: its previous holder "
            "cast the seat's vote before you took the seat, and it stands.",
            code=ErrorCode.SEAT_VOTE_CAST,
        )
    seat.update(person_id=person.pk)
    return locked_elector(ballot, person)


def refresh_for_casting(
    ballot: Ballot,
    state: str,
    closes_at: Any,
    uid: Any,
    method: str,
    options: Any,
    secret: Any,
) -> None:
    """Set the fields a cast reads, from a plain row (SQLite gives text where PostgreSQL
    gives values)."""
    if isinstance(closes_at, str):
        closes_at = parse_datetime(closes_at)
    if closes_at is not None and timezone.is_naive(closes_at):
        closes_at = timezone.make_aware(closes_at, UTC)
    ballot.state = state
    ballot.closes_at = closes_at
    ballot.uid = uid if isinstance(uid, uuid.UUID) else uuid.UUID(str(uid))
    ballot.method = method
    ballot.options = json.loads(options) if isinstance(options, str | bytes) else options
    ballot.secret = bool(secret)


def check_still_entitled(ballot: Ballot, elector: Elector, person: Any) -> None:
    """A member must still be active in their council; a delegate must still hold the seat."""
    if elector.seat_number is None:
        membership = getattr(elector, "membership_status", None)
        if membership == Status.SUSPENDED:
            raise Forbidden(
                "Your membership is suspended: you cannot vote until you are reinstated.",
                code=ErrorCode.SUSPENDED,
            )
        if membership != Status.ACTIVE:
            raise Forbidden(
                "You are no longer a member of the council you were on the electorate for.",
                code=ErrorCode.NOT_A_MEMBER,
            )
        return
    council = Council.objects.select_related("federation").get(pk=elector.council_id)
    seats = [v for v in list_seats(council) if v.number == elector.seat_number]
    sitting = seats[0].delegate if seats else None
    if sitting is None or sitting.person_id != person.pk:
        raise Forbidden(
            f"You no longer hold seat {elector.seat_number} of {council.name}, so you cannot "
            "vote in this ballot.",
            code=ErrorCode.SEAT_VACATED,
        )


@dataclass(frozen=True)
class ElectorateRecord:
    """What the journal records of a ballot's elector rows: at open the digest and size of
    the electorate, at close how many of them are marked as having voted, and their weight."""

    sha256: str
    electors: int
    weight: int
    voted: int
    voted_weight: int
    by_council: dict[int, tuple[int, int]]  # council -> (weight, electors)


def electorate_record(ballot_id: int) -> ElectorateRecord:
    """Read the elector rows once, in one streamed statement, and sum them up.

    The digest is the SHA-256 of one line per elector: ``person,council,weight`` for a
    member, ordered by person id; ``seat N,council,weight`` for a seat of a delegate ballot
    (whose holder may change while the ballot is open), ordered by council and seat number.
    docs/journal.md gives the same rule to anyone verifying without tanacs.
    """
    members: list[tuple[int, int, int]] = []
    seats: list[tuple[int, int, int]] = []
    by_council: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    voted = voted_weight = 0
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT person_id, council_id, weight, seat_number, voted FROM "
            f"{Elector._meta.db_table} WHERE ballot_id = %s ORDER BY person_id",
            [ballot_id],
        )
        while rows := cursor.fetchmany(50_000):
            for person, council, weight, seat, was_cast in rows:
                if seat is None:
                    members.append((person, council, weight))
                else:
                    seats.append((council, seat, weight))
                total = by_council[council]
                total[0] += weight
                total[1] += 1
                if was_cast:
                    voted += 1
                    voted_weight += weight
    digest = hashlib.sha256()
    for start in range(0, len(members), 100_000):
        digest.update("".join(map("%d,%d,%d\n".__mod__, members[start : start + 100_000])).encode())
    seats.sort()
    digest.update("".join(f"seat {s},{c},{w}\n" for c, s, w in seats).encode())
    return ElectorateRecord(
        sha256=digest.hexdigest(),
        electors=len(members) + len(seats),
        weight=sum(w for w, _ in by_council.values()),
        voted=voted,
        voted_weight=voted_weight,
        by_council={c: (w, n) for c, (w, n) in by_council.items()},
    )
