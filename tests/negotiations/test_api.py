"""The negotiations API: the whole flow through the actions; refusals as JSON."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tanacs.negotiations.models import Answer, Negotiation
from tests.budapest import Budapest
from tests.negotiations.helpers import points, sent

pytestmark = pytest.mark.django_db


def client(user: Any) -> APIClient:
    c = APIClient()
    if user is not None:
        c.force_login(user)
    return c


def test_open_name_add_send_answer_and_show_over_the_api(budapest: Budapest) -> None:
    officer = client(budapest.izzo_officer)
    made = officer.post(f"/api/v1/councils/{budapest.izzo.pk}/negotiations/",
                        {"counterpart": "The government"}, format="json")  # fmt: skip
    assert made.status_code == 201, made.json()
    base = f"/api/v1/negotiations/{made.json()['id']}/"
    named = officer.post(base + "delegation/", {"people": ["izzo-1"]}, format="json")
    assert named.json()["delegates"] == ["izzo-1"]
    demands = {"points": [p.pk for p in points(budapest)]}
    assert officer.post(base + "demands/", demands, format="json").status_code == 200
    shown = officer.post(base + "send/", format="json").json()
    assert shown["status"] == "sent" and len(shown["document_sha256"]) == 64
    answer = client(budapest.members["izzo-1"]).post(
        base + "answers/",
        {"number": 1, "status": "refused", "text": "No.", "answered_on": "1956-11-16"},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    listed = client(budapest.members["izzo-2"]).get(
        f"/api/v1/councils/{budapest.izzo.pk}/negotiations/"
    )
    assert listed.json()[0]["demands"][0]["answers"][0]["text"] == "No."


def test_refusals_are_json_with_codes_and_change_nothing(budapest: Budapest) -> None:
    negotiation = sent(budapest)
    base = f"/api/v1/negotiations/{negotiation.pk}/"
    member = client(budapest.members["izzo-2"]).post(
        base + "answers/", {"number": 1, "status": "conceded", "text": "Yes."}, format="json"
    )
    assert member.status_code == 403 and member.json()["code"] == "not_a_negotiator"
    again = client(budapest.izzo_officer).post(base + "demands/", {"points": []}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_sent"
    other = client(budapest.members["csepel-1"]).get(base)
    assert other.status_code == 404
    assert client(None).get(base).status_code in (401, 403)
    assert not Answer.objects.exists() and Negotiation.objects.get().status == "sent"
