"""Hypothesis: a petition opens the recall ballot exactly at its threshold, and a declared
recall seats the first available substitute."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from tanacs.ballots.actions import do_cast_vote, do_close_and_declare
from tanacs.ballots.selectors import ballot_for
from tanacs.decisions.actions import do_open_recall, do_sign_recall
from tanacs.decisions.actions.recall import recall_threshold
from tanacs.decisions.models import DecisionRules, PetitionStatus, RecallPetition
from tanacs.delegation.actions import do_mark_unavailable, do_set_seat_holders
from tanacs.delegation.selectors import list_seats
from tests.budapest import build_budapest


@given(st.integers(0, 10**6), st.integers(0, 100))
def test_threshold_is_the_share_rounded_up_and_at_least_one(electorate: int, percent: int) -> None:
    needed = recall_threshold(electorate, percent)
    assert needed >= 1
    assert needed * 100 >= electorate * percent
    assert needed == 1 or (needed - 1) * 100 < electorate * percent


@pytest.mark.django_db
@settings(max_examples=12, deadline=None)
@given(
    percent=st.integers(1, 60),
    signers=st.integers(1, 7),
    away=st.sets(st.integers(0, 2), max_size=3),
    recalled=st.booleans(),
)
def test_threshold_opens_the_ballot_and_a_declared_recall_seats_the_substitute(
    percent: int, signers: int, away: set[int], recalled: bool
) -> None:
    with transaction.atomic():
        _scenario(percent, signers, away, recalled)
        transaction.set_rollback(True)


def _scenario(percent: int, signers: int, away: set[int], recalled: bool) -> None:
    budapest = build_budapest(izzo=8, members_per_seat=20)  # 8 members, one seat
    m, officer = budapest.members, budapest.izzo_officer
    DecisionRules.objects.create(federation=budapest.federation, recall_share_percent=percent)
    delegate, *subs = (m[f"izzo-{i}"] for i in range(1, 5))
    do_set_seat_holders(budapest.izzo, 1, delegate=delegate, substitutes=subs, by=officer)
    for i in sorted(away):
        do_mark_unavailable(budapest.izzo, 1, subs[i], reason="arrested", by=officer)
    voters: list[Any] = [m[f"izzo-{i}"] for i in range(4, 8)] + [officer]
    signing = voters[: min(signers, len(voters))]
    petition = do_open_recall(budapest.izzo, 1, reason="Broke the mandate.", by=signing[0])
    threshold = petition.threshold
    assert threshold == recall_threshold(8, percent)
    for count, person in enumerate(signing[1:], start=2):
        before = RecallPetition.objects.get(pk=petition.pk).status
        if before == PetitionStatus.BALLOT:
            break
        do_sign_recall(petition, by=person)
        assert count <= threshold
    petition.refresh_from_db()
    reached = min(len(signing), threshold) >= threshold
    assert (petition.status == PetitionStatus.BALLOT) == reached
    assert (ballot_for(petition) is not None) == reached
    if not reached:
        return
    ballot = ballot_for(petition)
    for person in voters:
        do_cast_vote(ballot, by=person, choice="yes" if recalled else "no")
    do_close_and_declare(ballot, by=officer)
    sitting = list_seats(budapest.izzo)[0].delegate
    available = [s for i, s in enumerate(subs) if i not in away]
    if recalled:
        expected = available[0] if available else None
        assert (sitting.person if sitting else None) == expected
    else:
        assert sitting is not None and sitting.person == delegate
