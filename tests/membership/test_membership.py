from __future__ import annotations

import pytest

from tanacs.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from tanacs.journal.chain import verify_chain
from tanacs.journal.models import Entry
from tanacs.membership.actions import (
    do_admit,
    do_apply,
    do_leave,
    do_reinstate,
    do_suspend,
    do_vouch,
)
from tanacs.membership.importing import do_import_members
from tanacs.membership.models import Membership, Status
from tests.budapest import Budapest, make_person

pytestmark = pytest.mark.django_db


def test_two_vouches_from_active_members_admit_an_applicant(budapest: Budapest) -> None:
    izzo = budapest.izzo
    applicant = make_person("new-worker")
    membership = do_apply(izzo, person=applicant)
    assert membership.status == Status.APPLIED
    do_vouch(membership, by=budapest.members["izzo-1"])
    membership.refresh_from_db()
    assert membership.status == Status.APPLIED
    do_vouch(membership, by=budapest.members["izzo-2"])
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    izzo.refresh_from_db()
    budapest.national.refresh_from_db()
    assert izzo.member_count == 4
    assert budapest.national.represented_count == 6
    kinds = list(
        Entry.objects.filter(subject=f"membership:{membership.pk}").values_list("kind", flat=True)
    )
    assert kinds == ["member.applied", "member.vouched", "member.vouched", "member.admitted"]
    assert verify_chain(budapest.federation.chain).ok


def test_outsiders_and_the_applicant_cannot_vouch(budapest: Budapest) -> None:
    membership = do_apply(budapest.izzo, person=make_person("new-worker"))
    with pytest.raises(Forbidden):
        do_vouch(membership, by=budapest.members["csepel-1"])
    with pytest.raises(Forbidden):
        do_vouch(membership, by=membership.person)
    do_vouch(membership, by=budapest.members["izzo-1"])
    with pytest.raises(Conflict):
        do_vouch(membership, by=budapest.members["izzo-1"])


def test_one_base_council_per_federation(budapest: Budapest) -> None:
    with pytest.raises(Conflict):
        do_apply(budapest.csepel, person=budapest.members["izzo-1"])
    with pytest.raises(InvalidInput):
        do_apply(budapest.ujpest, person=make_person("someone"))


def test_only_officers_admit_and_suspend_with_a_reason(budapest: Budapest) -> None:
    membership = do_apply(budapest.izzo, person=make_person("new-worker"))
    with pytest.raises(Forbidden):
        do_admit(membership, by=budapest.csepel_officer)
    do_admit(membership, by=budapest.izzo_officer)
    with pytest.raises(InvalidInput):
        do_suspend(membership, by=budapest.izzo_officer, reason="  ")
    do_suspend(membership, by=budapest.izzo_officer, reason="informer for the ÁVH")
    membership.refresh_from_db()
    assert membership.status == Status.SUSPENDED
    budapest.izzo.refresh_from_db()
    assert budapest.izzo.member_count == 3
    with pytest.raises(IllegalTransition):
        do_admit(membership, by=budapest.izzo_officer)
    do_reinstate(membership, by=budapest.izzo_officer)
    do_leave(membership, by=membership.person)
    membership.refresh_from_db()
    assert membership.status == Status.LEFT
    with pytest.raises(IllegalTransition):
        do_leave(membership, by=membership.person)


def test_csv_import_is_all_or_nothing(budapest: Budapest) -> None:
    before = Membership.objects.count()
    entries = Entry.objects.count()
    bad = (
        "name,email,council\n"
        "Kovács Anna,anna@example.org,egyesult-izzo\n"
        "Nagy Béla,not-an-email,egyesult-izzo\n"
        "Tóth Éva,eva@example.org,nowhere\n"
    )
    with pytest.raises(InvalidInput) as caught:
        do_import_members(budapest.federation, bad, by=budapest.steward)
    assert "line 3" in caught.value.message
    with pytest.raises(InvalidInput) as caught:
        do_import_members(
            budapest.federation,
            "name,email,council\nA,a@example.org,egyesult-izzo\nB,b@example.org,nowhere\n",
            by=budapest.steward,
        )
    assert "line 3: there is no base council 'nowhere'" in caught.value.message
    assert Membership.objects.count() == before
    assert Entry.objects.count() == entries
    good = (
        "name,email,council\n"
        "Kovács Anna,anna@example.org,egyesult-izzo\n"
        "B,b@example.org,csepel-works\n"
    )
    with pytest.raises(Forbidden):
        do_import_members(budapest.federation, good, by=budapest.izzo_officer)
    report = do_import_members(budapest.federation, good, by=budapest.steward)
    assert report.imported == 2
    budapest.national.refresh_from_db()
    assert budapest.national.represented_count == 7
    assert verify_chain(budapest.federation.chain).ok
    with pytest.raises(InvalidInput) as caught:
        do_import_members(budapest.federation, good, by=budapest.steward)
    assert "already a member" in caught.value.message


def test_imported_people_get_logins_that_are_not_their_email(budapest: Budapest) -> None:
    from django.contrib.auth import get_user_model

    known = make_person("kiss-eva")
    known.email = "eva@example.org"
    known.save()
    text = (
        "name,email,council\n"
        "Kovács Anna,Anna@Example.org,egyesult-izzo\n"
        "Kovács Anna,anna.k@example.org,egyesult-izzo\n"
        "Tóth Éva,eva@example.org,csepel-works\n"
    )
    do_import_members(budapest.federation, text, by=budapest.steward)
    imported = Membership.objects.filter(person__email__endswith="@example.org")
    logins = sorted(m.person.username for m in imported)
    assert len(logins) == 3 and len(set(logins)) == 3
    assert not any("@" in login for login in logins)
    assert sum(login.startswith("kovacs-anna-") for login in logins) == 2
    # A person who has an account with that address already is that person.
    assert Membership.objects.get(person__email="eva@example.org").person == known
    assert get_user_model().objects.filter(email="eva@example.org").count() == 1
    payloads = Entry.objects.filter(kind="member.imported").values_list("payload", flat=True)
    assert not any("example.org" in p for p in payloads)


def test_csv_header_is_required(budapest: Budapest) -> None:
    with pytest.raises(InvalidInput) as caught:
        do_import_members(budapest.federation, "a,b\n", by=budapest.steward)
    assert "line 1" in caught.value.message
