"""The ``tanacs ballots`` commands and the ballot check of ``tanacs verify``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tanacs.ballots.models import Ballot, Choice

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_referendum_from_the_command_line(budapest):
    national = str(budapest.national.pk)
    out = run("ballots", "create", "--council", national, "--title", "General strike?",
              "--electorate", "referendum", "--min-reported", "0", "--as", "steward")  # fmt: skip
    ballot = Ballot.objects.get()
    assert f"Created ballot {ballot.pk}" in out
    bid = str(ballot.pk)
    with pytest.raises(CommandError, match="Only the officers"):
        run("ballots", "open", bid, "--as", "izzo-1")
    assert "5 electors" in run("ballots", "open", bid, "--as", "steward")
    out = run("ballots", "vote", bid, "yes", "--as", "izzo-1")
    code = out.split("receipt code (keep it): ")[1].split()[0]
    run("ballots", "vote", bid, "no", "--as", "izzo-1", "--receipt", code)
    run("ballots", "vote", bid, "yes", "--as", "csepel-1")
    with pytest.raises(CommandError, match="not on this ballot's electorate"):
        run("ballots", "vote", bid, "yes", "--as", "steward")
    with pytest.raises(CommandError, match="counted when it closes"):
        run("ballots", "tally", bid, "--as", "steward")
    assert "yes 1, no 1" in run("ballots", "close", bid, "--as", "steward")
    shown = json.loads(run("ballots", "show", bid, "--json"))
    assert shown["turnout"] == {
        "electors": 5,
        "voters": 2,
        "councils": shown["turnout"]["councils"],
    }
    assert shown["result"]["total"]["yes"] == 1
    councils = {c["name"]: c for c in shown["result"]["councils"]}
    assert councils["Egyesült Izzó lamp works"]["summary"]["no"] == 1
    text = run("ballots", "show", bid)
    assert "Csepel iron and steel works: 1/2 voted; yes 1" in text
    assert "Declared" in run("ballots", "tally", bid, "--as", "steward")
    listing = json.loads(run("ballots", "list", "--council", national, "--json"))
    assert [b["state"] for b in listing] == ["declared"]
    csv_text = run("ballots", "export", bid)
    assert csv_text.startswith("receipt_hash,council,weight,marks,voter\n")
    assert len(csv_text.strip().splitlines()) == 3
    exported = json.loads(run("ballots", "export", bid, "--format", "json"))
    assert exported["list_sha256"] == shown["list_sha256"] and len(exported["ballots"]) == 2
    assert "recount matches" in run("verify")
    Choice.objects.filter(ballot=ballot, marks="no").update(marks="yes")
    with pytest.raises(CommandError, match="verify failed: ballot"):
        run("verify")
    with pytest.raises(CommandError, match="FAILED"):
        run("ballots", "tally", bid, "--as", "steward")


def test_close_due_closes_ballots_whose_time_has_passed(budapest):
    from datetime import timedelta

    from django.utils import timezone

    from tests.ballots.helpers import open_ballot

    ballot = open_ballot(budapest.izzo, budapest.izzo_officer,
                         closes_at=timezone.now() + timedelta(hours=1))  # fmt: skip
    assert "0 ballot(s) closed" in run("ballots", "close-due")
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now())
    out = run("ballots", "close-due")
    assert f"Closed ballot {ballot.pk}" in out
    assert Ballot.objects.get(pk=ballot.pk).state == "closed"
