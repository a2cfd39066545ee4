"""The public journal names people in office only; members' names, reasons and signers are
for the council's own members (``tanacs.membership.journal_view``), on the page and in the API.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tanacs.decisions.actions.recall import do_open_recall
from tanacs.delegation.actions import do_set_seat_holders
from tanacs.journal.chain import verify_chain
from tanacs.journal.models import Entry
from tanacs.membership.actions import do_suspend
from tanacs.membership.importing import do_import_members
from tanacs.membership.journal_view import pseudonym
from tanacs.membership.models import Membership
from tests.budapest import Budapest, make_person

pytestmark = pytest.mark.django_db

SUSPENDED_FOR = "absent from the strike committee"
RECALLED_FOR = "voted against the mandate of the works"
EMAIL = "anna.kovacs@example.org"
MEMBERS = ("izzo-1", "izzo-2", "csepel-1", "kovacs-anna", EMAIL)


@pytest.fixture
def history(budapest: Budapest) -> Budapest:
    b = budapest
    do_import_members(
        b.federation, f"name,email,council\nKovács Anna,{EMAIL},csepel-works\n", by=b.steward
    )
    izzo_2 = Membership.objects.get(person=b.members["izzo-2"])
    do_suspend(izzo_2, by=b.izzo_officer, reason=SUSPENDED_FOR)
    do_set_seat_holders(b.izzo, 1, delegate=b.izzo_officer, substitutes=[], by=b.steward)
    do_open_recall(b.izzo, 1, reason=RECALLED_FOR, by=b.members["izzo-1"])
    return b


def page(person: Any) -> str:
    client = Client()
    if person is not None:
        client.force_login(person)
    response = client.get("/f/hungary-1956/journal/")
    assert response.status_code == 200
    return str(response.content.decode())


def api(person: Any) -> list[dict[str, Any]]:
    client = APIClient()
    if person is not None:
        client.force_login(person)
    body = client.get("/api/v1/federations/hungary-1956/journal/?limit=1000").json()
    entries: list[dict[str, Any]] = body["entries"]
    return entries


def test_outsiders_see_no_member_names_reasons_or_signers(history: Budapest) -> None:
    b = history
    for reader in (None, make_person("outsider")):
        html, entries = page(reader), api(reader)
        text = json.dumps(entries)
        for secret in (*MEMBERS, SUSPENDED_FOR, RECALLED_FOR):
            assert secret not in html, secret
            assert secret not in text, secret
        # People acting in office are still named.
        appointed = next(e for e in entries if e["kind"] == "council.officer_appointed")
        assert appointed["payload"]["officer"] in ("izzo-officer", "csepel-officer")
        assert appointed["redacted"] == [] and appointed["payload_json"] is not None
        assert "izzo-officer" in html
        suspended = next(e for e in entries if e["kind"] == "member.suspended")
        assert suspended["actor"] == "izzo-officer"
        assert suspended["payload"]["reason"] == "(withheld)"
        assert suspended["payload_json"] is None
        assert set(suspended["redacted"]) == {"person", "person_id", "reason"}
        opened = next(e for e in entries if e["kind"] == "recall.opened")
        assert opened["payload"]["delegate"] == "izzo-officer"
        assert opened["actor"] == "(withheld)"
    assert verify_chain(b.federation.chain).ok


def test_a_member_is_one_stable_pseudonym(history: Budapest) -> None:
    chain = history.federation.chain
    entries = api(None)
    izzo_2 = pseudonym(chain, "izzo-2")
    about = [e["kind"] for e in entries if e["payload"].get("person") == izzo_2]
    assert about == ["member.suspended", "member.admitted", "member.applied"]
    assert next(e for e in entries if e["kind"] == "member.applied")["actor"].startswith("member-")
    assert pseudonym(chain, "izzo-2") != pseudonym("another-chain", "izzo-2")


def test_the_councils_members_read_its_entries_in_full(history: Budapest) -> None:
    b = history
    for reader in (b.members["izzo-1"], b.izzo_officer, b.steward):
        html, text = page(reader), json.dumps(api(reader))
        for shown in ("izzo-2", SUSPENDED_FOR, RECALLED_FOR):
            assert shown in html and shown in text, (reader, shown)
    # A member of another council reads Csepel in full, not Egyesült Izzó.
    other = b.members["csepel-1"]
    html, entries = page(other), api(other)
    assert SUSPENDED_FOR not in html and SUSPENDED_FOR not in json.dumps(entries)
    imported = next(e for e in entries if e["kind"] == "member.imported")
    assert imported["payload"]["person"].startswith("kovacs-anna-")
    assert EMAIL not in html


def test_full_entries_are_shown_exactly_as_hashed(history: Budapest) -> None:
    b = history
    stored = {e.seq: e.payload for e in Entry.objects.filter(chain=b.federation.chain)}
    for entry in api(b.steward):
        assert entry["redacted"] == []
        assert entry["payload_json"] == stored[entry["seq"]]
    single = APIClient().get(f"/api/v1/federations/hungary-1956/journal/{max(stored)}/").json()
    assert RECALLED_FOR not in json.dumps(single)


def test_reasons_elsewhere_follow_the_same_rule(history: Budapest) -> None:
    """The membership detail (API) and a seat holder's reason (council page) too."""
    from tanacs.delegation.actions import do_mark_unavailable

    b = history
    izzo_2 = Membership.objects.get(person=b.members["izzo-2"])
    detail = f"/api/v1/councils/{b.izzo.pk}/memberships/{izzo_2.pk}/"
    for reader, sees in ((b.members["csepel-1"], False), (b.members["izzo-1"], True),
                         (b.members["izzo-2"], True), (b.steward, True)):  # fmt: skip
        client = APIClient()
        client.force_login(reader)
        assert (client.get(detail).json()["reason"] == SUSPENDED_FOR) is sees
    do_set_seat_holders(b.csepel, 1, delegate=b.members["csepel-1"], substitutes=[], by=b.steward)
    do_mark_unavailable(b.csepel, 1, b.members["csepel-1"], reason="arrested at dawn",
                        by=b.csepel_officer)  # fmt: skip
    for reader, sees in ((None, False), (b.members["izzo-1"], False),
                         (b.csepel_officer, True), (b.steward, True)):  # fmt: skip
        client = Client()
        if reader is not None:
            client.force_login(reader)
        html = client.get(f"/c/{b.csepel.pk}/").content.decode()
        assert ("arrested at dawn" in html) is sees, reader
