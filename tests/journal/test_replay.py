"""``tanacs verify`` replays the journal and compares the tables: it passes after any sequence
of ordinary actions, and names each row changed behind the actions' back."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tanacs.ballots.actions import (
    do_cast_vote,
    do_close_ballot,
    do_create_ballot,
    do_declare_ballot,
    do_open_ballot,
)
from tanacs.ballots.models import Ballot, Choice, Elector
from tanacs.delegation.actions import do_mark_unavailable, do_resign_seat, do_set_seat_holders
from tanacs.delegation.models import Seat, SeatHolder
from tanacs.federation.actions import (
    do_appoint_officer,
    do_create_council,
    do_move_council,
    do_remove_officer,
    do_set_seat_rule,
    do_set_vouches_needed,
)
from tanacs.federation.models import Council, Federation, Officer
from tanacs.membership.actions import do_leave, do_reinstate, do_suspend, do_vouch
from tanacs.membership.models import Membership
from tests.budapest import Budapest, build_budapest, make_person


def verify() -> str:
    out = io.StringIO()
    call_command("verify", stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    """Everything verify said, when it failed."""
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("verify", stdout=out)
    return f"{caught.value}\n{out.getvalue()}"


def sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def closed_referendum(city: Budapest) -> Ballot:
    """A referendum of the city, every member voting, closed and declared."""
    ballot = do_create_ballot(city.city, by=city.steward, title="Strike?", electorate="referendum",
                              min_reported=1, trusted=True)  # fmt: skip
    ballot = do_open_ballot(ballot, by=city.steward, trusted=True)
    for i, membership in enumerate(Membership.objects.filter(status="active").order_by("pk")):
        do_cast_vote(ballot, by=membership.person, choice="yes" if i % 3 else "no")
    ballot = do_close_ballot(ballot, by=city.steward, trusted=True)
    return do_declare_ballot(ballot, by=city.steward, trusted=True)


def every_kind_of_action(city: Budapest) -> None:
    """After a close: councils created and moved, members admitted, suspended, reinstated and
    leaving, seats and officers changed, a new ballot opened."""
    steward = city.steward
    new_district = do_create_council(city.federation, name="Kőbánya", slug="kobanya", level=1,
                                     parent=city.city, by=steward)  # fmt: skip
    do_move_council(city.izzo, parent=new_district, by=steward)
    do_create_council(city.federation, name="Ganz works", slug="ganz", level=0,
                      parent=new_district, by=steward)  # fmt: skip
    do_set_seat_rule(city.federation, members_per_seat=1, seats_min=1, seats_max=3, by=steward)
    do_set_vouches_needed(city.izzo, vouches_needed=1, by=city.izzo_officer)
    applicant = make_person("newcomer")
    from tanacs.membership.actions import do_apply

    membership = do_apply(city.izzo, person=applicant)
    do_vouch(membership, by=city.members["izzo-1"])
    izzo2 = Membership.objects.get(person=city.members["izzo-2"])
    do_suspend(izzo2, by=city.izzo_officer, reason="absent")
    do_reinstate(izzo2, by=city.izzo_officer)
    do_set_seat_holders(city.izzo, 1, delegate=city.izzo_officer,
                        substitutes=[city.members["izzo-1"]], by=city.izzo_officer)  # fmt: skip
    do_mark_unavailable(city.izzo, 1, city.izzo_officer, reason="arrested", by=city.izzo_officer)
    do_resign_seat(city.izzo, 1, by=city.members["izzo-1"])
    do_appoint_officer(city.izzo, city.members["izzo-1"], by=city.izzo_officer)
    do_remove_officer(city.izzo, city.members["izzo-1"], by=city.izzo_officer)
    do_leave(Membership.objects.get(person=city.members["csepel-1"]), by=city.members["csepel-1"])
    later = do_create_ballot(city.national, by=steward, title="Again?", electorate="referendum",
                             trusted=True)  # fmt: skip
    do_open_ballot(later, by=steward, trusted=True)


@pytest.mark.django_db
def test_verify_passes_after_every_kind_of_action_following_a_close() -> None:
    city = build_budapest(izzo=4, csepel=3)
    ballot = closed_referendum(city)
    every_kind_of_action(city)
    out = verify()
    assert f"ballot {ballot.pk} (Strike?): recount matches" in out
    assert "the tables match the replayed journal" in out


@pytest.mark.django_db
def test_the_count_at_close_uses_the_tree_fixed_at_open() -> None:
    city = build_budapest(izzo=3, csepel=2)
    ballot = do_create_ballot(city.city, by=city.steward, title="Strike?",
                              electorate="referendum", min_reported=1, trusted=True)  # fmt: skip
    ballot = do_open_ballot(ballot, by=city.steward, trusted=True)
    for membership in Membership.objects.filter(status="active"):
        do_cast_vote(ballot, by=membership.person, choice="yes")
    new_district = do_create_council(city.federation, name="Kőbánya", slug="kobanya", level=1,
                                     parent=city.city, by=city.steward)  # fmt: skip
    do_move_council(city.izzo, parent=new_district, by=city.steward)
    ballot = do_close_ballot(ballot, by=city.steward, trusted=True)
    import json

    councils = {c["council"]: c for c in json.loads(ballot.result)["councils"]}
    assert new_district.pk not in councils
    assert councils[city.izzo.pk]["parent"] == city.ujpest.pk
    assert councils[city.ujpest.pk]["voters"] == 3
    assert "recount matches" in verify()


# Each tampering: what it does to the tables, and words verify must say about it.
Tamper = Callable[[Budapest], None]


def _status(city: Budapest) -> None:
    sql("UPDATE membership_membership SET status = 'suspended' WHERE person_id = %s",
        [city.members["izzo-1"].pk])  # fmt: skip


def _council_of_membership(city: Budapest) -> None:
    sql("UPDATE membership_membership SET council_id = %s WHERE person_id = %s",
        [city.csepel.pk, city.members["izzo-1"].pk])  # fmt: skip


def _officer(city: Budapest) -> None:
    Officer.objects.create(council=city.csepel, person=city.members["izzo-1"])


def _steward(city: Budapest) -> None:
    city.federation.stewards.add(city.members["izzo-1"])


def _holder(city: Budapest) -> None:
    seat = Seat.objects.get(council=city.izzo, number=1)
    sql("UPDATE delegation_seatholder SET person_id = %s WHERE seat_id = %s AND position = 0",
        [city.members["izzo-2"].pk, seat.pk])  # fmt: skip


def _parent(city: Budapest) -> None:
    Council.objects.filter(pk=city.izzo.pk).update(parent=city.csepel_district)


def _count(city: Budapest) -> None:
    Council.objects.filter(pk=city.izzo.pk).update(member_count=99)


def _seat_rule(city: Budapest) -> None:
    Federation.objects.filter(pk=city.federation.pk).update(seats_max=5)


TAMPERINGS: list[tuple[Tamper, str]] = [
    (_status, "status is 'suspended' in the table, 'active' in the journal"),
    (_council_of_membership, "council is"),
    (_officer, "officer (council, person)"),
    (_steward, "steward (federation, person)"),
    (_holder, "seat holder (seat, position)"),
    (_parent, "parent is"),
    (_count, "member_count is 99 in the table"),
    (_seat_rule, "seats_max is 5 in the table, 3 in the journal"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("tamper", "words"), TAMPERINGS, ids=[t.__name__ for t, _ in TAMPERINGS])
def test_verify_names_a_row_changed_behind_the_actions(tamper: Tamper, words: str) -> None:
    city = build_budapest(izzo=3, csepel=2)
    do_set_seat_holders(city.izzo, 1, delegate=city.izzo_officer,
                        substitutes=[city.members["izzo-1"]], by=city.izzo_officer)  # fmt: skip
    assert "the tables match the replayed journal" in verify()
    tamper(city)
    message = verify_fails()
    assert "difference(s) between the tables and the replayed journal" in message
    assert words in message


@pytest.mark.django_db
def test_verify_catches_electors_flipped_after_close() -> None:
    city = build_budapest(izzo=4, csepel=3)
    ballot = closed_referendum(city)
    sql("UPDATE ballots_elector SET voted = %s WHERE id = %s",
        [False, Elector.objects.filter(ballot=ballot, voted=True).first().pk])  # type: ignore[union-attr]  # fmt: skip
    assert "marked as having voted; the journal recorded" in verify_fails()


@pytest.mark.django_db
def test_verify_catches_an_elector_added_after_open() -> None:
    city = build_budapest(izzo=3, csepel=2)
    ballot = do_create_ballot(city.izzo, by=city.izzo_officer, title="Q?")
    do_open_ballot(ballot, by=city.izzo_officer)
    Elector.objects.create(ballot=ballot, person=make_person("intruder"), council=city.izzo)
    assert "the journal fixed 3 of weight 3" in verify_fails()


@pytest.mark.django_db
def test_verify_catches_a_changed_tree_on_the_ballot() -> None:
    city = build_budapest(izzo=3, csepel=2)
    ballot = closed_referendum(city)
    tree = [[pk, parent, level, name] for pk, parent, level, name in ballot.council_tree]
    tree[-1][3] = "Renamed"
    Ballot.objects.filter(pk=ballot.pk).update(council_tree=tree)
    assert "the councils stored on the ballot differ" in verify_fails()


@pytest.mark.django_db
def test_verify_catches_a_ballot_state_changed_in_sql() -> None:
    city = build_budapest(izzo=3, csepel=2)
    ballot = do_create_ballot(city.izzo, by=city.izzo_officer, title="Q?")
    Ballot.objects.filter(pk=ballot.pk).update(state="cancelled")
    assert "state is 'cancelled' in the table, 'draft' in the journal" in verify_fails()
    Choice.objects.none()


ACTIONS = st.lists(
    st.sampled_from(["council", "move", "join", "vouch", "suspend", "reinstate", "leave",
                     "seat", "away", "resign", "officer", "unofficer", "ballot", "rule"]),
    max_size=12,
)  # fmt: skip


class TestAnySequence(TestCase):
    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(ACTIONS)
    def test_any_sequence_of_actions_then_verify_passes(self, actions: list[str]) -> None:
        city = build_budapest(izzo=4, csepel=3)
        closed_referendum(city)
        for step, action in enumerate(actions):
            _act(city, step, action)
        assert "the tables match the replayed journal" in verify()
        assert "FAILED" not in verify()


def _act(city: Budapest, step: int, action: str) -> None:
    from tanacs.core.errors import TanacsError
    from tanacs.membership.actions import do_apply

    steward, officer = city.steward, city.izzo_officer
    izzo_members = list(Membership.objects.filter(council=city.izzo).order_by("pk"))
    try:
        if action == "council":
            do_create_council(city.federation, name=f"New {step}", slug=f"new-{step}", level=0,
                              parent=city.csepel_district, by=steward)  # fmt: skip
        elif action == "move":
            city.izzo.refresh_from_db()
            target = city.csepel_district if city.izzo.parent_id == city.ujpest.pk else city.ujpest
            do_move_council(city.izzo, parent=target, by=steward)
        elif action == "join":
            do_apply(city.izzo, person=make_person(f"joiner-{step}"))
        elif action == "vouch":
            waiting = [m for m in izzo_members if m.status == "applied"]
            if waiting:
                do_vouch(waiting[0], by=officer)
        elif action in ("suspend", "reinstate", "leave"):
            target_m = izzo_members[-1]
            if action == "suspend":
                do_suspend(target_m, by=officer, reason=f"reason {step}")
            elif action == "reinstate":
                do_reinstate(target_m, by=officer)
            else:
                do_leave(target_m, by=target_m.person)
        elif action == "seat":
            do_set_seat_holders(city.izzo, 1, delegate=officer, by=officer)
        elif action == "away":
            do_mark_unavailable(city.izzo, 1, officer, reason="away", by=officer)
        elif action == "resign":
            do_resign_seat(city.izzo, 1, by=officer)
        elif action == "officer":
            do_appoint_officer(city.csepel, city.members["csepel-1"], by=steward)
        elif action == "unofficer":
            do_remove_officer(city.csepel, city.members["csepel-1"], by=steward)
        elif action == "ballot":
            ballot = do_create_ballot(city.izzo, by=officer, title=f"Q{step}")
            do_open_ballot(ballot, by=officer)
        elif action == "rule":
            do_set_vouches_needed(city.izzo, vouches_needed=1 + step % 2, by=officer)
    except TanacsError:
        pass  # an action refused in this state changes nothing
    SeatHolder.objects.none()
