"""A cast reads its voter's rows by their keys, whatever the planner's statistics say.

PostgreSQL plans each statement from statistics gathered before the ballot opened, so they
know nothing of its electorate or its choices. A cast that can then be read through an index
on the ballot alone scans the whole ballot for one voter: every vote costs as much as the
electorate is large. These tests run a cast on the demo federation (statistics gathered after
its bulk load, as on any real database), ``EXPLAIN ANALYZE`` every statement it ran, and check
that the electors, choices and memberships were reached by index on their keys and that no
row was read only to be thrown away. Rows read, not time: nothing here depends on speed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tanacs.ballots.actions import do_cast_vote, do_create_ballot, do_open_ballot
from tanacs.ballots.models import Ballot, Choice, Elector
from tanacs.demo import load_demo
from tanacs.federation.models import Council
from tanacs.membership.models import Membership
from tests.budapest import make_person

pytestmark = pytest.mark.django_db

WATCHED = {Elector._meta.db_table, Choice._meta.db_table, Membership._meta.db_table}


class _Undo(Exception):
    """Raised to roll back what EXPLAIN ANALYZE executed."""


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the planner under test is PostgreSQL's")


def _referendum() -> tuple[Ballot, list[Any]]:
    """A referendum opened after the demo's statistics were gathered, with votes in it."""
    report = load_demo(members=1000, councils=40)
    national = Council.objects.get(federation=report.federation, parent__isnull=True)
    steward = make_person("steward")  # the demo's steward, an officer of every council
    ballot = do_create_ballot(national, by=steward, title="Plans", electorate="referendum")
    ballot = do_open_ballot(ballot, by=steward)
    electors = Elector.objects.filter(ballot=ballot).order_by("id").select_related("person")
    voters = [e.person for e in electors[:120]]
    for person in voters[:100]:
        do_cast_vote(Ballot(id=ballot.pk), by=person, choice="yes")
    return ballot, voters


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _explained(sql: str) -> dict[str, Any]:
    plan: dict[str, Any] = {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            raw = cursor.fetchone()[0]
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
            raise _Undo
    except _Undo:
        pass
    return plan


def _wasteful_reads(cast: Any) -> list[str]:
    """Every read of electors, choices or memberships by the statements ``cast`` ran that did
    not go straight to the rows it wanted (a sequential scan, or rows read and discarded)."""
    with CaptureQueriesContext(connection) as captured:
        cast()
    problems = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "UPDATE")):
            continue  # inserts write by primary key; re-running one would only collide
        for node in _nodes(_explained(sql)):
            if node.get("Relation Name") not in WATCHED or "Scan" not in node["Node Type"]:
                continue  # (a ModifyTable node writes the rows its scan found)
            wasted = node.get("Rows Removed by Filter", 0) + node.get(
                "Rows Removed by Index Recheck", 0
            )
            if node["Node Type"] == "Seq Scan" or wasted:
                problems.append(
                    f"{node['Node Type']} on {node['Relation Name']} "
                    f"using {node.get('Index Name')}, cond {node.get('Index Cond')}, "
                    f"{wasted} rows read and discarded, in: {sql[:160]}"
                )
    return problems


def test_a_cast_reads_only_its_voters_rows():
    ballot, voters = _referendum()
    first = _wasteful_reads(lambda: do_cast_vote(Ballot(id=ballot.pk), by=voters[110], choice="no"))
    receipt = do_cast_vote(Ballot(id=ballot.pk), by=voters[111], choice="no")
    changed = _wasteful_reads(
        lambda: do_cast_vote(
            Ballot(id=ballot.pk), by=voters[111], choice="yes", receipt=receipt.code
        )
    )
    assert (first, changed) == ([], [])
