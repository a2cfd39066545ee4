"""Decisions taken by real ballots: open, cast through ``tanacs.ballots``, close and declare."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tanacs.ballots.actions import do_cast_vote, do_close_and_declare
from tanacs.ballots.models import Ballot, State
from tanacs.ballots.selectors import ballot_for
from tanacs.core.errors import Conflict, Forbidden, InvalidInput
from tanacs.decisions.actions import (
    do_call_election,
    do_cosign_motion,
    do_create_motion,
    do_open_amendment_vote,
    do_open_election,
    do_open_mandate_vote,
    do_open_motion_vote,
    do_open_recall,
    do_propose_amendment,
    do_send_up,
    do_set_mandate,
    do_sign_recall,
    do_stand,
)
from tanacs.decisions.models import (
    AmendmentStatus,
    DecisionRules,
    ElectionStatus,
    Motion,
    MotionStatus,
    PetitionStatus,
    RecallPetition,
)
from tanacs.decisions.selectors import mandate_report, origin_chain
from tanacs.delegation.actions import do_set_seat_holders
from tanacs.delegation.models import HolderStatus
from tanacs.delegation.selectors import list_seats
from tanacs.journal.chain import verify_chain
from tanacs.journal.models import Entry
from tests.budapest import Budapest, build_budapest


def _vote(ballot: Ballot, people: list[Any], choice: Any) -> None:
    for person in people:
        do_cast_vote(ballot, by=person, choice=choice)


@pytest.mark.django_db
def test_amendment_then_motion_are_decided_by_ballot_and_sent_up(budapest: Budapest) -> None:
    m, officer = budapest.members, budapest.izzo_officer
    izzo = [officer, m["izzo-1"], m["izzo-2"]]
    motion = do_create_motion(
        budapest.izzo, title="Workers' councils", text="The factory is run by its council.",
        by=m["izzo-1"],
    )  # fmt: skip
    amendment = do_propose_amendment(
        motion, text="The factory belongs to the workers and is run by their council.",
        by=m["izzo-2"],
    )  # fmt: skip
    for signer in (m["izzo-2"], officer):
        do_cosign_motion(motion, by=signer)
    with pytest.raises(Conflict):
        do_open_motion_vote(motion, by=officer)
    with pytest.raises(Forbidden):
        do_open_amendment_vote(amendment, by=m["izzo-1"])
    ballot = do_open_amendment_vote(amendment, by=officer)
    assert ballot.secret and ballot.state == State.OPEN
    _vote(ballot, izzo, "yes")
    with pytest.raises(Forbidden):
        do_close_and_declare(ballot, by=m["izzo-1"])
    do_close_and_declare(ballot, by=officer)
    amendment.refresh_from_db()
    motion.refresh_from_db()
    assert amendment.status == AmendmentStatus.ADOPTED
    assert motion.text.startswith("The factory belongs to the workers")

    vote = do_open_motion_vote(motion, by=officer)
    _vote(vote, izzo[:2], "yes")
    _vote(vote, izzo[2:], "no")
    do_close_and_declare(vote, by=officer)
    motion.refresh_from_db()
    assert motion.status == MotionStatus.CARRIED
    assert ballot_for(motion) == vote
    with pytest.raises(Conflict):
        do_close_and_declare(vote, by=officer)

    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], by=officer)
    proposal = do_send_up(motion, by=m["izzo-1"])
    assert origin_chain(proposal) == [motion]
    assert proposal.status == MotionStatus.ADMITTED
    assert verify_chain(budapest.federation.chain).ok


@pytest.mark.django_db
def test_a_lost_motion_is_lost(budapest: Budapest) -> None:
    m, officer = budapest.members, budapest.izzo_officer
    DecisionRules.objects.create(federation=budapest.federation, cosigners_needed=0)
    motion = do_create_motion(budapest.izzo, title="Return to work", text="Work resumes.",
                              by=m["izzo-1"])  # fmt: skip
    assert motion.status == MotionStatus.ADMITTED
    ballot = do_open_motion_vote(motion, by=officer)
    _vote(ballot, [officer, m["izzo-2"]], "no")
    do_close_and_declare(ballot, by=officer)
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.LOST


@pytest.mark.django_db
def test_stv_election_seats_the_elected_and_their_substitutes_in_count_order() -> None:
    budapest = build_budapest(izzo=7, members_per_seat=4)  # 7 members: two seats
    m, officer = budapest.members, budapest.izzo_officer
    election = do_call_election(budapest.izzo, by=officer)
    assert election.seats == [1, 2]
    anna, bela, cili, dani = (m[f"izzo-{i}"] for i in range(1, 5))
    for person in (anna, bela, cili, dani):
        do_stand(election, by=person)
    ballot = do_open_election(election, by=officer)
    assert ballot is not None and ballot.method == "stv" and ballot.seats == 2
    names = ["izzo-1", "izzo-2", "izzo-3", "izzo-4"]
    _vote(ballot, [officer, anna, m["izzo-5"]], ["izzo-1", "izzo-3", "izzo-4"])
    _vote(ballot, [bela, cili, m["izzo-6"]], ["izzo-2", "izzo-4", "izzo-3"])
    _vote(ballot, [dani], names[::-1])
    do_close_and_declare(ballot, by=officer)
    election.refresh_from_db()
    assert election.status == ElectionStatus.DECLARED
    result = ballot.__class__.objects.get(pk=ballot.pk)
    assert result.state == State.DECLARED
    elected, substitutes = election.outcome["elected"], election.outcome["substitutes"]
    assert sorted(elected) == ["izzo-1", "izzo-2"]
    seat1, seat2 = list_seats(budapest.izzo)
    assert [seat1.delegate.person.username, seat2.delegate.person.username] == elected
    assert [h.person.username for h in seat1.substitutes] == substitutes[0::2]
    assert [h.person.username for h in seat2.substitutes] == substitutes[1::2]
    kinds = list(Entry.objects.filter(kind="seat.holders_set").values_list("payload", flat=True))
    assert all(f'"ballot":{ballot.pk}' in p for p in kinds)


@pytest.mark.django_db
def test_unopposed_candidates_are_elected_without_a_ballot(budapest: Budapest) -> None:
    m = budapest.members
    election = do_call_election(budapest.csepel, by=budapest.csepel_officer)
    do_stand(election, by=m["csepel-1"])
    assert do_open_election(election, by=budapest.csepel_officer) is None
    assert list_seats(budapest.csepel)[0].delegate.person == m["csepel-1"]


@pytest.mark.django_db
def test_recall_petition_at_threshold_opens_a_ballot_and_the_substitute_sits() -> None:
    budapest = build_budapest(izzo=10, members_per_seat=20)  # 10 members, one seat
    m, officer = budapest.members, budapest.izzo_officer
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"],
                        substitutes=[m["izzo-2"], m["izzo-3"]], by=officer)  # fmt: skip
    with pytest.raises(Forbidden):
        do_open_recall(budapest.izzo, 1, reason="x", by=m["csepel-1"])
    petition = do_open_recall(budapest.izzo, 1, reason="Signed the return to work.",
                              by=m["izzo-4"])  # fmt: skip
    assert (petition.electorate, petition.threshold) == (10, 2)  # 20% of 10
    with pytest.raises(Conflict):
        do_open_recall(budapest.izzo, 1, reason="again", by=m["izzo-5"])
    assert ballot_for(petition) is None
    do_sign_recall(petition, by=m["izzo-5"])
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.BALLOT
    ballot = ballot_for(petition)
    assert ballot is not None and ballot.state == State.OPEN
    with pytest.raises(Conflict):
        do_sign_recall(petition, by=m["izzo-6"])
    _vote(ballot, [m[f"izzo-{i}"] for i in range(4, 9)], "yes")
    _vote(ballot, [m["izzo-1"], m["izzo-2"]], "no")
    assert list_seats(budapest.izzo)[0].delegate.person == m["izzo-1"]
    do_close_and_declare(ballot, by=officer)
    assert RecallPetition.objects.get(pk=petition.pk).status == PetitionStatus.RECALLED
    seat = list_seats(budapest.izzo)[0]
    assert seat.delegate.person == m["izzo-2"]
    recalled = seat.delegate.seat.holders.get(person=m["izzo-1"])
    assert recalled.status == HolderStatus.RECALLED


@pytest.mark.django_db
def test_a_recalled_delegate_also_loses_the_places_their_seat_gave_them_above() -> None:
    budapest = build_budapest(izzo=5, members_per_seat=20)
    m, officer = budapest.members, budapest.izzo_officer
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], substitutes=[m["izzo-2"]],
                        by=officer)  # fmt: skip
    do_set_seat_holders(budapest.ujpest, 1, delegate=m["izzo-1"], by=budapest.steward)
    do_set_seat_holders(budapest.city, 1, delegate=m["izzo-1"], by=budapest.steward)
    petition = do_open_recall(budapest.izzo, 1, reason="r", by=m["izzo-3"])
    ballot = ballot_for(petition)
    _vote(ballot, [m["izzo-3"], m["izzo-4"]], "yes")
    do_close_and_declare(ballot, by=officer)
    assert list_seats(budapest.izzo)[0].delegate.person == m["izzo-2"]
    assert list_seats(budapest.ujpest)[0].delegate is None
    assert list_seats(budapest.city)[0].delegate is None


@pytest.mark.django_db
def test_a_recall_ballot_that_fails_keeps_the_delegate() -> None:
    budapest = build_budapest(izzo=5, members_per_seat=20)
    m, officer = budapest.members, budapest.izzo_officer
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], substitutes=[m["izzo-2"]],
                        by=officer)  # fmt: skip
    petition = do_open_recall(budapest.izzo, 1, reason="r", by=m["izzo-3"])
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.BALLOT  # threshold 1 of 5
    ballot = ballot_for(petition)
    _vote(ballot, [m["izzo-1"], m["izzo-2"], officer], "no")
    do_close_and_declare(ballot, by=officer)
    assert RecallPetition.objects.get(pk=petition.pk).status == PetitionStatus.KEPT
    assert list_seats(budapest.izzo)[0].delegate.person == m["izzo-1"]


def _district_motion(budapest: Budapest) -> tuple[Motion, Any, Any]:
    """Izzó's two seats in Újpest filled; a motion before Újpest."""
    m = budapest.members
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], by=budapest.izzo_officer)
    do_set_seat_holders(budapest.izzo, 2, delegate=m["izzo-2"], by=budapest.izzo_officer)
    DecisionRules.objects.update_or_create(federation=budapest.federation,
                                           defaults={"cosigners_needed": 0})  # fmt: skip
    motion = do_create_motion(budapest.ujpest, title="End the strike",
                              text="Return to work on Monday.", by=m["izzo-1"])  # fmt: skip
    return motion, m["izzo-1"], m["izzo-2"]


@pytest.mark.django_db
def test_mandate_voted_below_shows_where_a_delegate_broke_it(budapest: Budapest) -> None:
    motion, first, second = _district_motion(budapest)
    with pytest.raises(Forbidden):
        do_open_mandate_vote(motion, budapest.izzo, by=budapest.csepel_officer)
    mandate_ballot = do_open_mandate_vote(motion, budapest.izzo, by=budapest.izzo_officer)
    _vote(mandate_ballot, [budapest.izzo_officer, second], "against")
    do_close_and_declare(mandate_ballot, by=budapest.izzo_officer)
    rows = mandate_report(motion)
    assert [r.mandate for r in rows] == ["against", "against"]
    ballot = do_open_motion_vote(motion, by=budapest.steward)
    assert not ballot.secret
    _vote(ballot, [first], "yes")
    _vote(ballot, [second], "no")
    rows = {r.delegate: r for r in mandate_report(motion)}
    assert rows[first].broke and rows[first].vote == "yes"
    assert not rows[second].broke
    do_close_and_declare(ballot, by=budapest.steward)
    # Seat 1 weighs two members, seat 2 one: the mandate-breaking yes carries it.
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.CARRIED


@pytest.mark.django_db
def test_bound_mandates_cast_the_delegates_votes(budapest: Budapest) -> None:
    motion, first, _ = _district_motion(budapest)
    DecisionRules.objects.filter(federation=budapest.federation).update(mandates_bind=True)
    do_set_mandate(motion, budapest.izzo, position="for", by=budapest.izzo_officer)
    with pytest.raises(InvalidInput):  # a secret ballot cannot be bound
        do_open_motion_vote(motion, by=budapest.steward, secret=True)
    ballot = do_open_motion_vote(motion, by=budapest.steward)
    assert {r.vote for r in mandate_report(motion)} == {"yes"}
    with pytest.raises(Forbidden) as refused:  # a bound delegate cannot break the mandate
        _vote(ballot, [first], "no")
    assert refused.value.code == "mandate_binds"
    _vote(ballot, [first], "yes")  # casting the mandate again is fine
    do_close_and_declare(ballot, by=budapest.steward)
    assert not any(r.broke for r in mandate_report(motion))
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.CARRIED


@pytest.mark.django_db
def test_bound_mandates_hold_through_a_scheduled_close(budapest: Budapest) -> None:
    from tanacs.ballots.actions import close_due_ballots

    motion, first, _ = _district_motion(budapest)
    DecisionRules.objects.filter(federation=budapest.federation).update(mandates_bind=True)
    do_set_mandate(motion, budapest.izzo, position="for", by=budapest.izzo_officer)
    ballot = do_open_motion_vote(motion, by=budapest.steward)
    with pytest.raises(Forbidden):
        _vote(ballot, [first], "no")
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now())
    close_due_ballots()
    assert Ballot.objects.get(pk=ballot.pk).state == State.CLOSED
    assert not any(r.broke for r in mandate_report(motion))


@pytest.mark.django_db
def test_an_election_nobody_voted_in_leaves_the_seats_as_they_were() -> None:
    budapest = build_budapest(izzo=5, members_per_seat=20)
    m, officer = budapest.members, budapest.izzo_officer
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], substitutes=[m["izzo-2"]],
                        by=officer)  # fmt: skip
    election = do_call_election(budapest.izzo, by=officer)
    for name in ("izzo-3", "izzo-4"):
        do_stand(election, by=m[name])
    ballot = do_open_election(election, by=officer)
    do_close_and_declare(ballot, by=officer)
    election.refresh_from_db()
    assert election.status == ElectionStatus.DECLARED and election.outcome["elected"] == []
    assert list_seats(budapest.izzo)[0].delegate.person == m["izzo-1"]


@pytest.mark.django_db
def test_a_cancelled_ballot_puts_the_decision_back_to_vote_again(budapest: Budapest) -> None:
    from tanacs.ballots.actions import do_cancel_ballot, do_resume_after_cancel

    m, officer = budapest.members, budapest.izzo_officer
    DecisionRules.objects.create(federation=budapest.federation, cosigners_needed=0)
    motion = do_create_motion(budapest.izzo, title="t", text="x", by=m["izzo-1"])
    ballot = do_open_motion_vote(motion, by=officer)
    with pytest.raises(Conflict):
        do_resume_after_cancel(ballot, by=officer)
    do_cancel_ballot(ballot, by=officer, reason="the hall was bolted shut")
    with pytest.raises(Forbidden):
        do_resume_after_cancel(ballot, by=m["izzo-1"])
    do_resume_after_cancel(ballot, by=officer)
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.ADMITTED
    again = do_open_motion_vote(motion, by=officer)
    with pytest.raises(Conflict):
        do_resume_after_cancel(ballot, by=officer)  # a newer ballot decides it now
    _vote(again, [officer], "yes")
    do_close_and_declare(again, by=officer)
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.CARRIED


@pytest.mark.django_db
def test_a_cancelled_recall_ballot_is_held_again() -> None:
    from tanacs.ballots.actions import do_cancel_ballot, do_resume_after_cancel

    budapest = build_budapest(izzo=5, members_per_seat=20)
    m, officer = budapest.members, budapest.izzo_officer
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], substitutes=[m["izzo-2"]],
                        by=officer)  # fmt: skip
    petition = do_open_recall(budapest.izzo, 1, reason="r", by=m["izzo-3"])
    first = ballot_for(petition)
    do_cancel_ballot(first, by=officer, reason="tampered with")
    second = do_resume_after_cancel(first, by=officer)
    assert second is not None and ballot_for(petition) == second
    _vote(second, [m["izzo-3"]], "yes")
    do_close_and_declare(second, by=officer)
    assert list_seats(budapest.izzo)[0].delegate.person == m["izzo-2"]
