"""Bulletins: who writes and relays them, bad input, and the journal entry of each."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.contrib.auth.models import AnonymousUser

from tanacs.broadcast.access import access_bulletin_for
from tanacs.broadcast.actions import do_post_bulletin, do_relay_bulletin
from tanacs.broadcast.models import Bulletin
from tanacs.core.errors import Conflict, ErrorCode, Forbidden, InvalidInput, NotFound
from tanacs.federation.actions import do_appoint_officer
from tanacs.journal.chain import verify_chain
from tanacs.journal.models import Entry
from tests.budapest import Budapest, make_person

pytestmark = pytest.mark.django_db


def _post(b: Budapest, *, public: bool = True, by: object = None) -> Bulletin:
    return do_post_bulletin(
        b.izzo, title="Strike from Friday", body="The works stop at six.", public=public,
        by=by or b.izzo_officer,
    )  # fmt: skip


def test_an_officer_posts_a_public_bulletin_journaled_with_its_text(budapest: Budapest) -> None:
    bulletin = _post(budapest)
    entry = Entry.objects.get(chain=budapest.federation.chain, seq=bulletin.journal_seq)
    assert entry.kind == "bulletin.posted"
    assert entry.subject == f"bulletin:{bulletin.pk}"
    assert entry.actor == "izzo-officer"
    assert not entry.private
    payload = json.loads(entry.payload)
    assert payload == {"council": budapest.izzo.pk, "bulletin": bulletin.pk,
                       "title": "Strike from Friday", "body": "The works stop at six.",
                       "public": True}  # fmt: skip
    assert bulletin.at == entry.at
    assert verify_chain(budapest.federation.chain).ok


def test_a_members_only_bulletin_is_journaled_privately_without_its_text(
    budapest: Budapest,
) -> None:
    bulletin = _post(budapest, public=False)
    entry = Entry.objects.get(chain=budapest.federation.chain, seq=bulletin.journal_seq)
    assert entry.private
    payload = json.loads(entry.payload)
    assert "body" not in payload
    assert payload["body_sha256"] == hashlib.sha256(b"The works stop at six.").hexdigest()


@pytest.mark.parametrize("who", ["member", "other-member", "steward-less", "anonymous"])
def test_only_officers_write(budapest: Budapest, who: str) -> None:
    budapest.add_member(budapest.izzo, "izzo-9")
    people = {
        "member": budapest.members["izzo-9"],
        "other-member": budapest.csepel_officer,  # an officer, of another council
        "steward-less": make_person("outsider"),
        "anonymous": AnonymousUser(),
    }
    before = Entry.objects.count()
    with pytest.raises(Forbidden, match="Only the officers of Egyesült Izzó"):
        _post(budapest, by=people[who])
    assert Bulletin.objects.count() == 0
    assert Entry.objects.count() == before


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [("", "text", "title"), ("  ", "text", "title"), ("t", "", "body"), ("x" * 201, "b", "title"),
     ("t", "b" * 20_001, "body")],
)  # fmt: skip
def test_bad_input_changes_nothing(budapest: Budapest, title: str, body: str, field: str) -> None:
    before = Entry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        do_post_bulletin(budapest.izzo, title=title, body=body, public=True,
                         by=budapest.izzo_officer)  # fmt: skip
    assert refused.value.details["field"] == field
    assert Bulletin.objects.count() == 0
    assert Entry.objects.count() == before


def test_members_only_is_read_by_the_council_and_not_found_for_others(budapest: Budapest) -> None:
    bulletin = _post(budapest, public=False)
    budapest.add_member(budapest.izzo, "izzo-9")
    assert access_bulletin_for(budapest.members["izzo-9"], bulletin.pk) == bulletin
    assert access_bulletin_for(budapest.izzo_officer, bulletin.pk) == bulletin
    for outsider in (budapest.csepel_officer, make_person("outsider"), AnonymousUser()):
        with pytest.raises(NotFound):
            access_bulletin_for(outsider, bulletin.pk)


def test_a_council_above_relays_with_the_origin_kept(budapest: Budapest) -> None:
    bulletin = _post(budapest)
    officer = make_person("ujpest-officer")
    do_appoint_officer(budapest.ujpest, officer, by=budapest.steward)
    relay = do_relay_bulletin(budapest.ujpest, bulletin, by=officer)
    assert relay.origin == bulletin and relay.council == budapest.ujpest
    assert relay.shown.title == "Strike from Friday"
    entry = Entry.objects.get(chain=budapest.federation.chain, seq=relay.journal_seq)
    assert entry.kind == "bulletin.relayed"
    assert json.loads(entry.payload)["origin"] == bulletin.pk
    with pytest.raises(Conflict) as again:
        do_relay_bulletin(budapest.ujpest, bulletin, by=officer)
    assert again.value.code == ErrorCode.ALREADY_RELAYED
    # A council below relays it back down, relaying a relay carries the original.
    down = do_post_bulletin(budapest.ujpest, title="District news", body="Hold firm.",
                            public=True, by=officer)  # fmt: skip
    assert do_relay_bulletin(budapest.izzo, down, by=budapest.izzo_officer).origin == down


def test_relays_are_refused_out_of_line_members_only_and_by_non_officers(
    budapest: Budapest,
) -> None:
    public = _post(budapest)
    private = _post(budapest, public=False)
    before = Entry.objects.count()
    with pytest.raises(InvalidInput) as out_of_line:  # Csepel is not above or below Izzó
        do_relay_bulletin(budapest.csepel, public, by=budapest.csepel_officer)
    assert out_of_line.value.code == ErrorCode.RELAY_OUT_OF_LINE
    officer = make_person("ujpest-officer")
    do_appoint_officer(budapest.ujpest, officer, by=budapest.steward)
    with pytest.raises(Conflict) as members_only:
        do_relay_bulletin(budapest.ujpest, private, by=officer)
    assert members_only.value.code == ErrorCode.BULLETIN_MEMBERS_ONLY
    with pytest.raises(Forbidden):
        do_relay_bulletin(budapest.ujpest, public, by=budapest.izzo_officer)
    with pytest.raises(InvalidInput):
        do_relay_bulletin(budapest.izzo, public, by=budapest.izzo_officer)
    assert Bulletin.objects.filter(origin__isnull=False).count() == 0
    assert Entry.objects.count() == before + 1  # the officer appointed, nothing else
