"""Recounting: every closed ballot recomputed from its stored choices, compared with what was
published (the ballot row and its journal entry). Any lot is redrawn from the seed the closing
entry fixes: the ballot's uid and the journal head that entry follows (``lot_seed``).
``tanacs verify`` runs :func:`verify_ballots`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from tanacs.ballots.counting import count_ballot, lot_seed
from tanacs.ballots.models import Ballot, State
from tanacs.journal.chain import canonical
from tanacs.journal.models import Entry

__all__ = ["RecountReport", "recount_ballot", "verify_ballots"]


@dataclass(frozen=True)
class RecountReport:
    ballot: int
    title: str
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _closing_entry(ballot: Ballot) -> Entry | None:
    return (
        Entry.objects.filter(
            chain=ballot.council.federation.chain, subject=ballot.subject, kind="ballot.closed"
        )
        .order_by("-seq")
        .first()
    )


def recount_ballot(ballot: Ballot) -> RecountReport:
    """Count again from the stored choices; report the first thing that differs."""
    ballot = Ballot.objects.select_related("council", "council__federation").get(pk=ballot.pk)

    def fail(problem: str) -> RecountReport:
        return RecountReport(ballot.pk, ballot.title, problem)

    entry = _closing_entry(ballot)
    if entry is None:
        return fail("the journal has no entry for closing this ballot")
    payload = json.loads(entry.payload)
    seed = None  # ballots closed before lots were seeded from the journal drew with their uid
    if "seed" in payload:
        seed = lot_seed(str(ballot.uid), entry.prev_hash)
        if payload["seed"] != seed:
            return fail("the lot's seed in the journal is not the one its closing entry fixes")
    count = count_ballot(ballot, seed=seed)
    text = canonical(count.result)
    if hashlib.sha256(ballot.result.encode()).hexdigest() != ballot.result_sha256:
        return fail("the stored result does not match its published hash")
    if text != ballot.result:
        return fail("recounting the stored ballots gives a different result")
    if count.list_sha256 != ballot.list_sha256:
        return fail("the stored ballot list does not match its published hash")
    if payload.get("result_sha256") != ballot.result_sha256:
        return fail("the journal's result hash differs from the ballot's")
    if payload.get("list_sha256") != ballot.list_sha256:
        return fail("the journal's ballot-list hash differs from the ballot's")
    if canonical(payload.get("result")) != text:
        return fail("the result in the journal differs from the recount")
    return RecountReport(ballot.pk, ballot.title)


def verify_ballots() -> list[RecountReport]:
    closed = Ballot.objects.filter(state__in=[State.CLOSED, State.DECLARED]).select_related(
        "council", "council__federation"
    )
    return [recount_ballot(ballot) for ballot in closed.order_by("id")]
