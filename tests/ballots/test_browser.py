"""A referendum in a real browser: a member votes on a phone and checks their receipt; an
officer closes the ballot and the result page shows the figures of each council."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tanacs.ballots.actions import do_cast_vote
from tanacs.ballots.mixing import do_mix_choices
from tests.ballots.helpers import open_ballot
from tests.web.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_votes_on_a_phone_and_an_officer_closes(budapest: Any, open_page: Any) -> None:
    ballot = open_ballot(
        budapest.national, budapest.steward, title="Continue the general strike?",
        electorate="referendum", min_reported=2, council_turnout="50%",
    )  # fmt: skip
    do_cast_vote(ballot, by=budapest.members["izzo-2"], choice="yes")
    do_cast_vote(ballot, by=budapest.members["csepel-1"], choice="no")
    do_cast_vote(ballot, by=budapest.csepel_officer, choice="yes")

    phone = open_page("izzo-1", phone=True)
    phone.goto(f"/c/{budapest.izzo.pk}/ballots/")
    phone.get_by_role("link", name="Continue the general strike?").click()
    phone.get_by_label("Yes").check()
    phone.get_by_role("button", name="Cast my vote").click()
    expect(phone.get_by_role("heading", name="Your vote is cast")).to_be_visible()
    code = phone.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){5}", code)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "ballot-receipt-phone")
    phone.get_by_role("link", name="Check my receipt").click()
    expect(phone.get_by_label("Receipt code")).to_have_value(code)
    phone.get_by_role("button", name="Check").click()
    expect(phone.locator("#receipt-result")).to_contain_text("waits a few seconds to be mixed")
    do_mix_choices()
    phone.get_by_role("button", name="Check").click()
    expect(phone.locator("#receipt-result")).to_contain_text("Your ballot is stored")

    officer = open_page("steward")
    officer.goto(f"/b/{ballot.pk}/")
    expect(officer.get_by_text("4 of 5 (80.0%)")).to_be_visible()
    officer.get_by_role("button", name="Close and count").click()
    expect(officer.get_by_text("closed and counted")).to_be_visible()
    officer.get_by_role("link", name="Result").click()
    table = officer.locator("#per-council")
    lamp = table.get_by_role("row").filter(has_text="Egyesült Izzó lamp works")
    expect(lamp).to_contain_text("2/3 (66.7%)")
    expect(lamp).to_contain_text("passed")
    steel = table.get_by_role("row").filter(has_text="Csepel iron and steel works")
    expect(steel).to_contain_text("2/2 (100.0%)")
    expect(steel).to_contain_text("Yes 1")
    expect(officer.get_by_text("Workplaces bound")).to_be_visible()
    screenshot(officer, "ballot-result")

    phone.get_by_role("button", name="Check").click()
    expect(phone.locator("#receipt-result")).to_contain_text("counted as: yes")
