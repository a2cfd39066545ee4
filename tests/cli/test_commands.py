"""The tanacs commands, called as a person types them (through call_command)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tanacs.delegation.selectors import list_seats
from tanacs.federation.models import Council, Federation, Officer
from tanacs.journal.models import Entry
from tanacs.membership.models import Membership
from tests.budapest import Budapest, make_person

F = "hungary-1956"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def journal_size() -> int:
    return Entry.objects.count()


@pytest.mark.django_db
def test_federation_create_list_show_and_seat_rule() -> None:
    make_person("founder")
    out = run("federation", "create", "unions", "--name", "Tenants' unions",
              "--levels", "house,district,city", "--as", "founder")  # fmt: skip
    assert "Created federation unions" in out
    assert "unions" in run("federation", "list")
    run("federation", "set-seat-rule", "unions", "--members-per-seat", "50",
        "--seats-min", "1", "--seats-max", "4", "--as", "founder")  # fmt: skip
    shown = run("federation", "show", "unions")
    assert "one seat per 50 members, at least 1, at most 4" in shown
    assert "stewards: founder" in shown
    kinds = list(Entry.objects.values_list("kind", "actor"))
    assert kinds == [("federation.created", "founder"), ("federation.seat_rule_set", "founder")]


@pytest.mark.django_db
def test_council_commands_are_journaled_with_their_actor(budapest: Budapest) -> None:
    before = journal_size()
    run("council", "create", "ganz", "--federation", F, "--name", "Ganz shipyard",
        "--level", "workplace", "--parent", "ujpest", "--as", "steward")  # fmt: skip
    run("council", "move", "ganz", "--parent", "csepel-district", "--federation", F,
        "--as", "steward")  # fmt: skip
    ganz = Council.objects.get(slug="ganz")
    assert ganz.parent == budapest.csepel_district
    run("council", "appoint-officer", "ganz", "csepel-officer", "--federation", F,
        "--as", "steward")  # fmt: skip
    assert Officer.objects.filter(council=ganz, person=budapest.csepel_officer).exists()
    run("council", "set-seat", "egyesult-izzo", "1", "--delegate", "izzo-1",
        "--substitutes", "izzo-2", "--federation", F, "--as", "izzo-officer")  # fmt: skip
    out = run("council", "mark-unavailable", "egyesult-izzo", "1", "izzo-1", "--reason",
              "arrested 4 November", "--federation", F, "--as", "izzo-officer")  # fmt: skip
    assert "izzo-2 sits" in out
    seat = list_seats(budapest.izzo)[0]
    assert seat.delegate is not None and seat.delegate.person.username == "izzo-2"
    new = list(Entry.objects.order_by("seq").values_list("kind", "actor")[before:])
    assert [k for k, _ in new] == [
        "council.created", "council.moved", "council.officer_appointed", "seat.holders_set",
        "seat.holder_status",
    ]  # fmt: skip
    assert {a for _, a in new} == {"steward", "izzo-officer"}
    shown = run("council", "show", "egyesult-izzo", "--federation", F)
    assert "seat 1 (weight 2): izzo-2" in shown and "izzo-1 [unavailable]" in shown
    listed = run("council", "list", "--federation", F, "--level", "district")
    assert "ujpest" in listed and "egyesult-izzo" not in listed


@pytest.mark.django_db
def test_forbidden_and_bad_input_change_nothing(budapest: Budapest) -> None:
    before = journal_size()
    attempts = [
        # not an officer of the parent
        ("council", "create", "x", "--federation", F, "--name", "X", "--level", "0",
         "--parent", "ujpest", "--as", "izzo-1"),
        # a level that does not exist
        ("council", "create", "x", "--federation", F, "--name", "X", "--level", "galaxy",
         "--as", "steward"),
        ("council", "create", "Bad Slug", "--federation", F, "--name", "X", "--level", "0",
         "--parent", "ujpest", "--as", "steward"),
        ("council", "show", "nowhere", "--federation", F),
        ("council", "list", "--federation", "atlantis"),
        ("council", "set-seat", "egyesult-izzo", "9", "--delegate", "izzo-1",
         "--federation", F, "--as", "izzo-officer"),
        ("council", "set-seat", "egyesult-izzo", "1", "--delegate", "csepel-1",
         "--federation", F, "--as", "izzo-officer"),
        ("federation", "set-seat-rule", F, "--members-per-seat", "0", "--seats-min", "1",
         "--seats-max", "2", "--as", "steward"),
        ("federation", "set-seat-rule", F, "--members-per-seat", "5", "--seats-min", "1",
         "--seats-max", "2", "--as", "nobody"),
        ("federation", "create", "f2", "--name", "F", "--levels", "one", "--as", "steward"),
    ]  # fmt: skip
    for args in attempts:
        with pytest.raises(CommandError) as caught:
            run(*args)
        assert "\n" not in str(caught.value), args
    assert journal_size() == before
    assert Council.objects.count() == 6


@pytest.mark.django_db
def test_bad_arguments_are_one_line_errors() -> None:
    for args in (
        ("council",),
        ("council", "fly", "--federation", F),
        ("federation", "create", "x", "--name", "X"),
        ("load_demo", "--members", "many"),
    ):
        with pytest.raises(CommandError) as caught:
            run(*args)
        assert str(caught.value).startswith("Error: ")


def tanacs(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"TANACS_HOME": str(home), "TANACS_FAST_HASHER": "1", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "tanacs.cli.main", *args],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip


def test_bad_arguments_on_the_command_line_have_no_traceback(tmp_path: Path) -> None:
    for args in (("council", "fly"), ("load-demo", "--members", "-5"), ("demo", "--port", "x")):
        done = tanacs(*args, home=tmp_path)
        assert done.returncode != 0
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert "Traceback" not in done.stderr


@pytest.mark.django_db
def test_members_import(budapest: Budapest, tmp_path: Path) -> None:
    good = tmp_path / "members.csv"
    good.write_text(
        "name,email,council\nAnna Kiss,anna@example.org,egyesult-izzo\n"
        "Béla Tóth,bela@example.org,csepel-works\n"
    )
    out = run("members", "import", str(good), "--federation", F, "--as", "steward")
    assert "Imported 2 member(s) into 2 council(s)" in out
    budapest.izzo.refresh_from_db()
    assert budapest.izzo.member_count == 4
    before = (journal_size(), Membership.objects.count())
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,email,council\nCsaba Vass,csaba@example.org,egyesult-izzo\n"
        "Dóra Papp,not-an-email,egyesult-izzo\n"
    )
    with pytest.raises(CommandError) as caught:
        run("members", "import", str(bad), "--federation", F, "--as", "steward")
    assert "line 3" in str(caught.value) and "not an email" in str(caught.value)
    with pytest.raises(CommandError, match="Cannot read"):
        run("members", "import", str(tmp_path / "none.csv"), "--federation", F, "--as", "steward")
    assert (journal_size(), Membership.objects.count()) == before


@pytest.mark.django_db
def test_verify_passes_then_names_the_changed_entry(budapest: Budapest) -> None:
    out = run("verify")
    assert f"{Entry.objects.count()} entries, head" in out
    target = Entry.objects.order_by("seq")[4]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Entry._meta.db_table} SET payload = %s WHERE id = %s",
            ['{"forged":true}', target.pk],
        )
    with pytest.raises(CommandError) as caught:
        run("verify")
    assert f"entry {target.seq} was changed" in str(caught.value)


@pytest.mark.django_db
def test_verify_names_a_removed_entry(budapest: Budapest) -> None:
    target = Entry.objects.order_by("seq")[2]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Entry._meta.db_table} WHERE id = %s", [target.pk])
    with pytest.raises(CommandError, match=f"entry {target.seq} was removed"):
        run("verify")


@pytest.mark.django_db
def test_export_is_for_verifiers_unless_a_full_backup_is_asked_for(
    budapest: Budapest, tmp_path: Path
) -> None:
    steward = budapest.steward
    steward.email = "steward@example.org"
    steward.save()
    plain, full = tmp_path / "verifiers.json", tmp_path / "backup.json"
    said = run("export_federation", "--federation", F, "-o", str(plain))
    assert "no password hashes, no email addresses" in said
    run("export_federation", "--federation", F, "-o", str(full), "--full-backup")
    text = plain.read_text()
    assert steward.password not in text and "steward@example.org" not in text
    assert json.loads(text)["tables"]["people"]["columns"] == ["id", "username"]
    backup = full.read_text()
    assert steward.password in backup and "steward@example.org" in backup


@pytest.mark.django_db
def test_export_then_import_refuses_an_existing_federation(
    budapest: Budapest, tmp_path: Path
) -> None:
    path = tmp_path / "export.json"
    run("export_federation", "--federation", F, "-o", str(path))
    before = (journal_size(), Federation.objects.count())
    with pytest.raises(CommandError, match="exists already"):
        run("import_federation", str(path))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="is not JSON"):
        run("import_federation", str(bad))
    bad.write_text('{"format": "something else"}')
    with pytest.raises(CommandError, match="not a tanacs federation export"):
        run("import_federation", str(bad))
    assert (journal_size(), Federation.objects.count()) == before
