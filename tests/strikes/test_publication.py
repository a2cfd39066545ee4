"""A strike on the public pages and feeds: each decision applied to it, with its entry's hash."""

from __future__ import annotations

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from tanacs.journal.models import Entry
from tanacs.strikes.actions import do_decide_strike
from tests.budapest import Budapest
from tests.strikes.helpers import call_city_strike, carried, city_officer

pytestmark = pytest.mark.django_db


def test_the_call_and_the_end_of_a_strike_are_published_with_their_entries(
    budapest: Budapest,
) -> None:
    officer = city_officer(budapest)
    strike = call_city_strike(budapest, officer)
    do_decide_strike(
        strike, "end", by=officer, motion=carried(budapest.city, officer, "Back to work")
    )
    page = Client().get(reverse("web:federation-public", args=[budapest.federation.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Strike called: General strike of Greater Budapest" in html
    assert "Strike ended: General strike of Greater Budapest" in html
    assert officer.get_username() not in html  # a council decides; no person is named

    feed = feedparser.parse(
        Client().get(reverse("web:council-feed", args=[budapest.city.pk])).content
    )
    assert not feed.bozo
    called = next(e for e in feed.entries if "Strike called: General" in e.title)
    entry = Entry.objects.get(chain=budapest.federation.chain, kind="strike.called")
    assert (called.tanacs_hash, called.tanacs_seq) == (entry.hash, str(entry.seq))
    ended = next(e for e in feed.entries if "Strike ended: General" in e.title)
    assert ended.tanacs_hash == Entry.objects.get(kind="strike.ended").hash
    # Another council's feed does not carry the city's strike.
    izzo = feedparser.parse(
        Client().get(reverse("web:council-feed", args=[budapest.izzo.pk])).content
    )
    assert not any("Strike" in e.title for e in izzo.entries)
