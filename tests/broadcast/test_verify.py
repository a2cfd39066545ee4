"""``tanacs verify`` replays bulletins and names one changed behind the actions' back."""

from __future__ import annotations

import pytest

from tanacs.archive.audit import audit_federation
from tanacs.broadcast.actions import do_post_bulletin, do_relay_bulletin
from tanacs.broadcast.models import Bulletin
from tanacs.federation.actions import do_appoint_officer
from tests.budapest import Budapest, make_person

pytestmark = pytest.mark.django_db


def _bulletins(b: Budapest) -> tuple[Bulletin, Bulletin, Bulletin]:
    public = do_post_bulletin(b.izzo, title="Strike from Friday", body="The works stop at six.",
                              public=True, by=b.izzo_officer)  # fmt: skip
    private = do_post_bulletin(b.izzo, title="Pickets", body="Meet at the gate at five.",
                               public=False, by=b.izzo_officer)  # fmt: skip
    officer = make_person("ujpest-officer")
    do_appoint_officer(b.ujpest, officer, by=b.steward)
    relay = do_relay_bulletin(b.ujpest, public, by=officer)
    return public, private, relay


def test_verify_passes_after_bulletins_and_a_relay(budapest: Budapest) -> None:
    _bulletins(budapest)
    report = audit_federation(budapest.federation)
    assert report.ok, report.differences
    assert report.rows["bulletin"] == 3


@pytest.mark.parametrize("what", ["made public", "reworded", "relay moved", "inserted"])
def test_verify_names_a_bulletin_changed_behind_the_actions(budapest: Budapest, what: str) -> None:
    public, private, relay = _bulletins(budapest)
    if what == "made public":
        Bulletin.objects.filter(pk=private.pk).update(public=True)
        words = f"bulletin {private.pk}: public is True in the table, False in the journal"
    elif what == "reworded":
        Bulletin.objects.filter(pk=public.pk).update(body="The works go on.")
        words = f"bulletin {public.pk}: body_sha256"
    elif what == "relay moved":
        Bulletin.objects.filter(pk=relay.pk).update(council=budapest.csepel_district)
        words = f"bulletin {relay.pk}: council"
    else:
        Bulletin.objects.create(federation=budapest.federation, council=budapest.izzo,
                                title="Forged", body="Back to work.", by=budapest.izzo_officer,
                                at=public.at, journal_seq=public.journal_seq)  # fmt: skip
        words = "in the table, but no journal entry made it"
    report = audit_federation(budapest.federation)
    assert not report.ok
    assert any(words in line for line in report.differences), report.differences
