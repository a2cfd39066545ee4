"""``tanacs negotiations``: the same actions from the command line, errors in the same words."""

from __future__ import annotations

import hashlib
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tanacs.negotiations.models import Answer, Negotiation
from tests.budapest import Budapest
from tests.negotiations.helpers import points

pytestmark = pytest.mark.django_db


def run(*args: Any) -> str:
    out = StringIO()
    call_command(*[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_open_send_answer_status_show_and_list(budapest: Budapest) -> None:
    slug, officer = budapest.federation.slug, budapest.izzo_officer.username
    demands = [p.pk for p in points(budapest)]
    said = run("negotiations", "open", slug, "egyesult-izzo", "--counterpart", "The government",
               "--delegate", "izzo-1", "--point", demands[0], "--point", demands[1],
               "--as", officer)  # fmt: skip
    negotiation = Negotiation.objects.get()
    assert f"negotiation {negotiation.pk} opened" in said
    said = run("negotiations", "send", negotiation.pk, "--as", officer)
    negotiation.refresh_from_db()
    assert negotiation.document_sha256 in said
    text = run("negotiations", "show", negotiation.pk, "--text")
    assert hashlib.sha256(text.encode()).hexdigest() == negotiation.document_sha256
    run("negotiations", "answer", negotiation.pk, 1, "partly-conceded", "--text", "Some.",
        "--on", "1956-11-16", "--as", "izzo-1")  # fmt: skip
    run("negotiations", "status", negotiation.pk, 2, "withdrawn", "--as", officer)
    shown = json.loads(run("negotiations", "show", negotiation.pk, "--json"))
    assert [d["status"] for d in shown["demands"]] == ["partly-conceded", "withdrawn"]
    listed = json.loads(run("negotiations", "list", slug, "egyesult-izzo", "--json"))
    assert listed[0]["id"] == negotiation.pk


def test_a_refusal_is_a_command_error_and_changes_nothing(budapest: Budapest) -> None:
    slug = budapest.federation.slug
    demands = [p.pk for p in points(budapest)]
    run("negotiations", "open", slug, "egyesult-izzo", "--counterpart", "The government",
        "--delegate", "izzo-1", "--point", demands[0], "--as", "izzo-officer")  # fmt: skip
    negotiation = Negotiation.objects.get()
    run("negotiations", "send", negotiation.pk, "--as", "izzo-officer")
    with pytest.raises(CommandError, match="negotiating delegation"):
        run("negotiations", "answer", negotiation.pk, 1, "conceded", "--text", "Yes.",
            "--as", "izzo-2")  # fmt: skip
    with pytest.raises(CommandError, match="not a date"):
        run("negotiations", "answer", negotiation.pk, 1, "conceded", "--text", "Yes.",
            "--on", "soon", "--as", "izzo-1")  # fmt: skip
    assert not Answer.objects.exists()
