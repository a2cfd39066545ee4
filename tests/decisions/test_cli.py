"""The ``tanacs motions``, ``elections`` and ``recall`` commands over the actions."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tanacs.ballots.actions import do_cast_vote
from tanacs.ballots.selectors import ballot_for
from tanacs.decisions.models import Motion, MotionStatus, RecallPetition
from tanacs.delegation.actions import do_set_seat_holders
from tanacs.delegation.selectors import list_seats
from tests.budapest import Budapest, build_budapest

pytestmark = pytest.mark.django_db


def run(*args: Any) -> str:
    out = StringIO()
    call_command(*[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_table_cosign_vote_close_and_show(budapest: Budapest) -> None:
    c = budapest.izzo.pk
    out = run("motions", "table", "--council", c, "--title", "Strike", "--text",
              "General strike until the troops leave.", "--as", "izzo-1")  # fmt: skip
    motion = Motion.objects.get()
    assert f"motion {motion.pk} tabled" in out
    with pytest.raises(CommandError, match="own motion"):
        run("motions", "cosign", motion.pk, "--as", "izzo-1")
    run("motions", "cosign", motion.pk, "--as", "izzo-2")
    assert "admitted" in run("motions", "cosign", motion.pk, "--as", "izzo-officer")
    with pytest.raises(CommandError, match="Only the officers"):
        run("motions", "vote", motion.pk, "--as", "izzo-1")
    run("motions", "vote", motion.pk, "--as", "izzo-officer")
    ballot = ballot_for(motion)
    for person in ("izzo-1", "izzo-2"):
        do_cast_vote(ballot, by=budapest.members[person], choice="yes")
    assert "declared" in run("motions", "close", ballot.pk, "--as", "izzo-officer")
    assert Motion.objects.get().status == MotionStatus.CARRIED
    shown = json.loads(run("motions", "show", motion.pk, "--json"))
    assert shown["status"] == "carried" and shown["cosigners"] == ["izzo-2", "izzo-officer"]
    assert "Strike" in run("motions", "list", "--council", c)
    with pytest.raises(CommandError, match="no motion"):
        run("motions", "show", 999)


def test_recall_from_the_command_line() -> None:
    budapest = build_budapest(izzo=5, members_per_seat=20)
    m = budapest.members
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], substitutes=[m["izzo-2"]],
                        by=budapest.izzo_officer)  # fmt: skip
    out = run("recall", "open", "--council", budapest.izzo.pk, "--seat", 1, "--reason",
              "Signed the return to work.", "--as", "izzo-3")  # fmt: skip
    assert "1 of 1 signatures" in out and "ballot" in out
    petition = RecallPetition.objects.get()
    ballot = ballot_for(petition)
    for person in ("izzo-3", "izzo-4"):
        do_cast_vote(ballot, by=m[person], choice="yes")
    run("motions", "close", ballot.pk, "--as", "izzo-officer")
    assert "recalled" in run("recall", "show", petition.pk)
    assert list_seats(budapest.izzo)[0].delegate.person == m["izzo-2"]


def test_unopposed_election_from_the_command_line(budapest: Budapest) -> None:
    out = run("elections", "call", "--council", budapest.csepel.pk, "--as", "csepel-officer")
    election = out.split()[1]
    run("elections", "stand", election, "--as", "csepel-1")
    assert "unopposed" in run("elections", "open", election, "--as", "csepel-officer")
    assert "elected: csepel-1" in run("elections", "show", election)


def test_rules_from_the_command_line(budapest: Budapest) -> None:
    c = budapest.izzo.pk
    assert "2 co-signer(s)" in run("motions", "rules", "--council", c)
    out = run("motions", "rules", "--council", c, "--recall-share", 30, "--as", "izzo-officer")
    assert "30% of a seat's electorate" in out
    out = run("motions", "rules", "--council", c, "--mandates-bind", "yes", "--as", "steward")
    assert "mandates bind" in out
    with pytest.raises(CommandError, match="stewards"):
        run("motions", "rules", "--council", c, "--mandates-bind", "no", "--as", "izzo-officer")


def test_programmes_from_the_command_line(budapest: Budapest) -> None:
    from tanacs.decisions.actions import do_create_programme

    students = do_create_programme(budapest.izzo, title="16 points", by=budapest.izzo_officer)
    joint = do_create_programme(budapest.city, title="Joint", by=budapest.steward)
    run("programmes", "point", students.pk, "--text", "Free elections.", "--as", "izzo-officer")
    run("programmes", "point", joint.pk, "--text", "Free and secret elections.", "--as",
        "steward")  # fmt: skip
    assert "1 point(s)" in run("programmes", "merge", joint.pk, "--source", students.pk,
                               "--same-as", "1=1", "--as", "steward")  # fmt: skip
    point = joint.points.get()
    run("programmes", "endorse", point.pk, "--council", budapest.csepel.pk, "--as",
        "csepel-officer")  # fmt: skip
    shown = run("programmes", "show", joint.pk)
    assert "Egyesült Izzó" in shown and "Csepel iron" in shown
    with pytest.raises(CommandError, match="SRC=DST"):
        run("programmes", "merge", joint.pk, "--source", students.pk, "--same-as", "x",
            "--as", "steward")  # fmt: skip
    out = run("motions", "table", "--council", budapest.csepel.pk, "--title", "Elections",
              "--text", "We endorse it.", "--point", point.pk, "--as", "csepel-1")  # fmt: skip
    assert "tabled" in out


def test_resume_from_the_command_line(budapest: Budapest) -> None:
    from tanacs.ballots.actions import do_cancel_ballot

    run("motions", "rules", "--council", budapest.izzo.pk, "--cosigners", 0, "--as",
        "izzo-officer")  # fmt: skip
    run("motions", "table", "--council", budapest.izzo.pk, "--title", "t", "--text", "x",
        "--as", "izzo-1")  # fmt: skip
    motion = Motion.objects.get()
    run("motions", "vote", motion.pk, "--as", "izzo-officer")
    ballot = ballot_for(motion)
    do_cancel_ballot(ballot, by=budapest.izzo_officer, reason="bolted")
    assert "again" in run("motions", "resume", ballot.pk, "--as", "izzo-officer")
    assert Motion.objects.get().status == MotionStatus.ADMITTED
