"""Ballots through their actions: lifecycle, electorates, casting, secrecy, counting."""

from __future__ import annotations

import hashlib
import json

import pytest

from tanacs.ballots.actions import (
    do_cancel_ballot,
    do_cast_vote,
    do_close_ballot,
    do_create_ballot,
    do_declare_ballot,
    do_open_ballot,
)
from tanacs.ballots.mixing import do_mix_choices
from tanacs.ballots.models import Ballot, Choice, Elector, State
from tanacs.ballots.recount import recount_ballot, verify_ballots
from tanacs.ballots.secrecy import receipt_hash
from tanacs.ballots.selectors import find_receipt, get_result, iter_ballot_list, turnout
from tanacs.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from tanacs.delegation.actions import do_mark_available, do_mark_unavailable, do_set_seat_holders
from tanacs.journal.chain import canonical, verify_all
from tanacs.journal.models import Entry
from tanacs.membership.actions import do_suspend
from tanacs.membership.models import Membership
from tests.ballots.helpers import admit, open_ballot

pytestmark = pytest.mark.django_db


def _state(ballot: Ballot) -> tuple[int, list[tuple[str, str]]]:
    do_mix_choices()
    choices = sorted(Choice.objects.filter(ballot=ballot).values_list("marks", "receipt_hash"))
    return Elector.objects.filter(ballot=ballot, voted=True).count(), choices


def test_a_member_ballot_from_draft_to_declared(budapest):
    officer = budapest.izzo_officer
    ballot = do_create_ballot(budapest.izzo, by=officer, title="Strike until the troops leave?")
    assert ballot.state == State.DRAFT
    ballot = do_open_ballot(ballot, by=officer)
    assert (ballot.electors_count, ballot.electorate_weight) == (3, 3)
    first = do_cast_vote(ballot, by=officer, choice="yes")
    do_cast_vote(ballot, by=budapest.members["izzo-1"], choice="yes")
    do_cast_vote(ballot, by=budapest.members["izzo-2"], choice="no")
    changed = do_cast_vote(ballot, by=officer, choice="abstain", receipt=first.code)
    assert changed.changed and changed.receipt_hash == first.receipt_hash
    ballot = do_close_ballot(ballot, by=officer)
    result = get_result(ballot)
    assert result["total"]["yes"] == 1 and result["total"]["no"] == 1
    assert result["total"]["abstain"] == 1 and result["voters"] == 3
    assert result["passed"] is False  # 1 yes is not more than half of 2
    closing = Entry.objects.get(subject=ballot.subject, kind="ballot.closed")
    payload = json.loads(closing.payload)
    assert payload["list_sha256"] == ballot.list_sha256
    assert payload["result"] == result
    ballot = do_declare_ballot(ballot, by=officer)
    assert ballot.state == State.DECLARED
    assert all(report.ok for report in verify_all())
    Choice.objects.filter(ballot=ballot, marks="no").update(marks="yes")
    assert [r.problem for r in verify_ballots()] == [
        "recounting the stored ballots gives a different result"
    ]


def test_illegal_moves_raise_one_error(budapest):
    officer = budapest.izzo_officer
    ballot = do_create_ballot(budapest.izzo, by=officer, title="Q")
    with pytest.raises(IllegalTransition):
        do_close_ballot(ballot, by=officer)
    with pytest.raises(IllegalTransition):
        do_declare_ballot(ballot, by=officer)
    with pytest.raises(Conflict, match="not open yet"):
        do_cast_vote(ballot, by=officer, choice="yes")
    do_cancel_ballot(ballot, by=officer, reason="withdrawn")
    with pytest.raises(IllegalTransition, match="cancelled cannot become open"):
        do_open_ballot(ballot, by=officer)


def test_only_officers_run_ballots_and_bad_settings_are_refused(budapest):
    with pytest.raises(Forbidden):
        do_create_ballot(budapest.izzo, by=budapest.members["izzo-1"], title="Q")
    officer = budapest.izzo_officer
    with pytest.raises(InvalidInput, match="at least two"):
        do_create_ballot(budapest.izzo, by=officer, title="Q", method="approval", options=["a"])
    with pytest.raises(InvalidInput, match="members are delegates"):
        do_create_ballot(budapest.city, by=budapest.steward, title="Q", electorate="members")
    with pytest.raises(InvalidInput, match="not a share"):
        do_create_ballot(budapest.izzo, by=officer, title="Q", quorum="half")
    with pytest.raises(InvalidInput, match="more candidates than seats"):
        do_create_ballot(
            budapest.izzo, by=officer, title="Q", method="stv", options=["a", "b"], seats=2
        )
    assert Ballot.objects.count() == 0


def test_refused_votes_change_nothing(budapest):
    officer = budapest.izzo_officer
    ballot = open_ballot(budapest.izzo, officer)
    do_cast_vote(ballot, by=officer, choice="yes")
    before = _state(ballot)
    with pytest.raises(InvalidInput, match="yes, no or abstain"):
        do_cast_vote(ballot, by=budapest.members["izzo-1"], choice="maybe")
    with pytest.raises(Forbidden, match="not on this ballot's electorate"):
        do_cast_vote(ballot, by=budapest.members["csepel-1"], choice="yes")
    izzo_2 = budapest.members["izzo-2"]
    membership = Membership.objects.get(person=izzo_2)
    do_suspend(membership, by=officer, reason="strike-breaking")
    with pytest.raises(Forbidden, match="suspended"):
        do_cast_vote(ballot, by=izzo_2, choice="no")
    late = admit(budapest.izzo, "izzo-late", budapest.steward)
    with pytest.raises(Forbidden, match="fixed when the ballot opened"):
        do_cast_vote(ballot, by=late, choice="no")
    with pytest.raises(Conflict, match="receipt code"):
        do_cast_vote(ballot, by=officer, choice="no")
    assert _state(ballot) == before
    do_close_ballot(ballot, by=officer)
    with pytest.raises(Conflict, match="closed"):
        do_cast_vote(ballot, by=budapest.members["izzo-1"], choice="yes")
    assert _state(ballot) == before


def test_secret_choices_cannot_be_joined_to_voters(budapest):
    officer = budapest.izzo_officer
    ballot = open_ballot(budapest.izzo, officer)
    mine = do_cast_vote(ballot, by=officer, choice="yes")
    theirs = do_cast_vote(ballot, by=budapest.members["izzo-1"], choice="no")
    fields = {f.name for f in Choice._meta.get_fields()}
    assert fields == {"id", "ballot", "council", "weight", "marks", "receipt_hash", "voter"}
    assert not Choice.objects.filter(ballot=ballot, voter__isnull=False).exists()
    checks = set(Elector.objects.filter(ballot=ballot).values_list("receipt_check", flat=True))
    hashes = set(Choice.objects.filter(ballot=ballot).values_list("receipt_hash", flat=True))
    assert not checks & hashes
    # Someone else's receipt cannot overwrite their choice.
    with pytest.raises(Forbidden, match="not your receipt"):
        do_cast_vote(ballot, by=officer, choice="no", receipt=theirs.code)
    assert find_receipt(ballot, mine.code) == {
        "receipt_hash": mine.receipt_hash,
        "counted": False,
        "waiting": True,
    }
    do_mix_choices()
    assert find_receipt(ballot, mine.code) == {
        "receipt_hash": mine.receipt_hash,
        "counted": False,
        "waiting": False,
    }
    ballot = do_close_ballot(ballot, by=officer)
    entry = find_receipt(ballot, mine.code.lower().replace("-", " "))
    assert entry["choice"] == "yes" and entry["counted"]
    listed = "".join(iter_ballot_list(ballot))
    assert mine.receipt_hash in listed and "izzo-officer" not in listed
    assert receipt_hash(ballot.uid, mine.code) == mine.receipt_hash


def test_open_ballot_names_voters_and_changes_without_a_receipt(budapest):
    officer = budapest.izzo_officer
    ballot = open_ballot(budapest.izzo, officer, secret=False)
    do_cast_vote(ballot, by=officer, choice="yes")
    do_cast_vote(ballot, by=officer, choice="no")
    ballot = do_close_ballot(ballot, by=officer)
    assert ",no,izzo-officer\n" in "".join(iter_ballot_list(ballot))


def test_delegate_ballot_weights_and_vacated_seats(budapest):
    izzo, steward = budapest.izzo, budapest.steward
    do_set_seat_holders(izzo, 1, delegate=budapest.members["izzo-1"], by=steward)
    do_set_seat_holders(
        izzo,
        2,
        delegate=budapest.izzo_officer,
        substitutes=[budapest.members["izzo-2"]],
        by=steward,
    )
    ballot = open_ballot(budapest.ujpest, steward, electorate="delegates")
    assert ballot.electorate_weight == 3  # the three members of the lamp works
    weights = dict(Elector.objects.filter(ballot=ballot).values_list("seat_number", "weight"))
    assert weights == {1: 2, 2: 1}
    do_cast_vote(ballot, by=budapest.members["izzo-1"], choice="yes")
    do_mark_unavailable(izzo, 2, budapest.izzo_officer, reason="arrested", by=steward)
    with pytest.raises(Forbidden, match="no longer hold seat 2"):
        do_cast_vote(ballot, by=budapest.izzo_officer, choice="no")
    result = get_result(do_close_ballot(ballot, by=steward))
    assert result["total"]["yes"] == 2 and result["total"]["turnout"] == 2
    per_seat = open_ballot(budapest.ujpest, steward, electorate="delegates-per-seat")
    assert per_seat.electorate_weight == 2


def test_a_substitute_who_takes_the_seat_casts_its_vote_once(budapest):
    izzo, steward, m = budapest.izzo, budapest.steward, budapest.members
    do_set_seat_holders(izzo, 1, delegate=m["izzo-1"], substitutes=[m["izzo-2"]], by=steward)
    do_set_seat_holders(izzo, 2, delegate=budapest.izzo_officer, by=steward)
    ballot = open_ballot(budapest.ujpest, steward, electorate="delegates")
    do_mark_unavailable(izzo, 1, m["izzo-1"], reason="arrested", by=steward)
    do_cast_vote(ballot, by=m["izzo-2"], choice="no")  # the seat's vote passes to the substitute
    with pytest.raises(Forbidden):  # the seat's vote went with the seat
        do_cast_vote(ballot, by=m["izzo-1"], choice="yes")
    other = open_ballot(budapest.ujpest, steward, electorate="delegates", title="Second")
    do_cast_vote(other, by=budapest.izzo_officer, choice="yes")
    do_mark_unavailable(izzo, 2, budapest.izzo_officer, reason="arrested", by=steward)
    with pytest.raises(Forbidden, match="no longer hold seat 2"):
        do_cast_vote(other, by=budapest.izzo_officer, choice="no")
    result = get_result(do_close_ballot(ballot, by=steward))
    assert result["total"]["no"] == 2 and result["total"]["turnout"] == 2
    assert get_result(do_close_ballot(other, by=steward))["total"]["yes"] == 1
    do_mark_available(izzo, 1, m["izzo-1"], by=steward)
    third = open_ballot(budapest.ujpest, steward, electorate="delegates", title="Third")
    do_cast_vote(third, by=m["izzo-1"], choice="yes")
    do_mark_unavailable(izzo, 1, m["izzo-1"], reason="arrested", by=steward)
    with pytest.raises(Forbidden) as refused:
        do_cast_vote(third, by=m["izzo-2"], choice="no")
    assert refused.value.code == "seat_vote_cast"
    assert get_result(do_close_ballot(third, by=steward))["total"]["yes"] == 2


@pytest.mark.parametrize(
    ("method", "votes", "winners"),
    [
        ("choose-one", ["Nagy", "Nagy", "Kádár"], ["Nagy"]),
        ("approval", [["Nagy", "Maléter"], ["Maléter"], ["Kádár"]], ["Maléter"]),
        ("schulze", [["Nagy", "Maléter"], [["Maléter", "Nagy"]], ["Kádár", "Nagy"]], ["Nagy"]),
        ("ranked-pairs", [["Nagy", "Maléter"], ["Maléter", "Nagy"], ["Nagy"]], ["Nagy"]),
        ("irv", [["Kádár"], ["Maléter", "Nagy"], ["Nagy"]], None),
        ("stv", [["Nagy"], ["Nagy", "Maléter"], ["Maléter"]], None),
    ],
)
def test_every_method_counts_through_the_engine(budapest, method, votes, winners):
    officer = budapest.izzo_officer
    ballot = open_ballot(
        budapest.izzo,
        officer,
        method=method,
        options=["Nagy", "Maléter", "Kádár"],
        seats=2 if method == "stv" else 1,
    )
    voters = [officer, budapest.members["izzo-1"], budapest.members["izzo-2"]]
    for person, choice in zip(voters, votes, strict=True):
        do_cast_vote(ballot, by=person, choice=choice)
    result = get_result(do_close_ballot(ballot, by=officer))
    assert result["voters"] == 3 and result["engine"] is not None
    if winners is not None:
        assert result["winners"] == winners
    if method == "stv":
        assert sorted(result["winners"]) == ["Maléter", "Nagy"]
        assert result["total"]["substitutes"] == ["Kádár"]
    # One stored ballot given another voter's marks: the recount must notice, whatever the
    # method (the result may or may not change; the published list always does).
    first, *others = Choice.objects.filter(ballot=ballot)
    other = next(c.marks for c in others if c.marks != first.marks)
    Choice.objects.filter(pk=first.pk).update(marks=other)
    assert recount_ballot(ballot).problem in {
        "recounting the stored ballots gives a different result",
        "the stored ballot list does not match its published hash",
    }


def test_irv_and_stv_refuse_equal_ranks(budapest):
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer, method="irv", options=["a", "b"])
    with pytest.raises(InvalidInput, match="different rank"):
        do_cast_vote(ballot, by=budapest.izzo_officer, choice=[["a", "b"]])


def test_quorum_fails_a_ballot(budapest):
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer, quorum="2/3")
    do_cast_vote(ballot, by=budapest.izzo_officer, choice="yes")
    result = get_result(do_close_ballot(ballot, by=budapest.izzo_officer))
    assert result["passed"] is False and "quorum not met" in result["total"]["reason"]


def test_referendum_results_per_council_and_withheld_small_councils(budapest):
    steward = budapest.steward
    ballot = open_ballot(budapest.national, steward, electorate="referendum", min_reported=3)
    assert ballot.electors_count == 5
    for name in ("izzo-1", "izzo-2"):
        do_cast_vote(ballot, by=budapest.members[name], choice="yes")
    do_cast_vote(ballot, by=budapest.izzo_officer, choice="no")
    do_cast_vote(ballot, by=budapest.csepel_officer, choice="yes")
    live = {row.council: (row.electors, row.voters) for row in turnout(ballot)}
    assert live[budapest.national.pk] == (5, 4)
    # Csepel's one voter is not shown live either, nor the lamp works beside it.
    assert budapest.csepel.pk not in live and budapest.izzo.pk not in live
    ballot = do_close_ballot(ballot, by=steward)
    result = get_result(ballot)
    councils = {c["council"]: c for c in result["councils"]}
    assert result["total"]["yes"] == 3 and result["total"]["no"] == 1
    # Csepel has 1 voter (< 3): withheld, so the lamp works is withheld beside it.
    assert councils[budapest.csepel.pk]["withheld"] and councils[budapest.izzo.pk]["withheld"]
    assert councils[budapest.csepel.pk]["summary"] is None
    assert councils[budapest.city.pk]["summary"]["yes"] == 3
    for pk, (electors, voters) in live.items():
        assert (councils[pk]["electors"], councils[pk]["voters"]) == (electors, voters)
    assert result["passed_councils"] == {"2": 1, "3": 1}
    listed = "".join(iter_ballot_list(ballot))
    assert f",{budapest.csepel.pk}," not in listed and f",{budapest.city.pk}," in listed
    # A vote moved between two withheld councils leaves the total and the published list as
    # they were, but not the voters each council is recorded with: the recount catches it.
    moved = Choice.objects.filter(ballot=ballot, council=budapest.izzo).first()
    Choice.objects.filter(pk=moved.pk).update(council=budapest.csepel)
    assert "".join(iter_ballot_list(ballot)) == listed
    report = recount_ballot(ballot)
    assert report.problem == "recounting the stored ballots gives a different result"


def test_referendum_council_turnout_rule(budapest):
    ballot = open_ballot(
        budapest.national,
        budapest.steward,
        electorate="referendum",
        council_turnout="50%",
        min_reported=0,
    )
    do_cast_vote(ballot, by=budapest.members["izzo-1"], choice="yes")
    do_cast_vote(ballot, by=budapest.members["izzo-2"], choice="yes")
    result = get_result(do_close_ballot(ballot, by=budapest.steward))
    councils = {c["council"]: c for c in result["councils"]}
    assert councils[budapest.izzo.pk]["binds"] and not councils[budapest.csepel.pk]["binds"]
    assert result["bound_councils"] == 1


def test_recount_catches_a_changed_ballot(budapest):
    officer = budapest.izzo_officer
    ballot = open_ballot(budapest.izzo, officer)
    do_cast_vote(ballot, by=officer, choice="yes")
    do_close_ballot(ballot, by=officer)
    Choice.objects.filter(ballot=ballot).update(marks="no")
    report = recount_ballot(Ballot.objects.get(pk=ballot.pk))
    assert not report.ok and "different result" in report.problem


def _publish_as(ballot, result):
    """Rewrite a closed ballot's published result, on the ballot and in its closing entry."""
    text = canonical(result)
    digest = hashlib.sha256(text.encode()).hexdigest()
    Ballot.objects.filter(pk=ballot.pk).update(result=text, result_sha256=digest)
    entry = Entry.objects.get(subject=ballot.subject, kind="ballot.closed")
    payload = {**json.loads(entry.payload), "result": result, "result_sha256": digest}
    Entry.objects.filter(pk=entry.pk).update(payload=canonical(payload))


def test_an_stv_result_published_before_it_built_on_outcome_still_recounts(budapest):
    officer = budapest.izzo_officer
    ballot = open_ballot(
        budapest.izzo, officer, method="stv", options=["Nagy", "Maléter", "Kádár"], seats=2
    )
    voters = [officer, budapest.members["izzo-1"], budapest.members["izzo-2"]]
    for person, choice in zip(voters, [["Nagy"], ["Maléter", "Nagy"], ["Kádár"]], strict=True):
        do_cast_vote(ballot, by=person, choice=choice)
    result = json.loads(do_close_ballot(ballot, by=officer).result)
    engine = result["engine"]
    # The form published before: the winners' indices as "elected", no Outcome fields.
    outcome = ("winners", "tied", "reason", "lots", "winner_names", "decided_by_lot")
    legacy = {k: v for k, v in engine.items() if k not in outcome}
    _publish_as(ballot, {**result, "engine": {**legacy, "elected": engine["winners"]}})
    assert recount_ballot(ballot).ok
    _publish_as(ballot, {**result, "engine": {**legacy, "elected": engine["winners"][::-1]}})
    report = recount_ballot(ballot)
    assert report.problem == "recounting the stored ballots gives a different result"


def test_no_actor_closes_a_ballot_only_as_the_scheduler(budapest):
    """``by=None`` is the scheduler's close at the set time (trusted); anywhere else it is
    refused like any non-officer, and an anonymous request never reaches an action."""
    from django.contrib.auth.models import AnonymousUser

    from tanacs.core.actors import signed_in

    ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
    with pytest.raises(Forbidden, match="Only the officers"):
        do_close_ballot(ballot, by=None)
    ballot.refresh_from_db()
    assert ballot.state == State.OPEN
    with pytest.raises(Forbidden, match="Sign in") as refused:
        signed_in(AnonymousUser())
    assert refused.value.code == "not_authenticated"
    assert signed_in(budapest.izzo_officer) is budapest.izzo_officer
    assert do_close_ballot(ballot, by=None, trusted=True).state == State.CLOSED
