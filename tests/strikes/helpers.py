"""Strike fixtures on the Budapest federation: a carried motion and a called strike."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tanacs.decisions.actions import record_motion_decided_elsewhere
from tanacs.decisions.models import Motion
from tanacs.delegation.actions import do_set_seat_holders
from tanacs.federation.actions import do_appoint_officer
from tanacs.federation.models import Council
from tanacs.strikes.actions import do_call_strike
from tanacs.strikes.models import Strike
from tests.budapest import Budapest, make_person


def carried(council: Council, author: Any, title: str = "General strike") -> Motion:
    return record_motion_decided_elsewhere(
        council, title=title, text="Strike until the demands are met.", carried=True, by=author
    )


def city_officer(budapest: Budapest) -> Any:
    officer = make_person("city-officer")
    do_appoint_officer(budapest.city, officer, by=budapest.steward)
    return officer


def izzo_delegate(budapest: Budapest) -> Any:
    delegate = budapest.members["izzo-1"]
    do_set_seat_holders(budapest.izzo, 1, delegate=delegate, by=budapest.steward)
    return delegate


def call_city_strike(budapest: Budapest, officer: Any, **extra: Any) -> Strike:
    return do_call_strike(
        budapest.city, by=officer, title="General strike of Greater Budapest",
        starts_at=timezone.now() - timedelta(days=2),
        motion=carried(budapest.city, officer), **extra,
    )  # fmt: skip
