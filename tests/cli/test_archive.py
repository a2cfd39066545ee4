"""Export -> wipe -> import gives back the same rows and the same journal head."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tanacs.archive import export_federation, import_federation
from tanacs.ballots.actions import do_cast_vote, do_close_ballot, do_create_ballot, do_open_ballot
from tanacs.core.errors import Conflict, InvalidInput, TanacsError
from tanacs.delegation.actions import do_mark_unavailable, do_set_seat_holders
from tanacs.federation.actions import do_appoint_officer, do_create_council, do_create_federation
from tanacs.federation.models import Council, Federation, Officer
from tanacs.journal.chain import verify_chain
from tanacs.journal.models import Entry
from tanacs.membership.actions import do_admit, do_apply, do_suspend, do_vouch
from tanacs.membership.models import Membership
from tests.budapest import make_person

federations = st.fixed_dictionaries(
    {
        "levels": st.integers(2, 4),
        "bases": st.integers(1, 3),
        "members": st.lists(st.integers(0, 4), min_size=3, max_size=3),
        "vouch": st.booleans(),
        "suspend": st.booleans(),
        "seat": st.booleans(),
        "away": st.booleans(),
    }
)


def build(spec: dict[str, object]) -> Federation:
    """A small random federation, built only through the actions."""
    steward = make_person("founder")
    levels = ["base", "district", "city", "nation"][: int(spec["levels"])]  # type: ignore[call-overload]
    f = do_create_federation(name="Random", slug="random", levels=levels, by=steward,
                             members_per_seat=2, seats_min=1, seats_max=2)  # fmt: skip
    parent = None
    for level in range(len(levels) - 1, 0, -1):
        parent = do_create_council(f, name=f"L{level}", slug=f"l{level}", level=level,
                                   parent=parent, by=steward)  # fmt: skip
    for b in range(int(spec["bases"])):  # type: ignore[call-overload]
        base = do_create_council(f, name=f"B{b}", slug=f"b{b}", level=0, parent=parent,
                                 by=steward)  # fmt: skip
        officer = make_person(f"officer-{b}")
        do_appoint_officer(base, officer, by=steward)
        people = [officer]
        do_admit(do_apply(base, person=officer), by=steward)
        for i in range(spec["members"][b]):  # type: ignore[index]
            person = make_person(f"m-{b}-{i}")
            do_admit(do_apply(base, person=person), by=officer)
            people.append(person)
        applicant = do_apply(base, person=make_person(f"applicant-{b}"))
        if spec["vouch"] and len(people) > 1:
            do_vouch(applicant, by=people[1])
        if spec["seat"] and len(people) > 1:
            do_set_seat_holders(base, 1, delegate=people[0], substitutes=people[1:2], by=officer)
            if spec["away"]:
                do_mark_unavailable(base, 1, people[0], reason="arrested", by=officer)
        if spec["suspend"] and len(people) > 2:
            membership = people[2].memberships.get()
            do_suspend(membership, by=officer, reason="strike-breaking")
    return f


@pytest.fixture(autouse=True)
def _forget_content_types() -> Iterator[None]:
    """A wipe renumbers the content types inside a test's transaction; once it is rolled
    back, Django's cache of them would name ids that no longer exist."""
    yield
    ContentType.objects.clear_cache()


def wipe() -> None:
    """Empty every table, inside the test's transaction."""
    if connection.vendor == "postgresql":
        # TRUNCATE refuses while deferred foreign-key checks are pending: run them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


class TestRoundTrip(TestCase):
    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(federations)
    def test_export_import_gives_the_same_federation(self, spec: dict[str, object]) -> None:
        federation = build(spec)
        before = export_federation(federation, full_backup=True)
        head = verify_chain(federation.chain)
        assert head.ok
        wipe()
        assert not Federation.objects.exists()
        imported = import_federation(before)
        after = export_federation(imported, full_backup=True)
        assert after == before
        again = verify_chain(imported.chain)
        assert again.ok and (again.entries, again.head) == (head.entries, head.head)
        with contextlib.suppress(TanacsError):
            import_federation(before)
            raise AssertionError("a second import must be refused")


class TestVerifierExport(TestCase):
    def test_carries_no_password_hashes_or_email_addresses_and_still_imports(self) -> None:
        from django.contrib.auth import get_user_model

        federation = build({"levels": 3, "bases": 2, "members": [2, 1, 0], "vouch": True,
                            "suspend": False, "seat": True, "away": False})  # fmt: skip
        people = get_user_model().objects.all()
        for person in people:
            person.email = f"{person.username}@example.org"
            person.save()
        hashes = [p.password for p in people if p.has_usable_password()]
        assert hashes
        data = export_federation(federation)
        assert data["contents"] == "verifier"
        assert data["tables"]["people"]["columns"] == ["id", "username"]
        text = json.dumps(data)
        assert "@example.org" not in text
        assert not any(h in text for h in hashes)
        full = json.dumps(export_federation(federation, full_backup=True))
        assert "@example.org" in full and all(h in full for h in hashes)
        head = verify_chain(federation.chain)
        wipe()
        imported = import_federation(data)
        again = verify_chain(imported.chain)
        assert again.ok and (again.entries, again.head) == (head.entries, head.head)
        restored = get_user_model().objects.all()
        assert {p.username for p in restored} == {
            row[1] for row in data["tables"]["people"]["rows"]
        }
        assert not any(p.has_usable_password() or p.email for p in restored)
        assert export_federation(imported) == data


class TestRefusals(TestCase):
    def test_refuses_a_clashing_id_and_changes_nothing(self) -> None:
        federation = build({"levels": 2, "bases": 1, "members": [1, 0, 0], "vouch": False,
                            "suspend": False, "seat": False, "away": False})  # fmt: skip
        data = export_federation(federation)
        wipe()
        data["tables"]["people"]["rows"][0][0] = make_person("clash").pk
        with self.assertRaises(Conflict):
            import_federation(data)
        assert not Federation.objects.exists()


SMALL = {"levels": 3, "bases": 2, "members": [2, 2, 0], "vouch": True, "suspend": False,
         "seat": True, "away": False}  # fmt: skip


class TestImportVerifies(TestCase):
    def _refused(self, data: dict[str, object], words: str) -> None:
        wipe()
        with self.assertRaises(InvalidInput) as caught:
            import_federation(data)
        assert words in str(caught.exception)
        assert not Federation.objects.exists()
        assert not Entry.objects.exists()
        assert not Membership.objects.exists()

    def test_refuses_an_export_whose_journal_was_edited(self) -> None:
        data = export_federation(build(SMALL))
        journal = data["tables"]["journal"]
        payload = journal["columns"].index("payload")
        journal["rows"][3][payload] += " "
        self._refused(data, "the export's journal does not hold (entry 4 was changed)")

    def test_refuses_an_export_with_an_edited_membership(self) -> None:
        data = export_federation(build(SMALL))
        table = data["tables"]["memberships"]
        status = table["columns"].index("status")
        row = next(r for r in table["rows"] if r[status] == "active")
        row[status] = "suspended"
        self._refused(data, "differ from what its journal records")

    def test_refuses_an_export_with_a_flipped_elector(self) -> None:
        federation = build(SMALL)
        base = Council.objects.get(federation=federation, slug="b0")
        officer = Officer.objects.filter(council=base).get().person
        ballot = do_create_ballot(base, by=officer, title="Q?")
        ballot = do_open_ballot(ballot, by=officer)
        do_cast_vote(ballot, by=officer, choice="yes")
        do_close_ballot(ballot, by=officer)
        data = export_federation(federation)
        table = data["tables"]["ballots.elector"]
        voted = table["columns"].index("voted")
        row = next(r for r in table["rows"] if not r[voted])
        row[voted] = True
        self._refused(data, "marked as having voted")


class TestDecisionBallots(TestCase):
    def test_what_a_ballot_decides_survives_a_move_to_another_database(self) -> None:
        from tanacs.ballots.models import Ballot
        from tanacs.decisions.actions import (
            do_create_motion,
            do_open_motion_vote,
            do_set_federation_rules,
        )
        from tanacs.decisions.models import Motion

        federation = build(SMALL)
        base = Council.objects.get(federation=federation, slug="b0")
        officer = Officer.objects.filter(council=base).get().person
        do_set_federation_rules(federation, by=federation.stewards.get(), cosigners_needed=0)
        motion = do_create_motion(base, title="Strike", text="We strike on Monday.", by=officer)
        do_open_motion_vote(motion, by=officer)
        data = export_federation(federation, full_backup=True)
        table = data["tables"]["ballots.ballot"]
        row = dict(zip(table["columns"], table["rows"][0], strict=True))
        assert (row["decides_type_id"], row["decides_id"]) == ("decisions.motion", motion.pk)
        wipe()
        # Another database numbers its content types otherwise.
        old = ContentType.objects.get_by_natural_key("decisions", "motion").pk
        ContentType.objects.filter(pk=old).delete()
        ContentType.objects.clear_cache()
        assert ContentType.objects.get_for_model(Motion).pk != old
        imported = import_federation(data)
        assert Ballot.objects.get().decides == Motion.objects.get(pk=motion.pk)
        assert export_federation(imported, full_backup=True) == data
