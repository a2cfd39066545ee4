from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tanacs.core.errors import Conflict, Forbidden, InvalidInput, TanacsError
from tanacs.federation.actions import do_create_council, do_create_federation, do_move_council
from tanacs.federation.models import Council
from tanacs.membership.models import Membership, Status
from tests.budapest import Budapest, build_budapest, make_person


@pytest.mark.django_db
def test_parent_must_sit_one_level_above(budapest: Budapest) -> None:
    f = budapest.federation
    with pytest.raises(InvalidInput) as caught:
        do_create_council(f, name="Ganz", slug="ganz", level=0, parent=budapest.city,
                          by=budapest.steward)  # fmt: skip
    assert "must be a district council" in caught.value.message
    with pytest.raises(InvalidInput):
        do_create_council(f, name="X", slug="x", level=7, parent=None, by=budapest.steward)
    with pytest.raises(Conflict):
        do_create_council(f, name="Again", slug="ujpest", level=1, parent=budapest.city,
                          by=budapest.steward)  # fmt: skip
    with pytest.raises(Forbidden):
        do_create_council(f, name="Ganz", slug="ganz", level=0, parent=budapest.ujpest,
                          by=budapest.izzo_officer)  # fmt: skip


@pytest.mark.django_db
def test_bad_federation_input_changes_nothing() -> None:
    person = make_person("founder")
    for kwargs in (
        {"levels": ["only-one"]},
        {"levels": ["a", "a"]},
        {"slug": "Bad Slug"},
        {"seats_min": 3, "seats_max": 2},
    ):
        args = {"name": "F", "slug": "f", "levels": ["a", "b"], "by": person, **kwargs}
        with pytest.raises(TanacsError):
            do_create_federation(**args)  # type: ignore[arg-type]
    assert not Council.objects.exists()


def recount(council: Council) -> int:
    if council.level == 0:
        return Membership.objects.filter(council=council, status=Status.ACTIVE).count()
    return sum(recount(child) for child in council.children.all())


class TestRandomMoves(TestCase):
    """Under random moves the tree stays level-ordered, acyclic, and its counts add up."""

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), max_size=8))
    def test_tree_invariants_hold(self, moves: list[tuple[int, int]]) -> None:
        city = build_budapest()
        f = city.federation
        do_create_council(f, name="Angyalföld", slug="angyalfold", level=1,
                          parent=city.city, by=city.steward)  # fmt: skip
        councils = list(Council.objects.filter(federation=f).order_by("pk"))
        for a, b in moves:
            child = councils[a % len(councils)]
            parent = councils[b % len(councils)]
            with contextlib.suppress(InvalidInput):
                do_move_council(child, parent=parent, by=city.steward)
        for council in Council.objects.filter(federation=f):
            seen = set()
            node = council
            while node.parent_id is not None:
                assert node.pk not in seen
                seen.add(node.pk)
                assert node.parent.level == node.level + 1
                node = node.parent
            assert council.represented_count == recount(council)
