"""The strikes API: calls, reports and decisions through the actions; errors as JSON."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tanacs.strikes.models import StatusReport, Strike
from tests.budapest import Budapest, make_person
from tests.strikes.helpers import call_city_strike, carried, city_officer, izzo_delegate

pytestmark = pytest.mark.django_db


def client(user: Any) -> APIClient:
    c = APIClient()
    if user is not None:
        c.force_login(user)
    return c


def test_call_report_show_and_end_over_the_api(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    motion = carried(budapest.city, officer)
    answer = client(officer).post(
        f"/api/v1/councils/{budapest.city.pk}/strikes/",
        {"title": "General strike", "kind": "general", "motion": motion.pk,
         "scope": [budapest.ujpest.pk]},
        format="json",
    )  # fmt: skip
    assert answer.status_code == 201, answer.json()
    strike = answer.json()
    assert strike["total"] == {"members": 3, "members_out": 0, "councils": 2, "councils_out": 0}
    report = client(izzo_delegate(budapest)).post(
        f"/api/v1/strikes/{strike['id']}/reports/",
        {"council": budapest.izzo.pk, "status": "partly-out", "members_out": 2}, format="json",
    )  # fmt: skip
    assert report.status_code == 201, report.json()
    shown = client(budapest.members["izzo-2"]).get(f"/api/v1/strikes/{strike['id']}/").json()
    assert shown["total"]["members_out"] == 2
    assert shown["councils"][0]["children"][0]["status"] == "partly-out"
    listed = client(budapest.members["csepel-1"]).get(
        f"/api/v1/councils/{budapest.csepel.pk}/strikes/"
    )
    assert [s["id"] for s in listed.json()] == [strike["id"]]
    end = carried(budapest.city, officer, "Back to work")
    ended = client(officer).post(f"/api/v1/strikes/{strike['id']}/decisions/",
                                 {"action": "end", "motion": end.pk}, format="json")  # fmt: skip
    assert ended.status_code == 200 and ended.json()["status"] == "ended"


@pytest.mark.parametrize(
    ("role", "status", "code"),
    [
        ("member", 403, "not_a_reporter"),
        ("other", 403, "not_a_reporter"),
        ("outsider", 403, "not_a_reporter"),
        ("anonymous", 401, "not_authenticated"),
    ],
)
def test_reports_refused_over_the_api(
    budapest: Budapest, role: str, status: int, code: str
) -> None:
    strike = call_city_strike(budapest, city_officer(budapest))
    who = {"member": budapest.members["izzo-2"], "other": budapest.members["csepel-1"],
           "outsider": make_person("outsider"), "anonymous": None}[role]  # fmt: skip
    answer = client(who).post(f"/api/v1/strikes/{strike.pk}/reports/",
                              {"council": budapest.izzo.pk, "status": "on-strike"},
                              format="json")  # fmt: skip
    # A person outside the federation does not see the strike at all.
    if role == "outsider":
        status, code = 404, "not_found"
    assert answer.status_code == status, answer.json()
    assert answer.json()["code"] == code
    assert not StatusReport.objects.exists()


def test_bad_input_over_the_api(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    strike = call_city_strike(budapest, officer)
    too_many = client(budapest.izzo_officer).post(
        f"/api/v1/strikes/{strike.pk}/reports/",
        {"council": budapest.izzo.pk, "status": "partly-out", "members_out": 99}, format="json",
    )  # fmt: skip
    assert too_many.status_code == 400 and too_many.json()["code"] == "too_many_out"
    undecided = client(officer).post(
        f"/api/v1/councils/{budapest.city.pk}/strikes/", {"title": "x"}, format="json"
    )
    assert undecided.status_code == 400 and undecided.json()["code"] == "not_decided"
    assert Strike.objects.count() == 1 and not StatusReport.objects.exists()


def test_the_schema_documents_the_strike_operations(budapest: Budapest) -> None:
    schema = client(budapest.steward).get("/api/schema/?format=json").json()
    operations = {op["operationId"] for item in schema["paths"].values()
                  for op in item.values() if isinstance(op, dict)}  # fmt: skip
    assert {"strikes_list", "strikes_call", "strikes_show", "strikes_report",
            "strikes_decide"} <= operations  # fmt: skip


def test_a_strike_called_and_ended_by_ballots_over_the_api(budapest: Budapest) -> None:
    officer, m = budapest.izzo_officer, budapest.members
    proposed = client(officer).post(
        f"/api/v1/councils/{budapest.izzo.pk}/strike-ballots/",
        {"title": "Sit-down strike", "kind": "sit-down"}, format="json",
    )  # fmt: skip
    assert proposed.status_code == 201, proposed.json()
    body = proposed.json()
    for person in (officer, m["izzo-1"]):
        vote = client(person).post(f"/api/v1/ballots/{body['ballot']}/vote/",
                                   {"choice": "yes"}, format="json")  # fmt: skip
        assert vote.status_code in (200, 201), vote.json()
    closed = client(officer).post(f"/api/v1/decisions/ballots/{body['ballot']}/close/")
    assert closed.status_code == 200, closed.json()
    assert Strike.objects.get(pk=body["strike"]).status == "called"
    back = client(officer).post(f"/api/v1/strikes/{body['strike']}/ballots/",
                                {"action": "end"}, format="json")  # fmt: skip
    assert back.status_code == 201 and "return to work" in back.json()["title"]
    member = client(m["izzo-1"]).post(f"/api/v1/strikes/{body['strike']}/ballots/",
                                      {"action": "end"}, format="json")  # fmt: skip
    assert member.status_code == 403
