"""The demo federation shows a finished programme, an election with substitutes, a recall
and a motion sent up with mandates."""

from __future__ import annotations

import pytest

from tanacs.decisions.models import (
    ElectionStatus,
    Motion,
    MotionStatus,
    PetitionStatus,
    Programme,
    RecallPetition,
)
from tanacs.decisions.selectors import mandate_report, origin_chain, programme_points
from tanacs.demo import load_demo
from tanacs.demo.programmes import JOINT_OPENING, STUDENTS_POINTS
from tanacs.journal.chain import verify_chain


@pytest.mark.django_db
def test_the_demo_shows_programmes_elections_recall_and_mandates() -> None:
    report = load_demo(members=4000)
    joint = Programme.objects.get(council__slug="greater-budapest")
    points = programme_points(joint)
    assert points[0].point.text == JOINT_OPENING
    troops = next(v for v in points if v.point.text == STUDENTS_POINTS[0])
    endorsers = {c.slug for c in troops.councils}
    assert {"technical-university", "csepel-works", "raba-works"} <= endorsers
    assert len(points) == 1 + 2 + len(STUDENTS_POINTS) + 1 + 4

    carried = Motion.objects.get(council__slug="egyesult-izzo")
    assert carried.status == MotionStatus.CARRIED
    proposal = Motion.objects.get(council__slug="ujpest")
    assert origin_chain(proposal) == [carried]
    assert proposal.status == MotionStatus.CARRIED
    rows = mandate_report(proposal)
    assert {r.mandate for r in rows} == {"for"}
    assert sum(r.broke for r in rows) == 1

    election = report.federation.councils.get(slug="ujpest-spinning").elections.get()
    assert election.status == ElectionStatus.DECLARED
    assert election.outcome["substitutes"]

    petition = RecallPetition.objects.get()
    assert petition.status == PetitionStatus.RECALLED
    assert verify_chain(report.federation.chain).ok


@pytest.mark.django_db
def test_a_tiny_demo_still_loads() -> None:
    load_demo(members=30)


@pytest.mark.django_db
def test_the_smallest_demo_still_loads() -> None:
    from tanacs.demo.data import COUNCILS

    load_demo(members=sum(1 for c in COUNCILS if c.level == 0) + 1)
    assert Programme.objects.filter(council__slug="greater-budapest").exists()
    assert Programme.objects.filter(council__slug="greater-budapest").exists()
