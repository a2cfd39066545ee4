"""The decision pages through Django's test client: forms post to the actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tanacs.ballots.actions import do_cast_vote
from tanacs.ballots.selectors import ballot_for
from tanacs.decisions.actions import (
    do_add_point,
    do_create_programme,
    do_merge_programme,
)
from tanacs.decisions.models import Motion, MotionStatus, RecallPetition
from tanacs.delegation.actions import do_set_seat_holders
from tanacs.membership.actions import do_apply
from tests.budapest import Budapest, build_budapest

pytestmark = pytest.mark.django_db


def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_table_cosign_amend_vote_and_send_up_on_the_pages(budapest: Budapest) -> None:
    m, officer = budapest.members, budapest.izzo_officer
    page = browser(m["izzo-1"]).get(f"/c/{budapest.izzo.pk}/decisions/")
    assert page.status_code == 200 and b"Table a motion" in page.content
    response = browser(m["izzo-1"]).post(
        f"/c/{budapest.izzo.pk}/motions/new/", {"title": "Free press", "text": "A free press."},
        follow=True,
    )  # fmt: skip
    assert b"Motion tabled" in response.content
    motion = Motion.objects.get()
    url = f"/motions/{motion.pk}/"
    page = browser(m["izzo-2"]).get(url)
    assert b"Co-sign" in page.content
    browser(m["izzo-2"]).post(f"{url}cosign/")
    refused = browser(m["izzo-1"]).post(f"{url}cosign/", follow=True)
    assert b"own motion" in refused.content
    browser(officer).post(f"{url}cosign/")
    browser(m["izzo-2"]).post(f"{url}amend/", {"text": "A free press and free radio."})
    page = browser(officer).get(url)
    assert b"Put amendment 1 to the vote" in page.content
    amendment = motion.amendments.get()
    browser(officer).post(f"/amendments/{amendment.pk}/vote/")
    ballot = ballot_for(amendment)
    for person in (officer, m["izzo-1"]):
        do_cast_vote(ballot, by=person, choice="yes")
    done = browser(officer).post(f"/decisions/ballots/{ballot.pk}/close/", {"next": url},
                                 follow=True)  # fmt: skip
    assert b"free radio" in done.content and b"declared" in done.content
    browser(officer).post(f"{url}vote/")
    vote = ballot_for(motion)
    for person in (officer, m["izzo-1"]):
        do_cast_vote(vote, by=person, choice="yes")
    browser(officer).post(f"/decisions/ballots/{vote.pk}/close/", {"next": url})
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.CARRIED
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], by=officer)
    browser(m["izzo-1"]).post(f"{url}send-up/")
    proposal = Motion.objects.get(council=budapest.ujpest)
    page = browser(m["izzo-1"]).get(f"/motions/{proposal.pk}/")
    assert b"Where it came from" in page.content and b"Egyes" in page.content
    assert b"Mandates of the delegates" in page.content


def test_outsiders_do_not_see_decisions(budapest: Budapest) -> None:
    stranger = budapest.person("stranger")
    assert browser(stranger).get(f"/c/{budapest.izzo.pk}/decisions/").status_code == 403
    motion = Motion.objects.create(council=budapest.izzo, title="t", text="x",
                                   author=budapest.izzo_officer)  # fmt: skip
    assert browser(stranger).get(f"/motions/{motion.pk}/").status_code == 404
    assert Client().get(f"/motions/{motion.pk}/").status_code == 302
    # Applying is not belonging: an applicant learns nothing of the decisions until admitted.
    applicant = budapest.person("applicant")
    do_apply(budapest.izzo, person=applicant)
    assert browser(applicant).get(f"/c/{budapest.izzo.pk}/decisions/").status_code == 403
    assert browser(applicant).get(f"/motions/{motion.pk}/").status_code == 404
    assert browser(applicant).get(f"/api/v1/motions/{motion.pk}/").status_code == 404


def test_programme_page_lists_endorsing_councils(budapest: Budapest) -> None:
    students = do_create_programme(budapest.izzo, title="16 points", by=budapest.izzo_officer)
    do_add_point(students, text="Soviet troops leave.", by=budapest.izzo_officer)
    joint = do_create_programme(budapest.city, title="Joint programme", by=budapest.steward)
    do_merge_programme(students, joint, by=budapest.steward)
    page = browser(budapest.csepel_officer).get(f"/programmes/{joint.pk}/")
    assert b"Soviet troops leave." in page.content
    assert budapest.izzo.name.encode() in page.content
    point = joint.points.get()
    browser(budapest.csepel_officer).post(
        f"/programmes/{joint.pk}/endorse/",
        {"point": point.pk, "council": budapest.csepel.pk, "note": "yard meeting"},
    )
    page = browser(budapest.steward).get(f"/programmes/{joint.pk}/")
    assert budapest.csepel.name.encode() in page.content


def test_recall_petition_page_shows_the_substitute_after_the_recall() -> None:
    budapest = build_budapest(izzo=5, members_per_seat=20)
    m = budapest.members
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], substitutes=[m["izzo-2"]],
                        by=budapest.izzo_officer)  # fmt: skip
    browser(m["izzo-3"]).post(f"/c/{budapest.izzo.pk}/recalls/new/",
                              {"seat": 1, "reason": "Broke the mandate."})  # fmt: skip
    petition = RecallPetition.objects.get()
    ballot = ballot_for(petition)
    for name in ("izzo-3", "izzo-4"):
        do_cast_vote(ballot, by=m[name], choice="yes")
    browser(budapest.izzo_officer).post(f"/decisions/ballots/{ballot.pk}/close/")
    page = browser(m["izzo-4"]).get(f"/recalls/{petition.pk}/")
    assert b"was recalled" in page.content
    assert b'<dd id="sitting">izzo-2</dd>' in page.content


def test_election_page(budapest: Budapest) -> None:
    officer = budapest.csepel_officer
    browser(officer).post(f"/c/{budapest.csepel.pk}/elections/new/")
    election = budapest.csepel.elections.get()
    browser(budapest.members["csepel-1"]).post(f"/elections/{election.pk}/stand/")
    response = browser(officer).post(f"/elections/{election.pk}/open/", follow=True)
    assert b"Elected unopposed" in response.content
    assert b"Seat 1: <strong>csepel-1</strong>" in response.content


def test_rules_forms(budapest: Budapest) -> None:
    url = f"/c/{budapest.izzo.pk}/decision-rules/"
    browser(budapest.izzo_officer).post(url, {"share": "30", "cosigners": ""})
    page = browser(budapest.members["izzo-1"]).get(f"/c/{budapest.izzo.pk}/decisions/")
    assert b"30% of a seat" in page.content
    refused = browser(budapest.izzo_officer).post(url, {"scope": "federation", "bind": "on"})
    assert refused.status_code == 403
    browser(budapest.steward).post(url, {"scope": "federation", "bind": "on"})
    page = browser(budapest.members["izzo-1"]).get(f"/c/{budapest.izzo.pk}/decisions/")
    assert b"mandates bind" in page.content
    bad = browser(budapest.izzo_officer).post(url, {"share": "500"}, follow=True)
    assert b"percentage from 1 to 100" in bad.content


def test_a_higher_councils_ballot_page_shows_mandates_and_breaches(budapest: Budapest) -> None:
    from tanacs.decisions.actions import (
        do_create_motion,
        do_open_motion_vote,
        do_set_federation_rules,
        do_set_mandate,
    )

    m = budapest.members
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], by=budapest.izzo_officer)
    do_set_federation_rules(budapest.federation, by=budapest.steward, cosigners_needed=0)
    motion = do_create_motion(budapest.ujpest, title="Return to work", text="Work resumes.",
                              by=m["izzo-1"])  # fmt: skip
    do_set_mandate(motion, budapest.izzo, position="against", by=budapest.izzo_officer)
    ballot = do_open_motion_vote(motion, by=budapest.steward)
    do_cast_vote(ballot, by=m["izzo-1"], choice="yes")
    page = browser(m["izzo-2"]).get(f"/b/{ballot.pk}/")
    assert b"Mandates and votes of the delegates" in page.content
    assert b"broke the mandate" in page.content
    page = browser(m["izzo-2"]).get(f"/motions/{motion.pk}/mandates/")
    assert b"broke the mandate" in page.content
    page = browser(m["izzo-2"]).get(f"/c/{budapest.izzo.pk}/decisions/")
    assert b"How our delegates voted on our mandates" in page.content
    assert b"broke the mandate" in page.content


def test_a_motion_tabled_to_endorse_another_councils_point(budapest: Budapest) -> None:
    students = do_create_programme(budapest.izzo, title="16 points", by=budapest.izzo_officer)
    point = do_add_point(students, text="Free elections.", by=budapest.izzo_officer)
    page = browser(budapest.members["csepel-1"]).get(f"/c/{budapest.csepel.pk}/decisions/")
    assert b"16 points, point 1" in page.content
    browser(budapest.members["csepel-1"]).post(
        f"/c/{budapest.csepel.pk}/motions/new/",
        {"title": "Endorse", "text": "We endorse free elections.", "point": point.pk},
    )
    assert Motion.objects.get(council=budapest.csepel).point == point


def test_a_cancelled_motion_ballot_can_be_voted_again_from_the_page(budapest: Budapest) -> None:
    from tanacs.ballots.actions import do_cancel_ballot
    from tanacs.decisions.actions import (
        do_create_motion,
        do_open_motion_vote,
        do_set_federation_rules,
    )

    do_set_federation_rules(budapest.federation, by=budapest.steward, cosigners_needed=0)
    officer = budapest.izzo_officer
    motion = do_create_motion(budapest.izzo, title="t", text="x", by=budapest.members["izzo-1"])
    ballot = do_open_motion_vote(motion, by=officer)
    page = browser(officer).get(f"/motions/{motion.pk}/")
    assert b"Close and declare" in page.content
    do_cancel_ballot(ballot, by=officer, reason="hall bolted")
    page = browser(officer).get(f"/motions/{motion.pk}/")
    assert b"Cancelled: vote again" in page.content
    done = browser(officer).post(f"/decisions/ballots/{ballot.pk}/resume/",
                                 {"next": f"/motions/{motion.pk}/"}, follow=True)  # fmt: skip
    assert b"put to the vote again" in done.content
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.ADMITTED
    assert b"Put the motion to the vote" in done.content
