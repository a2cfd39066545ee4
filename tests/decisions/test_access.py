"""The gatekeepers of decisions: what an interface may fetch for whom, and how it says no."""

from __future__ import annotations

import pytest

from tanacs.core.errors import Forbidden, NotFound
from tanacs.decisions import actions
from tanacs.decisions.access import (
    access_amendment_for,
    access_decisions_of,
    access_point_for,
)
from tanacs.membership.models import Membership
from tests.budapest import Budapest, make_person

pytestmark = pytest.mark.django_db


def test_a_point_is_seen_through_its_programme_and_only_in_it(budapest: Budapest) -> None:
    officer = budapest.izzo_officer
    ten = actions.do_create_programme(budapest.izzo, title="10 points", by=officer)
    other = actions.do_create_programme(budapest.izzo, title="Other", by=officer)
    actions.do_add_point(ten, text="The factory belongs to the workers.", by=officer)
    [point] = ten.points.all()
    found = access_point_for(budapest.members["izzo-1"], point.pk)
    assert found.pk == point.pk and found.programme.pk == ten.pk
    assert access_point_for(officer, point.pk, programme=ten).pk == point.pk
    with pytest.raises(NotFound, match="in Other"):
        access_point_for(officer, point.pk, programme=other)
    with pytest.raises(NotFound):
        access_point_for(make_person("stranger"), point.pk)  # not of the federation
    with pytest.raises(NotFound):
        access_point_for(officer, point.pk + 1000)


def test_an_amendment_comes_with_its_motion_and_its_motion_s_visibility(
    budapest: Budapest,
) -> None:
    author = budapest.members["izzo-1"]
    motion = actions.do_create_motion(budapest.izzo, title="Free elections", text="Free.",
                                      by=author)  # fmt: skip
    amendment = actions.do_propose_amendment(motion, text="Free and secret.", by=author)
    found = access_amendment_for(budapest.members["izzo-2"], amendment.pk)
    assert found.pk == amendment.pk and found.motion.pk == motion.pk
    with pytest.raises(NotFound):
        access_amendment_for(make_person("stranger"), amendment.pk)
    with pytest.raises(NotFound, match="no amendment"):
        access_amendment_for(author, amendment.pk + 1000)


def test_only_people_of_the_federation_list_a_council_s_decisions(budapest: Budapest) -> None:
    assert access_decisions_of(budapest.members["izzo-1"], budapest.izzo.pk) == budapest.izzo
    stranger = make_person("stranger")
    assert not Membership.objects.filter(person=stranger).exists()
    with pytest.raises(Forbidden, match="see its decisions"):
        access_decisions_of(stranger, budapest.izzo.pk)
