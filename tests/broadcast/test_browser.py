"""An officer writes a bulletin in a real browser; signed out, a reader finds it on the
public page and in its feed (without JavaScript)."""

from __future__ import annotations

from typing import Any

import feedparser
import pytest
from playwright.sync_api import expect

from tests.web.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bulletin_written_is_read_signed_out_on_the_page_and_in_the_feed(
    budapest: Any, open_page: Any
) -> None:
    officer = open_page("izzo-officer")
    officer.goto(f"/c/{budapest.izzo.pk}/bulletins/")
    officer.get_by_label("Title").fill("The lamp works stop at six")
    officer.get_by_label("Text").fill("Hold the gates; the power station stays manned.")
    officer.get_by_role("button", name="Publish").click()
    expect(officer.get_by_role("heading", name="The lamp works stop at six")).to_be_visible()
    officer.goto(f"/c/{budapest.izzo.pk}/bulletins/")
    officer.get_by_label("Title").fill("Strike fund")
    officer.get_by_label("Text").fill("Kept at the canteen.")
    officer.get_by_label("Public").uncheck()
    officer.get_by_role("button", name="Publish").click()
    expect(officer.get_by_text("members only")).to_be_visible()

    reader = open_page(phone=True)
    reader.goto(f"/c/{budapest.izzo.pk}/public/")
    expect(reader.get_by_role("heading", name="The lamp works stop at six")).to_be_visible()
    expect(reader.get_by_text("Strike fund")).to_have_count(0)
    screenshot(reader, "broadcast-public-phone")
    feed_href = reader.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute(
        "href"
    )
    assert feed_href == f"/c/{budapest.izzo.pk}/feed/"
    feed = reader.request.get(feed_href)
    parsed = feedparser.parse(feed.body())
    assert [e.title for e in parsed.entries] == [
        "Egyesült Izzó lamp works: The lamp works stop at six"
    ]
    assert len(parsed.entries[0].tanacs_hash) == 64
    # The entry's link opens the public journal at that entry.
    reader.goto(parsed.entries[0].link)
    expect(reader.locator("#e" + parsed.entries[0].tanacs_seq)).to_contain_text(
        parsed.entries[0].tanacs_hash
    )
