"""The independent verifier (``verifier/tanacs_verify.py``) checks exports made by tanacs.

It uses only Python's standard library and no tanacs code; it follows docs/journal.md and
docs/ballots.md. These tests run it as a separate process on a real export, then on exports
tampered with in the ways a forger would.
"""

from __future__ import annotations

import ast
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tanacs.ballots.actions import do_cast_vote, do_close_ballot, do_declare_ballot
from tests.ballots.helpers import open_ballot

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[2] / "verifier" / "tanacs_verify.py"


def verify(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def exported(budapest: Any, tmp_path: Path) -> dict[str, Any]:
    """The Budapest federation after a secret yes/no referendum, a recorded (open)
    choose-one ballot and an approval ballot, exported."""
    names = ["izzo-officer", "izzo-1", "izzo-2", "csepel-officer", "csepel-1"]
    members = [budapest.person(name) for name in names]
    strike = open_ballot(budapest.national, budapest.steward, electorate="referendum",
                         method="yesno", min_reported=3)  # fmt: skip
    for person, choice in zip(members, ["yes", "yes", "no", "yes", "abstain"], strict=True):
        do_cast_vote(strike, by=person, choice=choice)
    do_declare_ballot(do_close_ballot(strike, by=budapest.steward), by=budapest.steward)
    chair = open_ballot(budapest.izzo, budapest.izzo_officer, method="choose-one",
                        options=["Nagy", "Maléter", "Kádár"], title="Who chairs?",
                        secret=False)  # fmt: skip
    for person, choice in zip(members[:3], ["Nagy", "Maléter", "Nagy"], strict=True):
        do_cast_vote(chair, by=person, choice=choice)
    do_close_ballot(chair, by=budapest.izzo_officer)
    canteen = open_ballot(budapest.csepel, budapest.csepel_officer, method="approval",
                          options=["soup", "bread", "coffee"], title="What to serve?")  # fmt: skip
    do_cast_vote(canteen, by=members[3], choice=["soup", "coffee"])
    do_cast_vote(canteen, by=members[4], choice=["coffee"])
    do_close_ballot(canteen, by=budapest.csepel_officer)
    path = tmp_path / "export.json"
    call_command("export_federation", "--federation", budapest.federation.slug, "-o", str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def column(export: dict[str, Any], table: str, name: str) -> int:
    return export["tables"][table]["columns"].index(name)


def ballot_id(export: dict[str, Any], method: str) -> int:
    table = export["tables"]["ballots.ballot"]
    found = [r for r in table["rows"] if r[column(export, "ballots.ballot", "method")] == method]
    return int(found[0][column(export, "ballots.ballot", "id")])


def tamper(
    exported: dict[str, Any], tmp_path: Path, change: Any
) -> subprocess.CompletedProcess[str]:
    export = json.loads(json.dumps(exported))
    change(export)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return verify(path)


def test_the_test_vector_of_the_specification_passes_the_self_test() -> None:
    run = subprocess.run([sys.executable, str(SCRIPT), "--self-test"], capture_output=True,
                         text=True, timeout=60, check=False)  # fmt: skip
    assert run.returncode == 0, run.stdout
    assert "234317a16a538ab2f37e8baed5733b5461da653233e36d10b753f2a696696e3a" in run.stdout


def test_an_export_made_by_tanacs_holds(exported: dict[str, Any], tmp_path: Path) -> None:
    assert exported["contents"] == "verifier"
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    run = verify(path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "FAILED" not in run.stdout
    assert "chain: 29 entries" in run.stdout
    assert "ballots: 3 closed ballots recounted" in run.stdout
    assert run.stdout.rstrip().endswith("everything holds")


def test_an_edited_payload_breaks_the_chain(exported: dict[str, Any], tmp_path: Path) -> None:
    def change(export: dict[str, Any]) -> None:
        payload = column(export, "journal", "payload")
        kind = column(export, "journal", "kind")
        row = next(r for r in export["tables"]["journal"]["rows"] if r[kind] == "member.admitted")
        row[payload] = row[payload].replace('"active"', '"suspended"')

    run = tamper(exported, tmp_path, change)
    assert run.returncode == 1
    assert "(member.admitted): its hash does not match its content" in run.stdout


def test_an_edited_membership_status_differs_from_the_replay(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    def change(export: dict[str, Any]) -> None:
        export["tables"]["memberships"]["rows"][0][column(export, "memberships", "status")] = "left"

    run = tamper(exported, tmp_path, change)
    assert run.returncode == 1
    mid = exported["tables"]["memberships"]["rows"][0][0]
    assert f"FAILED: memberships {mid}: the journal gives" in run.stdout
    assert "'active'" in run.stdout and "'left'" in run.stdout


def test_edited_marks_change_the_recount_and_the_list(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    def change(export: dict[str, Any]) -> None:
        marks = column(export, "ballots.choice", "marks")
        row = next(r for r in export["tables"]["ballots.choice"]["rows"] if r[marks] == "no")
        row[marks] = "yes"

    run = tamper(exported, tmp_path, change)
    assert run.returncode == 1
    bid = ballot_id(exported, "yesno")
    assert f"FAILED: ballot {bid} total: published yes is 3, the recount gives 4" in run.stdout
    assert f"FAILED: ballot {bid}: the ballot list rebuilt from the choices hashes to" in run.stdout


def test_a_rewritten_published_result_is_caught(exported: dict[str, Any], tmp_path: Path) -> None:
    def change(export: dict[str, Any]) -> None:
        table = export["tables"]["ballots.ballot"]
        bid = ballot_id(export, "choose-one")
        row = next(r for r in table["rows"] if r[column(export, "ballots.ballot", "id")] == bid)
        result = json.loads(row[column(export, "ballots.ballot", "result")])
        result["total"]["votes"] = {"Kádár": 0, "Maléter": 2, "Nagy": 1}
        result["winners"] = result["total"]["winners"] = ["Maléter"]
        text = json.dumps(result, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        row[column(export, "ballots.ballot", "result")] = text
        row[column(export, "ballots.ballot", "result_sha256")] = hashlib.sha256(
            text.encode()
        ).hexdigest()

    run = tamper(exported, tmp_path, change)
    assert run.returncode == 1
    bid = ballot_id(exported, "choose-one")
    assert (
        f"FAILED: ballot {bid}: the stored result differs from the one the closing entry"
        in run.stdout
    )
    assert (
        f"FAILED: ballot {bid} total: winners ['Maléter'], but the most votes went to ['Nagy']"
        in (run.stdout)
    )


def test_a_flipped_elector_is_caught(exported: dict[str, Any], tmp_path: Path) -> None:
    def change(export: dict[str, Any]) -> None:
        export["tables"]["ballots.elector"]["rows"][0][
            column(export, "ballots.elector", "voted")
        ] = False

    run = tamper(exported, tmp_path, change)
    assert run.returncode == 1
    assert "elector rows are marked voted, the closing entry says" in run.stdout


def test_the_verifier_imports_only_the_standard_library() -> None:
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports"
            imported.add((node.module or "").split(".")[0])
    assert imported, "the parse found the imports"
    outside = {name for name in imported if name not in sys.stdlib_module_names | {"__future__"}}
    assert outside == set()
    assert "tanacs" not in imported


def test_a_voter_swapped_in_a_recorded_ballot_changes_its_list(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    def change(export: dict[str, Any]) -> None:
        bid = ballot_id(export, "choose-one")
        voter = column(export, "ballots.choice", "voter_id")
        mine = [r for r in export["tables"]["ballots.choice"]["rows"] if r[1] == bid]
        assert all(r[voter] is not None for r in mine)  # the ballot is recorded
        mine[0][voter], mine[1][voter] = mine[1][voter], mine[0][voter]

    run = tamper(exported, tmp_path, change)
    assert run.returncode == 1
    bid = ballot_id(exported, "choose-one")
    assert f"FAILED: ballot {bid}: the ballot list rebuilt from the choices hashes to" in run.stdout


def test_a_file_that_is_no_export_gets_a_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"tables": ', encoding="utf-8")
    run = verify(path)
    assert run.returncode == 1
    assert f"FAILED: {path} is not a readable tanacs export" in run.stdout


def test_a_consistent_forgery_of_result_chain_and_head_still_fails_the_recount(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    """A forger rewrites a result in the ballot row, the closing and declaring entries, and
    recomputes every hash after them and the head: only the recount of the choices is left."""
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import tanacs_verify as independent
    finally:
        sys.path.pop(0)
    bid = ballot_id(exported, "yesno")

    def change(export: dict[str, Any]) -> None:
        ballots = export["tables"]["ballots.ballot"]
        row = next(r for r in ballots["rows"] if r[column(export, "ballots.ballot", "id")] == bid)
        result = json.loads(row[column(export, "ballots.ballot", "result")])
        result["total"]["no"] = 0
        text = independent.canonical(result)
        digest = independent.sha256(text)
        row[column(export, "ballots.ballot", "result")] = text
        row[column(export, "ballots.ballot", "result_sha256")] = digest
        names = export["tables"]["journal"]["columns"]
        entries = [dict(zip(names, r, strict=True)) for r in export["tables"]["journal"]["rows"]]
        entries.sort(key=lambda e: e["seq"])
        for entry in entries:
            if entry["kind"] in ("ballot.closed", "ballot.declared") and entry["subject"] == (
                f"ballot:{bid}"
            ):
                payload = json.loads(entry["payload"])
                if "result" in payload:
                    payload["result"] = result
                payload["result_sha256"] = digest
                entry["payload"] = independent.canonical(payload)
        prev = independent.ZERO
        for entry in entries:
            entry["prev_hash"] = prev
            entry["hash"] = prev = independent.entry_hash(entry)
        export["tables"]["journal"]["rows"] = [[e[n] for n in names] for e in entries]
        export["journal_head"] = {"seq": entries[-1]["seq"], "hash": prev}

    run = tamper(exported, tmp_path, change)
    assert run.returncode == 1
    assert "FAILED: journal" not in run.stdout  # the rewritten chain holds in itself
    assert "closing entry" not in run.stdout and "declaring entry" not in run.stdout
    assert f"FAILED: ballot {bid} total: published no is 0, the recount gives 1" in run.stdout


def test_an_approval_dropped_from_a_choice_changes_the_recount(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    def change(export: dict[str, Any]) -> None:
        marks = column(export, "ballots.choice", "marks")
        row = next(r for r in export["tables"]["ballots.choice"]["rows"] if r[marks] == "0+2")
        row[marks] = "0"

    run = tamper(exported, tmp_path, change)
    assert run.returncode == 1
    bid = ballot_id(exported, "approval")
    assert f"FAILED: ballot {bid} total: published approvals is" in run.stdout
    assert f"FAILED: ballot {bid}: the ballot list rebuilt from the choices" in run.stdout


def test_the_small_councils_withheld_are_recomputed(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    """Csepel (2 voters, fewer than 3) is withheld, and with it whatever would reveal it."""
    bid = ballot_id(exported, "yesno")
    table = exported["tables"]["ballots.ballot"]
    row = next(r for r in table["rows"] if r[column(exported, "ballots.ballot", "id")] == bid)
    councils = json.loads(row[column(exported, "ballots.ballot", "result")])["councils"]
    assert sum(c["withheld"] for c in councils) == 4  # the export withholds them, and holds

    def change(export: dict[str, Any]) -> None:
        table = export["tables"]["ballots.ballot"]
        row = next(r for r in table["rows"] if r[column(export, "ballots.ballot", "id")] == bid)
        result = json.loads(row[column(export, "ballots.ballot", "result")])
        for council in result["councils"]:
            council["withheld"] = False
        row[column(export, "ballots.ballot", "result")] = json.dumps(result)

    run = tamper(exported, tmp_path, change)
    assert run.returncode == 1
    assert "withheld False; the recount gives 2, withheld True" in run.stdout
