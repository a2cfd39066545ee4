"""Comparing a federation's tables with the state its journal describes.

:func:`audit_federation` verifies the federation's hash chain and replays it in one pass
(:mod:`tanacs.journal.replay`), then reads each table the journal describes and names every
row that differs: its table, its key, the column, the journal's value and the stored one.
A change made to these tables behind the actions' back (an SQL ``UPDATE`` of a membership's
status, an officer row inserted, a seat holder swapped) is caught here; ``tanacs verify``
and ``tanacs import`` run it.

Big tables are read with one streamed statement each and compared as dictionaries, so a
federation of a million members is checked in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from tanacs.ballots.models import Ballot
from tanacs.core.db import fetch_ahead
from tanacs.delegation.models import Seat, SeatHolder
from tanacs.federation.models import Council, Federation, Officer
from tanacs.journal.chain import ChainReport
from tanacs.journal.replay import Replayed, replay_chain
from tanacs.membership.models import Membership, Vouch

__all__ = ["AuditReport", "audit_federation"]

SHOWN = 20  # differences named one by one; the rest are counted


@dataclass
class AuditReport:
    federation: str
    chain: ChainReport
    differences: list[str] = field(default_factory=list)
    difference_count: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows compared

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.difference_count == 0

    def add(self, line: str) -> None:
        self.difference_count += 1
        if len(self.differences) < SHOWN:
            self.differences.append(line)


def _stream(sql: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        yield from fetch_ahead(cursor, 50_000)


def _keyed(
    report: AuditReport,
    table: str,
    columns: tuple[str, ...],
    journal: dict[Any, tuple[Any, ...]],
    stored: dict[Any, tuple[Any, ...]],
) -> None:
    report.rows[table] = len(stored)
    if journal == stored:
        return
    for key in sorted(journal.keys() | stored.keys(), key=repr):
        want, have = journal.get(key), stored.get(key)
        if want == have:
            continue
        if want is None:
            report.add(f"{table} {key}: in the table, but no journal entry made it")
        elif have is None:
            report.add(f"{table} {key}: in the journal, missing from the table")
        else:
            for column, a, b in zip(columns, want, have, strict=True):
                if a != b:
                    report.add(
                        f"{table} {key}: {column} is {b!r} in the table, {a!r} in the journal"
                    )


def _pairs(
    report: AuditReport,
    table: str,
    columns: tuple[str, str],
    journal: set[tuple[int, int]],
    stored: Iterable[tuple[int, int]],
) -> None:
    found = set(stored)
    report.rows[table] = len(found)
    where = ", ".join(columns)
    for pair in sorted(found - journal):
        report.add(f"{table} ({where}) {pair}: in the table, but no journal entry made it")
    for pair in sorted(journal - found):
        report.add(f"{table} ({where}) {pair}: in the journal, missing from the table")


def _memberships(federation: Federation) -> dict[int, tuple[Any, ...]]:
    sql = (
        f"SELECT id, council_id, person_id, status, reason FROM {Membership._meta.db_table} "
        "WHERE federation_id = %s"
    )
    return {row[0]: row[1:] for row in _stream(sql, [federation.pk])}


def _holders(federation: Federation) -> dict[Any, tuple[Any, ...]]:
    rows = SeatHolder.objects.filter(seat__council__federation=federation).values_list(
        "seat_id", "position", "person_id", "status", "reason"
    )
    return {(seat, position): tuple(rest) for seat, position, *rest in rows.iterator(10_000)}


def _compare(report: AuditReport, federation: Federation, state: Replayed) -> None:
    fed = Federation.objects.filter(pk=federation.pk).values_list(
        "pk", "slug", "name", "levels", "members_per_seat", "seats_min", "seats_max"
    )
    _keyed(report, "federation", ("slug", "name", "levels", "members_per_seat", "seats_min",
           "seats_max"), state.federations, {pk: tuple(rest) for pk, *rest in fed})  # fmt: skip
    stewards = Federation.stewards.through.objects.filter(federation_id=federation.pk)
    _pairs(report, "steward", ("federation", "person"), state.stewards,
           stewards.values_list("federation_id", "user_id"))  # fmt: skip
    councils = Council.objects.filter(federation=federation).values_list(
        "pk", "slug", "name", "level", "parent_id", "vouches_needed", "member_count",
        "represented_count",
    )  # fmt: skip
    stored = {pk: tuple(rest) for pk, *rest in councils}
    _keyed(report, "council", ("slug", "name", "level", "parent", "vouches_needed"),
           state.councils, {pk: rest[:5] for pk, rest in stored.items()})  # fmt: skip
    members, represented = state.member_counts()
    _keyed(report, "council", ("member_count", "represented_count"),
           {pk: (members[pk], represented[pk]) for pk in state.councils},
           {pk: rest[5:] for pk, rest in stored.items()})  # fmt: skip
    officers = Officer.objects.filter(council__federation=federation)
    _pairs(report, "officer", ("council", "person"), state.officers,
           officers.values_list("council_id", "person_id"))  # fmt: skip
    _keyed(report, "membership", ("council", "person", "status", "reason"),
           state.memberships, _memberships(federation))  # fmt: skip
    vouches = Vouch.objects.filter(membership__federation=federation)
    _pairs(report, "vouch", ("membership", "voucher"), state.vouches,
           vouches.values_list("membership_id", "voucher_id"))  # fmt: skip
    seats = Seat.objects.filter(council__federation=federation).values_list(
        "pk", "council_id", "number"
    )
    _keyed(report, "seat", ("council", "number"), state.seats,
           {pk: (council, number) for pk, council, number in seats})  # fmt: skip
    holders = {
        (seat, position): holder
        for seat, listed in state.holders.items()
        for position, holder in enumerate(listed)
    }
    _keyed(report, "seat holder (seat, position)", ("person", "status", "reason"), holders,
           _holders(federation))  # fmt: skip
    ballots = Ballot.objects.filter(council__federation=federation).values_list(
        "pk", "council_id", "state"
    )
    _keyed(report, "ballot", ("council", "state"), state.ballots,
           {pk: (council, st) for pk, council, st in ballots})  # fmt: skip


def audit_federation(federation: Federation) -> AuditReport:
    """Verify the federation's chain, replay it, and compare every table it describes."""
    chain, state = replay_chain(federation.chain)
    report = AuditReport(federation.slug, chain)
    if not chain.ok:
        return report
    for problem in state.problems:
        report.add(problem)
    report.difference_count += state.problem_count - len(state.problems)
    _compare(report, federation, state)
    return report
