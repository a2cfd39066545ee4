"""Calling, reporting, extending and ending strikes: rights, refusals, journal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tanacs.ballots.actions import (
    do_cast_vote,
    do_close_and_declare,
    do_create_ballot,
    do_open_ballot,
)
from tanacs.core.errors import ErrorCode, Forbidden, IllegalTransition, InvalidInput
from tanacs.decisions.actions import do_add_point, do_create_programme
from tanacs.journal.models import Entry
from tanacs.strikes.actions import (
    do_call_strike,
    do_decide_strike,
    do_propose_decision,
    do_propose_strike,
    do_report_status,
    do_set_condition_status,
)
from tanacs.strikes.models import (
    ConditionStatus,
    CouncilStatus,
    StatusReport,
    Strike,
    StrikeCouncil,
    StrikeStatus,
)
from tests.budapest import Budapest, make_person
from tests.strikes.helpers import call_city_strike, carried, city_officer, izzo_delegate


def _entries(kind: str) -> int:
    return Entry.objects.filter(kind=kind).count()


@pytest.mark.django_db
def test_a_carried_motion_calls_a_strike_over_the_whole_subtree(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    strike = call_city_strike(budapest, officer)
    assert strike.status == StrikeStatus.CALLED
    scope = set(StrikeCouncil.objects.filter(strike=strike).values_list("council_id", flat=True))
    expected = {budapest.city.pk, budapest.ujpest.pk, budapest.csepel_district.pk,
                budapest.izzo.pk, budapest.csepel.pk}  # fmt: skip
    assert scope == expected
    entry = Entry.objects.get(kind="strike.called")
    assert entry.subject == f"strike:{strike.pk}"
    assert '"scope"' in entry.payload and str(budapest.izzo.pk) in entry.payload


@pytest.mark.django_db
def test_a_strike_calls_out_only_the_named_councils_below(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    strike = call_city_strike(budapest, officer, scope=[budapest.csepel_district])
    scope = set(StrikeCouncil.objects.filter(strike=strike).values_list("council_id", flat=True))
    assert scope == {budapest.csepel_district.pk, budapest.csepel.pk}
    with pytest.raises(InvalidInput) as caught:
        call_city_strike(budapest, officer, scope=[budapest.national])
    assert caught.value.code == ErrorCode.OUT_OF_SCOPE


@pytest.mark.django_db
def test_a_strike_needs_a_decision_of_its_council(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    other = carried(budapest.izzo, budapest.izzo_officer)
    for motion in (None, other):
        with pytest.raises(InvalidInput) as caught:
            do_call_strike(budapest.city, by=officer, title="Strike", motion=motion)
        assert caught.value.code == ErrorCode.NOT_DECIDED
    assert not Strike.objects.exists() and _entries("strike.called") == 0


@pytest.mark.django_db
def test_only_officers_call_strikes(budapest: Budapest) -> None:
    motion = carried(budapest.city, budapest.steward)
    for who in (budapest.members["izzo-1"], budapest.izzo_officer, AnonymousUser()):
        with pytest.raises(Forbidden):
            do_call_strike(budapest.city, by=who, title="Strike", motion=motion)
    assert not Strike.objects.exists()


@pytest.mark.django_db
def test_conditions_come_from_programme_points_and_motions(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    programme = do_create_programme(budapest.city, title="Demands", by=officer)
    point = do_add_point(programme, text="Release the arrested delegates.", by=officer)
    motion = carried(budapest.city, officer, title="Withdraw the troops")
    strike = call_city_strike(budapest, officer, points=[point], motions=[motion])
    conditions = list(strike.conditions.all())
    assert [c.number for c in conditions] == [1, 2]
    assert conditions[0].point_id == point.pk and conditions[1].motion_id == motion.pk
    assert all(c.status == ConditionStatus.OPEN for c in conditions)
    do_set_condition_status(conditions[0], ConditionStatus.MET, by="system",
                            source="negotiation:1 demand:1")  # fmt: skip
    assert strike.conditions.get(number=1).status == ConditionStatus.MET
    assert _entries("strike.condition_set") == 1
    with pytest.raises(Forbidden):
        do_set_condition_status(conditions[1], ConditionStatus.MET, by=budapest.members["izzo-1"])


ROLES = ("officer", "delegate", "member", "other council's member", "anonymous")


def _person(budapest: Budapest, role: str) -> Any:
    return {
        "officer": lambda: budapest.izzo_officer,
        "delegate": lambda: izzo_delegate(budapest),
        "member": lambda: budapest.members["izzo-2"],
        "other council's member": lambda: budapest.members["csepel-1"],
        "anonymous": AnonymousUser,
    }[role]()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_officers_and_delegates_report_their_councils_status(budapest: Budapest, role: str) -> None:
    strike = call_city_strike(budapest, city_officer(budapest))
    who = _person(budapest, role)
    if role in ("officer", "delegate"):
        report = do_report_status(strike, budapest.izzo, CouncilStatus.ON_STRIKE, by=who)
        assert report.members_out == budapest.izzo.member_count == 3
        row = StrikeCouncil.objects.get(strike=strike, council=budapest.izzo)
        assert (row.status, row.members_out) == (CouncilStatus.ON_STRIKE, 3)
        assert _entries("strike.reported") == 1
        return
    with pytest.raises(Forbidden) as caught:
        do_report_status(strike, budapest.izzo, CouncilStatus.ON_STRIKE, by=who)
    assert caught.value.code == ErrorCode.NOT_A_REPORTER
    assert not StatusReport.objects.exists() and _entries("strike.reported") == 0


@pytest.mark.django_db
def test_reports_are_refused_with_their_reason_and_change_nothing(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    strike = call_city_strike(budapest, officer, scope=[budapest.ujpest])
    izzo = budapest.izzo_officer
    refusals = [
        (dict(council=budapest.csepel, status="on-strike", by=budapest.csepel_officer),
         ErrorCode.OUT_OF_SCOPE),
        (dict(council=budapest.izzo, status="on-strike", by=izzo,
              reported_at=timezone.now() + timedelta(hours=1)), ErrorCode.REPORT_IN_FUTURE),
        (dict(council=budapest.izzo, status="partly-out", by=izzo, members_out=4),
         ErrorCode.TOO_MANY_OUT),
        (dict(council=budapest.izzo, status="essential-services", by=izzo, members_out=2,
              services=[("power station", 2)]), ErrorCode.TOO_MANY_OUT),
        (dict(council=budapest.izzo, status="partly-out", by=izzo), ErrorCode.INVALID),
        (dict(council=budapest.izzo, status="asleep", by=izzo), ErrorCode.INVALID),
        (dict(council=budapest.izzo, status="essential-services", by=izzo),
         ErrorCode.INVALID),
        (dict(council=budapest.izzo, status="working", by=izzo, members_out=1),
         ErrorCode.INVALID),
        (dict(council=budapest.ujpest, status="on-strike", by=budapest.steward, members_out=1),
         ErrorCode.INVALID),
    ]  # fmt: skip
    for kwargs, code in refusals:
        council, status = kwargs.pop("council"), kwargs.pop("status")
        with pytest.raises((InvalidInput, Forbidden)) as caught:
            do_report_status(strike, council, status, **kwargs)
        assert caught.value.code == code, (kwargs, caught.value.message)
        assert caught.value.message
    assert not StatusReport.objects.exists() and _entries("strike.reported") == 0
    row = StrikeCouncil.objects.get(strike=strike, council=budapest.izzo)
    assert (row.status, row.members_out) == (CouncilStatus.CALLED, 0)


@pytest.mark.django_db
def test_history_is_kept_and_a_late_report_does_not_undo_a_newer_one(budapest: Budapest) -> None:
    strike = call_city_strike(budapest, city_officer(budapest))
    by, now = budapest.izzo_officer, timezone.now()
    do_report_status(strike, budapest.izzo, "on-strike", by=by, reported_at=now - timedelta(1))
    do_report_status(strike, budapest.izzo, "essential-services", by=by,
                     services=[["power station", 1]], reported_at=now)  # fmt: skip
    do_report_status(strike, budapest.izzo, "working", by=by, reported_at=now - timedelta(2))
    row = StrikeCouncil.objects.get(strike=strike, council=budapest.izzo)
    assert (row.status, row.members_out, row.services) == (
        "essential-services",
        2,
        [["power station", 1]],
    )
    assert StatusReport.objects.filter(strike=strike).count() == 3


@pytest.mark.django_db
def test_extend_suspend_resume_end_by_decision_and_strikers_go_on(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    strike = call_city_strike(budapest, officer)
    later = timezone.now() + timedelta(days=3)
    with pytest.raises(InvalidInput):
        do_decide_strike(strike, "extend", by=officer, starts_at=later)  # no decision named
    with pytest.raises(Forbidden):
        do_decide_strike(strike, "end", by=budapest.izzo_officer,
                         motion=carried(budapest.city, officer))  # fmt: skip
    strike = do_decide_strike(strike, "extend", by=officer, starts_at=later,
                              motion=carried(budapest.city, officer, "Extend"))  # fmt: skip
    assert strike.status == StrikeStatus.CALLED and strike.starts_at == later
    strike = do_decide_strike(strike, "suspend", by=officer,
                              motion=carried(budapest.city, officer, "Suspend"))  # fmt: skip
    assert strike.status == StrikeStatus.SUSPENDED
    strike = do_decide_strike(strike, "resume", by=officer,
                              motion=carried(budapest.city, officer, "Resume"))  # fmt: skip
    strike = do_decide_strike(strike, "end", by=officer,
                              motion=carried(budapest.city, officer, "Back to work"))  # fmt: skip
    assert strike.status == StrikeStatus.ENDED and strike.ended_at is not None
    with pytest.raises(IllegalTransition):
        do_decide_strike(strike, "resume", by=officer,
                         motion=carried(budapest.city, officer, "Again"))  # fmt: skip
    # Csepel keeps striking after the call ended.
    do_report_status(strike, budapest.csepel, "on-strike", by=budapest.csepel_officer)
    assert StrikeCouncil.objects.get(strike=strike, council=budapest.csepel).members_out == 2
    kinds = set(Entry.objects.filter(kind__startswith="strike.").values_list("kind", flat=True))
    assert {"strike.extended", "strike.suspended", "strike.resumed", "strike.ended"} <= kinds


def _pass(ballot: Any, voters: list[Any], officer: Any, choice: str = "yes") -> Any:
    for person in voters:
        do_cast_vote(ballot, by=person, choice=choice)
    return do_close_and_declare(ballot, by=officer)


@pytest.mark.django_db
def test_a_ballot_calls_a_strike_and_a_return_to_work_ballot_ends_it(budapest: Budapest) -> None:
    officer, m = budapest.izzo_officer, budapest.members
    voters = [officer, m["izzo-1"], m["izzo-2"]]
    call = do_propose_strike(budapest.izzo, by=officer, title="Sit-down strike", kind="sit-down")
    assert call.strike.status == StrikeStatus.PROPOSED
    ballot = do_create_ballot(budapest.izzo, by=officer, title="Strike?", decides=call)
    _pass(do_open_ballot(ballot, by=officer), voters, officer)
    strike = Strike.objects.get(pk=call.strike_id)
    assert strike.status == StrikeStatus.CALLED
    back = do_propose_decision(strike, "end", by=officer)
    ballot = do_create_ballot(budapest.izzo, by=officer, title="Return to work?", decides=back)
    _pass(do_open_ballot(ballot, by=officer), voters, officer)
    strike.refresh_from_db()
    assert strike.status == StrikeStatus.ENDED
    assert strike.decisions.get(pk=back.pk).ballot_id == ballot.pk


@pytest.mark.django_db
def test_a_lost_ballot_does_not_call_the_strike(budapest: Budapest) -> None:
    officer, m = budapest.izzo_officer, budapest.members
    call = do_propose_strike(budapest.izzo, by=officer, title="Protest strike", kind="protest")
    ballot = do_create_ballot(budapest.izzo, by=officer, title="Strike?", decides=call)
    _pass(do_open_ballot(ballot, by=officer), [officer, m["izzo-1"]], officer, "no")
    assert Strike.objects.get(pk=call.strike_id).status == StrikeStatus.REJECTED
    with pytest.raises(InvalidInput) as caught:
        do_call_strike(budapest.izzo, by=officer, title="Anyway", ballot=ballot)
    assert caught.value.code == ErrorCode.NOT_DECIDED


@pytest.mark.django_db
def test_a_ballot_that_decided_something_else_is_not_a_strike_decision(
    budapest: Budapest,
) -> None:
    officer, m = budapest.izzo_officer, budapest.members
    call = do_propose_strike(budapest.izzo, by=officer, title="Sit-down", kind="sit-down")
    ballot = do_create_ballot(budapest.izzo, by=officer, title="Strike?", decides=call)
    _pass(do_open_ballot(ballot, by=officer), [officer, m["izzo-1"]], officer)
    with pytest.raises(InvalidInput) as caught:
        do_call_strike(budapest.izzo, by=officer, title="Another", ballot=ballot)
    assert caught.value.code == ErrorCode.NOT_DECIDED and "decided a strike" in str(caught.value)
    question = do_create_ballot(budapest.izzo, by=officer, title="Strike on Monday?")
    question = _pass(do_open_ballot(question, by=officer), [officer, m["izzo-1"]], officer)
    strike = do_call_strike(budapest.izzo, by=officer, title="Monday", ballot=question)
    assert strike.decisions.get().ballot_id == question.pk


@pytest.mark.django_db
def test_bad_kind_and_title_are_refused(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    motion = carried(budapest.city, officer)
    for kwargs in ({"kind": "lockout", "title": "x"}, {"title": "  "}):
        with pytest.raises(InvalidInput):
            do_call_strike(budapest.city, by=officer, motion=motion, **kwargs)
    assert not Strike.objects.exists()
    assert make_person("nobody")  # a person outside the federation changes nothing either


CALL_ROLES = ("officer", "delegate", "member", "other council's member", "anonymous")


def _city_person(budapest: Budapest, role: str, officer: Any) -> Any:
    """People in the Central Workers' Council's roles: its officer, a delegate seated in it
    (from Újpest), a member of a workplace below it, a member elsewhere, nobody."""
    if role == "delegate":
        from tanacs.delegation.actions import do_set_seat_holders

        delegate = izzo_delegate(budapest)  # seated in Újpest, then sent on to the city
        do_set_seat_holders(budapest.ujpest, 1, delegate=delegate, by=budapest.steward)
        return delegate
    return {
        "officer": lambda: officer,
        "member": lambda: budapest.members["izzo-2"],
        "other council's member": lambda: budapest.members["csepel-1"],
        "anonymous": AnonymousUser,
    }[role]()


@pytest.mark.django_db
@pytest.mark.parametrize("role", CALL_ROLES)
def test_only_the_calling_councils_officers_call_and_decide(budapest: Budapest, role: str) -> None:
    officer = city_officer(budapest)
    who = _city_person(budapest, role, officer)
    motion = carried(budapest.city, officer)
    strike = call_city_strike(budapest, officer)
    end = carried(budapest.city, officer, "Back to work")
    entries = Entry.objects.count()
    if role == "officer":
        do_call_strike(budapest.city, by=who, title="Protest", kind="protest", motion=motion)
        do_decide_strike(strike, "end", by=who, motion=end)
        assert Entry.objects.count() == entries + 2
        return
    with pytest.raises(Forbidden):
        do_call_strike(budapest.city, by=who, title="Protest", kind="protest", motion=motion)
    with pytest.raises(Forbidden):
        do_decide_strike(strike, "end", by=who, motion=end)
    assert Strike.objects.count() == 1 and Entry.objects.count() == entries
    assert Strike.objects.get().status == StrikeStatus.CALLED


@pytest.mark.django_db
def test_an_end_takes_effect_at_its_date_and_suspend_takes_none(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    strike = call_city_strike(budapest, officer)
    when = timezone.now() - timedelta(hours=3)
    with pytest.raises(InvalidInput):
        do_decide_strike(strike, "suspend", by=officer, starts_at=when,
                         motion=carried(budapest.city, officer, "Pause"))  # fmt: skip
    strike = do_decide_strike(strike, "end", by=officer, starts_at=when,
                              motion=carried(budapest.city, officer, "End"))  # fmt: skip
    assert strike.ended_at == when
