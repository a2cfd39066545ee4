from __future__ import annotations

import pytest

from tanacs.core.errors import Conflict, Forbidden, InvalidInput
from tanacs.decisions.actions import (
    apply_motion_result,
    do_add_point,
    do_create_motion,
    do_create_programme,
    do_endorse_point,
    do_merge_programme,
)
from tanacs.decisions.actions.motions import move_motion
from tanacs.decisions.models import MotionStatus
from tanacs.decisions.selectors import programme_points
from tests.budapest import Budapest


@pytest.mark.django_db
def test_points_show_the_councils_that_endorse_them_after_merging(budapest: Budapest) -> None:
    izzo_programme = do_create_programme(budapest.izzo, title="10-point declaration",
                                         by=budapest.izzo_officer)  # fmt: skip
    withdraw = do_add_point(izzo_programme, text="Soviet troops leave Hungary.",
                            by=budapest.izzo_officer)  # fmt: skip
    do_add_point(izzo_programme, text="Workers' councils run the factories.",
                 by=budapest.izzo_officer)  # fmt: skip
    csepel_programme = do_create_programme(budapest.csepel, title="Csepel demands",
                                           by=budapest.csepel_officer)  # fmt: skip
    do_add_point(csepel_programme, text="The troops withdraw.", by=budapest.csepel_officer)
    # Csepel's members carry a motion endorsing Izzó's point 2 as well.
    motion = do_create_motion(
        budapest.csepel, title="Endorse", text="We endorse workers' management.",
        by=budapest.members["csepel-1"], point=izzo_programme.points.get(number=2),
    )  # fmt: skip
    motion.status = MotionStatus.ADMITTED
    motion.save()
    move_motion(motion, MotionStatus.VOTING, by=budapest.csepel_officer)
    apply_motion_result(motion, carried=True, by=budapest.csepel_officer, ballot=None)

    joint = do_create_programme(budapest.city, title="Joint programme", by=budapest.steward)
    with pytest.raises(Forbidden):
        do_merge_programme(izzo_programme, joint, by=budapest.izzo_officer)
    do_merge_programme(izzo_programme, joint, by=budapest.steward)
    do_merge_programme(csepel_programme, joint, by=budapest.steward, same_as={1: 1})
    do_merge_programme(izzo_programme, joint, by=budapest.steward)  # again: nothing new
    views = programme_points(joint)
    assert [v.point.number for v in views] == [1, 2]
    assert views[0].point.text == withdraw.text
    assert {c.name for c in views[0].councils} == {budapest.izzo.name, budapest.csepel.name}
    assert {c.name for c in views[1].councils} == {budapest.izzo.name, budapest.csepel.name}
    by_motion = [e for e in views[1].endorsements if e.council == budapest.csepel]
    assert by_motion[0].motion == motion
    do_endorse_point(views[0].point, budapest.city, by=budapest.steward, note="joint meeting")
    assert budapest.city in programme_points(joint)[0].councils
    with pytest.raises(Conflict):
        do_endorse_point(views[0].point, budapest.city, by=budapest.steward)
    with pytest.raises(InvalidInput):
        do_merge_programme(joint, joint, by=budapest.steward)
    with pytest.raises(InvalidInput):
        do_merge_programme(izzo_programme, joint, by=budapest.steward, same_as={9: 1})


@pytest.mark.django_db
def test_a_carried_motion_adds_a_point_endorsed_by_its_council(budapest: Budapest) -> None:
    programme = do_create_programme(budapest.izzo, title="Demands", by=budapest.izzo_officer)
    motion = do_create_motion(budapest.izzo, title="Free elections", text="Free elections.",
                              by=budapest.members["izzo-1"], programme=programme)  # fmt: skip
    motion.status = MotionStatus.VOTING
    motion.save()
    apply_motion_result(motion, carried=True, by=budapest.izzo_officer, ballot=None)
    [view] = programme_points(programme)
    assert view.point.text == "Free elections."
    assert view.endorsements[0].motion == motion
    lost = do_create_motion(budapest.izzo, title="x", text="y", by=budapest.members["izzo-1"],
                            programme=programme)  # fmt: skip
    lost.status = MotionStatus.VOTING
    lost.save()
    apply_motion_result(lost, carried=False, by=budapest.izzo_officer, ballot=None)
    assert len(programme_points(programme)) == 1
