"""The home page says what waits for each person: ballots to vote in with their closing
time, applicants to vouch for, recall petitions to sign, their own applications."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tanacs.ballots.actions import do_cast_vote
from tanacs.ballots.models import Ballot
from tanacs.decisions.actions.recall import do_open_recall
from tanacs.delegation.actions import do_set_seat_holders
from tanacs.federation.actions import do_create_council
from tanacs.membership.actions import do_apply
from tests.ballots.helpers import open_ballot
from tests.budapest import build_budapest, make_person

pytestmark = pytest.mark.django_db

CLOSES = datetime(2099, 3, 15, 18, 30, tzinfo=UTC)


def home(person: Any) -> str:
    client = Client()
    client.force_login(person)
    return str(client.get("/").content.decode())


def test_an_elector_sees_the_open_ballot_with_its_closing_time(budapest: Any) -> None:
    open_ballot(budapest.izzo, budapest.izzo_officer, title="Strike until the troops leave?",
                closes_at=CLOSES)  # fmt: skip
    elector = home(budapest.members["izzo-1"])
    assert "Waiting for you" in elector
    assert "Strike until the troops leave?" in elector
    assert '<time datetime="2099-03-15T18:30:00+00:00">15 Mar 2099, 18:30 UTC</time>' in elector
    assert "not voted yet" in elector
    outsider = home(budapest.members["csepel-1"])
    assert "Strike until the troops leave?" not in outsider


def test_a_voter_sees_that_they_voted_and_closed_ballots_leave_the_list(budapest: Any) -> None:
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer, title="Elect the committee?")
    do_cast_vote(ballot, by=budapest.members["izzo-1"], choice="yes")
    page = home(budapest.members["izzo-1"])
    assert "Elect the committee?" in page and "No closing time" in page
    assert '<span class="badge active">voted</span>' in page
    Ballot.objects.filter(pk=ballot.pk).update(state="closed")
    assert "Elect the committee?" not in home(budapest.members["izzo-1"])


def test_the_home_page_asks_members_to_vouch_and_shows_applications(budapest: Any) -> None:
    applicant = make_person("nagy.imre")
    applicant.first_name, applicant.last_name = "Imre", "Nagy"
    applicant.save()
    membership = do_apply(budapest.izzo, person=applicant)
    member = home(budapest.members["izzo-1"])
    assert "Applicants asking for your vouch" in member and "Imre Nagy applied to" in member
    assert f"/c/{budapest.izzo.pk}/m/{membership.pk}/vouch/" in member
    assert "Imre Nagy" not in home(budapest.members["csepel-1"])
    own = home(applicant)
    assert "Your applications" in own and "0 of 2 vouches" in own
    client = Client()
    client.force_login(budapest.members["izzo-1"])
    client.post(f"/c/{budapest.izzo.pk}/m/{membership.pk}/vouch/")
    assert "Imre Nagy" not in home(budapest.members["izzo-1"])
    assert "1 of 2 vouches" in home(applicant)


def test_members_see_the_recall_petitions_they_can_sign() -> None:
    budapest = build_budapest(izzo=10, members_per_seat=20)
    m = budapest.members
    m["izzo-1"].first_name, m["izzo-1"].last_name = "Katalin", "Kovács"
    m["izzo-1"].save()
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], by=budapest.izzo_officer)
    petition = do_open_recall(budapest.izzo, 1, reason="Broke the mandate.", by=m["izzo-3"])
    assert petition.status == "open"
    page = home(m["izzo-4"])
    assert "Recall petitions you can sign" in page
    assert f'href="/recalls/{petition.pk}/">Recall Katalin Kovács from seat 1' in page
    assert "Recall petitions you can sign" not in home(m["izzo-3"])  # signed it
    assert "Recall petitions you can sign" not in home(m["izzo-1"])  # the delegate named
    assert "Recall petitions you can sign" not in home(m["csepel-1"])


def test_the_home_page_queries_do_not_grow_with_ballots_or_councils(budapest: Any) -> None:
    member = budapest.members["izzo-1"]
    client = Client()
    client.force_login(member)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    open_ballot(budapest.izzo, budapest.izzo_officer, title="First")
    open_ballot(budapest.national, budapest.steward, electorate="referendum", title="Second")
    few = count()
    for n in range(4):
        workplace = do_create_council(
            budapest.federation, name=f"Works {n}", slug=f"works-{n}", level=0,
            parent=budapest.izzo.parent, by=budapest.steward,
        )  # fmt: skip
        do_apply(workplace, person=make_person(f"applicant-{n}"))
        open_ballot(budapest.izzo, budapest.izzo_officer, title=f"More {n}",
                    closes_at=timezone.now() + timedelta(days=n + 1))  # fmt: skip
    open_ballot(budapest.national, budapest.steward, electorate="referendum", title="Third")
    page = client.get("/").content.decode()
    assert all(f"More {n}" in page for n in range(4)) and "Third" in page
    assert count() == few


def test_the_ballot_form_takes_a_closing_time_in_the_future(budapest: Any) -> None:
    client = Client()
    client.force_login(budapest.izzo_officer)
    url = f"/c/{budapest.izzo.pk}/ballots/new/"
    form = {"title": "Strike?", "method": "yesno", "electorate": "members", "seats": 1,
            "threshold": "simple", "min_reported": 10, "open_now": "on"}  # fmt: skip
    assert 'type="datetime-local" name="closes_at"' in client.get(url).content.decode()
    past = client.post(url, {**form, "closes_at": "2001-05-01T10:00"}).content.decode()
    assert "The closing time 2001-05-01 10:00 UTC has passed" in past
    assert not Ballot.objects.exists()
    made = client.post(url, {**form, "closes_at": "2099-03-15T18:30"})
    ballot = Ballot.objects.get()
    assert made.status_code == 302 and ballot.closes_at == CLOSES
    shown = '<time datetime="2099-03-15T18:30:00+00:00">15 Mar 2099, 18:30 UTC</time>'
    member = Client()
    member.force_login(budapest.members["izzo-1"])
    assert shown in member.get(f"/b/{ballot.pk}/").content.decode()
    assert shown in member.get(f"/c/{budapest.izzo.pk}/ballots/").content.decode()
