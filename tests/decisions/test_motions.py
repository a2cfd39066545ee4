from __future__ import annotations

import pytest

from tanacs.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from tanacs.decisions.actions import (
    AMENDMENT_TRANSITIONS,
    TRANSITIONS,
    apply_amendment_result,
    apply_motion_result,
    do_cosign_motion,
    do_create_motion,
    do_propose_amendment,
    do_send_up,
    do_withdraw_motion,
)
from tanacs.decisions.actions.motions import move_amendment, move_motion, ready_for_vote
from tanacs.decisions.models import Amendment, AmendmentStatus, Motion, MotionStatus
from tanacs.decisions.selectors import origin_chain
from tanacs.delegation.actions import do_set_seat_holders
from tanacs.journal.chain import verify_chain
from tanacs.journal.models import Entry
from tests.budapest import Budapest


def _motion(budapest: Budapest, status: str) -> Motion:
    return Motion.objects.create(
        council=budapest.izzo, title="t", text="x", author=budapest.izzo_officer, status=status
    )


@pytest.mark.django_db
def test_every_move_outside_the_table_raises_the_one_error(budapest: Budapest) -> None:
    for start, allowed in TRANSITIONS.items():
        for to in MotionStatus.values:
            motion = _motion(budapest, start)
            if to in allowed:
                move_motion(motion, to, by=budapest.izzo_officer)
                assert Motion.objects.get(pk=motion.pk).status == to
            else:
                with pytest.raises(IllegalTransition):
                    move_motion(motion, to, by=budapest.izzo_officer)
                assert Motion.objects.get(pk=motion.pk).status == start


@pytest.mark.django_db
def test_amendment_table_is_enforced(budapest: Budapest) -> None:
    motion = _motion(budapest, MotionStatus.ADMITTED)
    for i, (start, allowed) in enumerate(AMENDMENT_TRANSITIONS.items()):
        for j, to in enumerate(AmendmentStatus.values):
            amendment = Amendment.objects.create(
                motion=motion, number=i * 10 + j + 1, author=budapest.izzo_officer,
                text="y", status=start,
            )  # fmt: skip
            if to in allowed:
                move_amendment(amendment, to, by=budapest.izzo_officer)
            else:
                with pytest.raises(IllegalTransition):
                    move_amendment(amendment, to, by=budapest.izzo_officer)


@pytest.mark.django_db
def test_tabled_motion_is_admitted_with_enough_cosigners(budapest: Budapest) -> None:
    m = budapest.members
    motion = do_create_motion(
        budapest.izzo, title="Workers' management", text="The factory belongs to the workers.",
        by=m["izzo-1"],
    )  # fmt: skip
    assert motion.status == MotionStatus.TABLED
    with pytest.raises(Conflict):
        do_cosign_motion(motion, by=m["izzo-1"])
    with pytest.raises(Forbidden):
        do_cosign_motion(motion, by=m["csepel-1"])
    do_cosign_motion(motion, by=m["izzo-2"])
    with pytest.raises(Conflict):
        do_cosign_motion(motion, by=m["izzo-2"])
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.TABLED
    do_cosign_motion(motion, by=budapest.izzo_officer)
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.ADMITTED
    assert verify_chain(budapest.federation.chain).ok


@pytest.mark.django_db
def test_outsiders_and_empty_motions_are_refused(budapest: Budapest) -> None:
    with pytest.raises(Forbidden):
        do_create_motion(budapest.izzo, title="t", text="x", by=budapest.members["csepel-1"])
    with pytest.raises(Forbidden):
        do_create_motion(budapest.ujpest, title="t", text="x", by=budapest.members["izzo-1"])
    with pytest.raises(InvalidInput):
        do_create_motion(budapest.izzo, title=" ", text="x", by=budapest.members["izzo-1"])
    assert not Motion.objects.exists()


@pytest.mark.django_db
def test_amendments_are_voted_before_the_motion_and_replace_its_text(budapest: Budapest) -> None:
    m = budapest.members
    motion = do_create_motion(budapest.izzo, title="Strike", text="Strike on Monday.",
                              by=m["izzo-1"])  # fmt: skip
    amendment = do_propose_amendment(motion, text="Strike until the troops leave.",
                                     by=m["izzo-2"])  # fmt: skip
    for signer in (m["izzo-2"], budapest.izzo_officer):
        do_cosign_motion(motion, by=signer)
    motion.refresh_from_db()
    with pytest.raises(Conflict):
        ready_for_vote(motion)
    move_amendment(amendment, AmendmentStatus.VOTING, by=budapest.izzo_officer)
    with pytest.raises(Conflict):
        do_withdraw_motion(motion, by=m["izzo-1"])
    apply_amendment_result(amendment, adopted=True, by=budapest.izzo_officer, ballot=None)
    motion.refresh_from_db()
    assert motion.text == "Strike until the troops leave."
    ready_for_vote(motion)
    move_motion(motion, MotionStatus.VOTING, by=budapest.izzo_officer)
    apply_motion_result(motion, carried=True, by=budapest.izzo_officer, ballot=None)
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.CARRIED
    with pytest.raises(Conflict):
        do_propose_amendment(motion, text="Too late.", by=m["izzo-2"])


def _carried(budapest: Budapest, council: object, author: object) -> Motion:
    motion = Motion.objects.create(
        council=council, title="Withdraw the troops", text="Soviet troops leave Hungary.",
        author=author, status=MotionStatus.VOTING,
    )  # fmt: skip
    return apply_motion_result(motion, carried=True, by=author, ballot=None)


@pytest.mark.django_db
def test_carried_motion_is_sent_up_keeping_its_origin(budapest: Budapest) -> None:
    m = budapest.members
    base = _carried(budapest, budapest.izzo, m["izzo-1"])
    with pytest.raises(Forbidden):
        do_send_up(base, by=m["izzo-2"])
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-2"], by=budapest.izzo_officer)
    district = do_send_up(base, by=m["izzo-2"])
    assert district.council == budapest.ujpest
    assert district.status == MotionStatus.ADMITTED
    with pytest.raises(Conflict):
        do_send_up(base, by=budapest.izzo_officer)
    move_motion(district, MotionStatus.VOTING, by=budapest.steward)
    apply_motion_result(district, carried=True, by=budapest.steward, ballot=None)
    city = do_send_up(district, by=budapest.steward)
    assert city.council == budapest.city
    assert origin_chain(city) == [district, base]
    kinds = set(Entry.objects.values_list("kind", flat=True))
    assert {"motion.sent_up", "motion.carried", "motion.admitted"} <= kinds


@pytest.mark.django_db
def test_only_carried_motions_go_up(budapest: Budapest) -> None:
    motion = do_create_motion(budapest.izzo, title="t", text="x", by=budapest.izzo_officer)
    with pytest.raises(Conflict):
        do_send_up(motion, by=budapest.izzo_officer)


@pytest.mark.django_db
def test_rules_are_set_by_stewards_and_officers(budapest: Budapest) -> None:
    from tanacs.decisions.actions import do_set_council_rules, do_set_federation_rules
    from tanacs.decisions.selectors import cosigners_needed, mandates_bind, recall_share_percent

    with pytest.raises(Forbidden):
        do_set_federation_rules(budapest.federation, by=budapest.izzo_officer, mandates_bind=True)
    with pytest.raises(InvalidInput):
        do_set_federation_rules(budapest.federation, by=budapest.steward, recall_share_percent=0)
    do_set_federation_rules(budapest.federation, by=budapest.steward, cosigners_needed=1,
                            mandates_bind=True)  # fmt: skip
    assert mandates_bind(budapest.federation) and cosigners_needed(budapest.izzo) == 1
    do_set_council_rules(budapest.izzo, by=budapest.izzo_officer, recall_share_percent=50)
    assert recall_share_percent(budapest.izzo) == 50
    assert recall_share_percent(budapest.csepel) == 20
    with pytest.raises(Forbidden):
        do_set_council_rules(budapest.izzo, by=budapest.csepel_officer, cosigners_needed=0)
