"""The public pages and Atom feeds, read signed out and parsed by a real feed parser."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from tanacs.ballots.actions import do_cast_vote, do_close_ballot, do_create_ballot, do_open_ballot
from tanacs.broadcast.actions import do_post_bulletin, do_relay_bulletin
from tanacs.broadcast.models import Bulletin
from tanacs.decisions.actions import apply_motion_result
from tanacs.decisions.models import Motion, MotionStatus
from tanacs.federation.actions import do_appoint_officer
from tanacs.journal.models import Entry
from tests.budapest import Budapest, make_person

pytestmark = pytest.mark.django_db

SECRET = "Members only: the strike fund is kept at the canteen"


def _feed(url: str) -> Any:
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def _publish(b: Budapest) -> dict[str, Any]:
    public = do_post_bulletin(b.izzo, title="Strike from Friday", body="The works stop at six.",
                              public=True, by=b.izzo_officer)  # fmt: skip
    do_post_bulletin(b.izzo, title=SECRET, body=SECRET, public=False, by=b.izzo_officer)
    motion = Motion.objects.create(
        council=b.izzo, title="Withdraw the troops", text="Soviet troops leave Hungary.",
        author=b.members["izzo-1"], status=MotionStatus.VOTING,
    )  # fmt: skip
    apply_motion_result(motion, carried=True, by=b.izzo_officer, ballot=None)
    ballot = do_create_ballot(b.izzo, by=b.izzo_officer, title="Return to work?", min_reported=1)
    do_open_ballot(ballot, by=b.izzo_officer)
    for person in (b.izzo_officer, b.members["izzo-1"], b.members["izzo-2"]):
        do_cast_vote(ballot, by=person, choice="no")
    do_close_ballot(ballot, by=b.izzo_officer)
    return {"public": public, "motion": motion, "ballot": ballot}


def test_the_council_page_and_feed_signed_out_carry_every_section(budapest: Budapest) -> None:
    made = _publish(budapest)
    page = Client().get(reverse("web:council-public", args=[budapest.izzo.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    feed_url = reverse("web:council-feed", args=[budapest.izzo.pk])
    alternate = (
        '<link rel="alternate" type="application/atom+xml" title="Egyesült Izzó lamp works" '
        f'href="{feed_url}">'
    )
    assert alternate in html
    for title in ("Strike from Friday", "Adopted: Withdraw the troops", "Result: Return to work?"):
        assert title in html
    assert "Not carried (3 of 3 voted)" in html
    parsed = _feed(feed_url)
    titles = [e.title for e in parsed.entries]
    assert len(titles) == 3
    assert any("Strike from Friday" in t for t in titles)
    entry = Entry.objects.get(seq=made["public"].journal_seq, chain=budapest.federation.chain)
    item = next(e for e in parsed.entries if "Strike from Friday" in e.title)
    assert item.tanacs_hash == entry.hash
    assert item.tanacs_seq == str(entry.seq)
    link = urlsplit(item.link)
    assert link.path == f"/f/{budapest.federation.slug}/journal/"
    assert (link.query, link.fragment) == (f"before={entry.seq + 1}", f"e{entry.seq}")
    # The link leads to a public journal page that shows that very hash.
    journal = Client().get(f"{link.path}?{link.query}")
    assert entry.hash in journal.content.decode()
    # Every item carries the hash of a real public entry.
    for e in parsed.entries:
        assert Entry.objects.filter(hash=e.tanacs_hash, private=False).exists()


def test_members_only_never_leaks_to_a_public_page_or_feed(budapest: Budapest) -> None:
    _publish(budapest)
    officer = make_person("ujpest-officer")
    do_appoint_officer(budapest.ujpest, officer, by=budapest.steward)
    urls = [
        f"/f/{budapest.federation.slug}/",
        reverse("web:federation-public", args=[budapest.federation.slug]),
        reverse("web:federation-feed", args=[budapest.federation.slug]),
        reverse("web:council-public", args=[budapest.izzo.pk]),
        reverse("web:council-feed", args=[budapest.izzo.pk]),
        reverse("web:council-bulletins", args=[budapest.izzo.pk]),
        f"/f/{budapest.federation.slug}/journal/",
    ]
    for url in urls:
        for client in (Client(), _signed_in(budapest.csepel_officer)):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "strike fund" not in response.content.decode(), url
    secret = Bulletin.objects.get(public=False)
    assert Client().get(reverse("web:bulletin", args=[secret.pk])).status_code == 404
    # The council's own people read it.
    member = _signed_in(budapest.members["izzo-1"])
    assert (
        SECRET
        in member.get(reverse("web:council-bulletins", args=[budapest.izzo.pk])).content.decode()
    )
    assert member.get(reverse("web:bulletin", args=[secret.pk])).status_code == 200


def test_no_member_is_named_on_a_public_page(budapest: Budapest) -> None:
    _publish(budapest)  # izzo-1 wrote the motion and voted; both stay unnamed
    pages = [
        f"/f/{budapest.federation.slug}/",
        reverse("web:federation-feed", args=[budapest.federation.slug]),
        reverse("web:council-public", args=[budapest.izzo.pk]),
        reverse("web:council-feed", args=[budapest.izzo.pk]),
    ]
    for url in pages:
        body = Client().get(url).content.decode()
        assert not re.search(r"izzo-\d", body), url
        assert "csepel-1" not in body, url
    # Officers act in office: the council's public page names them.
    officer_page = Client().get(reverse("web:council-public", args=[budapest.izzo.pk]))
    assert "izzo-officer" in officer_page.content.decode()


def test_the_federation_page_is_public_and_stewards_links_stay_behind_login(
    budapest: Budapest,
) -> None:
    _publish(budapest)
    page = Client().get(f"/f/{budapest.federation.slug}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Egyesült Izzó lamp works" in html and "Strike from Friday" in html
    assert 'type="application/atom+xml"' in html
    assert "Import members" not in html
    steward = _signed_in(budapest.steward).get(f"/f/{budapest.federation.slug}/")
    assert "Import members" in steward.content.decode()
    assert Client().get("/f/no-such/").status_code == 404


def test_relays_appear_in_the_relaying_councils_feed_with_their_origin(
    budapest: Budapest,
) -> None:
    made = _publish(budapest)
    officer = make_person("ujpest-officer")
    do_appoint_officer(budapest.ujpest, officer, by=budapest.steward)
    do_relay_bulletin(budapest.ujpest, made["public"], by=officer)
    parsed = _feed(reverse("web:council-feed", args=[budapest.ujpest.pk]))
    assert [e.title for e in parsed.entries] == [
        "Újpest district council: Strike from Friday (from Egyesült Izzó lamp works)"
    ]
    # The federation's feed carries the bulletin once.
    fed = _feed(reverse("web:federation-feed", args=[budapest.federation.slug]))
    assert sum("Strike from Friday" in e.title for e in fed.entries) == 1


def test_the_feed_pages_by_keyset_without_losing_or_repeating_an_item(budapest: Budapest) -> None:
    for n in range(1, 121):
        do_post_bulletin(budapest.izzo, title=f"News {n}", body="b", public=True,
                         by=budapest.izzo_officer)  # fmt: skip
    # Some at the very same instant: the cursor breaks ties by section and id.
    same = Bulletin.objects.order_by("pk").first()
    assert same is not None
    Bulletin.objects.filter(pk__lte=same.pk + 9).update(at=same.at + timedelta(days=1))
    seen: list[str] = []
    url: str | None = reverse("web:federation-feed", args=[budapest.federation.slug])
    pages = 0
    while url and pages < 10:
        parsed = _feed(url)
        seen += [e.title for e in parsed.entries]
        nxt = [link.href for link in parsed.feed.get("links", []) if link.rel == "next"]
        url = nxt[0].split("testserver", 1)[1] if nxt else None
        pages += 1
    assert pages == 3
    assert sorted(seen) == sorted(f"Egyesült Izzó lamp works: News {n}" for n in range(1, 121))


@pytest.mark.parametrize("who", ["anonymous", "member", "other-officer", "officer"])
def test_writing_on_the_web_is_for_the_councils_officers(budapest: Budapest, who: str) -> None:
    clients = {
        "anonymous": Client(),
        "member": _signed_in(budapest.members["izzo-1"]),
        "other-officer": _signed_in(budapest.csepel_officer),
        "officer": _signed_in(budapest.izzo_officer),
    }
    url = reverse("web:council-bulletins", args=[budapest.izzo.pk])
    response = clients[who].post(url, {"title": "Hold", "body": "Hold firm.", "public": "on"})
    made = Bulletin.objects.filter(title="Hold").count()
    if who == "officer":
        assert response.status_code == 302 and made == 1
    else:
        assert response.status_code in (302, 403) and made == 0
        assert "Write a bulletin" not in clients[who].get(url).content.decode()


def test_bad_input_on_the_web_says_what_and_changes_nothing(budapest: Budapest) -> None:
    url = reverse("web:council-bulletins", args=[budapest.izzo.pk])
    response = _signed_in(budapest.izzo_officer).post(url, {"title": " ", "body": "x"})
    assert response.status_code == 400
    assert "cannot be empty" in response.content.decode() or "required" in response.content.decode()
    assert Bulletin.objects.count() == 0


def _signed_in(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_relaying_on_the_web(budapest: Budapest) -> None:
    made = do_post_bulletin(budapest.izzo, title="Strike", body="b", public=True,
                            by=budapest.izzo_officer)  # fmt: skip
    officer = make_person("ujpest-officer")
    do_appoint_officer(budapest.ujpest, officer, by=budapest.steward)
    client = _signed_in(officer)
    page = client.get(reverse("web:council-bulletins", args=[budapest.ujpest.pk]))
    assert "Relay news of the councils above and below" in page.content.decode()
    url = reverse("web:bulletin-relay", args=[budapest.ujpest.pk])
    assert client.post(url, {"bulletin": made.pk}).status_code == 302
    assert Bulletin.objects.filter(council=budapest.ujpest, origin=made).exists()
    again = client.post(url, {"bulletin": made.pk}, follow=True)
    assert "has relayed bulletin" in again.content.decode()
    outsider = _signed_in(budapest.csepel_officer).post(url, {"bulletin": made.pk})
    assert outsider.status_code == 403
    assert Bulletin.objects.filter(origin=made).count() == 1
    council_page = client.get(reverse("web:council", args=[budapest.ujpest.pk]))
    assert reverse("web:council-public", args=[budapest.ujpest.pk]) in council_page.content.decode()
