"""The ballot pages through Django's test client: create, vote, change, receipt, results."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tanacs.ballots.actions import do_cast_vote, do_close_ballot
from tanacs.ballots.mixing import do_mix_choices
from tanacs.ballots.models import Ballot, Choice
from tests.ballots.helpers import open_ballot

pytestmark = pytest.mark.django_db


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_an_officer_creates_a_ballot_and_members_vote(budapest):
    officer = signed_in(budapest.izzo_officer)
    page = officer.get(f"/c/{budapest.izzo.pk}/ballots/new/")
    assert page.status_code == 200
    bad = officer.post(f"/c/{budapest.izzo.pk}/ballots/new/", {
        "title": "Strike?", "method": "yesno", "electorate": "members", "seats": 1,
        "threshold": "simple", "min_reported": 10, "quorum": "lots", "open_now": "on",
    })  # fmt: skip
    assert bad.status_code == 200 and "not a share" in bad.content.decode()
    assert Ballot.objects.count() == 0
    made = officer.post(f"/c/{budapest.izzo.pk}/ballots/new/", {
        "title": "Strike until the troops leave?", "method": "yesno", "electorate": "members",
        "seats": 1, "threshold": "simple", "min_reported": 10, "secret": "on", "open_now": "on",
    })  # fmt: skip
    ballot = Ballot.objects.get()
    assert made.status_code == 302 and ballot.state == "open"
    member = signed_in(budapest.members["izzo-1"])
    assert "Cast my vote" in member.get(f"/b/{ballot.pk}/").content.decode()
    voted = member.post(f"/b/{ballot.pk}/vote/", {"choice": "yes"})
    text = voted.content.decode()
    code = re.search(r'id="receipt-code">([A-Z0-9-]+)<', text).group(1)
    assert voted.cookies[f"receipt-{ballot.pk}"].value == code
    again = member.get(f"/b/{ballot.pk}/").content.decode()
    assert "Change my vote" in again and f'value="{code}"' in again
    refused = member.post(f"/b/{ballot.pk}/vote/", {"choice": "no", "receipt": "WRONG"})
    assert refused.status_code == 403 and "not your receipt" in refused.content.decode()
    member.post(f"/b/{ballot.pk}/vote/", {"choice": "no", "receipt": code})
    waiting = member.post(f"/b/{ballot.pk}/receipt/", {"receipt": code}).content.decode()
    assert "waits a few seconds to be mixed" in waiting
    do_mix_choices()
    assert list(Choice.objects.values_list("marks", flat=True)) == ["no"]
    malformed = signed_in(budapest.members["izzo-2"]).post(f"/b/{ballot.pk}/vote/", {})
    assert malformed.status_code == 400 and "yes, no or abstain" in malformed.content.decode()
    outsider = signed_in(budapest.members["csepel-1"])
    assert "not on this ballot's electorate" in outsider.get(f"/b/{ballot.pk}/").content.decode()
    turnout = member.get(f"/b/{ballot.pk}/turnout/").content.decode()
    assert "33.3%" in turnout
    stored = member.post(f"/b/{ballot.pk}/receipt/", {"receipt": code}).content.decode()
    assert "published when the ballot closes" in stored
    assert member.post(f"/b/{ballot.pk}/close/").status_code == 403
    closed = officer.post(f"/b/{ballot.pk}/close/", follow=True).content.decode()
    assert "closed and counted" in closed
    result = member.get(f"/b/{ballot.pk}/result/").content.decode()
    assert "Not passed" in result and 'aria-label="No: 1 (100.0%)"' in result
    counted = member.post(f"/b/{ballot.pk}/receipt/", {"receipt": code}).content.decode()
    assert "counted as: <strong>no</strong>" in counted
    csv = b"".join(member.get(f"/b/{ballot.pk}/list.csv").streaming_content).decode()
    assert csv.count("\n") == 2 and ",1,no,\n" in csv
    assert member.get(f"/b/{ballot.pk}/list.json").json()["result"]["total"]["no"] == 1
    assert "Strike until" in member.get(f"/c/{budapest.izzo.pk}/ballots/").content.decode()


@pytest.mark.parametrize("method", ["schulze", "irv", "stv", "approval", "choose-one"])
def test_result_pages_show_each_method(budapest, method):
    ballot = open_ballot(
        budapest.izzo, budapest.izzo_officer, method=method,
        options=["Nagy", "Maléter", "Kádár"], seats=2 if method == "stv" else 1,
    )  # fmt: skip
    member = signed_in(budapest.members["izzo-1"])
    form = member.get(f"/b/{ballot.pk}/").content.decode()
    if method in ("schulze", "irv", "stv"):
        assert 'name="rank-2"' in form
        member.post(f"/b/{ballot.pk}/vote/", {"rank-0": "1", "rank-1": "2"})
    elif method == "approval":
        member.post(f"/b/{ballot.pk}/vote/", {"choice": ["0", "1"]})
    else:
        member.post(f"/b/{ballot.pk}/vote/", {"choice": "0"})
    mine = "Maléter" if method == "choose-one" else ["Maléter"]
    do_cast_vote(ballot, by=budapest.izzo_officer, choice=mine)
    do_close_ballot(ballot, by=budapest.izzo_officer)
    page = member.get(f"/b/{ballot.pk}/result/").content.decode()
    assert page.count("Maléter") >= 2
    if method == "schulze":
        assert "Pairwise preferences" in page
    if method in ("irv", "stv"):
        assert "Round by round" in page


def test_referendum_result_page_per_council(budapest):
    ballot = open_ballot(budapest.national, budapest.steward, electorate="referendum",
                         min_reported=2, council_turnout="50%")  # fmt: skip
    for name in ("izzo-1", "izzo-2", "csepel-1"):
        do_cast_vote(ballot, by=budapest.members[name], choice="yes")
    do_cast_vote(ballot, by=budapest.csepel_officer, choice="no")
    do_close_ballot(ballot, by=budapest.steward)
    page = signed_in(budapest.members["izzo-1"]).get(f"/b/{ballot.pk}/result/").content.decode()
    assert 'id="per-council"' in page and "Egyesült Izzó lamp works" in page
    assert "2/3 (66.7%)" in page and "Workplaces bound" in page
    listing = signed_in(budapest.members["izzo-1"]).get(f"/c/{budapest.izzo.pk}/ballots/")
    assert "Referendums from councils above" in listing.content.decode()


def test_a_big_referendum_lists_workplaces_only_when_asked(budapest, monkeypatch):
    from tanacs.web.ballots import views

    ballot = open_ballot(budapest.national, budapest.steward, electorate="referendum",
                         min_reported=0)  # fmt: skip
    do_cast_vote(ballot, by=budapest.members["izzo-1"], choice="yes")
    do_close_ballot(ballot, by=budapest.steward)
    monkeypatch.setattr(views, "COUNCILS_SHOWN", 3)
    member = signed_in(budapest.members["izzo-1"])
    folded = member.get(f"/b/{ballot.pk}/result/").content.decode()
    assert "Show every council" in folded and "Egyesült Izzó lamp works" not in folded
    assert "Újpest district council" in folded
    everything = member.get(f"/b/{ballot.pk}/result/?all=1").content.decode()
    assert "Egyesült Izzó lamp works" in everything
