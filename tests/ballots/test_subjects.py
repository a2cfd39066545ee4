"""A new kind of subject needs nothing but its handler: declaring, casting, resuming after a
cancel, the journal, the API's data and the ballot's page all go through the registry.

The throw-away subject here is a council put to its own vote ("dissolve it?"): councils are
not otherwise decided by ballot, and nothing outside this file knows the kind.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tanacs.ballots.actions import (
    do_cancel_ballot,
    do_cast_vote,
    do_close_and_declare,
    do_create_ballot,
    do_declare_recounted,
    do_resume_after_cancel,
)
from tanacs.ballots.export import ballot_data
from tanacs.ballots.models import Ballot, Elector
from tanacs.ballots.selectors import ballot_for, ballots_for
from tanacs.ballots.subjects import Subject, kind_of, register, subject_pk, unregister
from tanacs.core.errors import Conflict, Forbidden, InvalidInput
from tanacs.federation.models import Council
from tanacs.journal.chain import verify_all
from tanacs.journal.models import Entry
from tanacs.membership.models import Membership
from tests.ballots.helpers import open_ballot

pytestmark = pytest.mark.django_db


class Dissolution(Subject):
    kind = "dissolution"

    def __init__(self) -> None:
        self.declared: list[tuple[int, bool]] = []
        self.resumed: list[int] = []

    def declare(self, ballot: Ballot, result: dict[str, Any], *, by: Any) -> None:
        self.declared.append((subject_pk(ballot), bool(result["passed"])))

    def resume(self, ballot: Ballot, *, by: Any) -> Ballot | None:
        self.resumed.append(subject_pk(ballot))
        return None

    def describe(self, ballot: Ballot) -> dict[str, Any]:
        council = Council.objects.get(pk=subject_pk(ballot))
        return {"summary": f"Dissolves the council {council.name}."}

    def check_cast(self, ballot: Ballot, voter: Any, elector: Elector, marks: str) -> None:
        if marks == "abstain":
            raise Forbidden("Nobody abstains on a dissolution.", code="no_abstaining")


@pytest.fixture
def dissolution():
    handler = Dissolution()
    register(Council, handler)
    yield handler
    unregister(Council)


def test_a_registered_subject_is_declared_through_its_handler(budapest, dissolution):
    officer, izzo = budapest.izzo_officer, budapest.izzo
    ballot = open_ballot(izzo, officer, title="Dissolve the council?", decides=izzo)
    assert kind_of(ballot) == "dissolution" and ballot.decides == izzo
    assert ballot_for(izzo) == ballot
    with pytest.raises(Forbidden, match="abstains"):
        do_cast_vote(ballot, by=budapest.members["izzo-1"], choice="abstain")
    for name in ("izzo-1", "izzo-2"):
        do_cast_vote(ballot, by=budapest.members[name], choice="yes")
    ballot = do_close_and_declare(ballot, by=officer)
    assert ballot.state == "declared" and dissolution.declared == [(izzo.pk, True)]
    created = Entry.objects.get(subject=ballot.subject, kind="ballot.created")
    assert json.loads(created.payload)["decides"] == {"kind": "dissolution", "id": izzo.pk}
    assert ballot_data(ballot)["decides"] == {"kind": "dissolution", "id": izzo.pk}
    assert all(report.ok for report in verify_all())


def test_the_recount_comes_before_the_handler_declares(budapest, dissolution):
    from tanacs.ballots.actions import do_close_ballot

    officer, izzo = budapest.izzo_officer, budapest.izzo
    ballot = open_ballot(izzo, officer, title="Dissolve the council?", decides=izzo)
    do_cast_vote(ballot, by=budapest.members["izzo-1"], choice="no")
    ballot = do_close_ballot(ballot, by=officer)
    ballot.result = ballot.result.replace('"passed":false', '"passed":true')
    ballot.save(update_fields=["result"])
    with pytest.raises(Conflict, match="FAILED"):
        do_declare_recounted(ballot, by=officer)
    assert dissolution.declared == [] and Ballot.objects.get(pk=ballot.pk).state == "closed"


def test_a_cancelled_ballot_is_resumed_through_its_handler(budapest, dissolution):
    officer, izzo = budapest.izzo_officer, budapest.izzo
    first = open_ballot(izzo, officer, title="Dissolve the council?", decides=izzo)
    with pytest.raises(Conflict, match="Only a cancelled"):
        do_resume_after_cancel(first, by=officer)
    do_cancel_ballot(first, by=officer, reason="The wrong question")
    with pytest.raises(Forbidden):
        do_resume_after_cancel(first, by=budapest.members["izzo-1"])
    assert do_resume_after_cancel(first, by=officer) is None
    assert dissolution.resumed == [izzo.pk]
    second = open_ballot(izzo, officer, title="Dissolve the council now?", decides=izzo)
    assert ballots_for(izzo) == [second, Ballot.objects.get(pk=first.pk)]
    with pytest.raises(Conflict, match="newer ballot"):
        do_resume_after_cancel(first, by=officer)
    assert dissolution.resumed == [izzo.pk]


def test_the_ballot_page_shows_what_the_handler_describes(budapest, dissolution):
    officer, izzo = budapest.izzo_officer, budapest.izzo
    ballot = open_ballot(izzo, officer, title="Dissolve the council?", decides=izzo)
    plain = open_ballot(izzo, officer, title="Strike?")
    client = Client()
    client.force_login(budapest.members["izzo-1"])
    page = client.get(f"/b/{ballot.pk}/").content.decode()
    assert f"Dissolves the council {izzo.name}." in page
    assert "Dissolves the council" not in client.get(f"/b/{plain.pk}/").content.decode()


def test_without_its_handler_a_subject_is_refused_and_decides_nothing(budapest, dissolution):
    officer, izzo = budapest.izzo_officer, budapest.izzo
    membership = Membership.objects.filter(council=izzo).first()
    with pytest.raises(InvalidInput, match="do not decide a Membership"):
        do_create_ballot(izzo, by=officer, title="Expel?", decides=membership)
    assert not Ballot.objects.exists()
    plain = open_ballot(izzo, officer, title="Strike?")
    assert kind_of(plain) == "question" and ballot_data(plain)["decides"] is None
    with pytest.raises(Conflict, match="decided nothing"):
        do_resume_after_cancel(do_cancel_ballot(plain, by=officer, reason="x"), by=officer)
