"""The decisions API: every change goes through the actions; errors come back as JSON."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tanacs.decisions.models import Election, Motion, MotionStatus, PetitionStatus
from tanacs.delegation.actions import do_set_seat_holders
from tanacs.delegation.selectors import list_seats
from tests.budapest import Budapest, build_budapest

pytestmark = pytest.mark.django_db


def client(user: Any) -> APIClient:
    c = APIClient()
    c.force_login(user)
    return c


def post(user: Any, url: str, body: dict[str, Any] | None = None, status: int = 200) -> Any:
    response = client(user).post(f"/api/v1/{url}", body or {}, format="json")
    assert response.status_code == status, response.json()
    return response.json()


def vote(user: Any, ballot: int, choice: Any) -> None:
    post(user, f"ballots/{ballot}/vote/", {"choice": choice})


def test_motion_from_tabling_to_carried_and_sent_up(budapest: Budapest) -> None:
    m, officer = budapest.members, budapest.izzo_officer
    motion = post(m["izzo-1"], f"councils/{budapest.izzo.pk}/motions/",
                  {"title": "Free elections", "text": "Free elections by secret ballot."},
                  status=201)  # fmt: skip
    assert motion["status"] == "tabled"
    url = f"motions/{motion['id']}/"
    error = post(m["izzo-1"], f"{url}cosign/", status=409)
    assert error["code"] == "conflict" and "own motion" in error["message"]
    assert post(m["csepel-1"], f"{url}cosign/", status=403)["code"] == "forbidden"
    post(m["izzo-2"], f"{url}cosign/")
    assert post(officer, f"{url}cosign/")["status"] == "admitted"
    amended = post(m["izzo-2"], f"{url}amendments/",
                   {"text": "Free elections with several parties."})  # fmt: skip
    [amendment] = amended["amendments"]
    post(officer, f"amendments/{amendment['id']}/vote/")
    data = client(m["izzo-1"]).get(f"/api/v1/{url}").json()
    amendment_ballot = data["amendments"][0]["ballots"][0]["id"]
    for person in (officer, m["izzo-1"], m["izzo-2"]):
        vote(person, amendment_ballot, "yes")
    assert post(m["izzo-1"], f"decisions/ballots/{amendment_ballot}/close/", status=403)
    post(officer, f"decisions/ballots/{amendment_ballot}/close/")
    data = post(officer, f"{url}vote/")
    assert data["text"] == "Free elections with several parties."
    assert data["status"] == "voting"
    motion_ballot = data["ballots"][0]["id"]
    for person in (officer, m["izzo-1"]):
        vote(person, motion_ballot, "yes")
    closed = post(officer, f"decisions/ballots/{motion_ballot}/close/")
    assert closed["state"] == "declared"
    assert Motion.objects.get(pk=motion["id"]).status == MotionStatus.CARRIED
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], by=officer)
    proposal = post(m["izzo-1"], f"{url}send-up/")
    assert proposal["council"]["id"] == budapest.ujpest.pk
    assert proposal["status"] == "admitted"
    assert [o["id"] for o in proposal["origin_chain"]] == [motion["id"]]
    listed = client(m["izzo-2"]).get(f"/api/v1/councils/{budapest.izzo.pk}/motions/").json()
    assert [x["id"] for x in listed] == [motion["id"]]


def test_bad_input_changes_nothing(budapest: Budapest) -> None:
    m = budapest.members
    error = post(m["izzo-1"], f"councils/{budapest.izzo.pk}/motions/", {"title": "x"}, 400)
    assert error["code"] == "invalid"
    error = post(m["izzo-1"], f"councils/{budapest.izzo.pk}/motions/",
                 {"title": " ", "text": "y"}, 400)  # fmt: skip
    assert "title" in error["fields"]
    assert client(m["izzo-1"]).get("/api/v1/motions/999/").status_code == 404
    assert APIClient().get(f"/api/v1/councils/{budapest.izzo.pk}/motions/").status_code in (
        401, 403,
    )  # fmt: skip
    assert not Motion.objects.exists()


def test_programme_merge_and_endorsements(budapest: Budapest) -> None:
    programme = post(budapest.izzo_officer, f"councils/{budapest.izzo.pk}/programmes/",
                     {"title": "10 points"}, 201)  # fmt: skip
    post(budapest.izzo_officer, f"programmes/{programme['id']}/points/",
         {"text": "The factory belongs to the workers."})  # fmt: skip
    joint = post(budapest.steward, f"councils/{budapest.city.pk}/programmes/",
                 {"title": "Joint programme"}, 201)  # fmt: skip
    merged = post(budapest.steward, f"programmes/{joint['id']}/merge/",
                  {"source": programme["id"]})  # fmt: skip
    [point] = merged["points"]
    assert [e["council"]["id"] for e in point["endorsed_by"]] == [budapest.izzo.pk]
    endorsed = post(budapest.csepel_officer, f"points/{point['id']}/endorse/",
                    {"council": budapest.csepel.pk, "note": "Yard meeting"})  # fmt: skip
    assert {e["council"]["id"] for e in endorsed["points"][0]["endorsed_by"]} == {
        budapest.izzo.pk, budapest.csepel.pk,
    }  # fmt: skip


def test_election_and_recall_through_the_api() -> None:
    budapest = build_budapest(izzo=6, members_per_seat=20)
    m, officer = budapest.members, budapest.izzo_officer
    election = post(officer, f"councils/{budapest.izzo.pk}/elections/", {}, 201)
    for name in ("izzo-1", "izzo-2", "izzo-3"):
        post(m[name], f"elections/{election['id']}/stand/")
    opened = post(officer, f"elections/{election['id']}/open/")
    ballot = opened["ballots"][0]["id"]
    for name in ("izzo-1", "izzo-4", "izzo-5"):
        vote(m[name], ballot, ["izzo-1", "izzo-3", "izzo-2"])
    for name in ("izzo-2", "izzo-officer"):
        vote(budapest.person(name), ballot, ["izzo-2", "izzo-3", "izzo-1"])
    post(officer, f"decisions/ballots/{ballot}/close/")
    declared = client(officer).get(f"/api/v1/elections/{election['id']}/").json()
    assert declared["status"] == "declared"
    assert declared["outcome"]["elected"] == ["izzo-1"]
    seat = list_seats(budapest.izzo)[0]
    assert [h.person.username for h in seat.substitutes] == declared["outcome"]["substitutes"]

    petition = post(m["izzo-4"], f"councils/{budapest.izzo.pk}/recalls/",
                    {"seat": 1, "reason": "Voted to return to work."}, 201)  # fmt: skip
    assert petition["threshold"] == 2 and petition["signatures"] == 1
    signed = post(m["izzo-5"], f"recalls/{petition['id']}/sign/")
    assert signed["status"] == PetitionStatus.BALLOT
    recall_ballot = signed["ballots"][0]["id"]
    for name in ("izzo-3", "izzo-4", "izzo-5"):
        vote(m[name], recall_ballot, "yes")
    post(officer, f"decisions/ballots/{recall_ballot}/close/")
    assert client(officer).get(f"/api/v1/recalls/{petition['id']}/").json()["status"] == "recalled"
    new = list_seats(budapest.izzo)[0].delegate.person.username
    assert new == declared["outcome"]["substitutes"][0]


def test_mandates_over_the_api(budapest: Budapest) -> None:
    m = budapest.members
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], by=budapest.izzo_officer)
    post(budapest.steward, f"councils/{budapest.ujpest.pk}/motions/", {}, 400)
    body = {"title": "General strike", "text": "Strike until the troops leave."}
    motion = post(m["izzo-1"], f"councils/{budapest.ujpest.pk}/motions/", body, 201)
    url = f"motions/{motion['id']}/mandates/{budapest.izzo.pk}/"
    assert post(m["izzo-1"], url, {"position": "for"}, 403)["code"] == "forbidden"
    assert post(budapest.izzo_officer, url, {"position": "maybe"}, 400)["code"] == "invalid"
    rows = post(budapest.izzo_officer, url, {"position": "against"})
    assert rows[0]["mandate"] == "against" and rows[0]["delegate"] == "izzo-1"
    opened = post(budapest.izzo_officer, f"{url}vote/")
    assert opened["state"] == "open"
    votes = client(m["izzo-2"]).get(f"/api/v1/councils/{budapest.izzo.pk}/delegate-votes/")
    assert votes.json()[0]["mandate"] == "against" and votes.json()[0]["broke"] is False


def test_rules_over_the_api(budapest: Budapest) -> None:
    url = f"/api/v1/councils/{budapest.izzo.pk}/decision-rules/"
    assert client(budapest.members["izzo-1"]).get(url).json()["recall_share_percent"] == 20
    response = client(budapest.izzo_officer).put(url, {"recall_share_percent": 30}, format="json")
    assert response.status_code == 200 and response.json()["recall_share_percent"] == 30
    fed = f"/api/v1/federations/{budapest.federation.slug}/decision-rules/"
    assert client(budapest.izzo_officer).put(fed, {"mandates_bind": True},
                                             format="json").status_code == 403  # fmt: skip
    response = client(budapest.steward).put(fed, {"mandates_bind": True}, format="json")
    assert response.json()["mandates_bind"] is True
    bad = client(budapest.steward).put(fed, {"recall_share_percent": 0}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "recall_share_percent"


def test_resume_over_the_api(budapest: Budapest) -> None:
    from tanacs.ballots.actions import do_cancel_ballot
    from tanacs.ballots.selectors import ballot_for

    election = post(budapest.izzo_officer, f"councils/{budapest.izzo.pk}/elections/", {}, 201)
    for name in ("izzo-1", "izzo-2", "izzo-officer"):
        post(budapest.person(name), f"elections/{election['id']}/stand/")
    post(budapest.izzo_officer, f"elections/{election['id']}/open/")
    ballot = ballot_for(Election.objects.get(pk=election["id"]))
    do_cancel_ballot(ballot, by=budapest.izzo_officer, reason="bolted")
    assert post(budapest.members["izzo-1"], f"decisions/ballots/{ballot.pk}/resume/",
                status=403)["code"] == "forbidden"  # fmt: skip
    post(budapest.izzo_officer, f"decisions/ballots/{ballot.pk}/resume/")
    shown = client(budapest.izzo_officer).get(f"/api/v1/elections/{election['id']}/").json()
    assert shown["status"] == "nominating"
