from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tanacs.federation.models import Council, Officer
from tanacs.journal.models import Entry
from tests.api.state import snapshot
from tests.budapest import Budapest, make_person

pytestmark = pytest.mark.django_db

Client = Callable[[Any], APIClient]
COUNCILS = "/api/v1/federations/hungary-1956/councils/"


def council_url(council: Council, rest: str = "") -> str:
    return f"/api/v1/councils/{council.pk}/{rest}"


def test_list_councils_by_level_and_parent(budapest: Budapest, as_: Client) -> None:
    client = as_(budapest.members["izzo-1"])
    base = client.get(f"{COUNCILS}?level=0").json()
    assert [c["slug"] for c in base["results"]] == ["csepel-works", "egyesult-izzo"]
    assert base["results"][0]["level_name"] == "workplace"
    under = client.get(f"{COUNCILS}?parent={budapest.city.pk}").json()
    assert [c["slug"] for c in under["results"]] == ["csepel-district", "ujpest"]
    assert client.get(f"{COUNCILS}?level=x").json()["field"] == "level"


def test_council_detail_shows_officers_seats_children_and_counts(
    budapest: Budapest, as_: Client
) -> None:
    izzo = as_(budapest.members["csepel-1"]).get(council_url(budapest.izzo)).json()
    assert izzo["officers"] == ["izzo-officer"]
    assert izzo["member_count"] == 3
    assert izzo["parent_council"]["slug"] == "ujpest"
    assert [(s["number"], s["weight"], s["delegate"]) for s in izzo["seats"]] == [
        (1, 2, None),
        (2, 1, None),
    ]
    city = as_(budapest.steward).get(council_url(budapest.city)).json()
    assert [(c["slug"], c["represented_count"]) for c in city["children"]] == [
        ("csepel-district", 2),
        ("ujpest", 3),
    ]
    assert as_(budapest.steward).get("/api/v1/councils/999999/").status_code == 404


def test_an_officer_adds_a_council_below_their_own(budapest: Budapest, as_: Client) -> None:
    officer = make_person("ujpest-officer")
    budapest.ujpest.officers.create(person=officer)
    body = {"name": "Újpest tannery", "slug": "ujpest-tannery", "level": 0,
            "parent": budapest.ujpest.pk, "place": "Újpest"}  # fmt: skip
    response = as_(officer).post(COUNCILS, body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["officers"] == ["ujpest-officer"]
    assert created["parent"] == budapest.ujpest.pk
    assert Entry.objects.filter(kind="council.created", actor="ujpest-officer").count() == 1


def test_non_officers_cannot_add_councils(budapest: Budapest, as_: Client) -> None:
    before = snapshot()
    body = {"name": "Tannery", "slug": "tannery", "level": 0, "parent": budapest.ujpest.pk}
    response = as_(budapest.izzo_officer).post(COUNCILS, body, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "T", "slug": "t", "level": 0, "parent": 999999}, "parent"),
        ({"name": "T", "slug": "t", "level": 7, "parent": None}, "level"),
        ({"name": "T", "slug": "t", "level": "zero", "parent": None}, "level"),
        ({"name": "T", "slug": "t t", "level": 0, "parent": None}, "slug"),
        ({"name": "T", "slug": "ujpest", "level": 1, "parent": None}, "slug"),
        ({"name": "T", "slug": "t", "level": 0, "vouches_needed": 0}, "vouches_needed"),
    ],
)
def test_bad_councils_change_nothing(
    budapest: Budapest, as_: Client, body: dict[str, Any], field: str
) -> None:
    body = {**body, "parent": budapest.city.pk} if body["slug"] == "ujpest" else body
    before = snapshot()
    response = as_(budapest.steward).post(COUNCILS, body, format="json")
    assert response.status_code in (400, 409), response.json()
    assert field in response.json()["fields"], response.json()
    assert snapshot() == before


def test_stewards_move_councils(budapest: Budapest, as_: Client) -> None:
    url = council_url(budapest.izzo, "move/")
    target = {"parent": budapest.csepel_district.pk}
    refused = as_(budapest.izzo_officer).post(url, target, format="json")
    assert refused.status_code == 403
    moved = as_(budapest.steward).post(url, target, format="json")
    assert moved.status_code == 200
    assert moved.json()["parent"] == budapest.csepel_district.pk
    district = as_(budapest.steward).get(council_url(budapest.csepel_district)).json()
    assert district["represented_count"] == 5
    before = snapshot()
    wrong_level = as_(budapest.steward).post(url, {"parent": budapest.city.pk}, format="json")
    assert wrong_level.status_code == 400
    assert wrong_level.json()["field"] == "parent"
    assert as_(budapest.steward).post(url, {}, format="json").status_code == 400
    assert snapshot() == before


def test_officers_set_vouches_needed(budapest: Budapest, as_: Client) -> None:
    url = council_url(budapest.izzo, "vouches-needed/")
    assert as_(budapest.members["izzo-1"]).put(url, {"vouches_needed": 1}).status_code == 403
    response = as_(budapest.izzo_officer).put(url, {"vouches_needed": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["vouches_needed"] == 1
    before = snapshot()
    bad = as_(budapest.izzo_officer).put(url, {"vouches_needed": 0}, format="json")
    assert bad.status_code == 400
    assert "vouches_needed" in bad.json()["fields"]
    assert snapshot() == before


def test_officers_appoint_and_remove_officers(budapest: Budapest, as_: Client) -> None:
    url = council_url(budapest.izzo, "officers/")
    client = as_(budapest.izzo_officer)
    assert client.post(url, {"username": "izzo-1"}, format="json").status_code == 201
    assert [o["username"] for o in client.get(url).json()["results"]] == [
        "izzo-1",
        "izzo-officer",
    ]
    assert client.post(url, {"username": "izzo-1"}, format="json").status_code == 409
    unknown = client.post(url, {"username": "nobody"}, format="json")
    assert (unknown.status_code, unknown.json()["field"]) == (400, "username")
    outsider = as_(budapest.members["csepel-1"]).post(url, {"username": "csepel-1"})
    assert outsider.status_code == 403
    assert client.delete(f"{url}izzo-1/").status_code == 204
    assert not Officer.objects.filter(council=budapest.izzo, person__username="izzo-1").exists()
    kinds = Entry.objects.filter(subject=f"council:{budapest.izzo.pk}").values_list(
        "kind", flat=True
    )
    assert list(kinds)[-2:] == ["council.officer_appointed", "council.officer_removed"]
