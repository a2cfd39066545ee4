from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanacs.core.errors import Conflict, Forbidden, InvalidInput
from tanacs.delegation.actions import do_mark_available, do_mark_unavailable, do_set_seat_holders
from tanacs.delegation.rules import seat_count, seat_weights
from tanacs.delegation.selectors import list_seats, seated_delegates
from tanacs.membership.actions import do_leave, do_suspend
from tanacs.membership.selectors import get_membership
from tests.budapest import Budapest


@given(st.integers(0, 10**7), st.integers(1, 50))
def test_seat_weights_add_up_to_the_members_represented(represented: int, seats: int) -> None:
    weights = seat_weights(represented, seats)
    assert sum(weights) == represented
    assert max(weights) - min(weights) <= 1


@given(st.integers(0, 10**6), st.integers(1, 1000), st.integers(1, 5), st.integers(0, 10))
def test_seat_count_follows_the_rule(represented: int, per: int, low: int, extra: int) -> None:
    n = seat_count(represented, members_per_seat=per, seats_min=low, seats_max=low + extra)
    assert low <= n <= low + extra
    if low < n < low + extra:
        assert (n - 1) * per < represented <= n * per


@pytest.mark.django_db
def test_substitute_takes_the_seat_when_the_delegate_is_unavailable(budapest: Budapest) -> None:
    izzo = budapest.izzo
    seats = list_seats(izzo)
    assert [s.weight for s in seats] == [2, 1]  # 3 members, one seat per 2
    m = budapest.members
    do_set_seat_holders(
        izzo, 1, delegate=m["izzo-1"], substitutes=[budapest.izzo_officer, m["izzo-2"]],
        by=budapest.izzo_officer,
    )  # fmt: skip
    assert list_seats(izzo)[0].delegate.person == m["izzo-1"]
    with pytest.raises(Forbidden):
        do_mark_unavailable(izzo, 1, m["izzo-1"], reason="arrested", by=budapest.csepel_officer)
    do_mark_unavailable(izzo, 1, m["izzo-1"], reason="arrested", by=budapest.izzo_officer)
    seat = list_seats(izzo)[0]
    assert seat.delegate.person == budapest.izzo_officer
    assert [h.person for h in seat.substitutes] == [m["izzo-1"], m["izzo-2"]]
    do_suspend(get_membership(budapest.izzo_officer, budapest.federation), by=budapest.steward,
               reason="absent")  # fmt: skip
    assert list_seats(izzo)[0].delegate.person == m["izzo-2"]
    do_mark_available(izzo, 1, m["izzo-1"], by=budapest.izzo_officer)
    assert list_seats(izzo)[0].delegate.person == m["izzo-1"]
    assert m["izzo-1"].pk in seated_delegates(budapest.ujpest)


@pytest.mark.django_db
def test_seat_lists_refuse_outsiders_duplicates_and_missing_seats(budapest: Budapest) -> None:
    izzo, m = budapest.izzo, budapest.members
    with pytest.raises(InvalidInput):
        do_set_seat_holders(izzo, 1, delegate=m["csepel-1"], by=budapest.izzo_officer)
    with pytest.raises(InvalidInput):
        do_set_seat_holders(izzo, 3, delegate=m["izzo-1"], by=budapest.izzo_officer)
    with pytest.raises(InvalidInput):
        do_set_seat_holders(izzo, 1, delegate=m["izzo-1"], substitutes=[m["izzo-1"]],
                            by=budapest.izzo_officer)  # fmt: skip
    do_set_seat_holders(izzo, 1, delegate=m["izzo-1"], by=budapest.izzo_officer)
    with pytest.raises(Conflict):
        do_set_seat_holders(izzo, 2, delegate=m["izzo-1"], by=budapest.izzo_officer)


@pytest.mark.django_db
def test_higher_councils_seat_only_delegates_sitting_in_them(budapest: Budapest) -> None:
    m = budapest.members
    with pytest.raises(InvalidInput):
        do_set_seat_holders(budapest.ujpest, 1, delegate=m["izzo-1"], by=budapest.steward)
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], by=budapest.izzo_officer)
    do_set_seat_holders(budapest.ujpest, 1, delegate=m["izzo-1"], by=budapest.steward)
    assert list_seats(budapest.ujpest)[0].delegate.person == m["izzo-1"]
    do_leave(get_membership(m["izzo-1"], budapest.federation), by=m["izzo-1"])
    assert list_seats(budapest.izzo)[0].delegate is None
    assert list_seats(budapest.ujpest)[0].delegate is None
