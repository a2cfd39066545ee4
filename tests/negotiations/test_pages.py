"""The negotiation pages through Django's test client: forms post to the actions."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client

from tanacs.negotiations.actions import do_record_answer
from tanacs.negotiations.models import Answer, Negotiation, NegotiationStatus
from tests.budapest import Budapest
from tests.negotiations.helpers import points, sent
from tests.strikes.helpers import call_city_strike, city_officer

pytestmark = pytest.mark.django_db


def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_open_name_add_send_and_answer_from_the_pages(budapest: Budapest) -> None:
    officer = browser(budapest.izzo_officer)
    council = budapest.izzo.pk
    page = officer.get(f"/c/{council}/negotiations/")
    assert page.status_code == 200 and b"Open a negotiation" in page.content
    response = officer.post(f"/c/{council}/negotiations/open/",
                            {"counterpart": "The government"}, follow=True)  # fmt: skip
    assert b"Negotiation opened" in response.content
    negotiation = Negotiation.objects.get()
    base = f"/negotiations/{negotiation.pk}/"
    officer.post(base + "delegation/", {"people": "izzo-1"})
    officer.post(base + "demands/", {"points": [p.pk for p in points(budapest)]})
    response = officer.post(base + "send/", follow=True)
    assert b"the text as sent" in response.content
    negotiation.refresh_from_db()
    assert negotiation.status == NegotiationStatus.SENT
    delegate = browser(budapest.members["izzo-1"])
    response = delegate.post(base + "answer/", {"number": "1", "status": "conceded",
                             "text": "Released today.", "answered_on": "1956-11-16"},
                             follow=True)  # fmt: skip
    assert b"Released today." in response.content
    assert Answer.objects.get().answered_on.isoformat() == "1956-11-16"


def test_a_refused_form_says_why_and_changes_nothing(budapest: Budapest) -> None:
    negotiation = sent(budapest)
    delegate = browser(budapest.members["izzo-1"])
    response = delegate.post(f"/negotiations/{negotiation.pk}/answer/",
                             {"number": "1", "status": "conceded", "text": "x",
                              "answered_on": "16 November"}, follow=True)  # fmt: skip
    assert b"is not a date" in response.content and not Answer.objects.exists()
    response = browser(budapest.members["izzo-2"]).post(
        f"/negotiations/{negotiation.pk}/answer/",
        {"number": "1", "status": "conceded", "text": "x"},
    )
    assert response.status_code == 403 and not Answer.objects.exists()


@pytest.mark.parametrize("role", ["member", "other", "anonymous"])
def test_the_base_councils_read_the_page_and_the_text_sent(budapest: Budapest, role: str) -> None:
    negotiation = sent(budapest)
    client = {
        "member": lambda: browser(budapest.members["izzo-2"]),
        "other": lambda: browser(budapest.members["csepel-1"]),
        "anonymous": Client,
    }[role]()
    page = client.get(f"/negotiations/{negotiation.pk}/")
    text = client.get(f"/negotiations/{negotiation.pk}/sent.txt")
    if role == "member":
        assert page.status_code == 200 and b"Release the arrested delegates." in page.content
        assert text["Content-Type"].startswith("text/plain")
        assert hashlib.sha256(text.content).hexdigest() == negotiation.document_sha256
        return
    assert page.status_code in (302, 403, 404) and text.status_code in (302, 403, 404)
    assert b"Release the arrested" not in page.content + text.content


def test_the_strike_page_shows_where_each_condition_stands(budapest: Budapest) -> None:
    demands = points(budapest)
    strike = call_city_strike(budapest, city_officer(budapest), points=demands)
    negotiation = sent(budapest, demands)
    do_record_answer(negotiation, 1, by=budapest.members["izzo-1"], text="Yes.",
                     status="conceded")  # fmt: skip
    page = browser(budapest.members["izzo-2"]).get(f"/strikes/{strike.pk}/").content.decode()
    assert "Demand 1 to The government" in page and "conceded" in page
    assert f"/negotiations/{negotiation.pk}/" in page
    other = browser(budapest.members["csepel-1"]).get(f"/strikes/{strike.pk}/").content.decode()
    assert "Demand 1 to The government" not in other  # not theirs to see
