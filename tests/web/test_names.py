"""Pages name people by their names, not their logins: in ballots, results, recalls and
decisions; and the levels of a federation by the names it gave them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tanacs.ballots.actions import do_cast_vote, do_close_ballot
from tanacs.ballots.mixing import do_mix_choices
from tanacs.ballots.selectors import ballot_for
from tanacs.decisions.actions import do_call_election, do_stand
from tanacs.decisions.actions.elections import do_open_election
from tanacs.decisions.actions.recall import do_open_recall
from tanacs.decisions.models import RecallPetition
from tanacs.delegation.actions import do_set_seat_holders
from tests.ballots.helpers import open_ballot
from tests.budapest import build_budapest

pytestmark = pytest.mark.django_db

NAMES = {
    "izzo-1": ("Katalin", "Kovács"),
    "izzo-2": ("András", "Balogh"),
    "izzo-3": ("Imre", "Nagy"),
}


def page(person: Any, url: str) -> str:
    client = Client()
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())


def named(budapest: Any) -> None:
    for login, (first, last) in NAMES.items():
        person = budapest.members[login]
        person.first_name, person.last_name = first, last
        person.save()


def test_an_election_ballot_and_its_result_name_the_candidates() -> None:
    budapest = build_budapest(izzo=7, members_per_seat=20)
    named(budapest)
    m = budapest.members
    election = do_call_election(budapest.izzo, seats=[1], by=budapest.izzo_officer)
    for login in NAMES:
        do_stand(election, by=m[login])
    ballot = do_open_election(election, by=budapest.izzo_officer, secret=True)
    assert ballot is not None
    vote = page(m["izzo-4"], f"/b/{ballot.pk}/")
    assert 'aria-label="Rank for Katalin Kovács"' in vote and "izzo-1" not in vote
    for voter in ("izzo-4", "izzo-5", "izzo-6"):
        do_cast_vote(ballot, by=m[voter], choice=[[1], [0]])
    do_mix_choices()
    do_close_ballot(ballot, by=budapest.izzo_officer)
    result = page(m["izzo-4"], f"/b/{ballot.pk}/result/")
    assert "<strong>András Balogh</strong>" in result
    assert '<th scope="col">Imre Nagy</th>' in result
    assert "izzo-2" not in result.split("<main")[-1].split("Check it yourself")[0]
    from tanacs.ballots.actions import do_declare_ballot

    do_declare_ballot(ballot, by=budapest.izzo_officer)
    shown = page(m["izzo-4"], f"/elections/{election.pk}/")
    assert "<p>Elected: András Balogh</p>" in shown
    assert "<p>Substitutes in order: Katalin Kovács, Imre Nagy</p>" in shown
    assert "izzo-2" not in shown


def test_a_recall_ballot_and_petition_name_the_delegate() -> None:
    budapest = build_budapest(izzo=5, members_per_seat=20)
    named(budapest)
    m = budapest.members
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-2"], by=budapest.izzo_officer)
    do_open_recall(budapest.izzo, 1, reason="Broke the mandate.", by=m["izzo-3"])
    petition = RecallPetition.objects.get()
    ballot = ballot_for(petition)
    assert ballot is not None
    assert ballot.title == "Recall András Balogh from seat 1?"
    shown = page(m["izzo-4"], f"/recalls/{petition.pk}/")
    assert "<h1>Recall András Balogh from seat 1</h1>" in shown and "izzo-2" not in shown
    council = page(m["izzo-4"], f"/c/{budapest.izzo.pk}/decisions/")
    assert '<strong class="sitting">András Balogh</strong>' in council


def test_a_referendum_result_names_the_levels(budapest: Any) -> None:
    ballot = open_ballot(budapest.national, budapest.steward, electorate="referendum",
                         min_reported=1)  # fmt: skip
    for login in ("izzo-1", "izzo-2", "csepel-1"):
        do_cast_vote(ballot, by=budapest.members[login], choice="yes")
    do_mix_choices()
    do_close_ballot(ballot, by=budapest.steward)
    result = page(budapest.members["izzo-1"], f"/b/{ballot.pk}/result/")
    assert "<dt>Councils where it passed</dt><dd>workplace: 2; district: 2;" in result
    assert "level 0" not in result
