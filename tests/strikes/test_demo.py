"""The demo federation shows the general strike, its essential services, the December strike
and the Csepel sit-down strike, and verify passes over them."""

from __future__ import annotations

import pytest

from tanacs.archive.audit import audit_federation
from tanacs.demo import load_demo
from tanacs.strikes.models import Strike, StrikeCouncil, StrikeStatus
from tanacs.strikes.selectors import roll_up, timeline


@pytest.mark.django_db
def test_the_demo_shows_the_strikes_of_1956() -> None:
    report = load_demo(members=4000)
    general = Strike.objects.get(title="General strike")
    assert general.status == StrikeStatus.ENDED and general.starts_at.day == 26
    assert general.ended_at is not None and general.ended_at.year == 1956
    assert general.decisions.get(action="end").ballot_id is not None  # the referendum
    assert general.conditions.count() == 2
    csepel = StrikeCouncil.objects.get(strike=general, council__slug="csepel-works")
    assert csepel.status == "essential-services" and csepel.services
    rolled = roll_up(general)
    assert 0 < rolled.out < rolled.members
    points = timeline(general)
    assert points[0][1] < max(out for _, out in points)
    sit_down = Strike.objects.get(kind="sit-down")
    assert sit_down.council.slug == "csepel-works" and sit_down.conditions.get().motion_id
    assert Strike.objects.get(kind="protest").title == "Strike of 11 and 12 December"
    assert audit_federation(report.federation).ok
