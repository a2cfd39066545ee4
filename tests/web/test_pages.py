"""The pages through Django's test client: each flow, each permission, and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tanacs.delegation.actions import do_set_seat_holders
from tanacs.delegation.selectors import list_seats
from tanacs.federation.actions import do_create_council
from tanacs.federation.models import Council, Federation, Officer
from tanacs.journal.chain import append
from tanacs.journal.models import Entry
from tanacs.membership.actions import do_apply
from tanacs.membership.models import Membership, Status
from tests.budapest import make_person

pytestmark = pytest.mark.django_db


def signed_in(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def text(response: Any) -> str:
    return str(response.content.decode())


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def council_url(council: Council, action: str = "") -> str:
    return f"/c/{council.pk}/{action}"


def journal_count() -> int:
    return Entry.objects.count()


# Accounts ------------------------------------------------------------------------------


def test_sign_up_creates_an_account_and_signs_in(client: Client) -> None:
    response = client.post(
        "/signup/",
        {"username": "nagy-imre", "password1": "lampagyar-1956", "password2": "lampagyar-1956"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.context["user"].get_username() == "nagy-imre"


def test_a_user_name_cannot_be_an_email_address(client: Client) -> None:
    response = client.post(
        "/signup/",
        {"username": "imre@example.org", "password1": "lampagyar-1956",
         "password2": "lampagyar-1956"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "cannot contain &#x27;@&#x27;" in text(response)
    assert not get_user_model().objects.filter(username__contains="@").exists()


def test_sign_up_with_mismatched_passwords_creates_nothing(client: Client) -> None:
    response = client.post(
        "/signup/",
        {"username": "nagy-imre", "password1": "lampagyar-1956", "password2": "other-1956"},
    )
    assert response.status_code == 400
    assert "password fields didn" in text(response)
    assert not get_user_model().objects.filter(username="nagy-imre").exists()


def test_sign_in_and_out(budapest: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/login/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/login/",
        {"username": "izzo-1", "password": "forradalom-1956", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    home = client.get("/")
    assert "Sign out" in text(home)
    token = home.cookies.get("csrftoken", page.cookies["csrftoken"]).value
    client.post("/logout/", {"csrfmiddlewaretoken": token})
    assert "Sign in" in text(client.get("/"))


def test_posts_need_the_csrf_token(budapest: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_person("outsider"))
    response = client.post(council_url(budapest.izzo, "apply/"))
    assert response.status_code == 403
    assert not Membership.objects.filter(person__username="outsider").exists()


# Home and the tree ---------------------------------------------------------------------


def test_home_lists_federations_and_my_councils(budapest: Any) -> None:
    b = budapest
    do_set_seat_holders(b.izzo, 1, delegate=b.members["izzo-1"], by=b.izzo_officer)
    response = signed_in(b.members["izzo-1"]).get("/")
    page = text(response)
    assert "Workers&#x27; Councils of Hungary" in page
    assert "My councils" in page
    assert "Egyesült Izzó lamp works" in page and "active" in page
    assert "Delegate on seat 1 of" in page
    officer_page = text(signed_in(b.izzo_officer).get("/"))
    assert "Officer of" in officer_page


def test_anonymous_visitors_read_the_federation_but_sign_in_for_a_council(
    budapest: Any, client: Client
) -> None:
    page = client.get(f"/f/{budapest.federation.slug}/")
    assert page.status_code == 200  # a public page
    assert "Add a council" not in text(page)
    response = client.get(council_url(budapest.izzo))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_tree_shows_the_top_levels_with_counts_and_delegates(budapest: Any) -> None:
    b = budapest
    page = text(signed_in(b.steward).get(f"/f/{b.federation.slug}/"))
    assert "National Workers&#x27; Council" in page
    assert "Central Workers&#x27; Council of Greater Budapest" in page
    assert "represents 5 members" in page
    # Below the second level, councils are one click away, not rendered.
    assert "Újpest district council" not in page
    assert f"?open={b.city.pk}" in page
    assert "Show 2 councils below" in page


def test_tree_opens_the_path_down_to_a_council(budapest: Any) -> None:
    b = budapest
    do_set_seat_holders(b.izzo, 1, delegate=b.members["izzo-1"], by=b.izzo_officer)
    page = text(signed_in(b.steward).get(f"/f/{b.federation.slug}/?open={b.izzo.pk}"))
    assert "Újpest district council" in page
    assert "Egyesült Izzó lamp works" in page
    assert "Seat 1 (weight 2): izzo-1" in page
    assert "Csepel iron and steel works" not in page  # a sibling branch stays closed


def test_tree_queries_do_not_grow_with_the_tree(budapest: Any) -> None:
    b = budapest
    client = signed_in(b.steward)
    url = f"/f/{b.federation.slug}/?open={b.izzo.pk}"
    client.get(url)
    with CaptureQueriesContext(transaction.get_connection()) as small:
        client.get(url)
    for i in range(30):
        district = do_create_council(
            b.federation, name=f"District {i}", slug=f"district-{i}", level=1, parent=b.city,
            by=b.steward,
        )  # fmt: skip
        do_create_council(
            b.federation, name=f"Works {i}", slug=f"works-{i}", level=0, parent=district,
            by=b.steward,
        )  # fmt: skip
    with CaptureQueriesContext(transaction.get_connection()) as large:
        response = client.get(url)
    assert "District 29" in text(response)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_tree_refuses_a_council_of_another_federation(budapest: Any) -> None:
    b = budapest
    client = signed_in(b.steward)
    client.post(
        "/f/new/",
        {"name": "Students", "slug": "students", "levels": "faculty, university",
         "members_per_seat": 10, "seats_min": 1, "seats_max": 2},
    )  # fmt: skip
    response = client.get(f"/f/students/?open={b.izzo.pk}")
    assert response.status_code == 404
    assert client.get("/f/no-such-federation/").status_code == 404
    assert client.get(f"/f/{b.federation.slug}/?open=nonsense").status_code == 200


# The council page ----------------------------------------------------------------------


def test_council_page_shows_level_counts_officers_seats_and_children(budapest: Any) -> None:
    b = budapest
    do_set_seat_holders(
        b.izzo, 1, delegate=b.members["izzo-1"], substitutes=[b.members["izzo-2"]],
        by=b.izzo_officer,
    )  # fmt: skip
    page = text(signed_in(b.members["izzo-1"]).get(council_url(b.izzo)))
    assert "workplace" in page and "Újpest district council" in page
    assert "3 active" in page
    assert "Seats in Újpest district council" in page
    assert "Sitting: <strong>izzo-1</strong>" in page
    assert "Substitute 1: izzo-2" in page
    assert "izzo-officer" in page
    ujpest = text(signed_in(b.steward).get(council_url(b.ujpest)))
    assert "Egyesült Izzó lamp works" in ujpest  # child councils
    assert "represents 3" in ujpest or "Represents" in ujpest


def test_member_names_only_for_people_of_the_federation(budapest: Any) -> None:
    b = budapest
    outsider = text(signed_in(make_person("outsider")).get(council_url(b.izzo)))
    assert "(izzo-2)" not in outsider
    assert "Only active members, officers and stewards" in outsider
    assert "Apply to join Egyesült Izzó lamp works" in outsider
    member = text(signed_in(b.members["izzo-1"]).get(council_url(b.csepel)))
    assert "(csepel-1)" in member
    assert "Apply to join" not in member


def test_an_applicant_reads_no_member_list(budapest: Any) -> None:
    b = budapest
    newcomer = make_person("newcomer")
    do_apply(b.izzo, person=newcomer)
    client = signed_in(newcomer)
    for council, member in ((b.csepel, "csepel-1"), (b.izzo, "izzo-1")):
        page = text(client.get(council_url(council)))
        assert f"({member})" not in page
        assert "Only active members, officers and stewards" in page
    assert "You are <span" in text(client.get(council_url(b.izzo)))
    assert "(csepel-1)" in text(signed_in(b.members["izzo-1"]).get(council_url(b.csepel)))


def test_apply_then_vouch_until_admitted(budapest: Any) -> None:
    b = budapest
    newcomer = make_person("kovacs-anna")
    response = signed_in(newcomer).post(council_url(b.izzo, "apply/"), follow=True)
    assert "You applied to Egyesült Izzó lamp works" in " ".join(messages_of(response))
    membership = Membership.objects.get(person=newcomer)
    assert membership.status == Status.APPLIED
    page = text(signed_in(b.members["izzo-1"]).get(council_url(b.izzo)))
    assert "0 of 2 vouches" in page and "Vouch for kovacs-anna" in page
    vouch = council_url(b.izzo, f"m/{membership.pk}/vouch/")
    signed_in(b.members["izzo-1"]).post(vouch)
    membership.refresh_from_db()
    assert membership.status == Status.APPLIED
    response = signed_in(b.members["izzo-2"]).post(vouch, follow=True)
    assert "kovacs-anna is now an active member." in " ".join(messages_of(response))
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    b.izzo.refresh_from_db()
    assert b.izzo.member_count == 4


def test_applying_twice_or_to_a_higher_council_changes_nothing(budapest: Any) -> None:
    b = budapest
    client = signed_in(b.members["izzo-1"])
    before = journal_count()
    response = client.post(council_url(b.csepel, "apply/"), follow=True)
    assert "You are already active in Egyesült Izzó lamp works" in " ".join(messages_of(response))
    outsider = signed_in(make_person("outsider"))
    response = outsider.post(council_url(b.ujpest, "apply/"), follow=True)
    assert "members join base councils" in " ".join(messages_of(response))
    assert journal_count() == before
    assert client.get(council_url(b.izzo, "apply/")).status_code == 405


def test_vouching_needs_an_active_member_of_the_council(budapest: Any) -> None:
    b = budapest
    membership = do_apply(b.izzo, person=make_person("kovacs-anna"))
    before = journal_count()
    response = signed_in(b.members["csepel-1"]).post(
        council_url(b.izzo, f"m/{membership.pk}/vouch/")
    )
    assert response.status_code == 403
    assert "Only active members of Egyesült Izzó lamp works may vouch here." in text(response)
    assert journal_count() == before
    # A membership asked for through another council is not found there.
    response = signed_in(b.members["izzo-1"]).post(
        council_url(b.csepel, f"m/{membership.pk}/vouch/")
    )
    assert response.status_code == 404


def test_only_officers_admit(budapest: Any) -> None:
    b = budapest
    membership = do_apply(b.izzo, person=make_person("kovacs-anna"))
    admit = council_url(b.izzo, f"m/{membership.pk}/admit/")
    response = signed_in(b.members["izzo-1"]).post(admit)
    assert response.status_code == 403
    assert "Only the officers of Egyesült Izzó lamp works may admit members." in text(response)
    membership.refresh_from_db()
    assert membership.status == Status.APPLIED
    page = text(signed_in(b.members["izzo-1"]).get(council_url(b.izzo)))
    assert "Admit kovacs-anna" not in page
    assert "Admit kovacs-anna" in text(signed_in(b.izzo_officer).get(council_url(b.izzo)))
    signed_in(b.izzo_officer).post(admit)
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE


def test_suspend_needs_a_reason_then_reinstate(budapest: Any) -> None:
    b = budapest
    membership = Membership.objects.get(person=b.members["izzo-2"])
    officer = signed_in(b.izzo_officer)
    suspend = council_url(b.izzo, f"m/{membership.pk}/suspend/")
    response = officer.post(suspend, {"reason": "  "}, follow=True)
    assert "A suspension needs a stated reason." in messages_of(response)
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    response = signed_in(b.members["izzo-1"]).post(suspend, {"reason": "spite"})
    assert response.status_code == 403
    officer.post(suspend, {"reason": "informer"})
    membership.refresh_from_db()
    assert (membership.status, membership.reason) == (Status.SUSPENDED, "informer")
    assert "informer" in text(officer.get(council_url(b.izzo)))
    officer.post(council_url(b.izzo, f"m/{membership.pk}/reinstate/"))
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE


def test_leave(budapest: Any) -> None:
    b = budapest
    client = signed_in(b.members["izzo-2"])
    assert client.post(council_url(b.csepel, "leave/")).status_code == 403
    client.post(council_url(b.izzo, "leave/"))
    assert not Membership.objects.filter(person=b.members["izzo-2"], status=Status.ACTIVE).exists()


# Officer flows -------------------------------------------------------------------------


def test_appoint_officer(budapest: Any) -> None:
    b = budapest
    officer = signed_in(b.izzo_officer)
    response = officer.post(council_url(b.izzo, "officers/"), {"username": "nobody"}, follow=True)
    assert "There is no person with the user name 'nobody'." in messages_of(response)
    response = signed_in(b.members["izzo-1"]).post(
        council_url(b.izzo, "officers/"), {"username": "izzo-1"}
    )
    assert response.status_code == 403
    officer.post(council_url(b.izzo, "officers/"), {"username": "izzo-1"})
    assert Officer.objects.filter(council=b.izzo, person=b.members["izzo-1"]).exists()


def test_appoint_seat_holders_and_mark_unavailable(budapest: Any) -> None:
    b = budapest
    officer = signed_in(b.izzo_officer)
    seat = council_url(b.izzo, "seats/1/")
    response = officer.post(seat, {"delegate": "izzo-1", "substitutes": "izzo-2\nnobody"})
    assert list_seats(b.izzo)[0].holders == ()
    response = officer.post(seat, {"delegate": "izzo-1", "substitutes": "csepel-1"}, follow=True)
    assert "csepel-1 is not an active member in Egyesült Izzó lamp works." in messages_of(response)
    assert signed_in(b.members["izzo-1"]).post(seat, {"delegate": "izzo-1"}).status_code == 403
    officer.post(seat, {"delegate": "izzo-1", "substitutes": "izzo-2, izzo-officer"})
    view = list_seats(b.izzo)[0]
    assert [h.person.username for h in view.holders] == ["izzo-1", "izzo-2", "izzo-officer"]

    unavailable = council_url(b.izzo, "seats/1/unavailable/")
    response = officer.post(unavailable, {"username": "izzo-1", "reason": ""}, follow=True)
    assert "Say why the delegate is unavailable." in messages_of(response)
    assert list_seats(b.izzo)[0].delegate.person.username == "izzo-1"  # type: ignore[union-attr]
    response = signed_in(b.members["izzo-2"]).post(
        unavailable, {"username": "izzo-1", "reason": "coup"}
    )
    assert response.status_code == 403
    response = officer.post(unavailable, {"username": "izzo-1", "reason": "arrested"}, follow=True)
    page = text(response)
    assert "Sitting: <strong>izzo-2</strong>" in page
    assert "arrested" in page
    officer.post(council_url(b.izzo, "seats/1/available/"), {"username": "izzo-1"})
    assert list_seats(b.izzo)[0].delegate.person.username == "izzo-1"  # type: ignore[union-attr]
    response = officer.post(council_url(b.izzo, "seats/9/"), {"delegate": "izzo-1"}, follow=True)
    assert any("there is no seat 9" in m for m in messages_of(response))


def test_create_a_child_council(budapest: Any) -> None:
    b = budapest
    url = f"/f/{b.federation.slug}/councils/new/?parent={b.ujpest.pk}"
    data = {"name": "Ganz shipyard", "slug": "ganz", "level": 0, "parent": "ujpest",
            "place": "Budapest", "vouches_needed": 2}  # fmt: skip
    response = signed_in(b.izzo_officer).post(url, data)
    assert response.status_code == 403
    assert "Only the officers of Újpest district council may add councils" in text(response)
    steward = signed_in(b.steward)
    response = steward.post(url, {**data, "slug": "Not A Slug"})
    assert response.status_code == 400
    assert "is not a valid short name" in text(response)
    response = steward.post(url, {**data, "parent": "no-such"})
    assert response.status_code == 400
    assert "There is no council" in text(response)
    assert not Council.objects.filter(name="Ganz shipyard").exists()
    response = steward.post(url, data)
    ganz = Council.objects.get(slug="ganz")
    assert response["Location"] == council_url(ganz)
    assert ganz.parent == b.ujpest
    # An officer of a council adds councils below it.
    Officer.objects.create(council=b.ujpest, person=b.izzo_officer)
    signed_in(b.izzo_officer).post(url, {**data, "name": "Láng works", "slug": "lang"})
    assert Council.objects.filter(slug="lang", parent=b.ujpest).exists()


def test_found_a_federation(budapest: Any) -> None:
    client = signed_in(make_person("founder"))
    response = client.post(
        "/f/new/",
        {"name": "Students", "slug": "students", "levels": "faculty",
         "members_per_seat": 10, "seats_min": 1, "seats_max": 2},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Give at least two distinct, non-empty level names" in text(response)
    response = client.post(
        "/f/new/",
        {"name": "Students", "slug": "students", "levels": "faculty, university",
         "members_per_seat": 10, "seats_min": 3, "seats_max": 2},
    )  # fmt: skip
    assert "cannot be fewer than the least" in text(response)
    assert not Federation.objects.filter(slug="students").exists()
    response = client.post(
        "/f/new/",
        {"name": "Students", "slug": "students", "levels": "faculty, university",
         "members_per_seat": 10, "seats_min": 1, "seats_max": 2},
    )  # fmt: skip
    assert response["Location"] == "/f/students/"
    assert Federation.objects.get(slug="students").levels == ["faculty", "university"]


def test_move_a_council(budapest: Any) -> None:
    b = budapest
    move = council_url(b.izzo, "move/")
    assert signed_in(b.izzo_officer).post(move, {"parent": "csepel-district"}).status_code == 403
    steward = signed_in(b.steward)
    response = steward.post(move, {"parent": "nowhere"}, follow=True)
    assert "There is no council 'nowhere' in Workers' Councils of Hungary." in messages_of(response)
    response = steward.post(move, {"parent": "greater-budapest"}, follow=True)
    assert any("parent must be a district council" in m for m in messages_of(response))
    steward.post(move, {"parent": "csepel-district"})
    b.izzo.refresh_from_db()
    b.csepel_district.refresh_from_db()
    assert b.izzo.parent == b.csepel_district
    assert b.csepel_district.represented_count == 5


def test_import_members_from_csv(budapest: Any) -> None:
    b = budapest
    url = f"/f/{b.federation.slug}/import/"
    bad = (
        "name,email,council\nKiss Éva,eva@example.org,egyesult-izzo\n"
        "Nagy Pál,not-an-email,egyesult-izzo\n"
    )
    response = signed_in(b.izzo_officer).post(
        url, {"file": SimpleUploadedFile("m.csv", bad.encode())}
    )
    assert response.status_code == 400
    assert "line 3: &#x27;not-an-email&#x27; is not an email address" in text(response)
    assert not get_user_model().objects.filter(email="eva@example.org").exists()
    good = "name,email,council\nKiss Éva,eva@example.org,egyesult-izzo\n"
    response = signed_in(b.csepel_officer).post(
        url, {"file": SimpleUploadedFile("m.csv", good.encode())}
    )
    assert response.status_code == 403
    assert "you are not an officer of Egyesült Izzó lamp works" in text(response)
    response = signed_in(b.izzo_officer).post(
        url, {"file": SimpleUploadedFile("m.csv", good.encode())}, follow=True
    )
    assert "Imported 1 members into 1 councils." in messages_of(response)
    b.izzo.refresh_from_db()
    assert b.izzo.member_count == 4


# The journal ---------------------------------------------------------------------------


def test_journal_is_public_newest_first_with_head(budapest: Any, client: Client) -> None:
    b = budapest
    response = client.get(f"/f/{b.federation.slug}/journal/")
    assert response.status_code == 200
    entries = response.context["entries"]
    seqs = [e.seq for e in entries]
    assert seqs == sorted(seqs, reverse=True)
    head = response.context["head"]
    assert seqs[0] == head.seq
    page = text(response)
    assert head.hash in page and "tanacs verify" in page
    assert "federation.created" in page or "member.admitted" in page
    assert client.get("/f/nope/journal/").status_code == 404


def test_journal_pages_by_seq_and_hides_private_entries(
    budapest: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tanacs.web.views import journal

    b = budapest
    with transaction.atomic():
        append(b.federation.chain, "test.secret", actor="system", payload={"x": 1}, private=True)
    monkeypatch.setattr(journal, "PAGE", 4)
    url = f"/f/{b.federation.slug}/journal/"
    seen: list[int] = []
    response = client.get(url)
    while True:
        seen += [e.seq for e in response.context["entries"]]
        older = response.context["older"]
        if older is None:
            break
        response = client.get(url, {"before": older})
    public = list(
        Entry.objects.filter(chain=b.federation.chain, private=False).values_list("seq", flat=True)
    )
    assert sorted(seen, reverse=True) == seen
    assert sorted(seen) == sorted(public)
    assert "test.secret" not in text(client.get(url))
    # And back towards newer entries.
    newer = response.context["newer"]
    back = client.get(url, {"after": newer})
    above = sorted(seq for seq in public if seq > newer)[:4]
    assert [e.seq for e in back.context["entries"]] == above[::-1]


def test_static_files_are_served(client: Client) -> None:
    response = client.get("/static/web/tanacs.css")
    assert response.status_code == 200
    assert b"phone first" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_every_page_has_landmarks_and_one_heading(budapest: Any) -> None:
    b = budapest
    client = signed_in(b.izzo_officer)
    for url in ["/", f"/f/{b.federation.slug}/", council_url(b.izzo), "/f/new/",
                f"/f/{b.federation.slug}/journal/", reverse("web:login")]:  # fmt: skip
        page = text(client.get(url))
        assert page.count("<h1") == 1, url
        assert '<main id="main"' in page and "<nav" in page, url
        assert 'lang="en"' in page and 'name="viewport"' in page, url


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(page_size=st.integers(min_value=1, max_value=12))
def test_journal_pages_cover_every_public_entry_once(
    budapest: Any, client: Client, page_size: int
) -> None:
    from tanacs.web.views import journal

    b = budapest
    url = f"/f/{b.federation.slug}/journal/"
    public = sorted(
        Entry.objects.filter(chain=b.federation.chain, private=False).values_list("seq", flat=True),
        reverse=True,
    )
    original = journal.PAGE
    journal.PAGE = page_size
    try:
        pages: list[list[int]] = []
        response = client.get(url)
        while True:
            pages.append([e.seq for e in response.context["entries"]])
            if response.context["older"] is None:
                break
            response = client.get(url, {"before": response.context["older"]})
        assert [seq for page in pages for seq in page] == public
        assert all(len(page) == page_size for page in pages[:-1])
        # Walking back with "newer" from the last page gives full pages of newer entries.
        newer = response.context["newer"]
        while newer is not None:
            response = client.get(url, {"after": newer})
            seqs = [e.seq for e in response.context["entries"]]
            assert seqs == sorted(s for s in public if s > newer)[:page_size][::-1]
            newer = response.context["newer"]
    finally:
        journal.PAGE = original


def test_vouch_button_gives_way_to_a_note_once_vouched(budapest: Any) -> None:
    b = budapest
    membership = do_apply(b.izzo, person=make_person("kovacs-anna"))
    client = signed_in(b.members["izzo-1"])
    client.post(council_url(b.izzo, f"m/{membership.pk}/vouch/"))
    page = text(client.get(council_url(b.izzo)))
    assert "Vouch for kovacs-anna" not in page and "you vouched" in page
    response = client.post(council_url(b.izzo, f"m/{membership.pk}/vouch/"), follow=True)
    assert "You have vouched for this applicant already." in messages_of(response)


def test_tree_links_to_the_council_page_beyond_the_shown_children(
    budapest: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tanacs.web import tree

    b = budapest
    monkeypatch.setattr(tree, "CHILDREN_SHOWN", 1)
    page = text(signed_in(b.steward).get(f"/f/{b.federation.slug}/?open={b.city.pk}"))
    assert "Csepel district council" in page  # the first by name
    assert "Újpest district council" not in page
    assert f'1 more: see <a href="/c/{b.city.pk}/">' in page
    # The council asked for is shown even when it is not among the first by name.
    page = text(signed_in(b.steward).get(f"/f/{b.federation.slug}/?open={b.izzo.pk}"))
    assert "Újpest district council" in page and "Egyesült Izzó lamp works" in page


def test_missing_things_are_404_pages(budapest: Any) -> None:
    client = signed_in(budapest.steward)
    response = client.get("/c/999999/")
    assert response.status_code == 404
    assert "There is no council 999999." in text(response)
    assert client.post("/c/999999/apply/").status_code == 404


def test_members_are_paged_by_key(budapest: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tanacs.web.views import councils

    b = budapest
    monkeypatch.setattr(councils, "MEMBERS_PER_PAGE", 2)
    client = signed_in(b.members["izzo-1"])
    seen: list[str] = []
    response = client.get(council_url(b.izzo))
    while True:
        seen += [m.person.username for m in response.context["members"]]
        after = response.context["members_next"]
        if after is None:
            break
        response = client.get(council_url(b.izzo), {"after": after})
    assert sorted(seen) == ["izzo-1", "izzo-2", "izzo-officer"]
    assert len(seen) == 3
    assert client.get(council_url(b.izzo), {"after": "x"}).status_code == 200


def test_collectstatic_gathers_the_stylesheet(tmp_path: Any, settings: Any) -> None:
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "static" / "web" / "tanacs.css").exists()


def test_a_district_sends_a_delegate_seated_in_it(budapest: Any) -> None:
    b = budapest
    do_set_seat_holders(b.izzo, 1, delegate=b.members["izzo-1"], by=b.izzo_officer)
    steward = signed_in(b.steward)
    seat = council_url(b.ujpest, "seats/1/")
    response = steward.post(seat, {"delegate": "izzo-2"}, follow=True)
    assert "izzo-2 is not a delegate seated in Újpest district council." in messages_of(response)
    steward.post(seat, {"delegate": "izzo-1"})
    page = text(steward.get(council_url(b.ujpest)))
    assert "Seats in Central Workers&#x27; Council of Greater Budapest" in page
    assert "Sitting: <strong>izzo-1</strong>" in page
    tree = text(steward.get(f"/f/{b.federation.slug}/?open={b.ujpest.pk}"))
    assert "Seat 1 (weight 2): izzo-1" in tree


def test_opening_any_council_shows_the_path_down_to_it(budapest: Any) -> None:
    b = budapest
    client = signed_in(b.steward)
    for council in Council.objects.filter(federation=b.federation):
        page = text(client.get(f"/f/{b.federation.slug}/?open={council.pk}"))
        node: Council | None = council
        while node is not None:
            assert f'<li id="c{node.pk}">' in page, (council.name, node.name)
            node = node.parent
