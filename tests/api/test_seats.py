from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tanacs.journal.models import Entry
from tests.api.state import snapshot
from tests.budapest import Budapest

pytestmark = pytest.mark.django_db

Client = Callable[[Any], APIClient]


def seat_url(budapest: Budapest, number: int, action: str = "") -> str:
    return f"/api/v1/councils/{budapest.izzo.pk}/seats/{number}/{action}"


def appoint(budapest: Budapest, as_: Client) -> dict[str, Any]:
    response = as_(budapest.izzo_officer).put(
        seat_url(budapest, 1),
        {"delegate": "izzo-1", "substitutes": ["izzo-officer", "izzo-2"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body: dict[str, Any] = response.json()
    return body


def test_officers_appoint_a_delegate_and_ranked_substitutes(
    budapest: Budapest, as_: Client
) -> None:
    seat = appoint(budapest, as_)
    assert seat["weight"] == 2
    assert seat["delegate"]["username"] == "izzo-1"
    assert [(s["username"], s["position"]) for s in seat["substitutes"]] == [
        ("izzo-officer", 1),
        ("izzo-2", 2),
    ]
    listed = as_(budapest.members["csepel-1"]).get(f"/api/v1/councils/{budapest.izzo.pk}/seats/")
    assert [s["delegate"] and s["delegate"]["username"] for s in listed.json()] == ["izzo-1", None]
    assert Entry.objects.filter(kind="seat.holders_set", actor="izzo-officer").count() == 1


def test_the_first_available_substitute_takes_the_seat(budapest: Budapest, as_: Client) -> None:
    appoint(budapest, as_)
    officer = as_(budapest.izzo_officer)
    before = snapshot()
    no_reason = officer.post(seat_url(budapest, 1, "unavailable/"), {"username": "izzo-1"})
    assert no_reason.status_code == 400
    assert no_reason.json()["field"] == "reason"
    assert snapshot() == before
    seat = officer.post(
        seat_url(budapest, 1, "unavailable/"),
        {"username": "izzo-1", "reason": "arrested on 22 November"},
        format="json",
    ).json()
    assert seat["delegate"]["username"] == "izzo-officer"
    assert [(s["username"], s["status"], s["reason"]) for s in seat["substitutes"]] == [
        ("izzo-1", "unavailable", "arrested on 22 November"),
        ("izzo-2", "available", ""),
    ]
    back = officer.post(seat_url(budapest, 1, "available/"), {"username": "izzo-1"}).json()
    assert back["delegate"]["username"] == "izzo-1"


def test_holders_resign_for_themselves(budapest: Budapest, as_: Client) -> None:
    appoint(budapest, as_)
    seat = as_(budapest.members["izzo-1"]).post(seat_url(budapest, 1, "resign/")).json()
    assert seat["delegate"]["username"] == "izzo-officer"
    again = as_(budapest.members["izzo-1"]).post(seat_url(budapest, 1, "resign/"))
    assert (again.status_code, again.json()["code"]) == (409, "conflict")
    stranger = as_(budapest.members["csepel-1"]).post(seat_url(budapest, 1, "resign/"))
    assert stranger.status_code == 404


def test_only_officers_change_seats(budapest: Budapest, as_: Client) -> None:
    appoint(budapest, as_)
    before = snapshot()
    member = as_(budapest.members["izzo-2"])
    body = {"delegate": "izzo-2"}
    put = member.put(seat_url(budapest, 1), body, format="json")
    assert (put.status_code, put.json()["code"]) == (403, "forbidden")
    marked = member.post(
        seat_url(budapest, 1, "unavailable/"), {"username": "izzo-1", "reason": "x"}
    )
    assert marked.status_code == 403
    assert as_(None).put(seat_url(budapest, 1), body, format="json").status_code == 401
    assert snapshot() == before


@pytest.mark.parametrize(
    ("number", "body", "status", "field"),
    [
        (1, {"delegate": "csepel-1"}, 400, "delegate"),  # not a member of this council
        (1, {"delegate": "nobody"}, 400, "delegate"),
        (1, {"delegate": "izzo-1", "substitutes": ["izzo-1"]}, 400, "substitutes"),
        (1, {"delegate": "izzo-1", "substitutes": "izzo-2"}, 400, "substitutes"),
        (1, {"substitutes": []}, 400, "delegate"),
        (9, {"delegate": "izzo-1"}, 400, "seat"),
    ],
)
def test_bad_seat_lists_change_nothing(
    budapest: Budapest, as_: Client, number: int, body: dict[str, Any], status: int, field: str
) -> None:
    before = snapshot()
    response = as_(budapest.izzo_officer).put(seat_url(budapest, number), body, format="json")
    assert response.status_code == status, response.json()
    assert field in response.json()["fields"], response.json()
    assert snapshot() == before


def test_a_missing_seat_is_404(budapest: Budapest, as_: Client) -> None:
    assert as_(budapest.steward).get(seat_url(budapest, 7)).status_code == 404
    national = f"/api/v1/councils/{budapest.national.pk}/seats/"
    assert as_(budapest.steward).get(national).json() == []


def test_me_lists_memberships_offices_and_seats(budapest: Budapest, as_: Client) -> None:
    appoint(budapest, as_)
    me = as_(budapest.izzo_officer).get("/api/v1/me/").json()
    assert me["username"] == "izzo-officer"
    assert [m["council"]["slug"] for m in me["memberships"]] == ["egyesult-izzo"]
    assert [c["slug"] for c in me["offices"]] == ["egyesult-izzo"]
    assert me["stewarded"] == []
    assert [(s["council"]["slug"], s["seat"], s["position"]) for s in me["seats"]] == [
        ("egyesult-izzo", 1, 1)
    ]
    steward = as_(budapest.steward).get("/api/v1/me/").json()
    assert steward["stewarded"] == ["hungary-1956"]
