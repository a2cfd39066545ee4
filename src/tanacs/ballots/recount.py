"""Recounting: every closed ballot recomputed from its stored choices, compared with what was
published (the ballot row and its journal entry). ``tanacs verify`` runs :func:`verify_ballots`.

A count uses what was fixed when the ballot opened: its electors (checked against the digest
the opening entry recorded) and its tree of councils (``Ballot.council_tree``, checked against
its recorded hash), never the live tree, so creating or moving councils later changes nothing.
Any lot is redrawn from the seed the closing entry fixes: the ballot's uid and the journal head
that entry follows (``lot_seed``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from tanacs.ballots.counting import count_ballot, lot_seed, tree_sha256
from tanacs.ballots.electorate import ElectorateRecord, electorate_record
from tanacs.ballots.models import Ballot, State
from tanacs.journal.chain import canonical
from tanacs.journal.models import Entry

__all__ = ["RecountReport", "recount_ballot", "verify_ballots"]


@dataclass(frozen=True)
class RecountReport:
    ballot: int
    title: str
    problem: str | None = None
    counted: bool = True  # False for an open ballot: only its electorate was checked

    @property
    def ok(self) -> bool:
        return self.problem is None


def _entry(ballot: Ballot, kind: str) -> dict[str, Any] | None:
    entry = (
        Entry.objects.filter(
            chain=ballot.council.federation.chain, subject=ballot.subject, kind=kind
        )
        .order_by("-seq")
        .values_list("payload", flat=True)
        .first()
    )
    return None if entry is None else json.loads(entry)


def _closing_entry(ballot: Ballot) -> Entry | None:
    return (
        Entry.objects.filter(
            chain=ballot.council.federation.chain, subject=ballot.subject, kind="ballot.closed"
        )
        .order_by("-seq")
        .first()
    )


def _check_electorate(
    ballot: Ballot, opened: dict[str, Any] | None, record: ElectorateRecord
) -> str | None:
    """The elector rows and the fixed tree against what the opening entry recorded."""
    if opened is None:
        return "the journal has no entry for opening this ballot"
    if "electorate_sha256" in opened:  # entries written before it was recorded lack it
        if (record.electors, record.weight) != (opened.get("electors"), opened.get("electorate")):
            return (
                f"the electorate holds {record.electors} electors of weight {record.weight}; "
                f"the journal fixed {opened.get('electors')} of weight {opened.get('electorate')}"
            )
        if record.sha256 != opened["electorate_sha256"]:
            return "the electors stored differ from the electorate fixed when the ballot opened"
    stored = {int(k): tuple(v) for k, v in ballot.electorate_by_council.items()}
    if ballot.electorate_by_council and stored != record.by_council:
        return "the electorate per council stored on the ballot differs from its electors"
    if "tree_sha256" in opened and tree_sha256(ballot.council_tree) != opened["tree_sha256"]:
        return "the councils stored on the ballot differ from those fixed when it opened"
    return None


def _check_marked(closed: dict[str, Any], voters: int, record: ElectorateRecord) -> str | None:
    """Who is marked as having voted, against the closing entry and the choices counted."""
    if "voted" not in closed:
        return None
    if (record.voted, record.voted_weight) != (closed["voted"], closed.get("voted_weight")):
        return (
            f"{record.voted} electors of weight {record.voted_weight} are marked as having "
            f"voted; the journal recorded {closed['voted']} of weight {closed.get('voted_weight')}"
        )
    if record.voted != voters:
        return (
            f"{record.voted} electors are marked as having voted, but {voters} ballots were counted"
        )
    return None


# What an STV result gained when it came to build on the shared Outcome; before, it held the
# winners' indices as "elected" and nothing else of these (each is derived from the rest).
_OUTCOME_FIELDS = ("winners", "tied", "reason", "lots", "winner_names", "decided_by_lot")


def _as_published(result: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """The recounted result in the form the stored one was published in: an STV result
    published before it built on Outcome is compared in that form, field for field."""
    engine, old = result.get("engine"), stored.get("engine")
    if not (isinstance(engine, dict) and isinstance(old, dict)):
        return result
    if result["method"] != "stv" or "elected" not in old or "winners" in old:
        return result
    legacy = {k: v for k, v in engine.items() if k not in _OUTCOME_FIELDS}
    return {**result, "engine": {**legacy, "elected": engine["winners"]}}


def recount_ballot(ballot: Ballot) -> RecountReport:
    """Count again from the stored choices; report the first thing that differs."""
    ballot = Ballot.objects.select_related("council", "council__federation").get(pk=ballot.pk)

    def fail(problem: str) -> RecountReport:
        return RecountReport(ballot.pk, ballot.title, problem)

    record = electorate_record(ballot.pk)
    problem = _check_electorate(ballot, _entry(ballot, "ballot.opened"), record)
    if problem is not None:
        return fail(problem)
    if ballot.state == State.OPEN:
        return RecountReport(ballot.pk, ballot.title, counted=False)
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
    text = canonical(_as_published(count.result.as_json(), json.loads(ballot.result or "{}")))
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
    problem = _check_marked(payload, count.result.voters, record)
    if problem is not None:
        return fail(problem)
    return RecountReport(ballot.pk, ballot.title)


def verify_ballots() -> list[RecountReport]:
    """Every opened ballot: its electorate against the opening entry; every closed one
    recounted as well."""
    opened = Ballot.objects.filter(
        state__in=[State.OPEN, State.CLOSED, State.DECLARED]
    ).select_related("council", "council__federation")
    return [recount_ballot(ballot) for ballot in opened.order_by("id")]
