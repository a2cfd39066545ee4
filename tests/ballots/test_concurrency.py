"""One member, one counted vote under real concurrent submissions, and no vote lost to a close
that races the casts. Threads each hold their own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from tanacs.ballots.actions import do_cast_vote, do_close_ballot
from tanacs.ballots.mixing import do_mix_choices
from tanacs.ballots.models import Ballot, Choice, Elector
from tanacs.ballots.recount import recount_ballot
from tanacs.ballots.selectors import get_result, iter_ballot_list
from tanacs.core.errors import TanacsError
from tests.ballots.helpers import admit, open_ballot

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a database server (SQLite serialises them)")


def in_threads(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call at once (released together by a barrier); results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def work(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except TanacsError as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _fresh(ballot: Ballot) -> Ballot:
    return Ballot.objects.get(pk=ballot.pk)


def test_the_same_member_voting_from_many_browsers_counts_once(budapest):
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
    me = budapest.members["izzo-1"]
    first = in_threads([lambda c=c: do_cast_vote(_fresh(ballot), by=me, choice=c)
                        for c in ["yes", "no"] * 4])  # fmt: skip
    accepted = [r for r in first if not isinstance(r, Exception)]
    assert len(accepted) == 1
    assert all(getattr(r, "code", "") == "receipt_needed" for r in first if r not in accepted)
    code = accepted[0].code
    changes = in_threads([lambda c=c: do_cast_vote(_fresh(ballot), by=me, choice=c, receipt=code)
                          for c in ["abstain", "no", "yes"] * 3])  # fmt: skip
    assert not [r for r in changes if isinstance(r, Exception)]
    assert do_mix_choices() == 1  # ten casts of one voter: the last one is stored
    assert Choice.objects.filter(ballot=ballot).count() == 1
    assert Elector.objects.filter(ballot=ballot, voted=True).count() == 1


def test_a_close_racing_many_casts_loses_no_accepted_vote(budapest):
    people = [admit(budapest.izzo, f"worker-{i}", budapest.steward) for i in range(24)]
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
    calls: list[Callable[[], Any]] = [
        lambda p=p, i=i: do_cast_vote(_fresh(ballot), by=p, choice=("yes", "no")[i % 2])
        for i, p in enumerate(people)
    ]
    calls.insert(12, lambda: do_close_ballot(_fresh(ballot), by=budapest.izzo_officer))
    calls[6:6] = [do_mix_choices, do_mix_choices]  # the mixer runs beside casts and the close
    results = in_threads(calls)
    accepted = [r for r in results if hasattr(r, "receipt_hash")]
    refused = [r for r in results if isinstance(r, TanacsError)]
    assert len(accepted) + len(refused) == len(people)
    assert all(r.code == "ballot_not_open" for r in refused)
    ballot = _fresh(ballot)
    listed = "".join(iter_ballot_list(ballot))
    for receipt in accepted:
        assert receipt.receipt_hash in listed
    assert get_result(ballot)["voters"] == len(accepted)
    assert Choice.objects.filter(ballot=ballot).count() == len(accepted)
    # Not a recount right after a close: casts and mixing ran beside it, and a choice stored
    # or changed after the count would make the stored ballots differ from the published ones.
    assert recount_ballot(ballot).ok
