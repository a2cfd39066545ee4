"""Concurrent signers and co-signers against PostgreSQL: the threshold is crossed once, one
recall ballot opens, every signature is counted once, and a motion is admitted once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from tanacs.ballots.selectors import ballots_for
from tanacs.decisions.actions import (
    do_cosign_motion,
    do_create_motion,
    do_open_recall,
    do_sign_recall,
)
from tanacs.decisions.models import Motion, MotionStatus, PetitionStatus, RecallPetition
from tanacs.delegation.actions import do_set_seat_holders
from tanacs.journal.chain import verify_chain
from tanacs.journal.models import Entry
from tests.ballots.test_concurrency import in_threads
from tests.budapest import build_budapest

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a database server (SQLite serialises them)")


def test_many_signers_at_once_open_exactly_one_recall_ballot() -> None:
    budapest = build_budapest(izzo=20, members_per_seat=100)
    m = budapest.members
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], substitutes=[m["izzo-2"]],
                        by=budapest.izzo_officer)  # fmt: skip
    petition = do_open_recall(budapest.izzo, 1, reason="r", by=m["izzo-3"])
    assert petition.threshold == 4  # 20% of 20
    signers = [m[f"izzo-{i}"] for i in range(4, 16)]

    def sign(person: Any) -> Any:
        return do_sign_recall(RecallPetition.objects.get(pk=petition.pk), by=person)

    results = in_threads([lambda p=p: sign(p) for p in signers])
    signed = [r for r in results if isinstance(r, RecallPetition)]
    refused = [r for r in results if not isinstance(r, RecallPetition)]
    assert len(signed) == 3  # the threshold is reached by the third; the rest are refused
    assert all("takes no more signatures" in str(r) for r in refused)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.BALLOT
    assert petition.signatures.count() == 4
    assert len(ballots_for(petition)) == 1
    assert verify_chain(budapest.federation.chain).ok


def test_concurrent_cosigners_admit_a_motion_once() -> None:
    budapest = build_budapest(izzo=12)
    m = budapest.members
    motion = do_create_motion(budapest.izzo, title="t", text="x", by=m["izzo-1"])
    people = [m[f"izzo-{i}"] for i in range(2, 12)]
    results = in_threads(
        [lambda p=p: do_cosign_motion(Motion.objects.get(pk=motion.pk), by=p) for p in people]
    )
    assert len([r for r in results if isinstance(r, Motion)]) == 2
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.ADMITTED
    assert Entry.objects.filter(kind="motion.admitted", subject=f"motion:{motion.pk}").count() == 1
