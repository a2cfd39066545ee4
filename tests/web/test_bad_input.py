"""The pages: bad input gets a message and changes nothing; ``next`` never leaves the site."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tanacs.ballots.models import Ballot, State
from tanacs.federation.models import Officer
from tanacs.journal.models import Entry
from tanacs.membership.models import Membership, Status
from tests.ballots.helpers import open_ballot
from tests.budapest import Budapest

pytestmark = pytest.mark.django_db


def signed_in(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


EVIL = ["//evil.example/x", "https://evil.example/x", "/\\evil.example/x", "\\\\evil.example"]


@pytest.mark.parametrize("target", EVIL)
def test_closing_a_ballot_never_follows_next_off_the_site(budapest: Budapest, target: str) -> None:
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
    response = signed_in(budapest.izzo_officer).post(
        f"/decisions/ballots/{ballot.pk}/close/", {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/b/{ballot.pk}/"
    assert Ballot.objects.get(pk=ballot.pk).state != State.OPEN


def test_closing_a_ballot_follows_next_on_the_site(budapest: Budapest) -> None:
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
    back = f"/c/{budapest.izzo.pk}/"
    response = signed_in(budapest.izzo_officer).post(
        f"/decisions/ballots/{ballot.pk}/close/", {"next": back}
    )
    assert response["Location"] == back


@pytest.mark.parametrize("target", EVIL)
def test_signing_up_never_follows_next_off_the_site(db: None, target: str) -> None:
    form = {"username": "uj-tag", "password1": "Forradalom-1956!", "password2": "Forradalom-1956!"}
    response = Client().post(f"/signup/?next={target}", form)
    assert response.status_code == 302 and response["Location"] == "/"
    response = Client().post("/signup/", {**form, "username": "uj-tag-2", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("Anna," + "a" * 150 + "@example.org,egyesult-izzo", "the email address is 162 characters"),
        ("A" * 151 + ",anna@example.org,egyesult-izzo", "the name is 151 characters"),
        ("Anna\x00,anna@example.org,egyesult-izzo", "a NUL character"),
    ],
)
def test_an_imported_line_no_database_takes(budapest: Budapest, line: str, says: str) -> None:
    people, entries = get_user_model().objects.count(), Entry.objects.count()
    text = "name,email,council\nBéla,bela@example.org,egyesult-izzo\n" + line + "\n"
    response = signed_in(budapest.steward).post(
        f"/f/{budapest.federation.slug}/import/",
        {"file": SimpleUploadedFile("m.csv", text.encode())},
    )
    assert response.status_code == 400
    assert f"line 3: {says}" in response.content.decode()
    assert (get_user_model().objects.count(), Entry.objects.count()) == (people, entries)


def test_a_nul_in_a_form_field_or_query_is_refused(budapest: Budapest) -> None:
    officer = signed_in(budapest.izzo_officer)
    officers, entries = Officer.objects.count(), Entry.objects.count()
    response = officer.post(f"/c/{budapest.izzo.pk}/officers/", {"username": "izzo-1\x00"})
    assert response.status_code == 400
    assert "contains a NUL character" in response.content.decode()
    response = officer.get(f"/f/{budapest.federation.slug}/?open=1%00")
    assert response.status_code == 400
    response = officer.get(f"/c/{budapest.izzo.pk}/%00/")
    assert response.status_code in (400, 404)
    assert (Officer.objects.count(), Entry.objects.count()) == (officers, entries)


def test_a_reason_longer_than_its_column_changes_nothing(budapest: Budapest) -> None:
    # PostgreSQL refused it with a server error; SQLite kept all 301 characters.
    membership = Membership.objects.get(person=budapest.members["izzo-2"])
    entries = Entry.objects.count()
    response = signed_in(budapest.izzo_officer).post(
        f"/c/{budapest.izzo.pk}/m/{membership.pk}/suspend/", {"reason": "x" * 301}, follow=True
    )
    assert "Reason is 301 characters long; at most 300 fit." in messages_of(response)
    membership.refresh_from_db()
    assert (membership.status, membership.reason) == (Status.ACTIVE, "")
    assert Entry.objects.count() == entries
