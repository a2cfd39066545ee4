"""Ballots over the REST API: create, open, vote, change, turnout, close, results, list."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tanacs.ballots.mixing import do_mix_choices
from tanacs.ballots.models import Choice

pytestmark = pytest.mark.django_db


def client_for(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def test_a_referendum_through_the_api(budapest):
    steward = client_for(budapest.steward)
    url = f"/api/v1/councils/{budapest.national.pk}/ballots/"
    bad = steward.post(url, {"title": "Strike?", "quorum": "lots"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    body = {"title": "Continue the general strike?", "electorate": "referendum",
            "min_reported": 0, "council_turnout": "50%"}  # fmt: skip
    created = steward.post(url, body, format="json")
    assert created.status_code == 201, created.json()
    ballot = created.json()["id"]
    member = client_for(budapest.members["izzo-1"])
    refused = member.post(f"/api/v1/ballots/{ballot}/open/")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert steward.post(f"/api/v1/ballots/{ballot}/open/").json()["electors"] == 5
    vote = member.post(f"/api/v1/ballots/{ballot}/vote/", {"choice": "no"}, format="json")
    assert vote.status_code == 200 and vote.json()["changed"] is False
    code = vote.json()["receipt"]
    again = member.post(f"/api/v1/ballots/{ballot}/vote/", {"choice": "yes"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "receipt_needed"
    changed = member.post(
        f"/api/v1/ballots/{ballot}/vote/", {"choice": "yes", "receipt": code}, format="json"
    )
    assert changed.json()["changed"] is True
    malformed = client_for(budapest.csepel_officer).post(
        f"/api/v1/ballots/{ballot}/vote/", {"choice": ["yes"]}, format="json"
    )
    assert malformed.status_code == 400
    do_mix_choices()
    assert Choice.objects.count() == 1
    turnout = {r["council"]: r for r in member.get(f"/api/v1/ballots/{ballot}/turnout/").json()}
    assert turnout[budapest.izzo.pk]["voters"] == 1
    assert member.get(f"/api/v1/ballots/{ballot}/result/").status_code == 409
    closed = steward.post(f"/api/v1/ballots/{ballot}/close/").json()
    assert closed["state"] == "closed" and closed["result"]["total"]["yes"] == 1
    result = member.get(f"/api/v1/ballots/{ballot}/result/").json()
    assert result["bound_councils"] == 0  # 1 of 3 at the lamp works is under 50%
    listing = member.get(f"/api/v1/ballots/{ballot}/list/").json()
    assert listing["list_sha256"] == closed["list_sha256"]
    assert [row["choice"] for row in listing["ballots"]] == ["yes"]
    csv = member.get(f"/api/v1/ballots/{ballot}/list/?export=csv")
    assert b"".join(csv.streaming_content).decode().count("\n") == 2
    check = member.post(f"/api/v1/ballots/{ballot}/receipt/", {"receipt": code}, format="json")
    assert check.json()["choice"] == "yes" and check.json()["counted"] is True
    unknown = member.post(f"/api/v1/ballots/{ballot}/receipt/", {"receipt": "X"}, format="json")
    assert unknown.status_code == 404
    listed = member.get(f"/api/v1/councils/{budapest.national.pk}/ballots/").json()
    assert [b["state"] for b in listed] == ["closed"]
    assert steward.post(f"/api/v1/ballots/{ballot}/declare/").json()["state"] == "declared"


def test_outsiders_do_not_see_ballots(budapest):
    from tanacs.ballots.actions import do_create_ballot
    from tests.budapest import make_person

    ballot = do_create_ballot(budapest.izzo, by=budapest.izzo_officer, title="Q")
    stranger = client_for(make_person("stranger"))
    assert stranger.get(f"/api/v1/ballots/{ballot.pk}/").status_code == 404
    assert APIClient().get(f"/api/v1/ballots/{ballot.pk}/").status_code == 401


@pytest.mark.parametrize("ballot", [2**63, 10**40, 0, -1])
def test_a_ballot_number_no_ballot_can_have_is_not_found(budapest, ballot):
    member = client_for(budapest.members["izzo-1"])
    for path in ("vote/", ""):
        method = member.post if path else member.get
        answer = method(f"/api/v1/ballots/{ballot}/{path}", {"choice": "yes"}, format="json")
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"
