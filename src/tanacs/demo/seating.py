"""Delegates for the generated councils of ``load-demo --councils``, written in bulk.

The seat rule and the holders follow what :mod:`tanacs.demo.loader` does through the actions
for the named councils: seat ``i`` of ``n`` gets pool members ``i``, ``n + i`` and ``2n + i``
(delegate first, then substitutes), a workplace's pool is its first members, a district's
pool is the delegates sitting for its workplaces. Each seat gets its ``seat.holders_set``
journal entry with the payload the action writes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tanacs.core.rows import db_value, insert_rows
from tanacs.delegation.models import HolderStatus, Seat, SeatHolder
from tanacs.delegation.rules import seat_count
from tanacs.demo import bulk
from tanacs.demo.people import fictional_person
from tanacs.federation.models import Council, Federation
from tanacs.journal.chain import ChainWriter

__all__ = ["seat_generated"]

Person = tuple[int, str]  # (user id, username)


class _Writer:
    def __init__(self, writer: ChainWriter, at: Any) -> None:
        self.chain = writer
        self.at = db_value(at)
        self.seat_pk = bulk.next_id(Seat)
        self.holder_pk = bulk.next_id(SeatHolder)
        self.seats: list[tuple[Any, ...]] = []
        self.holders: list[tuple[Any, ...]] = []

    def fill(self, council: int, seats: int, pool: list[Person]) -> list[Person]:
        """Seat the pool as the loader does; return who sits, seat by seat."""
        used = min(seats, len(pool))
        sitting = []
        for number in range(1, used + 1):
            picks = pool[number - 1 :: used][:3]
            self.seats.append((self.seat_pk, council, number))
            for position, (person, _) in enumerate(picks):
                self.holders.append(
                    (self.holder_pk, self.seat_pk, person, position, HolderStatus.AVAILABLE.value,
                     "", self.at)
                )  # fmt: skip
                self.holder_pk += 1
            names = [name for _, name in picks]
            self.chain.add(
                "seat.holders_set", actor="steward", subject=f"seat:{self.seat_pk}",
                payload={"council": council, "seat": number, "sitting": names[0],
                         "delegate": names[0], "substitutes": names[1:],
                         "holder_ids": [person for person, _ in picks], "ballot": None},
            )  # fmt: skip
            self.seat_pk += 1
            sitting.append(picks[0])
        return sitting

    def close(self) -> None:
        self.chain.flush()
        insert_rows(Seat._meta.db_table, ("id", "council_id", "number"), self.seats)
        insert_rows(
            SeatHolder._meta.db_table,
            ("id", "seat_id", "person_id", "position", "status", "reason", "since"),
            self.holders,
        )


def seat_generated(
    federation: Federation,
    firsts: dict[int, tuple[int, int]],
    writer: ChainWriter,
    at: Any,
) -> None:
    """Seat the generated workplaces (from their first members) and districts above them.

    ``firsts`` maps a generated workplace to (user id, person number) of its first member;
    its members were created one after another from there.
    """
    rows = Council.objects.filter(federation=federation, slug__startswith="generated-")
    councils = list(rows.order_by("pk").values_list("pk", "level", "parent_id", "member_count",
                                                    "represented_count"))  # fmt: skip
    if not councils:
        return

    def seats(represented: int) -> int:
        return seat_count(
            represented, members_per_seat=federation.members_per_seat,
            seats_min=federation.seats_min, seats_max=federation.seats_max,
        )  # fmt: skip

    out = _Writer(writer, at)
    sitting: dict[int, list[Person]] = {}
    children: dict[int, list[int]] = defaultdict(list)
    for pk, level, parent, members, represented in councils:
        if level != 0 or pk not in firsts:
            continue
        first_pk, first_n = firsts[pk]
        size = min(members, 3 * seats(represented))
        pool = [(first_pk + i, fictional_person(first_n + i)[0]) for i in range(size)]
        sitting[pk] = out.fill(pk, seats(represented), pool)
        children[parent].append(pk)
    for pk, level, _, _, represented in councils:
        if level != 1:
            continue
        below = sorted(children.get(pk, []))
        pool = [
            sitting[child][number]
            for number in range(3)
            for child in below
            if len(sitting[child]) > number
        ]
        out.fill(pk, seats(represented), pool)
    out.close()
