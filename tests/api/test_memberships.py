from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tanacs.journal.models import Entry
from tanacs.membership.models import Membership
from tests.api.state import snapshot
from tests.budapest import Budapest, make_person

pytestmark = pytest.mark.django_db

Client = Callable[[Any], APIClient]
IMPORT = "/api/v1/federations/hungary-1956/members/import/"


def apply(client: APIClient, council_id: int) -> dict[str, Any]:
    response = client.post(f"/api/v1/councils/{council_id}/apply/")
    assert response.status_code == 201, response.json()
    body: dict[str, Any] = response.json()
    return body


def membership_url(membership: dict[str, Any], action: str = "") -> str:
    council = membership["council"]["id"]
    return f"/api/v1/councils/{council}/memberships/{membership['id']}/{action}"


def test_apply_and_be_vouched_in(budapest: Budapest, as_: Client) -> None:
    applicant = make_person("new-worker")
    membership = apply(as_(applicant), budapest.izzo.pk)
    assert membership["status"] == "applied"
    assert membership["federation"] == "hungary-1956"
    first = as_(budapest.members["izzo-1"]).post(membership_url(membership, "vouch/"))
    assert first.status_code == 200
    assert first.json()["status"] == "applied"
    second = as_(budapest.members["izzo-2"]).post(membership_url(membership, "vouch/"))
    assert second.json()["status"] == "active"
    mine = as_(applicant).get("/api/v1/me/memberships/").json()["results"]
    assert [(m["council"]["slug"], m["status"]) for m in mine] == [("egyesult-izzo", "active")]
    kinds = Entry.objects.filter(subject=f"membership:{membership['id']}").values_list(
        "kind", flat=True
    )
    assert list(kinds) == ["member.applied", "member.vouched", "member.vouched", "member.admitted"]


def test_vouching_rules_come_from_the_actions(budapest: Budapest, as_: Client) -> None:
    applicant = make_person("new-worker")
    membership = apply(as_(applicant), budapest.izzo.pk)
    before = snapshot()
    own = as_(applicant).post(membership_url(membership, "vouch/"))
    assert (own.status_code, own.json()["code"]) == (403, "forbidden")
    outsider = as_(budapest.members["csepel-1"]).post(membership_url(membership, "vouch/"))
    assert outsider.status_code == 403
    assert snapshot() == before
    twice = as_(applicant).post(f"/api/v1/councils/{budapest.csepel.pk}/apply/")
    assert (twice.status_code, twice.json()["code"]) == (409, "conflict")
    higher = as_(make_person("someone")).post(f"/api/v1/councils/{budapest.ujpest.pk}/apply/")
    assert higher.status_code == 400
    assert snapshot() == before


def test_officers_admit_suspend_and_reinstate(budapest: Budapest, as_: Client) -> None:
    membership = apply(as_(make_person("new-worker")), budapest.izzo.pk)
    member = as_(budapest.members["izzo-1"])
    officer = as_(budapest.izzo_officer)
    assert member.post(membership_url(membership, "admit/")).status_code == 403
    assert officer.post(membership_url(membership, "admit/")).json()["status"] == "active"
    assert officer.post(membership_url(membership, "admit/")).json()["code"] == (
        "illegal_transition"
    )
    before = snapshot()
    no_reason = officer.post(membership_url(membership, "suspend/"), {}, format="json")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["fields"]
    blank = officer.post(membership_url(membership, "suspend/"), {"reason": "  "}, format="json")
    assert blank.status_code == 400
    assert snapshot() == before
    suspended = officer.post(
        membership_url(membership, "suspend/"), {"reason": "informer"}, format="json"
    ).json()
    assert (suspended["status"], suspended["reason"]) == ("suspended", "informer")
    assert Entry.objects.filter(kind="member.suspended", actor="izzo-officer").exists()
    assert officer.post(membership_url(membership, "reinstate/")).json()["status"] == "active"


def test_members_leave_and_only_they_can(budapest: Budapest, as_: Client) -> None:
    mine = as_(budapest.members["izzo-2"]).get("/api/v1/me/memberships/").json()["results"][0]
    assert as_(budapest.izzo_officer).post(membership_url(mine, "leave/")).status_code == 403
    left = as_(budapest.members["izzo-2"]).post(membership_url(mine, "leave/"))
    assert left.json()["status"] == "left"
    assert as_(budapest.members["izzo-2"]).get("/api/v1/me/memberships/").json()["count"] == 0


def test_member_names_only_inside_the_federation(budapest: Budapest, as_: Client) -> None:
    url = f"/api/v1/councils/{budapest.izzo.pk}/members/"
    inside = as_(budapest.members["csepel-1"]).get(url).json()
    assert [m["username"] for m in inside["results"]] == ["izzo-1", "izzo-2", "izzo-officer"]
    outsider = as_(make_person("outsider"))
    refused = outsider.get(url)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    membership = Membership.objects.get(person__username="izzo-1")
    detail = f"/api/v1/councils/{budapest.izzo.pk}/memberships/{membership.pk}/"
    assert outsider.get(detail).status_code == 403
    assert as_(budapest.members["csepel-1"]).get(detail).json()["username"] == "izzo-1"
    apply(as_(make_person("new-worker")), budapest.izzo.pk)
    applicants = as_(budapest.members["izzo-1"]).get(f"{url}?status=applied").json()["results"]
    assert [(a["username"], a["vouches"]) for a in applicants] == [("new-worker", 0)]
    assert as_(budapest.members["izzo-1"]).get(f"{url}?status=odd").status_code == 400


@pytest.mark.parametrize("status", ["applied", "suspended"])
def test_only_active_members_read_member_lists(
    budapest: Budapest, as_: Client, status: str
) -> None:
    """An applicant (or a suspended member) reads no member list: not of
    another council, not of their own, and no one else's membership."""
    from tanacs.membership.actions import do_admit, do_suspend

    newcomer = make_person("newcomer")
    mine = apply(as_(newcomer), budapest.izzo.pk)
    membership = Membership.objects.get(pk=mine["id"])
    if status == "suspended":
        do_admit(membership, by=budapest.izzo_officer)
        do_suspend(membership, by=budapest.izzo_officer, reason="absent")
    client = as_(newcomer)
    for council in (budapest.csepel, budapest.izzo):
        refused = client.get(f"/api/v1/councils/{council.pk}/members/")
        assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
        assert "csepel-1" not in refused.content.decode()
        assert "izzo-1" not in refused.content.decode()
    other = Membership.objects.get(person__username="csepel-1")
    detail = f"/api/v1/councils/{budapest.csepel.pk}/memberships/{other.pk}/"
    assert client.get(detail).status_code == 403
    assert client.get(membership_url(mine)).json()["username"] == "newcomer"  # their own
    # Active members, officers and stewards still read every council's list.
    for reader in (budapest.members["izzo-1"], budapest.csepel_officer, budapest.steward):
        listed = as_(reader).get(f"/api/v1/councils/{budapest.csepel.pk}/members/").json()
        assert "csepel-1" in [m["username"] for m in listed["results"]]


CSV = (
    "name,email,council\n"
    "Kovács Anna,anna@example.org,egyesult-izzo\n"
    "Nagy Béla,bela@example.org,csepel-works\n"
)


def test_stewards_import_members_as_a_csv_body(budapest: Budapest, as_: Client) -> None:
    response = as_(budapest.steward).post(IMPORT, CSV, content_type="text/csv")
    assert response.status_code == 201, response.json()
    assert response.json() == {"imported": 2, "councils": 2}
    anna = Membership.objects.get(person__email="anna@example.org", status="active").person
    assert anna.username.startswith("kovacs-anna-") and "@" not in anna.username


def test_import_as_a_file_upload_or_json(budapest: Budapest, as_: Client) -> None:
    upload = SimpleUploadedFile("members.csv", CSV.encode(), content_type="text/csv")
    response = as_(budapest.steward).post(IMPORT, {"file": upload}, format="multipart")
    assert response.status_code == 201, response.json()
    more = "name,email,council\nKiss Csaba,csaba@example.org,egyesult-izzo\n"
    as_json = as_(budapest.steward).post(IMPORT, {"csv": more}, format="json")
    assert as_json.json()["imported"] == 1


def test_a_bad_import_names_lines_and_imports_nothing(budapest: Budapest, as_: Client) -> None:
    bad = CSV + "Üres,not-an-email,egyesult-izzo\nValaki,v@example.org,nowhere\n"
    before = snapshot()
    response = as_(budapest.steward).post(IMPORT, bad, content_type="text/csv")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == ["line 4: 'not-an-email' is not an email address"]
    assert "Nothing was imported" in body["message"]
    unknown = as_(budapest.steward).post(
        IMPORT, CSV.replace("csepel-works", "x"), content_type="text/csv"
    )
    assert unknown.json()["errors"] == ["line 3: there is no base council 'x'"]
    empty = as_(budapest.steward).post(IMPORT, {}, format="json")
    assert empty.status_code == 400
    not_officer = as_(budapest.izzo_officer).post(IMPORT, CSV, content_type="text/csv")
    assert not_officer.status_code == 403
    assert not_officer.json()["errors"] == [
        "line 3: you are not an officer of Csepel iron and steel works"
    ]
    assert snapshot() == before
