"""The broadcast API: bulletins list, create and relay, and the public items, with codes."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tanacs.broadcast.actions import do_post_bulletin
from tanacs.broadcast.models import Bulletin
from tanacs.federation.actions import do_appoint_officer
from tanacs.journal.models import Entry
from tests.budapest import Budapest, make_person

pytestmark = pytest.mark.django_db


def _client(person: Any = None) -> APIClient:
    client = APIClient()
    if person is not None:
        client.force_authenticate(person)
    return client


def test_an_officer_posts_and_anyone_reads_the_public_ones(budapest: Budapest) -> None:
    url = f"/api/v1/councils/{budapest.izzo.pk}/bulletins/"
    made = _client(budapest.izzo_officer).post(
        url, {"title": "Strike", "body": "From six.", "public": True}, format="json"
    )
    assert made.status_code == 201, made.json()
    assert made.json()["title"] == "Strike"
    entry = Entry.objects.get(chain=budapest.federation.chain, seq=made.json()["journal_seq"])
    assert entry.kind == "bulletin.posted"
    hidden = _client(budapest.izzo_officer).post(
        url, {"title": "Fund", "body": "Canteen.", "public": False}, format="json"
    )
    assert hidden.status_code == 201
    anyone = _client().get(url)
    assert anyone.status_code == 200
    assert [b["title"] for b in anyone.json()["results"]] == ["Strike"]
    assert _client().get(f"/api/v1/bulletins/{hidden.json()['id']}/").status_code == 404
    members = _client(budapest.members["izzo-1"]).get(url).json()["results"]
    assert [b["title"] for b in members] == ["Fund", "Strike"]


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("anonymous", 401, "not_authenticated"), ("member", 403, "forbidden"),
     ("other-officer", 403, "forbidden")],
)  # fmt: skip
def test_only_officers_post(budapest: Budapest, who: str, status: int, code: str) -> None:
    person = {"anonymous": None, "member": budapest.members["izzo-1"],
              "other-officer": budapest.csepel_officer}[who]  # fmt: skip
    response = _client(person).post(
        f"/api/v1/councils/{budapest.izzo.pk}/bulletins/",
        {"title": "t", "body": "b", "public": True},
        format="json",
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert Bulletin.objects.count() == 0


def test_bad_input_is_refused_with_the_field(budapest: Budapest) -> None:
    client = _client(budapest.izzo_officer)
    url = f"/api/v1/councils/{budapest.izzo.pk}/bulletins/"
    for body in ({"title": "", "body": "b", "public": True}, {"title": "t", "body": "b"},
                 {"title": "t", "body": " ", "public": True}):  # fmt: skip
        response = client.post(url, body, format="json")
        assert response.status_code == 400, body
        assert response.json()["code"] in ("invalid", "bad_request")
    assert Bulletin.objects.count() == 0


def test_relay_and_its_refusals(budapest: Budapest) -> None:
    bulletin = do_post_bulletin(budapest.izzo, title="Strike", body="b", public=True,
                                by=budapest.izzo_officer)  # fmt: skip
    officer = make_person("ujpest-officer")
    do_appoint_officer(budapest.ujpest, officer, by=budapest.steward)
    url = f"/api/v1/councils/{budapest.ujpest.pk}/bulletins/relay/"
    made = _client(officer).post(url, {"bulletin": bulletin.pk}, format="json")
    assert made.status_code == 201
    assert made.json()["origin"] == bulletin.pk
    assert made.json()["origin_council"] == "Egyesült Izzó lamp works"
    again = _client(officer).post(url, {"bulletin": bulletin.pk}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "already_relayed")
    missing = _client(officer).post(url, {"bulletin": 999999}, format="json")
    assert missing.status_code == 400
    out = _client(budapest.csepel_officer).post(
        f"/api/v1/councils/{budapest.csepel.pk}/bulletins/relay/", {"bulletin": bulletin.pk},
        format="json",
    )  # fmt: skip
    assert (out.status_code, out.json()["code"]) == (400, "relay_out_of_line")


def test_public_items_page_by_cursor_and_refuse_a_bad_one(budapest: Budapest) -> None:
    for n in range(5):
        do_post_bulletin(budapest.izzo, title=f"News {n}", body="b", public=True,
                         by=budapest.izzo_officer)  # fmt: skip
    do_post_bulletin(budapest.izzo, title="Hidden", body="b", public=False,
                     by=budapest.izzo_officer)  # fmt: skip
    url = f"/api/v1/federations/{budapest.federation.slug}/public/"
    first = _client().get(url, {"limit": 3}).json()
    second = _client().get(url, {"limit": 3, "before": first["next"]}).json()
    titles = [i["title"] for i in first["items"] + second["items"]]
    assert titles == [f"News {n}" for n in (4, 3, 2, 1, 0)]
    assert second["next"] is None
    assert all(len(i["entry_hash"]) == 64 for i in first["items"])
    bad = _client().get(url, {"before": "yesterday"})
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid")
    council = _client().get(f"/api/v1/councils/{budapest.izzo.pk}/public/").json()
    assert "Hidden" not in str(council)


def test_the_schema_documents_the_broadcast(budapest: Budapest) -> None:
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = schema.json()["paths"]
    documented = [
        "/api/v1/councils/{council_id}/bulletins/",
        "/api/v1/councils/{council_id}/bulletins/relay/",
        "/api/v1/federations/{slug}/public/",
        "/api/v1/bulletins/{id}/",
    ]
    for path in documented:
        assert path in paths, path
