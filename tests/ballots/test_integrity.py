"""Closing refuses stored ballots that do not match the electors marked as voted, and
delegates vote on the record."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tanacs.ballots.actions import do_cast_vote, do_close_ballot, do_create_ballot
from tanacs.ballots.mixing import do_mix_choices
from tanacs.ballots.models import Ballot, Choice, Elector, State
from tanacs.core.errors import Conflict, InvalidInput
from tanacs.delegation.actions import do_set_seat_holders
from tanacs.journal.models import Entry
from tests.ballots.helpers import open_ballot

pytestmark = pytest.mark.django_db

C, E = Choice._meta.db_table, Elector._meta.db_table


def _fake_choice(ballot: Ballot, council: int, *, weight: int = 1, marks: str = "yes") -> None:
    key = Choice._meta.pk.get_db_prep_value(uuid.uuid4(), connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {C} (id, ballot_id, council_id, weight, marks, receipt_hash) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [key, ballot.pk, council, weight, marks, uuid.uuid4().hex * 2],
        )


def _flip(ballot: Ballot, count: int, **where: int) -> None:
    ids = list(
        Elector.objects.filter(ballot=ballot, voted=False, **where)
        .order_by("id")
        .values_list("id", flat=True)[:count]
    )
    assert len(ids) == count
    with connection.cursor() as cursor:
        marks = ",".join(["%s"] * len(ids))
        cursor.execute(f"UPDATE {E} SET voted = %s WHERE id IN ({marks})", [True, *ids])


def _refused(ballot: Ballot, by) -> None:
    entries = Entry.objects.count()
    with pytest.raises(Conflict, match="do not match the electors marked as voted") as error:
        do_close_ballot(ballot, by=by)
    assert error.value.code == "ballots_do_not_match"
    ballot.refresh_from_db()
    assert ballot.state == State.OPEN and not ballot.result and Entry.objects.count() == entries


def test_closing_refuses_a_fake_ballot_and_flipped_electors(budapest):
    officer = budapest.izzo_officer
    ballot = open_ballot(budapest.national, budapest.steward, electorate="referendum")
    do_cast_vote(ballot, by=officer, choice="no")
    _fake_choice(ballot, budapest.izzo.pk)
    _flip(ballot, 3)
    _refused(ballot, budapest.steward)


def test_closing_refuses_a_changed_weight_with_the_count_intact(budapest):
    steward = budapest.steward
    do_set_seat_holders(budapest.izzo, 1, delegate=budapest.members["izzo-1"], by=steward)
    ballot = open_ballot(budapest.ujpest, steward, electorate="delegates")
    do_cast_vote(ballot, by=budapest.members["izzo-1"], choice="yes")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {C} SET weight = weight + 5 WHERE ballot_id = %s", [ballot.pk])
    _refused(ballot, steward)


def test_closing_refuses_a_ballot_moved_to_another_council(budapest):
    ballot = open_ballot(budapest.national, budapest.steward, electorate="referendum")
    do_cast_vote(ballot, by=budapest.izzo_officer, choice="no")
    do_mix_choices()  # the totals still match below: one ballot, one voter, weight 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {C} SET council_id = %s WHERE ballot_id = %s",
            [budapest.csepel.pk, ballot.pk],
        )
    _refused(ballot, budapest.steward)


def test_a_matching_ballot_closes(budapest):
    ballot = open_ballot(budapest.national, budapest.steward, electorate="referendum")
    do_cast_vote(ballot, by=budapest.izzo_officer, choice="no")
    assert do_close_ballot(ballot, by=budapest.steward).state == State.CLOSED


def test_delegates_vote_on_the_record_by_default(budapest):
    ballot = do_create_ballot(
        budapest.ujpest, by=budapest.steward, title="Send food to the Corvin?",
        electorate="delegates",
    )  # fmt: skip
    assert ballot.secret is False
    per_seat = do_create_ballot(
        budapest.ujpest, by=budapest.steward, title="Strike?", electorate="delegates-per-seat"
    )
    assert per_seat.secret is False
    members = do_create_ballot(budapest.izzo, by=budapest.izzo_officer, title="Strike?")
    assert members.secret is True


@pytest.mark.parametrize("electorate", ["delegates", "delegates-per-seat"])
def test_a_secret_ballot_of_delegates_is_refused(budapest, electorate):
    before = Ballot.objects.count()
    with pytest.raises(InvalidInput, match="delegates answer to the members") as error:
        do_create_ballot(
            budapest.ujpest, by=budapest.steward, title="Strike?", electorate=electorate,
            secret=True,
        )  # fmt: skip
    assert error.value.details["field"] == "secret"
    assert Ballot.objects.count() == before


def test_the_api_and_the_form_refuse_a_secret_ballot_of_delegates(budapest):
    client = APIClient()
    client.force_authenticate(budapest.steward)
    url = f"/api/v1/councils/{budapest.ujpest.pk}/ballots/"
    refused = client.post(
        url, {"title": "Strike?", "electorate": "delegates", "secret": True}, format="json"
    )
    assert refused.status_code == 400 and "cannot be secret" in refused.json()["message"]
    made = client.post(url, {"title": "Strike?", "electorate": "delegates"}, format="json")
    assert made.status_code == 201 and made.json()["secret"] is False
    client.force_login(budapest.steward)
    page = f"/c/{budapest.ujpest.pk}/ballots/new/"
    form = {"title": "Strike?", "method": "yesno", "electorate": "delegates", "seats": 1,
            "threshold": "simple", "min_reported": 10}  # fmt: skip
    shown = client.post(page, {**form, "secret": "on"})
    assert shown.status_code == 200 and "cannot be secret" in shown.content.decode()
    assert client.post(page, form).status_code == 302
    assert list(Ballot.objects.filter(council=budapest.ujpest).values_list("secret", flat=True)) \
        == [False, False]  # fmt: skip
