"""The published ballot list: every interface serves exactly the bytes its ``list_sha256`` is
taken over, and no cell of it runs as a spreadsheet formula."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tanacs.ballots.actions import do_cast_vote, do_close_ballot
from tanacs.core.csvsafe import FORMULA_STARTS
from tanacs.core.csvsafe import csv_field as csv_cell
from tests.ballots.helpers import open_ballot

pytestmark = pytest.mark.django_db

# Logins a spreadsheet would run as formulas if they were written as they are.
HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(A1)", "\tTAB", "\rCR", "plain,with \"comma\""]  # fmt: skip


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def downloads(person, ballot_id: int) -> dict[str, bytes]:
    """The published list as each interface serves it."""
    page = Client()
    page.force_login(person)
    api = APIClient()
    api.force_authenticate(person)
    return {
        "cli": run("ballots", "export", str(ballot_id), "--format", "csv").encode(),
        "web": b"".join(page.get(f"/b/{ballot_id}/list.csv").streaming_content),
        "api": b"".join(api.get(f"/api/v1/ballots/{ballot_id}/list/?export=csv").streaming_content),
    }


def published_hashes(person, ballot_id: int) -> set[str]:
    api = APIClient()
    api.force_authenticate(person)
    return {
        json.loads(run("ballots", "show", str(ballot_id), "--json"))["list_sha256"],
        api.get(f"/api/v1/ballots/{ballot_id}/list/").json()["list_sha256"],
        api.get(f"/api/v1/ballots/{ballot_id}/").json()["list_sha256"],
    }


@pytest.mark.parametrize("secret", [True, False])
def test_every_download_hashes_to_the_published_list_sha256(budapest, secret):
    for name in HOSTILE:
        budapest.add_member(budapest.izzo, name)
    officer = budapest.izzo_officer
    ballot = open_ballot(budapest.izzo, officer, secret=secret, method="schulze",
                         options=["Nagy", "Maléter", "Kádár"])  # fmt: skip
    for i, name in enumerate(HOSTILE):
        do_cast_vote(ballot, by=budapest.members[name], choice=["Nagy", "Kádár", "Maléter"][i % 3])
    do_cast_vote(ballot, by=officer, choice=[["Nagy", "Maléter"], "Kádár"])
    ballot = do_close_ballot(ballot, by=officer)
    (published,) = published_hashes(officer, ballot.pk)
    assert published == ballot.list_sha256
    for interface, body in downloads(officer, ballot.pk).items():
        assert hashlib.sha256(body).hexdigest() == published, interface
        rows = list(csv.reader(io.StringIO(body.decode(), newline="")))
        assert rows[0] == ["receipt_hash", "council", "weight", "marks", "voter"]
        assert len(rows) == len(HOSTILE) + 2
        cells = [cell for row in rows for cell in row]
        assert not [c for c in cells if c.startswith(FORMULA_STARTS)], interface
        voters = {row[4] for row in rows[1:]}
        if secret:
            assert voters == {""}
        else:
            assert voters == {"izzo-officer", "'-2+3", "'@SUM(A1)", "'\tTAB", "'\rCR",
                              "'=HYPERLINK(\"http://evil.example\",\"x\")",
                              "'+1+cmd|' /C calc'!A0", "plain,with \"comma\""}  # fmt: skip


def test_a_changed_stored_ballot_no_longer_matches_the_published_hash(budapest):
    from tanacs.ballots.models import Choice

    officer = budapest.izzo_officer
    ballot = open_ballot(budapest.izzo, officer)
    do_cast_vote(ballot, by=officer, choice="yes")
    ballot = do_close_ballot(ballot, by=officer)
    Choice.objects.filter(ballot=ballot).update(marks="no")
    body = downloads(officer, ballot.pk)["cli"]
    assert hashlib.sha256(body).hexdigest() != ballot.list_sha256


@given(st.text())
def test_a_cell_reads_back_as_written_or_behind_an_apostrophe(text):
    written = csv_cell(text)
    assert not written.startswith(FORMULA_STARTS)
    (row,) = csv.reader(io.StringIO(f"{written}\n", newline=""))
    expected = f"'{text}" if text.startswith(FORMULA_STARTS) else text
    assert row == ([expected] if text else [])


def test_every_interface_withholds_the_list_until_the_ballot_closes(budapest) -> None:
    """One rule (``require_list_published``) behind the page, the API and the CLI."""
    from django.core.management.base import CommandError

    ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
    member = budapest.members["izzo-1"]
    page = Client()
    page.force_login(member)
    api = APIClient()
    api.force_authenticate(member)
    assert page.get(f"/b/{ballot.pk}/list.csv").status_code == 409
    refused = api.get(f"/api/v1/ballots/{ballot.pk}/list/")
    assert refused.status_code == 409 and refused.json()["code"] == "conflict"
    assert "published when the ballot closes" in refused.json()["message"]
    with pytest.raises(CommandError, match="published when the ballot closes"):
        run("ballots", "export", str(ballot.pk))
    do_close_ballot(ballot, by=budapest.izzo_officer)
    assert page.get(f"/b/{ballot.pk}/list.csv").status_code == 200
    assert api.get(f"/api/v1/ballots/{ballot.pk}/list/").status_code == 200
