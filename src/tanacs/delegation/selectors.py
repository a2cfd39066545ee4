from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from tanacs.delegation.models import HolderStatus, Seat, SeatHolder
from tanacs.delegation.rules import seat_count, seat_weights
from tanacs.federation.models import Council


@dataclass(frozen=True)
class SeatView:
    council: Council
    number: int
    weight: int
    holders: tuple[SeatHolder, ...]

    @property
    def delegate(self) -> SeatHolder | None:
        return sitting_holder(self.holders)

    @property
    def substitutes(self) -> tuple[SeatHolder, ...]:
        sitting = self.delegate
        return tuple(h for h in self.holders if h is not sitting)


def sitting_holder(holders: tuple[SeatHolder, ...] | list[SeatHolder]) -> SeatHolder | None:
    for holder in sorted(holders, key=lambda h: h.position):
        if holder.status == HolderStatus.AVAILABLE:
            return holder
    return None


def seats_of(council: Council) -> int:
    federation = council.federation
    if council.parent_id is None and council.level == federation.top_level:
        return 0
    return seat_count(
        council.represented_count,
        members_per_seat=federation.members_per_seat,
        seats_min=federation.seats_min,
        seats_max=federation.seats_max,
    )


def list_seats(council: Council) -> list[SeatView]:
    """The council's seats in its parent, with weights, delegates and substitutes."""
    return list_seats_for([council]).get(council.pk, [])


def list_seats_for(councils: list[Council]) -> dict[int, list[SeatView]]:
    """Seats of many councils in three queries (councils, seats, holders)."""
    counts = {c.pk: seats_of(c) for c in councils}
    holders: dict[tuple[int, int], list[SeatHolder]] = {}
    rows = (
        SeatHolder.objects.filter(seat__council_id__in=[c.pk for c in councils if counts[c.pk]])
        .exclude(status__in=[HolderStatus.RESIGNED, HolderStatus.RECALLED])
        .select_related("seat", "person")
        .order_by("seat__council_id", "seat__number", "position")
    )
    for holder in rows:
        holders.setdefault((holder.seat.council_id, holder.seat.number), []).append(holder)
    result: dict[int, list[SeatView]] = {}
    for council in councils:
        n = counts[council.pk]
        weights = seat_weights(council.represented_count, n) if n else []
        result[council.pk] = [
            SeatView(
                council, number, weights[number - 1], tuple(holders.get((council.pk, number), ()))
            )
            for number in range(1, n + 1)
        ]
    return result


def seated_delegates(council: Council) -> dict[int, SeatView]:
    """Who sits in ``council`` now: person id -> the seat they hold, over its child councils."""
    children = list(council.children.select_related("federation").all())
    seated: dict[int, SeatView] = {}
    for views in list_seats_for(children).values():
        for view in views:
            if view.delegate is not None:
                seated[view.delegate.person_id] = view
    return seated


def is_seated_in(person: Any, council: Council) -> bool:
    return person.pk in seated_delegates(council)


def seat_rows(council: Council) -> QuerySet[Seat]:
    return Seat.objects.filter(council=council)


def holdings_of(person: Any) -> QuerySet[SeatHolder]:
    return SeatHolder.objects.filter(person=person).select_related(
        "seat", "seat__council", "seat__council__parent"
    )


def users() -> Any:
    return get_user_model().objects
