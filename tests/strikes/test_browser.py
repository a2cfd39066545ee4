"""A strike in a real browser on a phone: an officer reports Csepel's
essential services, the roll-up and the timeline show it, and the tree folds (<details>,
no script)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.budapest import build_budapest
from tests.strikes.helpers import call_city_strike, city_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_reports_and_the_roll_up_shows_it_on_a_phone(open_page: Any) -> None:
    budapest = build_budapest(izzo=3, csepel=4)
    strike = call_city_strike(budapest, city_officer(budapest))
    page = open_page("csepel-officer", phone=True)
    page.goto(f"/strikes/{strike.pk}/")
    page.get_by_label("Status").select_option("essential-services")
    page.get_by_label("Members out (empty: everyone not on essential services)").fill("3")
    page.get_by_label("Essential services kept, one a line: service: members").fill(
        "power station: 1"
    )
    page.get_by_role("button", name="Report").click()
    expect(page.get_by_text("Status of Csepel iron and steel works reported.")).to_be_visible()
    expect(page.locator("#total-out")).to_contain_text("3 of 7 members")
    expect(page.locator("svg.timeline polyline")).to_have_count(1)
    csepel = page.locator("summary", has_text="Csepel iron and steel works")
    expect(csepel).to_contain_text("power station (1)")
    district = page.locator("details.strike-node", has_text="Csepel district").first
    district.locator("summary").first.click()  # folds without JavaScript: <details>
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page scrolls sideways on a phone ({width}px)"
