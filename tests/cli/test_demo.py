"""The 1956 demo federation: its data, loading it small, and the demo command."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tanacs.delegation.actions import eligible_for_seat
from tanacs.delegation.models import HolderStatus, SeatHolder
from tanacs.delegation.selectors import list_seats
from tanacs.demo import DEFAULT_MEMBERS, load_demo
from tanacs.demo.data import COUNCILS, DEMO_LOGINS, UNAVAILABLE
from tanacs.demo.loader import allocate, plan_sizes
from tanacs.federation.models import Council
from tanacs.journal.chain import verify_all
from tanacs.membership.models import Membership, Status
from tests.cli.test_commands import tanacs


def test_full_size_follows_the_seeds() -> None:
    named, generated = plan_sizes(DEFAULT_MEMBERS, 0)
    assert named["egyesult-izzo"] == 10_000
    assert sum(named.values()) == DEFAULT_MEMBERS and generated == []
    named, generated = plan_sizes(1_000_000, 9_000)
    assert named["egyesult-izzo"] == 10_000
    assert sum(named.values()) + sum(generated) == 1_000_000
    assert max(generated) - min(generated) <= 1


def test_allocate_sums_exactly() -> None:
    assert allocate(10, [1, 1, 1]) == [4, 3, 3]
    assert allocate(0, [5, 5]) == [0, 0]
    assert sum(allocate(999_999, [c.members for c in COUNCILS if c.level == 0])) == 999_999


def test_every_named_council_hangs_in_one_tree() -> None:
    by_slug = {c.slug: c for c in COUNCILS}
    assert len(by_slug) == len(COUNCILS)
    for council in COUNCILS:
        if council.parent is None:
            assert council.level == 3
        else:
            assert by_slug[council.parent].level == council.level + 1
    names = " ".join(c.name for c in COUNCILS)
    for place in ("Egyesült Izzó", "Csepel", "Dunapentele", "Miskolc", "Győr", "Pécs",
                  "Debrecen", "Szolnok", "Central Workers' Council of Greater Budapest",
                  "National Workers' Council", "students"):  # fmt: skip
        assert place in names


@pytest.mark.django_db
def test_small_demo_loads_counts_add_up_and_verifies() -> None:
    report = load_demo(members=400, councils=60)
    assert report.councils == 60
    assert report.members == 400
    [chain] = verify_all()
    assert chain.ok and chain.entries == report.entries
    for council in Council.objects.filter(level=0):
        active = Membership.objects.filter(council=council, status=Status.ACTIVE).count()
        assert council.member_count == active
    national = Council.objects.get(slug="national")
    assert national.represented_count == 400
    for council in Council.objects.exclude(level=0):
        below = sum(c.represented_count for c in council.children.all())
        assert council.represented_count == below
    # The arrested delegate: marked unavailable, the first substitute sits.
    slug, number, reason = UNAVAILABLE
    seat = list_seats(Council.objects.get(slug=slug))[number - 1]
    away = SeatHolder.objects.get(seat__council__slug=slug, status=HolderStatus.UNAVAILABLE)
    assert away.reason == reason and seat.delegate is not None and seat.delegate.position == 1
    # Delegates go up: the city council's seat holders sit in it through its districts.
    assert list_seats(Council.objects.get(slug="greater-budapest"))[0].delegate is not None
    applicants = Membership.objects.filter(status=Status.APPLIED)
    assert applicants.count() >= 3
    assert applicants.filter(person__username="applicant", vouches__isnull=False).exists()
    from django.contrib.auth import authenticate

    for login in DEMO_LOGINS:
        assert authenticate(username=login.username, password=login.password) is not None
    with pytest.raises(Exception, match="loaded already"):
        load_demo(members=400)


@pytest.mark.django_db
def test_generated_councils_get_members_and_delegates(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend the named councils hold 300 at full size, so generated ones get the rest.
    monkeypatch.setattr("tanacs.demo.loader.DEFAULT_MEMBERS", 300)
    report = load_demo(members=420, councils=90)
    assert report.councils == 90 and report.members == 420
    assert verify_all()[0].ok
    for slug in ("generated-works-1", "generated-works-57", "generated-district-1"):
        council = Council.objects.get(slug=slug)
        assert council.represented_count > 0
        views = list_seats(council)
        assert views and all(v.delegate is not None for v in views)
        for view in views:
            for holder in view.holders:
                assert eligible_for_seat(holder.person, council)


@pytest.mark.django_db
def test_load_demo_refuses_bad_sizes() -> None:
    for args in (("--members", "0"), ("--members", "2000000"), ("--councils", "3")):
        with pytest.raises(CommandError):
            call_command("load_demo", *args, stdout=io.StringIO())
    assert not Council.objects.exists()


def test_demo_command_loads_once_and_export_import_keeps_the_head(tmp_path: Path) -> None:
    home, other = tmp_path / "home", tmp_path / "other"
    first = tanacs("demo", "--members", "200", "--no-serve", home=home)
    assert first.returncode == 0, first.stderr
    assert "izzo-officer" in first.stdout and "http://127.0.0.1:8000/" in first.stdout
    again = tanacs("demo", "--members", "200", "--no-serve", home=home)
    assert "loaded already" in again.stdout
    verified = tanacs("verify", home=home)
    assert verified.returncode == 0
    head = verified.stdout.split("head ")[1].split()[0]
    export = tmp_path / "export.json"
    assert (
        tanacs("export", "--federation", "hungary-1956", "-o", str(export), home=home).returncode
        == 0
    )
    assert json.loads(export.read_text())["journal_head"]["hash"] == head
    assert tanacs("migrate", "--verbosity", "0", home=other).returncode == 0
    imported = tanacs("import", str(export), home=other)
    assert imported.returncode == 0, imported.stderr
    assert head in imported.stdout
    assert head in tanacs("verify", home=other).stdout
    again = tmp_path / "again.json"
    assert (
        tanacs("export", "--federation", "hungary-1956", "-o", str(again), home=other).returncode
        == 0
    )
    first_rows, second_rows = json.loads(export.read_text()), json.loads(again.read_text())
    assert "ballots.ballot" in first_rows["tables"]
    assert first_rows == second_rows
    refused = tanacs("import", str(export), home=other)
    assert refused.returncode == 1 and "exists already" in refused.stderr


def test_copy_text_escapes_what_copy_would_misread() -> None:
    from tanacs.core.rows import _copy_text

    assert _copy_text("a\tb\\c\nd") == "a\\tb\\\\c\\nd"
    assert _copy_text('Izzó "10-point"') == 'Izzó "10-point"'
    assert [_copy_text(v) for v in (None, True, False, 7)] == ["\\N", "t", "f", "7"]
