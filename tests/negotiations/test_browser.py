"""In a real browser on a phone: a member of the delegation records the government's answer,
the negotiation page shows it, and the strike page shows its condition met (no script)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.budapest import build_budapest
from tests.negotiations.helpers import points, sent
from tests.strikes.helpers import call_city_strike, city_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_answer_recorded_on_a_phone_meets_the_strike_condition(open_page: Any) -> None:
    budapest = build_budapest()
    demands = points(budapest)
    strike = call_city_strike(budapest, city_officer(budapest), points=demands)
    negotiation = sent(budapest, demands)
    page = open_page("izzo-1", phone=True)
    page.goto(f"/negotiations/{negotiation.pk}/")
    page.locator("#ans-number").select_option("1")
    page.locator("#ans-status").select_option("conceded")
    page.get_by_label("Their answer").fill("The delegates are released.")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.locator("#demand-1")).to_contain_text("The delegates are released.")
    expect(page.locator("#demand-1")).to_contain_text("Conceded")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page scrolls sideways on a phone ({width}px)"
    page.goto(f"/strikes/{strike.pk}/")
    expect(page.get_by_text("1 of 2")).to_be_visible()
