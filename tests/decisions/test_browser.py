"""A recall in a real browser: members sign a petition until it reaches its threshold, the
recall ballot opens, they vote, an officer declares, and the substitute appears in the seat."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tanacs.decisions.models import RecallPetition
from tanacs.delegation.actions import do_set_seat_holders
from tests.budapest import build_budapest
from tests.web.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_recall_petition_reaches_its_threshold_and_the_substitute_sits(open_page: Any) -> None:
    budapest = build_budapest(izzo=10, members_per_seat=20)  # ten members, one seat
    m = budapest.members
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], substitutes=[m["izzo-2"]],
                        by=budapest.izzo_officer)  # fmt: skip
    council = budapest.izzo.pk

    opener = open_page("izzo-3", phone=True)
    opener.goto(f"/c/{council}/decisions/")
    expect(opener.locator("#seat-1 .sitting")).to_have_text("izzo-1")
    opener.get_by_text("Petition to recall").click()
    opener.get_by_label("Why should izzo-1 be recalled?").fill("Signed the return to work.")
    opener.get_by_role("button", name="Open the petition").click()
    expect(opener.get_by_text("Recall petition opened and signed.")).to_be_visible()
    petition = RecallPetition.objects.get()
    assert petition.threshold == 2  # 20% of ten

    signer = open_page("izzo-4")
    signer.goto(f"/recalls/{petition.pk}/")
    expect(signer.locator("#signatures")).to_have_text("1")
    signer.get_by_role("button", name="Sign the petition").click()
    expect(signer.get_by_text("the recall ballot is open")).to_be_visible()
    expect(signer.locator("#petition-status")).to_have_text("ballot")

    for name in ("izzo-4", "izzo-5", "izzo-6"):
        voter = signer if name == "izzo-4" else open_page(name)
        voter.goto(f"/recalls/{petition.pk}/")
        voter.get_by_role("link", name="The recall ballot").click()
        voter.get_by_label("Yes").check()
        voter.get_by_role("button", name="Cast my vote").click()
        expect(voter.get_by_role("heading", name="Your vote is cast")).to_be_visible()

    officer = open_page("izzo-officer")
    officer.goto(f"/recalls/{petition.pk}/")
    expect(officer.locator("#sitting")).to_have_text("izzo-1")
    officer.get_by_role("button", name="Close and declare").click()
    expect(officer.get_by_text("closed and its result declared")).to_be_visible()
    expect(officer.locator("#petition-status")).to_have_text("recalled")
    expect(officer.locator("#sitting")).to_have_text("izzo-2")
    screenshot(officer, "recall-declared")

    opener.goto(f"/c/{council}/decisions/")
    expect(opener.locator("#seat-1 .sitting")).to_have_text("izzo-2")
