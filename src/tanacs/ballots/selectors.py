"""Reads: ballots of a council, live turnout, the published list, a receipt's entry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Model, Q, QuerySet, Sum

from tanacs.ballots.counting import (
    council_nodes,
    list_text,
    published_rows,
    withheld_councils,
)
from tanacs.ballots.marks import describe_marks
from tanacs.ballots.mixing import queued_receipt
from tanacs.ballots.models import Ballot, Choice, Elector, State
from tanacs.ballots.secrecy import receipt_hash
from tanacs.core.errors import Conflict
from tanacs.federation.models import Council

__all__ = [
    "TurnoutRow",
    "ballot_for",
    "ballots_for",
    "find_receipt",
    "get_elector",
    "get_published_result",
    "get_result",
    "iter_ballot_list",
    "list_ballots",
    "list_open_ballots_for",
    "list_rows_for_export",
    "turnout",
]

PUBLISHED = (State.CLOSED, State.DECLARED)


def ballots_for(subject: Model) -> list[Ballot]:
    """The ballots that decide ``subject`` (a motion, an election, ...), newest first."""
    kind = ContentType.objects.get_for_model(type(subject))
    found = Ballot.objects.filter(decides_type=kind, decides_id=subject.pk).order_by("-pk")
    return list(found.select_related("council", "council__federation"))


def ballot_for(subject: Model) -> Ballot | None:
    """The latest ballot that decides ``subject`` (earlier ones were cancelled)."""
    found = ballots_for(subject)
    return found[0] if found else None


def list_ballots(council: Council | None = None) -> QuerySet[Ballot]:
    query = Ballot.objects.select_related("council", "council__federation")
    if council is not None:
        query = query.filter(council=council)
    return query.order_by("-created_at", "-id")


def list_open_ballots_for(person: Any) -> list[Elector]:
    """The open ballots ``person`` may vote in, each as their elector row (``voted`` says
    whether they have voted yet), soonest to close first.

    One query however many ballots and councils: the electorate was fixed at open, so the
    elector rows (indexed on the person) say everything.
    """
    if not getattr(person, "is_authenticated", False):
        return []
    rows = (
        Elector.objects.filter(person_id=person.pk, ballot__state=State.OPEN)
        .select_related("ballot", "ballot__council", "ballot__council__federation")
        .order_by(F("ballot__closes_at").asc(nulls_last=True), "ballot_id")
    )
    return list(rows)


def get_elector(ballot: Ballot, person: Any) -> Elector | None:
    if not getattr(person, "is_authenticated", False):
        return None
    return Elector.objects.filter(ballot=ballot, person_id=person.pk).first()


def get_result(ballot: Ballot) -> dict[str, Any] | None:
    if ballot.state not in PUBLISHED or not ballot.result:
        return None
    return json.loads(ballot.result)  # type: ignore[no-any-return]


def get_published_result(ballot: Ballot) -> dict[str, Any]:
    """The result a reader asked for: Conflict while the ballot has not closed."""
    result = get_result(ballot)
    if result is None:
        raise Conflict("The result is published when the ballot closes.")
    return result


@dataclass(frozen=True)
class TurnoutRow:
    council: int
    name: str
    level: int
    parent: int | None
    electors: int
    voters: int

    @property
    def share(self) -> float:
        return self.voters / self.electors if self.electors else 0.0

    @property
    def percent(self) -> str:
        return f"{100 * self.share:.1f}"


def turnout(ballot: Ballot) -> list[TurnoutRow]:
    """Who has voted so far, per council at every level (never what they chose).

    Counted from the same elector rows the close counts from, so the final voters per council
    equal the last turnout shown. Councils with fewer than ``min_reported`` voters are left
    out, by the rule the result follows (:func:`withheld_councils`); their voters are counted in
    the councils above.
    """
    nodes, root = council_nodes(ballot)
    rows = (
        Elector.objects.filter(ballot=ballot)
        .values("council_id")
        .annotate(n=Count("id"), v=Count("id", filter=Q(voted=True)))
        .order_by()
    )
    electors = dict.fromkeys(nodes, 0)
    voters = dict.fromkeys(nodes, 0)
    for row in rows:
        pk = row["council_id"] if ballot.is_referendum and row["council_id"] in nodes else root
        electors[pk] += row["n"]
        voters[pk] += row["v"]
    for pk in sorted(nodes, key=lambda k: (nodes[k].level, k)):
        parent = nodes[pk].parent
        if parent is not None:
            electors[parent] += electors[pk]
            voters[parent] += voters[pk]
    # Who voted in a small council narrows who chose what there: its figures are withheld as
    # the result's are, by the same rule, and stay counted in the council above.
    withheld = (
        withheld_councils(nodes, root, voters, ballot.min_reported)
        if ballot.is_referendum
        else set()
    )
    order = sorted(nodes, key=lambda k: (-nodes[k].level, nodes[k].name))
    return [
        TurnoutRow(pk, nodes[pk].name, nodes[pk].level, nodes[pk].parent, electors[pk], voters[pk])
        for pk in order
        if pk not in withheld
    ]


def _shown(ballot: Ballot) -> dict[int, int]:
    result = get_result(ballot) or {}
    shown: dict[int, int] = {}
    councils = {c["council"]: c for c in result.get("councils", [])}
    for pk in councils:
        target = pk
        while councils[target]["withheld"]:
            target = councils[target]["parent"]
        shown[pk] = target
    return shown


def iter_ballot_list(ballot: Ballot) -> Iterator[str]:
    """The published list as CSV: exactly the text (UTF-8) its ``list_sha256`` is taken over,
    header line first. Every interface serves this, nothing else."""
    return list_text(published_rows(ballot, _shown(ballot)))


def list_rows_for_export(ballot: Ballot) -> Iterator[dict[str, Any]]:
    for receipt, council, weight, marks, voter in published_rows(ballot, _shown(ballot)):
        row = {
            "receipt_hash": receipt,
            "council": council,
            "weight": weight,
            "marks": marks,
            "choice": describe_marks(ballot.method, ballot.options, marks),
        }
        if not ballot.secret:
            row["voter"] = voter
        yield row


def find_receipt(ballot: Ballot, code: str) -> dict[str, Any] | None:
    """The published list's entry for a receipt code, once the ballot is closed.

    While voting is open only the fact that the ballot is stored is confirmed, and whether it
    is still waiting for the mixer (``waiting``).
    """
    digest = receipt_hash(ballot.uid, code)
    row = (
        Choice.objects.filter(ballot=ballot, receipt_hash=digest)
        .values_list("council_id", "weight", "marks")
        .first()
    )
    if row is None:
        if queued_receipt(ballot, digest):  # cast, not yet mixed into the stored ballots
            return {"receipt_hash": digest, "counted": False, "waiting": True}
        return None
    entry: dict[str, Any] = {
        "receipt_hash": digest,
        "counted": ballot.state in PUBLISHED,
        "waiting": False,
    }
    if ballot.state in PUBLISHED:
        council, weight, marks = row
        entry.update(
            council=_shown(ballot).get(council, ballot.council_id),
            weight=weight,
            marks=marks,
            choice=describe_marks(ballot.method, ballot.options, marks),
        )
    return entry


def electorate_totals(ballot: Ballot) -> dict[str, int]:
    totals = Elector.objects.filter(ballot=ballot).aggregate(
        electors=Count("id"), weight=Sum("weight"), voters=Count("id", filter=Q(voted=True))
    )
    return {k: int(v or 0) for k, v in totals.items()}
