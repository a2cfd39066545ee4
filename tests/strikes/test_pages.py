"""The strike pages through Django's test client: forms post to the actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tanacs.strikes.models import StatusReport, Strike, StrikeStatus
from tests.budapest import Budapest
from tests.strikes.helpers import call_city_strike, carried, city_officer

pytestmark = pytest.mark.django_db


def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_call_report_and_see_the_roll_up_timeline_and_status(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    motion = carried(budapest.city, officer)
    page = browser(officer).get(f"/c/{budapest.city.pk}/strikes/")
    assert page.status_code == 200 and b"Call a strike" in page.content
    response = browser(officer).post(
        f"/c/{budapest.city.pk}/strikes/call/",
        {"title": "General strike", "kind": "general", "motion": motion.pk,
         "starts_at": "1956-10-26T08:00"},
        follow=True,
    )  # fmt: skip
    assert b"Strike called" in response.content
    strike = Strike.objects.get()
    response = browser(budapest.csepel_officer).post(
        f"/strikes/{strike.pk}/report/",
        {"council": budapest.csepel.pk, "status": "essential-services",
         "members_out": "1", "services": "power station: 1"},
        follow=True,
    )  # fmt: skip
    assert b"Status of Csepel" in response.content
    page = browser(budapest.members["izzo-1"]).get(f"/strikes/{strike.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<polyline" in text and "power station (1)" in text
    assert '<dd id="total-out"><strong>1</strong> of 5 members' in text
    assert "Report a council" not in text  # a plain member reports nothing
    council_page = browser(budapest.csepel_officer).get(f"/c/{budapest.csepel.pk}/")
    assert b"On strike, essential services kept" in council_page.content


def test_a_refused_report_says_why_and_changes_nothing(budapest: Budapest) -> None:
    strike = call_city_strike(budapest, city_officer(budapest))
    response = browser(budapest.izzo_officer).post(
        f"/strikes/{strike.pk}/report/",
        {"council": budapest.izzo.pk, "status": "partly-out", "members_out": "9"},
        follow=True,
    )  # fmt: skip
    assert b"has 3 members" in response.content
    response = browser(budapest.izzo_officer).post(
        f"/strikes/{strike.pk}/report/",
        {"council": budapest.izzo.pk, "status": "partly-out", "members_out": "x"},
        follow=True,
    )  # fmt: skip
    assert b"whole number" in response.content
    forbidden = browser(budapest.members["izzo-2"]).post(
        f"/strikes/{strike.pk}/report/", {"council": budapest.izzo.pk, "status": "on-strike"}
    )
    assert forbidden.status_code == 403
    assert not StatusReport.objects.exists()


def test_strangers_do_not_see_strikes_and_officers_end_them(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    strike = call_city_strike(budapest, officer)
    assert Client().get(f"/strikes/{strike.pk}/").status_code == 302  # to sign in
    from tests.budapest import make_person

    assert browser(make_person("outsider")).get(f"/strikes/{strike.pk}/").status_code == 404
    end = carried(budapest.city, officer, "Back to work")
    response = browser(officer).post(
        f"/strikes/{strike.pk}/decide/", {"action": "end", "motion": end.pk}, follow=True
    )
    assert b"Decision recorded" in response.content
    assert Strike.objects.get().status == StrikeStatus.ENDED


def test_a_members_home_page_shows_their_councils_strike_status(budapest: Budapest) -> None:
    from tanacs.strikes.actions import do_report_status

    strike = call_city_strike(budapest, city_officer(budapest))
    do_report_status(strike, budapest.izzo, "partly-out", members_out=2,
                     by=budapest.izzo_officer)  # fmt: skip
    home = browser(budapest.members["izzo-1"]).get("/").content.decode()
    assert "General strike of Greater Budapest" in home and "Partly out" in home
    other = browser(budapest.members["csepel-1"]).get("/").content.decode()
    assert "Partly out" not in other


def test_a_strike_ballots_page_says_what_it_decides(budapest: Budapest) -> None:
    from tanacs.strikes.actions import do_propose_strike, do_put_to_ballot

    officer = budapest.izzo_officer
    call = do_propose_strike(budapest.izzo, by=officer, title="Sit-down strike", kind="sit-down")
    ballot = do_put_to_ballot(call, by=officer)
    page = browser(budapest.members["izzo-1"]).get(f"/b/{ballot.pk}/")
    assert page.status_code == 200
    assert "call the strike: Sit-down strike" in page.content.decode()


def test_a_big_strike_folds_its_workplaces_away_unless_asked(
    budapest: Budapest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tanacs.web.strikes import views

    strike = call_city_strike(budapest, city_officer(budapest))
    monkeypatch.setattr(views, "FOLD_ABOVE", 2)
    folded = browser(budapest.members["izzo-1"]).get(f"/strikes/{strike.pk}/").content.decode()
    assert "Show every council" in folded and "Egyesült Izzó" not in folded
    shown = browser(budapest.members["izzo-1"]).get(f"/strikes/{strike.pk}/?all=1")
    assert "Egyesült Izzó" in shown.content.decode()


def test_officers_open_a_return_to_work_ballot_from_the_strike_page(budapest: Budapest) -> None:
    from tanacs.ballots.models import Ballot

    officer = city_officer(budapest)
    strike = call_city_strike(budapest, officer)
    page = browser(officer).get(f"/strikes/{strike.pk}/").content.decode()
    assert "Open the ballot" in page
    nobody = browser(officer).post(f"/strikes/{strike.pk}/ballot/", {"action": "end"},
                                   follow=True)  # fmt: skip
    assert "Nobody is on this ballot" in nobody.content.decode()
    assert not Ballot.objects.exists() and strike.decisions.count() == 1  # nothing left
    from tanacs.delegation.actions import do_set_seat_holders
    from tests.strikes.helpers import izzo_delegate

    do_set_seat_holders(budapest.ujpest, 1, delegate=izzo_delegate(budapest),
                        by=budapest.steward)  # fmt: skip
    response = browser(officer).post(f"/strikes/{strike.pk}/ballot/", {"action": "end"},
                                     follow=True)  # fmt: skip
    ballot = Ballot.objects.get()
    assert f"Ballot {ballot.pk} is open" in response.content.decode()
    assert ballot.state == "open" and ballot.electorate == "delegates"
    refused = browser(budapest.members["izzo-1"]).post(f"/strikes/{strike.pk}/ballot/",
                                                       {"action": "end"})  # fmt: skip
    assert refused.status_code == 403 and Ballot.objects.count() == 1
