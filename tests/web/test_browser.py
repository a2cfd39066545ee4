"""The core flows in a real browser, without relying on JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tanacs.ballots.actions import do_cast_vote, do_close_ballot
from tanacs.delegation.actions import do_set_seat_holders
from tests.ballots.helpers import open_ballot
from tests.web.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tree_opens_a_council_below(budapest: Any, open_page: Any) -> None:
    page = open_page("steward")
    page.get_by_role("link", name="Workers' Councils of Hungary").first.click()
    tree = page.locator("ul.tree")
    expect(tree.get_by_role("link", name="National Workers' Council", exact=True)).to_be_visible()
    city = tree.get_by_role("link", name="Central Workers' Council of Greater Budapest", exact=True)
    expect(city).to_be_visible()
    expect(tree.get_by_text("Újpest district council")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Show the 2 councils below Central")).click()
    expect(tree.get_by_role("link", name="Újpest district council", exact=True)).to_be_visible()
    expect(tree.get_by_role("link", name="Csepel district council", exact=True)).to_be_visible()
    # Each opened council collapses with <details>, no script needed.
    page.locator(f"#c{budapest.national.pk} > details > summary").click()
    expect(tree.get_by_role("link", name="Újpest district council", exact=True)).to_be_hidden()


def test_apply_then_vouched_in_until_admitted(budapest: Any, open_page: Any) -> None:
    izzo = f"/c/{budapest.izzo.pk}/"
    newcomer = open_page()
    newcomer.goto("/signup/")
    newcomer.get_by_label("Username").fill("kovacs-anna")
    newcomer.get_by_label("Password", exact=True).fill("lampagyar-1956")
    newcomer.get_by_label("Password confirmation").fill("lampagyar-1956")
    newcomer.get_by_role("button", name="Create account").click()
    # Wait for the account (the password checks take a moment) before going on.
    expect(newcomer.get_by_role("button", name="Sign out (kovacs-anna)")).to_be_visible()
    newcomer.goto(izzo)
    newcomer.get_by_role("button", name="Apply to join Egyesült Izzó lamp works").click()
    expect(newcomer.get_by_text("You applied to Egyesült Izzó lamp works")).to_be_visible()
    expect(newcomer.locator(".badge.applied")).to_be_visible()

    for n, voucher in enumerate(["izzo-1", "izzo-2"], start=1):
        page = open_page(voucher)
        page.goto(izzo)
        page.get_by_role("button", name="Vouch for kovacs-anna").click()
        expect(page.get_by_text("You vouched for kovacs-anna.")).to_be_visible()
        if n == 1:
            expect(page.get_by_text("1 of 2 vouches")).to_be_visible()
    expect(page.get_by_role("button", name="Vouch for kovacs-anna")).to_have_count(0)
    expect(page.get_by_text("kovacs-anna is now an active member.")).to_be_visible()
    expect(page.locator("#members").locator("..").get_by_text("(kovacs-anna)")).to_be_visible()
    newcomer.goto(izzo)
    expect(newcomer.locator(".badge.active")).to_be_visible()


def test_officer_marks_delegate_unavailable_and_substitute_sits(
    budapest: Any, open_page: Any
) -> None:
    b = budapest
    do_set_seat_holders(
        b.izzo, 1, delegate=b.members["izzo-1"], substitutes=[b.members["izzo-2"]],
        by=b.izzo_officer,
    )  # fmt: skip
    page = open_page("izzo-officer", phone=True)
    page.goto(f"/c/{b.izzo.pk}/")
    seat = page.locator("#seat-1")
    expect(seat.get_by_text("Sitting: izzo-1")).to_be_visible()
    screenshot(page, "council-phone")
    seat.get_by_text("Mark izzo-1 unavailable").click()
    seat.get_by_label("Reason").first.fill("arrested at the Parliament")
    seat.get_by_role("button", name="Mark unavailable").first.click()
    seat = page.locator("#seat-1")
    expect(page.get_by_text("izzo-1 is marked unavailable")).to_be_visible()
    expect(seat.get_by_text("Sitting: izzo-2")).to_be_visible()
    expect(seat.get_by_text("arrested at the Parliament")).to_be_visible()
    expect(seat.locator(".badge.unavailable")).to_have_text("unavailable")
    screenshot(page, "council-phone-after")


def test_tree_on_a_phone(budapest: Any, open_page: Any) -> None:
    page = open_page("izzo-1", phone=True)
    page.goto(f"/f/{budapest.federation.slug}/?open={budapest.izzo.pk}")
    expect(
        page.locator("ul.tree").get_by_role("link", name="Egyesült Izzó lamp works")
    ).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the tree page scrolls sideways on a phone"
    screenshot(page, "tree-phone")
    page.goto("/")
    expect(page.get_by_role("heading", name="My councils")).to_be_visible()
    screenshot(page, "home-phone")
    page.goto(f"/f/{budapest.federation.slug}/journal/")
    expect(page.get_by_role("heading", name="Entries, newest first")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "journal-phone")


def _watch_csp(page: Any, base_url: str) -> tuple[list[str], list[str]]:
    """Refuse every request to another host; collect those and any policy violations."""
    violations: list[str] = []
    elsewhere: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(base_url) or url.startswith("data:"):
            request_route.continue_()
        else:
            elsewhere.append(url)
            request_route.abort()

    page.route("**/*", route)
    return violations, elsewhere


def test_swagger_ui_works_offline_under_the_policy(open_page: Any, live_server: Any) -> None:
    page = open_page()
    violations, elsewhere = _watch_csp(page, live_server.url)
    page.goto("/api/docs/", timeout=60_000)
    # Swagger UI builds the page from the schema, which takes a while to generate.
    heading = page.get_by_role("heading", name=re.compile("tanacs API"))
    expect(heading).to_be_visible(timeout=60_000)
    expect(page.get_by_text("/api/v1/auth/token/").first).to_be_visible()
    assert elsewhere == []
    assert violations == []


def test_result_bars_draw_under_the_policy(budapest: Any, open_page: Any, live_server: Any) -> None:
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer, title="Strike on Monday?")
    for name, choice in (("izzo-1", "yes"), ("izzo-2", "yes"), ("izzo-officer", "no")):
        person = budapest.izzo_officer if name == "izzo-officer" else budapest.members[name]
        do_cast_vote(ballot, by=person, choice=choice)
    do_close_ballot(ballot, by=budapest.izzo_officer)
    page = open_page("izzo-1")
    violations, elsewhere = _watch_csp(page, live_server.url)
    page.goto(f"/b/{ballot.pk}/result/")
    yes = page.locator(".bar.yes rect").first
    expect(yes).to_be_visible()
    width = page.evaluate("document.querySelector('.bar.yes rect').getBoundingClientRect().width")
    whole = page.evaluate("document.querySelector('.bar.yes').getBoundingClientRect().width")
    assert 0.6 < width / whole < 0.7  # two of three voted yes
    assert page.evaluate("getComputedStyle(document.querySelector('.bar.yes rect')).fill") != ""
    assert elsewhere == []
    assert violations == []


def test_home_and_journal_on_a_phone(budapest: Any, open_page: Any) -> None:
    from datetime import UTC, datetime

    open_ballot(budapest.izzo, budapest.izzo_officer, title="Strike until the troops leave?",
                closes_at=datetime(2099, 3, 15, 18, 30, tzinfo=UTC))  # fmt: skip
    page = open_page("izzo-1", phone=True)
    waiting = page.locator("section[aria-labelledby=waiting]")
    expect(waiting.get_by_role("link", name="Strike until the troops leave?")).to_be_visible()
    expect(waiting.get_by_text("15 Mar 2099, 18:30 UTC")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "home-waiting-phone")
    page.goto(f"/f/{budapest.federation.slug}/journal/?kind=ballot.opened")
    entry = page.locator("li.journal-entry").first
    expect(entry.locator("p.summary")).to_contain_text("opened for voting")
    expect(entry.locator("pre.payload")).to_be_hidden()
    entry.locator("details > summary").click()
    expect(entry.locator("pre.payload")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "journal-filtered-phone")
