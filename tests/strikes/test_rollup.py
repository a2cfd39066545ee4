"""The roll-up: per council, per level and in total, for random trees and report sequences."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tanacs.core.errors import TanacsError
from tanacs.federation.actions import do_create_council, do_create_federation
from tanacs.federation.models import Council
from tanacs.strikes.actions import do_call_strike, do_report_status
from tanacs.strikes.models import OUT_STATUSES, CouncilStatus, StatusReport
from tanacs.strikes.selectors import roll_up, timeline
from tests.budapest import make_person
from tests.strikes.helpers import carried

TREES = st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=3), min_size=1, max_size=3)
REPORTS = st.lists(
    st.tuples(st.integers(0, 20), st.sampled_from(CouncilStatus.values), st.integers(0, 40),
              st.integers(0, 96)),
    max_size=14,
)  # fmt: skip


def _tree(shape: list[list[int]]) -> tuple[Council, list[Council]]:
    steward = make_person("steward")
    federation = do_create_federation(name="Random", slug="random", by=steward,
                                      levels=["workplace", "district", "city"])  # fmt: skip
    root = do_create_council(federation, name="City", slug="city", level=2, parent=None,
                             by=steward)  # fmt: skip
    councils = [root]
    for d, bases in enumerate(shape):
        district = do_create_council(federation, name=f"D{d}", slug=f"d{d}", level=1,
                                     parent=root, by=steward)  # fmt: skip
        councils.append(district)
        for b, members in enumerate(bases):
            base = do_create_council(federation, name=f"B{d}-{b}", slug=f"b{d}-{b}", level=0,
                                     parent=district, by=steward)  # fmt: skip
            Council.objects.filter(pk=base.pk).update(member_count=members)
            base.member_count = members
            councils.append(base)
    return root, councils


class TestRollUp(TestCase):
    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(TREES, REPORTS)
    def test_levels_and_total_add_up_over_their_councils(
        self, shape: list[list[int]], reports: list[tuple[int, str, int, int]]
    ) -> None:
        root, councils = _tree(shape)
        steward = make_person("steward")
        strike = do_call_strike(root, by=steward, title="General strike",
                                starts_at=timezone.now() - timedelta(days=5),
                                motion=carried(root, steward))  # fmt: skip
        now = timezone.now()
        for index, status, out, hours in reports:
            council = councils[index % len(councils)]
            # Some are refused: too many out, a status that takes no members, ...
            with contextlib.suppress(TanacsError):
                do_report_status(strike, council, status, by=steward,
                                 members_out=out if council.is_base else None,
                                 reported_at=now - timedelta(hours=hours))  # fmt: skip
        assume(StatusReport.objects.filter(strike=strike).exists())
        with CaptureQueriesContext(connection) as queries:
            rolled = roll_up(strike)
        assert len(queries) <= 2
        # The latest report of each council, read the slow way.
        latest: dict[int, tuple[str, int]] = {c.pk: ("called", 0) for c in councils}
        for report in StatusReport.objects.filter(strike=strike).order_by("reported_at", "pk"):
            latest[report.council_id] = (report.status, report.members_out)
        bases = [c for c in councils if c.is_base]
        total_out = sum(latest[c.pk][1] for c in bases)
        assert rolled.out == total_out
        assert rolled.members == sum(c.member_count for c in bases)
        assert rolled.councils_out == sum(s in OUT_STATUSES for s, _ in latest.values())
        for level in rolled.levels:
            at_level = [r for r in rolled.by_council.values() if r.level == level.level]
            assert level.out == sum(r.out for r in at_level) == total_out
            assert level.members == sum(r.members for r in at_level) == rolled.members
            assert level.councils_out == sum(r.status in OUT_STATUSES for r in at_level)
        for roll in rolled.by_council.values():
            if roll.children:
                assert roll.out == sum(child.out for child in roll.children)
                assert roll.councils == 1 + sum(child.councils for child in roll.children)
        points = timeline(strike)
        if points:
            assert points[-1][1] == total_out
