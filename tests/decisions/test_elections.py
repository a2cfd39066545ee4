from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanacs.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from tanacs.decisions.actions import (
    apply_election_result,
    apply_recall_result,
    deal_substitutes,
    do_call_election,
    do_stand,
)
from tanacs.decisions.actions.elections import move_election
from tanacs.decisions.models import ElectionStatus, PetitionStatus, RecallPetition
from tanacs.delegation.actions import do_mark_available, do_mark_unavailable
from tanacs.delegation.models import HolderStatus, Seat, SeatHolder
from tanacs.delegation.selectors import list_seats
from tests.budapest import Budapest, build_budapest


@given(st.integers(1, 5), st.lists(st.integers(), max_size=20, unique=True))
def test_substitutes_are_dealt_in_order_and_none_is_lost(seats: int, ranked: list[int]) -> None:
    dealt = deal_substitutes(seats, ranked)
    assert sorted(x for d in dealt for x in d) == sorted(ranked)
    for lst in dealt:
        assert lst == sorted(lst, key=ranked.index)  # each seat keeps the ranking's order
    firsts = [d[0] for d in dealt if d]
    assert firsts == ranked[: len(firsts)]


def _elect(budapest: Budapest, elected: list[Any], subs: list[Any], seats: list[int]) -> None:
    election = do_call_election(budapest.izzo, seats=seats, by=budapest.izzo_officer)
    for person in [*elected, *subs]:
        do_stand(election, by=person)
    move_election(election, ElectionStatus.VOTING, by=budapest.izzo_officer)
    apply_election_result(election, elected=elected, substitutes=subs, by=budapest.izzo_officer,
                          ballot=None)  # fmt: skip


@pytest.mark.django_db
def test_declared_election_seats_winners_with_dealt_substitutes() -> None:
    budapest = build_budapest(izzo=6)
    m = budapest.members
    _elect(budapest, [m["izzo-1"], m["izzo-2"]], [m["izzo-3"], m["izzo-4"], m["izzo-5"]], [1, 2])
    s1, s2, _ = list_seats(budapest.izzo)
    assert s1.delegate.person == m["izzo-1"]
    assert [h.person for h in s1.substitutes] == [m["izzo-3"], m["izzo-5"]]
    assert s2.delegate.person == m["izzo-2"]
    assert [h.person for h in s2.substitutes] == [m["izzo-4"]]
    # A new election for both seats may swap people between them.
    _elect(budapest, [m["izzo-3"], m["izzo-1"]], [m["izzo-2"]], [1, 2])
    s1, s2, _ = list_seats(budapest.izzo)
    assert (s1.delegate.person, s2.delegate.person) == (m["izzo-3"], m["izzo-1"])


@pytest.mark.django_db
def test_election_rules(budapest: Budapest) -> None:
    m = budapest.members
    with pytest.raises(Forbidden):
        do_call_election(budapest.izzo, by=m["izzo-1"])
    with pytest.raises(InvalidInput):
        do_call_election(budapest.izzo, seats=[5], by=budapest.izzo_officer)
    election = do_call_election(budapest.izzo, by=budapest.izzo_officer)
    with pytest.raises(Conflict):
        do_call_election(budapest.izzo, seats=[1], by=budapest.izzo_officer)
    with pytest.raises(Forbidden):
        do_stand(election, by=m["csepel-1"])
    do_stand(election, by=m["izzo-1"])
    with pytest.raises(Conflict):
        do_stand(election, by=m["izzo-1"])
    with pytest.raises(IllegalTransition):
        apply_election_result(election, elected=[m["izzo-1"]], substitutes=[],
                              by=budapest.izzo_officer, ballot=None)  # fmt: skip


def _sitting(seat: Seat) -> list[SeatHolder]:
    return [h for h in seat.holders.all() if h.status == HolderStatus.AVAILABLE]


# Actions on seat 1 of Izzó: recall the sitting delegate, mark someone unavailable or back,
# or hold a new election with a random order of candidates.
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("recall"), st.just(0)),
        st.tuples(st.just("away"), st.integers(0, 4)),
        st.tuples(st.just("back"), st.integers(0, 4)),
        st.tuples(st.just("elect"), st.permutations(range(5))),
    ),
    max_size=8,
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(actions=ACTIONS)
def test_no_sequence_of_actions_gives_a_seat_two_holders(actions: list[Any]) -> None:
    from django.db import transaction

    with transaction.atomic():
        _run_seat_sequence(actions)
        transaction.set_rollback(True)


def _run_seat_sequence(actions: list[Any]) -> None:
    budapest = build_budapest(izzo=6, members_per_seat=10)
    officer = budapest.izzo_officer
    people = [budapest.members[f"izzo-{i}"] for i in range(1, 6)]
    _elect(budapest, people[:1], people[1:], [1])
    for kind, arg in actions:
        seat = Seat.objects.get(council=budapest.izzo, number=1)
        order = list(seat.holders.order_by("position"))
        view = list_seats(budapest.izzo)[0]
        if kind == "recall" and view.delegate is not None:
            before = [h.person_id for h in view.substitutes if h.status == HolderStatus.AVAILABLE]
            petition = RecallPetition.objects.create(
                seat=seat, holder=view.delegate, person=view.delegate.person, reason="r",
                electorate=6, threshold=2, opened_by="x", status=PetitionStatus.BALLOT,
            )  # fmt: skip
            apply_recall_result(petition, recalled=True, by=officer, ballot=None)
            after = list_seats(budapest.izzo)[0].delegate
            # The first available substitute, in order, takes the seat.
            assert (after.person_id if after else None) == (before[0] if before else None)
        elif kind in ("away", "back") and arg < len(order):
            holder = order[arg]
            try:
                if kind == "away":
                    do_mark_unavailable(budapest.izzo, 1, holder.person, reason="arrested",
                                        by=officer)  # fmt: skip
                else:
                    do_mark_available(budapest.izzo, 1, holder.person, by=officer)
            except Conflict:
                pass
        elif kind == "elect":
            ranked = [people[i] for i in arg]
            _elect(budapest, ranked[:1], ranked[1:], [1])
        seat = Seat.objects.get(council=budapest.izzo, number=1)
        sitting = _sitting(seat)
        view = list_seats(budapest.izzo)[0]
        # One sitting delegate at most: the first available holder in order.
        first = min(sitting, key=lambda h: h.position) if sitting else None
        assert (view.delegate.pk if view.delegate else None) == (first.pk if first else None)
        positions = [h.position for h in seat.holders.all()]
        assert len(positions) == len(set(positions))
