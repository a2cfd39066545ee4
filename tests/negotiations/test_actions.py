"""Opening, sending and answering negotiations: rights, refusals, the strike hook, journal."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tanacs.archive.audit import audit_federation
from tanacs.ballots.actions import do_cast_vote, do_close_and_declare
from tanacs.core.errors import (
    Conflict,
    ErrorCode,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    TanacsError,
)
from tanacs.decisions.actions import do_add_point, do_create_programme
from tanacs.decisions.models import Election, ElectionStatus
from tanacs.journal.models import Entry
from tanacs.negotiations.access import access_negotiation_for
from tanacs.negotiations.actions import (
    do_add_demands,
    do_open_negotiation,
    do_put_offer,
    do_record_answer,
    do_record_session,
    do_send,
    do_set_delegation,
    do_set_demand_status,
)
from tanacs.negotiations.models import (
    Answer,
    DemandStatus,
    Negotiation,
    NegotiationStatus,
    Offer,
    OfferState,
    Session,
)
from tanacs.strikes.models import ConditionStatus
from tests.budapest import Budapest
from tests.negotiations.helpers import ROLES, drafted, person, points, sent
from tests.strikes.helpers import call_city_strike, city_officer


def _entries(kind: str) -> int:
    return Entry.objects.filter(kind=kind).count()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_officers_open_negotiations(budapest: Budapest, role: str) -> None:
    who = person(budapest, role)
    if role == "officer":
        made = do_open_negotiation(budapest.izzo, by=who, counterpart="The ministry")
        assert made.status == NegotiationStatus.DRAFT
        entry = Entry.objects.get(kind="negotiation.opened")
        assert entry.subject == f"negotiation:{made.pk}" and "The ministry" in entry.payload
        return
    with pytest.raises(Forbidden):
        do_open_negotiation(budapest.izzo, by=who, counterpart="The ministry")
    assert not Negotiation.objects.exists() and _entries("negotiation.opened") == 0


@pytest.mark.django_db
def test_opening_needs_a_counterpart(budapest: Budapest) -> None:
    with pytest.raises(InvalidInput) as caught:
        do_open_negotiation(budapest.izzo, by=budapest.izzo_officer, counterpart="  ")
    assert caught.value.details["field"] == "counterpart"
    assert not Negotiation.objects.exists()


@pytest.mark.django_db
def test_demands_come_from_the_councils_own_points(budapest: Budapest) -> None:
    officer = budapest.izzo_officer
    negotiation = do_open_negotiation(budapest.izzo, by=officer, counterpart="The government")
    other = do_create_programme(budapest.csepel, title="Csepel", by=budapest.csepel_officer)
    foreign = do_add_point(other, text="Not ours.", by=budapest.csepel_officer)
    with pytest.raises(InvalidInput) as caught:
        do_add_demands(negotiation, by=officer, points=[foreign])
    assert "Egyesült Izzó" in str(caught.value)
    with pytest.raises(InvalidInput):
        do_add_demands(negotiation, by=officer)
    assert not negotiation.demands.exists() and _entries("negotiation.demands_added") == 0
    made = do_add_demands(negotiation, by=officer, points=points(budapest))
    assert [d.number for d in made] == [1, 2]


@pytest.mark.django_db
def test_sending_fixes_the_text_and_journals_its_hash(budapest: Budapest) -> None:
    negotiation = sent(budapest)
    assert negotiation.status == NegotiationStatus.SENT
    assert "1. Release the arrested delegates." in negotiation.document
    digest = hashlib.sha256(negotiation.document.encode()).hexdigest()
    assert negotiation.document_sha256 == digest
    assert digest in Entry.objects.get(kind="negotiation.sent").payload
    with pytest.raises(Conflict) as caught:
        do_add_demands(negotiation, by=budapest.izzo_officer, points=points(budapest))
    assert caught.value.code == ErrorCode.ALREADY_SENT
    with pytest.raises(Conflict):
        do_send(negotiation, by=budapest.izzo_officer)
    assert negotiation.demands.count() == 2 and _entries("negotiation.sent") == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "officer"])
def test_only_officers_send(budapest: Budapest, role: str) -> None:
    negotiation = drafted(budapest)
    with pytest.raises(Forbidden):
        do_send(negotiation, by=person(budapest, role))
    negotiation.refresh_from_db()
    assert negotiation.status == NegotiationStatus.DRAFT and not negotiation.document


@pytest.mark.django_db
def test_a_delegation_is_appointed_or_elected_not_both(budapest: Budapest) -> None:
    negotiation = do_open_negotiation(budapest.izzo, by=budapest.izzo_officer,
                                      counterpart="The government")  # fmt: skip
    with pytest.raises(InvalidInput):
        do_set_delegation(negotiation, by=budapest.izzo_officer)
    with pytest.raises(Forbidden):
        do_set_delegation(negotiation, by=budapest.members["izzo-1"],
                          people=[budapest.members["izzo-1"]])  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        do_set_delegation(negotiation, by=budapest.izzo_officer,
                          people=[budapest.members["csepel-1"]])  # fmt: skip
    assert "csepel-1 is neither an officer nor a member" in str(caught.value)
    assert not negotiation.delegates.exists()
    with pytest.raises(InvalidInput) as caught:
        do_send(do_open_negotiation(budapest.izzo, by=budapest.izzo_officer, counterpart="X"),
                by=budapest.izzo_officer)  # fmt: skip
    assert caught.value.details["field"] == "demands"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_delegation_records_answers(budapest: Budapest, role: str) -> None:
    negotiation = sent(budapest)
    who = person(budapest, role)
    if role == "delegation":
        answer = do_record_answer(negotiation, 1, by=who, text="We shall release them.",
                                  status=DemandStatus.CONCEDED)  # fmt: skip
        assert answer.demand.status == DemandStatus.CONCEDED
        assert _entries("negotiation.answered") == 1
        return
    with pytest.raises(Forbidden) as caught:
        do_record_answer(negotiation, 1, by=who, text="No.", status=DemandStatus.REFUSED)
    assert caught.value.code == ErrorCode.NOT_A_NEGOTIATOR
    assert not Answer.objects.exists() and _entries("negotiation.answered") == 0


@pytest.mark.django_db
def test_answers_follow_the_lifecycle(budapest: Budapest) -> None:
    negotiation = sent(budapest)
    delegate = budapest.members["izzo-1"]
    do_record_answer(negotiation, 2, by=delegate, text="Some troops go.",
                     status=DemandStatus.PARTLY_CONCEDED)  # fmt: skip
    do_record_answer(negotiation, 2, by=delegate, text="All go.", status=DemandStatus.CONCEDED)
    bad: list[tuple[int, str, str | date]] = [
        (2, DemandStatus.REFUSED, "conceded is final"),
        (1, "maybe", "unknown"),
        (1, DemandStatus.PENDING, "back to pending"),
        (3, DemandStatus.REFUSED, "no demand 3"),
        (1, DemandStatus.REFUSED, timezone.localdate() + timedelta(days=1)),
    ]
    for number, status, why in bad:
        day = why if isinstance(why, date) else None
        with pytest.raises((InvalidInput, IllegalTransition)):
            do_record_answer(negotiation, number, by=delegate, text="x", status=status,
                             answered_on=day)  # fmt: skip
    assert Answer.objects.count() == 2 and _entries("negotiation.answered") == 2
    assert negotiation.demands.get(number=1).status == DemandStatus.PENDING


@pytest.mark.django_db
def test_a_conceded_demand_meets_the_strike_condition(budapest: Budapest) -> None:
    demands = points(budapest)
    strike = call_city_strike(budapest, city_officer(budapest), points=demands)
    negotiation = sent(budapest, demands)
    delegate = budapest.members["izzo-1"]
    do_record_answer(negotiation, 1, by=delegate, text="Released.", status="conceded")
    do_record_answer(negotiation, 2, by=delegate, text="Half.", status="partly-conceded")
    statuses = dict(strike.conditions.values_list("number", "status"))
    assert statuses == {1: ConditionStatus.MET, 2: ConditionStatus.PARTLY_MET}
    entry = Entry.objects.filter(kind="strike.condition_set").first()
    assert entry is not None and f"negotiation:{negotiation.pk} demand:1" in entry.payload


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_officers_and_the_delegation_withdraw_and_record_sessions(
    budapest: Budapest, role: str
) -> None:
    negotiation = sent(budapest)
    who = person(budapest, role)
    if role in ("officer", "delegation"):
        do_set_demand_status(negotiation, 2, DemandStatus.WITHDRAWN, by=who)
        do_record_session(negotiation, by=who, held_on=None, place="Parliament",
                          attendees="The delegation; the prime minister")  # fmt: skip
        assert negotiation.demands.get(number=2).status == DemandStatus.WITHDRAWN
        assert _entries("negotiation.status_set") == _entries("negotiation.session") == 1
        return
    with pytest.raises(Forbidden):
        do_set_demand_status(negotiation, 2, DemandStatus.WITHDRAWN, by=who)
    with pytest.raises(Forbidden):
        do_record_session(negotiation, by=who, held_on=None, place="P", attendees="A")
    assert not Session.objects.exists() and _entries("negotiation.status_set") == 0


@pytest.mark.django_db
def test_a_session_needs_a_place_and_who_attended(budapest: Budapest) -> None:
    negotiation = sent(budapest)
    with pytest.raises(InvalidInput) as caught:
        do_record_session(negotiation, by=budapest.izzo_officer, held_on=None, place="",
                          attendees="Us")  # fmt: skip
    assert caught.value.details["field"] == "place"
    assert not Session.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_base_councils_see_the_negotiation(budapest: Budapest, role: str) -> None:
    negotiation = sent(budapest)
    who = person(budapest, role)
    if role in ("officer", "delegation", "member"):
        assert access_negotiation_for(who, negotiation.pk) == negotiation
        return
    with pytest.raises(TanacsError) as caught:
        access_negotiation_for(who, negotiation.pk)
    assert caught.value.code in (ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND)


def _vote(ballot: Any, voters: list[Any], officer: Any, choice: str) -> None:
    for voter in voters:
        do_cast_vote(ballot, by=voter, choice=choice)
    do_close_and_declare(ballot, by=officer)


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["yes", "no"])
def test_an_offer_put_to_the_members_applies_when_declared(budapest: Budapest, choice: str) -> None:
    demands = points(budapest)
    strike = call_city_strike(budapest, city_officer(budapest), points=demands)
    negotiation = sent(budapest, demands)
    officer = budapest.izzo_officer
    with pytest.raises(InvalidInput):
        do_put_offer(negotiation, by=officer, text="Offer", terms={"7": "conceded"})
    with pytest.raises(Forbidden):
        do_put_offer(negotiation, by=budapest.members["izzo-1"], text="Offer")
    assert not Offer.objects.exists()
    ballot = do_put_offer(negotiation, by=officer, text="Release all; troops stay.",
                          terms={1: "conceded", 2: "refused"})  # fmt: skip
    voters = [officer, budapest.members["izzo-1"], budapest.members["izzo-2"]]
    _vote(ballot, voters, officer, choice)
    offer = Offer.objects.get()
    negotiation.refresh_from_db()
    statuses = dict(negotiation.demands.values_list("number", "status"))
    if choice == "yes":
        assert offer.state == OfferState.ACCEPTED
        assert negotiation.status == NegotiationStatus.SETTLED
        assert statuses == {1: "conceded", 2: "refused"}
        assert strike.conditions.get(number=1).status == ConditionStatus.MET
    else:
        assert offer.state == OfferState.REJECTED
        assert negotiation.status == NegotiationStatus.SENT
        assert statuses == {1: "pending", 2: "pending"}
    assert _entries("negotiation.offer_decided") == 1
    report = audit_federation(budapest.federation)
    assert report.ok, report.differences
    assert report.rows["negotiation offer"] == 1


@pytest.mark.django_db
def test_the_winners_of_a_declared_election_make_the_delegation(budapest: Budapest) -> None:
    negotiation = do_open_negotiation(budapest.izzo, by=budapest.izzo_officer,
                                      counterpart="The government")  # fmt: skip
    election = Election.objects.create(council=budapest.izzo, seats=[1], called_by="izzo-officer",
                                       status=ElectionStatus.VOTING)  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        do_set_delegation(negotiation, by=budapest.izzo_officer, election=election)
    assert "declared election" in str(caught.value) and not negotiation.delegates.exists()
    Election.objects.filter(pk=election.pk).update(
        status=ElectionStatus.DECLARED, outcome={"elected": ["izzo-1"], "substitutes": []}
    )
    election.refresh_from_db()
    made = do_set_delegation(negotiation, by=budapest.izzo_officer, election=election)
    assert [d.person for d in made] == [budapest.members["izzo-1"]]
    assert '"izzo-1"' in Entry.objects.get(kind="negotiation.delegation_set").payload


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "officer"])
def test_only_officers_draw_up_demands_and_put_offers(budapest: Budapest, role: str) -> None:
    who = person(budapest, role)
    negotiation = do_open_negotiation(budapest.izzo, by=budapest.izzo_officer,
                                      counterpart="The government")  # fmt: skip
    with pytest.raises(Forbidden):
        do_add_demands(negotiation, by=who, points=points(budapest))
    assert not negotiation.demands.exists()
    negotiation = sent(budapest)
    with pytest.raises(Forbidden):
        do_put_offer(negotiation, by=who, text="Half of it.")
    assert not Offer.objects.exists() and _entries("negotiation.offer_put") == 0
