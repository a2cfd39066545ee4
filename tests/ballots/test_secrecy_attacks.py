"""Attacks on the secret ballot by someone holding a copy of the database.

The attacker reads every column, PostgreSQL's system columns (``xmin``, ``xmax``, ``ctid``)
and the order rows are stored in (SQLite's key order and ``rowid``), and pairs electors with
choices by them. A pair is right when the choice is the one the elector's receipt names. With
60 voters a random pairing gets about one right (the fixed points of a random permutation
follow Poisson(1)); more than ``CHANCE`` right has probability below 1e-5, so the tests do not
flake, while each attack got every pair right before choices went through the mixer.
"""

from __future__ import annotations

import bisect
import random
from typing import Any

import pytest
from django.db import connection

from tanacs.ballots.actions import do_cast_vote, do_close_ballot
from tanacs.ballots.mixing import do_mix_choices
from tanacs.ballots.models import Ballot, Choice, Elector, QueuedChoice
from tests.ballots.helpers import build_tree, open_ballot
from tests.budapest import make_person

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = 60
CHANCE = 7  # P(Poisson(1) > 7) < 1e-5
PG = "postgresql"


def _ballot(tag: str, voters: int) -> tuple[Ballot, list[Any]]:
    _, national, _, members = build_tree(tag, [[voters]], steward_name=f"{tag}-steward")
    ballot = open_ballot(national, make_person(f"{tag}-steward"), electorate="referendum")
    people = [p for group in members.values() for p in group]
    return ballot, people


def _vote(ballot: Ballot, people: list[Any], *, seed: int, mix_every: int) -> dict[int, str]:
    """Everybody votes in a shuffled order, a sixth change their vote with their receipt; the
    mixer runs every ``mix_every`` casts. Returns person id -> receipt hash."""
    rng = random.Random(seed)
    order = people[:]
    rng.shuffle(order)
    truth: dict[int, str] = {}
    codes: dict[int, str] = {}
    for n, person in enumerate(order, start=1):
        cast = do_cast_vote(ballot, by=person, choice=rng.choice(["yes", "no", "abstain"]))
        truth[person.pk], codes[person.pk] = cast.receipt_hash, cast.code
        if n % 6 == 0:  # someone who voted earlier changes their mind
            earlier = order[rng.randrange(n)]
            do_cast_vote(ballot, by=earlier, choice="no", receipt=codes[earlier.pk])
        if n % mix_every == 0:
            do_mix_choices()
    return truth


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _right(pairs: list[tuple[Any, ...]], truth: dict[int, str]) -> int:
    return sum(1 for person, digest in pairs if truth.get(person) == digest)


def _paired(voters: list[int], hashes: list[str], truth: dict[int, str]) -> int:
    """Pair the i-th voter in one order with the i-th choice in another."""
    return _right(list(zip(voters, hashes, strict=False)), truth)


E, C, Q = Elector._meta.db_table, Choice._meta.db_table, QueuedChoice._meta.db_table


def _postgres_attacks(ballot: Ballot, truth: dict[int, str], order: list[int]) -> dict[str, int]:
    b = [ballot.pk]
    joins = {
        "xmin = xmin": "c.xmin = e.xmin",
        "choice xmin = elector xmax": "c.xmin = e.xmax",
        "xmax = xmax": "c.xmax = e.xmax AND c.xmax <> '0'::xid",
    }
    found = {
        name: _right(
            _rows(
                f"SELECT e.person_id, c.receipt_hash FROM {E} e JOIN {C} c ON {on} "
                "AND c.ballot_id = e.ballot_id WHERE e.ballot_id = %s",
                b,
            ),
            truth,
        )
        for name, on in joins.items()
    }
    by_ctid = [
        r[0] for r in _rows(f"SELECT receipt_hash FROM {C} WHERE ballot_id = %s ORDER BY ctid", b)
    ]
    electors = {
        "elector ctid": "ORDER BY ctid",
        "elector xmin": "ORDER BY xmin::text::bigint",
        "elector id": "ORDER BY id",
    }
    for name, how in electors.items():
        voters = [
            r[0]
            for r in _rows(f"SELECT person_id FROM {E} WHERE ballot_id = %s AND voted {how}", b)
        ]
        found[f"choice ctid vs {name}"] = _paired(voters, by_ctid, truth)
    found["choice ctid vs voting order"] = _paired(order, by_ctid, truth)
    found["mixing batches"] = _right(_batch_pairs(ballot), truth)
    return found


def _batch_pairs(ballot: Ballot) -> list[tuple[int, str]]:
    """The strongest order attack: choices written by one transaction form a batch; each
    voter goes to the first batch written after their cast (by ``xmin``), and within a batch
    voters in cast order are paired with choices in storage order."""
    xid = "xmin::text::bigint"
    choices = _rows(f"SELECT {xid}, receipt_hash FROM {C} WHERE ballot_id = %s "
                    f"ORDER BY {xid}, ctid", [ballot.pk])  # fmt: skip
    electors = _rows(f"SELECT {xid}, person_id FROM {E} WHERE ballot_id = %s AND voted "
                     f"ORDER BY {xid}, ctid", [ballot.pk])  # fmt: skip
    batches: dict[int, list[str]] = {}
    for written, digest in choices:
        batches.setdefault(written, []).append(digest)
    starts = sorted(batches)
    placed: dict[int, list[int]] = {}
    for cast, person in electors:
        batch = starts[min(bisect.bisect_right(starts, cast), len(starts) - 1)]
        placed.setdefault(batch, []).append(person)
    return [pair for batch in starts for pair in zip(placed.get(batch, []), batches[batch],
                                                      strict=False)]  # fmt: skip


def _sqlite_attacks(ballot: Ballot, truth: dict[int, str], order: list[int]) -> dict[str, int]:
    b = [ballot.pk]
    stored = [r[0] for r in _rows(f"SELECT receipt_hash FROM {C} WHERE ballot_id = %s", b)]
    by_key = [r[0] for r in _rows(f"SELECT receipt_hash FROM {C} WHERE ballot_id = %s "
                                  "ORDER BY id", b)]  # fmt: skip
    voters = [r[0] for r in _rows(f"SELECT person_id FROM {E} WHERE ballot_id = %s AND voted "
                                  "ORDER BY rowid", b)]  # fmt: skip
    return {
        "stored order vs voting order": _paired(order, stored, truth),
        "key order vs voting order": _paired(order, by_key, truth),
        "stored order vs elector rowid": _paired(voters, stored, truth),
    }


def _attacks(ballot: Ballot, truth: dict[int, str], order: list[int]) -> dict[str, int]:
    if connection.vendor == PG:
        return _postgres_attacks(ballot, truth, order)
    return _sqlite_attacks(ballot, truth, order)


def test_a_copy_taken_after_the_close_links_no_voter_better_than_chance():
    ballot, people = _ballot("sx", VOTERS)
    truth = _vote(ballot, people, seed=1956, mix_every=4)
    order = list(truth)  # the order of first votes: the attacker's best guess of it
    do_close_ballot(ballot, by=make_person("sx-steward"))
    assert Choice.objects.filter(ballot=ballot).count() == VOTERS
    assert not QueuedChoice.objects.exists()
    found = _attacks(ballot, truth, order)
    assert found and all(right <= CHANCE for right in found.values()), found


def test_sqlite_stores_choices_without_row_ids():
    if connection.vendor == PG:
        pytest.skip("SQLite's storage order only")
    (create,) = _rows("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [C])[0]
    assert "WITHOUT ROWID" in create.upper()
    with pytest.raises(Exception, match="rowid"):
        _rows(f"SELECT rowid FROM {C}", [])


def _vacuums() -> int:
    return _rows("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = %s", [Q])[0][0]


def test_while_open_only_the_queue_since_the_last_mix_is_linked():
    """What :mod:`tanacs.ballots.secrecy` says a copy taken while voting is open shows: the
    casts since the last mix, linked; every mixed choice, not by itself."""
    ballot, people = _ballot("so", 40)
    mixed, waiting = people[:30], people[30:]
    truth = {p.pk: do_cast_vote(ballot, by=p, choice="yes").receipt_hash for p in mixed}
    assert do_mix_choices() == 30
    assert not QueuedChoice.objects.exists()
    late = {p.pk: do_cast_vote(ballot, by=p, choice="no").receipt_hash for p in waiting}
    b = [ballot.pk]
    stored = [r[0] for r in _rows(f"SELECT receipt_hash FROM {C} WHERE ballot_id = %s "
                                  "ORDER BY id", b)]  # fmt: skip
    assert _paired(list(truth), stored, truth) <= CHANCE
    if connection.vendor == PG:
        choice_join = _rows(
            f"SELECT e.person_id, c.receipt_hash FROM {E} e JOIN {C} c ON c.xmin = e.xmin "
            "WHERE e.ballot_id = %s",
            b,
        )
        assert choice_join == []
        by_ctid = [
            r[0]
            for r in _rows(f"SELECT receipt_hash FROM {C} WHERE ballot_id = %s ORDER BY ctid", b)
        ]
        assert _paired(list(truth), by_ctid, truth) <= CHANCE
        queue_join = _rows(
            f"SELECT e.person_id, q.receipt_hash FROM {E} e JOIN {Q} q ON q.xmin = e.xmin "
            "WHERE e.ballot_id = %s",
            b,
        )
        # The exposure stated: exactly the casts still waiting, each linked to its voter.
        assert sorted(queue_join) == sorted(late.items())
        vacuums = _vacuums()
    do_mix_choices()
    assert not QueuedChoice.objects.exists()
    if connection.vendor == PG:
        _rows("SELECT pg_stat_clear_snapshot()", [])
        assert _vacuums() > vacuums  # no dead queue row keeps a cast's transaction id
        joined = f"SELECT e.id FROM {E} e JOIN {C} c ON c.xmin = e.xmin WHERE e.ballot_id = %s"
        assert _rows(joined, b) == []
