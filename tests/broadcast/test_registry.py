"""The registry's merge: every section's items once each, in order, however a page is cut."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tanacs.broadcast.actions import do_post_bulletin
from tanacs.broadcast.models import Bulletin
from tanacs.core.publication import Cursor, collect, parse_cursor, sections
from tanacs.decisions.actions import apply_motion_result
from tanacs.decisions.models import Motion, MotionStatus, Programme
from tests.budapest import Budapest

pytestmark = pytest.mark.django_db


def test_the_sections_of_today_are_registered() -> None:
    assert {s.name for s in sections()} >= {"bulletins", "decisions", "programmes", "ballots"}


def test_a_cursor_survives_its_token_and_a_bad_token_is_the_first_page() -> None:
    at = timezone.now()
    cursor = Cursor(at, "bulletins", 12)
    assert parse_cursor(cursor.token()) == cursor
    assert "+" not in cursor.token()
    for bad in (None, "", "x~y", "yesterday~bulletins~1", "2026-01-01T00:00:00~b~1", "a~b~c~d"):
        assert parse_cursor(bad) is None


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_pages_cut_anywhere_in_ties_across_sections_lose_and_repeat_nothing(
    budapest: Budapest, limit: int
) -> None:
    for n in range(3):
        do_post_bulletin(budapest.izzo, title=f"News {n}", body="b", public=True,
                         by=budapest.izzo_officer)  # fmt: skip
    for n in range(2):
        motion = Motion.objects.create(
            council=budapest.izzo, title=f"Motion {n}", text="t", author=budapest.izzo_officer,
            status=MotionStatus.VOTING,
        )  # fmt: skip
        apply_motion_result(motion, carried=True, by=budapest.izzo_officer, ballot=None)
    Programme.objects.create(council=budapest.csepel, title="Demands")
    # Everything at one instant but one bulletin, a day older.
    instant = timezone.now()
    Bulletin.objects.update(at=instant)
    Bulletin.objects.filter(title="News 0").update(at=instant - timedelta(days=1))
    Motion.objects.update(decided_at=instant)
    Programme.objects.update(created_at=instant)
    everything = collect(budapest.federation, None, None, 100)
    assert len(everything) == 6
    assert everything[-1].title == "News 0"
    walked = []
    before = None
    for _ in range(20):
        page = collect(budapest.federation, None, before, limit)
        walked += page
        if len(page) < limit:
            break
        before = page[-1].cursor
    assert [(i.section, i.pk) for i in walked] == [(i.section, i.pk) for i in everything]
    # A council's page holds only its own.
    assert {i.council for i in collect(budapest.federation, budapest.csepel, None, 100)} == {
        "Csepel iron and steel works"
    }
