"""``tanacs bulletins list|post|relay``, as a person types them."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tanacs.broadcast.models import Bulletin
from tanacs.federation.actions import do_appoint_officer
from tests.budapest import Budapest, make_person

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("bulletins", *args, stdout=out)
    return out.getvalue()


def test_post_list_and_relay(budapest: Budapest) -> None:
    izzo = str(budapest.izzo.pk)
    said = _run("post", "--council", izzo, "--title", "Strike", "--body", "From six.",
                "--as", "izzo-officer")  # fmt: skip
    assert said.startswith("bulletin ") and "journal entry" in said
    _run("post", "--council", izzo, "--title", "Fund", "--body", "Canteen.", "--members-only",
         "--as", "izzo-officer")  # fmt: skip
    public = json.loads(_run("list", "--council", izzo, "--json"))
    assert [b["title"] for b in public] == ["Strike"]
    assert "[members only]" in _run("list", "--council", izzo, "--as", "izzo-1")
    officer = make_person("ujpest-officer")
    do_appoint_officer(budapest.ujpest, officer, by=budapest.steward)
    strike = Bulletin.objects.get(title="Strike")
    relayed = _run("relay", str(strike.pk), "--council", str(budapest.ujpest.pk),
                   "--as", "ujpest-officer")  # fmt: skip
    assert "relayed" in relayed
    assert "(from Egyesült Izzó lamp works)" in _run("list", "--council", str(budapest.ujpest.pk))


def test_refusals_are_one_clear_line(budapest: Budapest) -> None:
    with pytest.raises(CommandError, match="Only the officers of Egyesült Izzó"):
        _run("post", "--council", str(budapest.izzo.pk), "--title", "t", "--body", "b",
             "--as", "izzo-1")  # fmt: skip
    with pytest.raises(CommandError, match="title cannot be empty"):
        _run("post", "--council", str(budapest.izzo.pk), "--title", " ", "--body", "b",
             "--as", "izzo-officer")  # fmt: skip
    with pytest.raises(CommandError, match="BULLETIN_ID: There is no bulletin 999"):
        _run("relay", "999", "--council", str(budapest.izzo.pk), "--as", "izzo-officer")
    assert Bulletin.objects.count() == 0
