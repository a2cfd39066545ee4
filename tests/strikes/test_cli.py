"""``tanacs strikes``: the same actions from the command line, errors in the same words."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tanacs.strikes.models import StatusReport, Strike, StrikeStatus
from tests.budapest import Budapest
from tests.strikes.helpers import carried, city_officer

pytestmark = pytest.mark.django_db


def run(*args: Any) -> str:
    out = StringIO()
    call_command(*[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_call_report_show_list_extend_and_end(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    slug = budapest.federation.slug
    motion = carried(budapest.city, officer).pk
    said = run("strikes", "call", slug, "greater-budapest", "--title", "General strike",
               "--starts", "2026-01-01T08:00+01:00", "--motion", motion,
               "--as", officer.username)  # fmt: skip
    strike = Strike.objects.get()
    assert f"strike {strike.pk} called" in said
    said = run("strikes", "report", strike.pk, "csepel-works", "essential-services",
               "--out", 1, "--service", "power station=1",
               "--as", budapest.csepel_officer.username)  # fmt: skip
    assert "essential-services, 1 out" in said
    shown = json.loads(run("strikes", "show", strike.pk, "--json"))
    assert shown["total"]["members_out"] == 1 and shown["status"] == "called"
    assert "1 of 5 members" in run("strikes", "show", strike.pk)
    listed = json.loads(run("strikes", "list", slug, "--json"))
    assert [s["id"] for s in listed] == [strike.pk]
    extend = carried(budapest.city, officer, "Extend").pk
    run("strikes", "extend", strike.pk, "--starts", "2026-01-05T08:00+01:00",
        "--motion", extend, "--as", officer.username)  # fmt: skip
    run("strikes", "end", strike.pk, "--motion", carried(budapest.city, officer, "End").pk,
        "--as", officer.username)  # fmt: skip
    assert Strike.objects.get().status == StrikeStatus.ENDED


def test_refusals_in_the_same_words(budapest: Budapest) -> None:
    officer = city_officer(budapest)
    slug = budapest.federation.slug
    with pytest.raises(CommandError, match="carried motion"):
        run("strikes", "call", slug, "greater-budapest", "--title", "x", "--as", officer.username)
    run("strikes", "call", slug, "greater-budapest", "--title", "General strike",
        "--motion", carried(budapest.city, officer).pk, "--as", officer.username)  # fmt: skip
    strike = Strike.objects.get()
    with pytest.raises(CommandError, match="Only the officers and delegates"):
        run("strikes", "report", strike.pk, "egyesult-izzo", "on-strike",
            "--as", budapest.members["izzo-1"].username)  # fmt: skip
    with pytest.raises(CommandError, match="has 3 members"):
        run("strikes", "report", strike.pk, "egyesult-izzo", "partly-out", "--out", 7,
            "--as", budapest.izzo_officer.username)  # fmt: skip
    with pytest.raises(CommandError, match="NAME=MEMBERS"):
        run("strikes", "report", strike.pk, "egyesult-izzo", "essential-services",
            "--service", "hospital", "--as", budapest.izzo_officer.username)  # fmt: skip
    assert not StatusReport.objects.exists()


def test_a_sit_down_strike_called_and_ended_by_ballots(budapest: Budapest) -> None:
    from tanacs.ballots.actions import do_cast_vote
    from tanacs.ballots.models import Ballot

    officer, m = budapest.izzo_officer, budapest.members
    said = run("strikes", "call", budapest.federation.slug, "egyesult-izzo", "--title",
               "Sit-down strike", "--kind", "sit-down", "--by-ballot", "members",
               "--as", officer.username)  # fmt: skip
    strike = Strike.objects.get()
    assert strike.status == StrikeStatus.PROPOSED and "is open" in said
    for person in (officer, m["izzo-1"]):
        do_cast_vote(Ballot.objects.get(), by=person, choice="yes")
    run("ballots", "close", Ballot.objects.get().pk, "--as", officer.username)
    run("ballots", "tally", Ballot.objects.get().pk, "--as", officer.username)  # declares
    strike.refresh_from_db()
    assert strike.status == StrikeStatus.CALLED
    said = run("strikes", "end", strike.pk, "--by-ballot", "members", "--as", officer.username)
    back = Ballot.objects.order_by("-pk").first()
    assert back is not None and "return to work" in back.title
    for person in (officer, m["izzo-1"], m["izzo-2"]):
        do_cast_vote(back, by=person, choice="yes")
    run("ballots", "close", back.pk, "--as", officer.username)
    run("ballots", "tally", back.pk, "--as", officer.username)
    strike.refresh_from_db()
    assert strike.status == StrikeStatus.ENDED
