"""A negotiation on the public pages and feeds: the demands sent, and each answer."""

from __future__ import annotations

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from tanacs.journal.models import Entry
from tanacs.negotiations.actions import do_record_answer
from tests.budapest import Budapest
from tests.negotiations.helpers import drafted, sent

pytestmark = pytest.mark.django_db


def _feed(url: str) -> list[dict[str, str]]:
    parsed = feedparser.parse(Client().get(url).content)
    assert not parsed.bozo
    return list(parsed.entries)


def test_sent_demands_and_answers_are_published_with_their_entries(budapest: Budapest) -> None:
    talks = sent(budapest)
    delegate = budapest.members["izzo-1"]
    do_record_answer(talks, 1, by=delegate, text="They will be released.", status="conceded")
    html = Client().get(reverse("web:council-public", args=[budapest.izzo.pk])).content.decode()
    assert "Demands sent to The government" in html
    assert "Release the arrested delegates." in html and talks.document_sha256 in html
    assert "The government answers demand 1: conceded" in html
    assert delegate.get_username() not in html  # the delegation stays on its own page

    entries = _feed(reverse("web:federation-feed", args=[budapest.federation.slug]))
    demands = next(e for e in entries if "Demands sent to" in e["title"])
    assert demands["tanacs_hash"] == Entry.objects.get(kind="negotiation.sent").hash
    answer = next(e for e in entries if "answers demand 1" in e["title"])
    assert answer["tanacs_hash"] == Entry.objects.get(kind="negotiation.answered").hash


def test_demands_not_yet_sent_are_not_published(budapest: Budapest) -> None:
    drafted(budapest)
    html = Client().get(reverse("web:council-public", args=[budapest.izzo.pk])).content.decode()
    assert "Demands sent to" not in html and "The government" not in html
