from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tanacs.federation.models import Federation
from tanacs.journal.models import Entry
from tests.api.state import snapshot
from tests.budapest import Budapest, make_person

pytestmark = pytest.mark.django_db

Client = Callable[[Any], APIClient]
FEDERATIONS = "/api/v1/federations/"
HUNGARY = "/api/v1/federations/hungary-1956/"


def test_found_a_federation_with_levels_and_a_seat_rule(as_: Client) -> None:
    founder = make_person("founder")
    response = as_(founder).post(
        FEDERATIONS,
        {
            "name": "Students' Revolutionary Committees",
            "slug": "students-1956",
            "levels": ["faculty", "university", "national"],
            "members_per_seat": 50,
            "seats_min": 1,
            "seats_max": 4,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["levels"] == ["faculty", "university", "national"]
    assert body["seat_rule"] == {"members_per_seat": 50, "seats_min": 1, "seats_max": 4}
    assert body["stewards"] == ["founder"]
    assert [level["name"] for level in body["level_list"]] == ["faculty", "university", "national"]
    federation = Federation.objects.get(slug="students-1956")
    entry = Entry.objects.get(chain=federation.chain)
    assert (entry.kind, entry.actor) == ("federation.created", "founder")
    listed = as_(founder).get(FEDERATIONS).json()
    assert [f["slug"] for f in listed["results"]] == ["students-1956"]


def test_federation_detail_counts_levels_and_members(budapest: Budapest, as_: Client) -> None:
    body = as_(budapest.members["izzo-1"]).get(HUNGARY).json()
    assert body["councils"] == 6
    assert body["members"] == 5
    assert [(lv["name"], lv["councils"]) for lv in body["level_list"]] == [
        ("workplace", 2), ("district", 2), ("city", 1), ("national", 1),
    ]  # fmt: skip
    assert as_(budapest.steward).get("/api/v1/federations/nowhere/").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "slug": "Bad Slug", "levels": ["a", "b"]}, "slug"),
        ({"name": "X", "slug": "x", "levels": ["a", "a"]}, "levels"),
        ({"name": "X", "slug": "x", "levels": "a,b"}, "levels"),
        ({"name": "X", "slug": "x", "levels": ["a"]}, "levels"),
        ({"name": " ", "slug": "x", "levels": ["a", "b"]}, "name"),
        ({"slug": "x", "levels": ["a", "b"]}, "name"),
        (
            {"name": "X", "slug": "x", "levels": ["a", "b"], "seats_min": 3, "seats_max": 2},
            "seats_max",
        ),
        (
            {"name": "X", "slug": "x", "levels": ["a", "b"], "members_per_seat": 0},
            "members_per_seat",
        ),
        ({"name": "X", "slug": "hungary-1956", "levels": ["a", "b"]}, "slug"),
    ],
)
def test_bad_federations_are_refused_and_change_nothing(
    budapest: Budapest, as_: Client, body: dict[str, Any], field: str
) -> None:
    before = snapshot()
    response = as_(budapest.steward).post(FEDERATIONS, body, format="json")
    assert response.status_code in (400, 409)
    error = response.json()
    assert error["message"]
    assert field in error.get("fields", {}) or error.get("field") == field, error
    assert snapshot() == before


def test_stewards_set_the_seat_rule_others_may_not(budapest: Budapest, as_: Client) -> None:
    url = f"{HUNGARY}seat-rule/"
    rule = {"members_per_seat": 1, "seats_min": 1, "seats_max": 2}
    before = snapshot()
    refused = as_(budapest.izzo_officer).put(url, rule, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert snapshot() == before
    response = as_(budapest.steward).put(url, rule, format="json")
    assert response.status_code == 200
    assert as_(budapest.izzo_officer).get(url).json() == rule
    seats = as_(budapest.steward).get(f"/api/v1/councils/{budapest.izzo.pk}/seats/").json()
    assert [s["weight"] for s in seats] == [2, 1]  # 3 members, at most 2 seats


def test_the_tree_pages_a_few_levels_with_counts(budapest: Budapest, as_: Client) -> None:
    client = as_(budapest.members["csepel-1"])
    top = client.get(f"{HUNGARY}tree/?depth=1").json()
    assert [(n["slug"], n["child_count"]) for n in top["results"]] == [
        ("national", 1),
        ("greater-budapest", 2),
    ]
    assert top["results"][0]["represented_count"] == 5
    everything = client.get(f"{HUNGARY}tree/?depth=4").json()
    assert everything["count"] == 6
    below = client.get(f"{HUNGARY}tree/?root={budapest.ujpest.pk}&depth=1").json()["results"]
    assert [(n["slug"], n["parent"], n["member_count"]) for n in below] == [
        ("ujpest", budapest.city.pk, 0),
        ("egyesult-izzo", budapest.ujpest.pk, 3),
    ]
    paged = client.get(f"{HUNGARY}tree/?depth=4&page_size=4&page=2").json()
    assert len(paged["results"]) == 2
    assert client.get(f"{HUNGARY}tree/?depth=9").status_code == 400
    assert client.get(f"{HUNGARY}tree/?root=abc").json()["field"] == "root"


def test_a_body_that_is_not_an_object_is_named_as_such(budapest: Budapest, as_: Client) -> None:
    response = as_(budapest.steward).post(FEDERATIONS, [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "body": ["Invalid data. Expected a dictionary, but got list."]
    }
    assert response.json()["message"].startswith("The request is not valid, nothing was changed.")
    broken = as_(budapest.steward).post(FEDERATIONS, "{", content_type="application/json")
    assert (broken.status_code, broken.json()["code"]) == (400, "parse_error")
