"""One sentence per journal entry, for people who read the journal page.

Each kind has one function here; a kind without one gets a generic sentence made from its
name. A sentence is made from the entry *as the reader is shown it*
(:class:`tanacs.membership.journal_view.ShownEntry`: pseudonyms and withheld fields already
in place), plus council names and ballot titles, which are public. So a summary can say no
more than the JSON beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tanacs.ballots.models import Ballot
from tanacs.federation.models import Council
from tanacs.membership.journal_view import ShownEntry

__all__ = ["Names", "names_for", "summarise"]


@dataclass(frozen=True)
class Names:
    """Public names the sentences use: councils and ballots by id."""

    councils: dict[int, str] = field(default_factory=dict)
    ballots: dict[int, str] = field(default_factory=dict)

    def council(self, value: Any) -> str:
        return self.councils.get(value, f"council {value}") if isinstance(value, int) else ""

    def ballot(self, value: Any) -> str:
        if not isinstance(value, int):
            return "a ballot"
        title = self.ballots.get(value)
        return f"ballot {value} “{title}”" if title else f"ballot {value}"


def names_for(entries: Iterable[ShownEntry]) -> Names:
    """The councils and ballots the entries mention, in two queries."""
    councils: set[int] = set()
    ballots: set[int] = set()
    for entry in entries:
        for key, found in (("council", councils), ("parent", councils), ("ballot", ballots)):
            if isinstance(entry.payload.get(key), int):
                found.add(entry.payload[key])
    return Names(
        councils=dict(Council.objects.filter(pk__in=councils).values_list("id", "name")),
        ballots=dict(Ballot.objects.filter(pk__in=ballots).values_list("id", "title")),
    )


Sentence = Callable[[ShownEntry, Names], str]
SENTENCES: dict[str, Sentence] = {}


def sentence(*kinds: str) -> Callable[[Sentence], Sentence]:
    def register(function: Sentence) -> Sentence:
        for kind in kinds:
            SENTENCES[kind] = function
        return function

    return register


def summarise(entry: ShownEntry, names: Names) -> str:
    function = SENTENCES.get(entry.kind, _generic)
    try:
        return function(entry, names)
    except (KeyError, TypeError, ValueError, AttributeError):
        # An entry written before its kind's payload had the fields read here.
        return _generic(entry, names)


def _generic(entry: ShownEntry, names: Names) -> str:
    subject, _, verb = entry.kind.partition(".")
    words = f"{subject.capitalize()} {verb.replace('_', ' ')}".strip()
    where = names.council(entry.payload.get("council"))
    return f"{words}{f' in {where}' if where else ''}, by {entry.actor}."


def _p(entry: ShownEntry, key: str, default: Any = "") -> Any:
    return entry.payload.get(key, default)


# Federation and councils.


@sentence("federation.created")
def _federation_created(entry: ShownEntry, names: Names) -> str:
    levels = _p(entry, "levels", [])
    told = f" with levels {', '.join(map(str, levels))}" if levels else ""
    return f"{entry.actor} founded the federation {_p(entry, 'name', '')}{told}."


@sentence("council.created")
def _council_created(entry: ShownEntry, names: Names) -> str:
    parent = names.council(_p(entry, "parent", None))
    under = f" under {parent}" if parent else ""
    return f"{entry.actor} added the council {_p(entry, 'name', '')}{under}."


@sentence("council.officer_appointed", "council.officer_removed")
def _officer(entry: ShownEntry, names: Names) -> str:
    verb = "appointed" if entry.kind.endswith("appointed") else "removed"
    council = names.council(_p(entry, "council"))
    return f"{entry.actor} {verb} {_p(entry, 'officer')} as an officer of {council}."


@sentence("council.vouches_needed_set")
def _vouches_needed(entry: ShownEntry, names: Names) -> str:
    return (
        f"{names.council(_p(entry, 'council'))} now needs {_p(entry, 'vouches_needed')} "
        f"vouches to admit a member (set by {entry.actor})."
    )


# Members.


@sentence("member.applied")
def _applied(entry: ShownEntry, names: Names) -> str:
    return f"{_p(entry, 'person')} applied to join {names.council(_p(entry, 'council'))}."


@sentence("member.vouched")
def _vouched(entry: ShownEntry, names: Names) -> str:
    count = _p(entry, "vouches", None)
    told = f" ({count} vouch{'es' if count != 1 else ''} so far)" if count is not None else ""
    return (
        f"{entry.actor} vouched for {_p(entry, 'person')} in "
        f"{names.council(_p(entry, 'council'))}{told}."
    )


@sentence("member.admitted")
def _admitted(entry: ShownEntry, names: Names) -> str:
    how = f" by {entry.actor}, an officer" if _p(entry, "by_officer", False) is True else ""
    if _p(entry, "by_vouches", None) is not None:
        how = f" on {_p(entry, 'by_vouches')} vouches"
    return f"{_p(entry, 'person')} was admitted to {names.council(_p(entry, 'council'))}{how}."


@sentence("member.suspended")
def _suspended(entry: ShownEntry, names: Names) -> str:
    return (
        f"{entry.actor} suspended {_p(entry, 'person')} in "
        f"{names.council(_p(entry, 'council'))}. Reason: {_p(entry, 'reason', '')}"
    )


@sentence("member.reinstated")
def _reinstated(entry: ShownEntry, names: Names) -> str:
    return (
        f"{entry.actor} reinstated {_p(entry, 'person')} in {names.council(_p(entry, 'council'))}."
    )


@sentence("member.left")
def _left(entry: ShownEntry, names: Names) -> str:
    return f"{_p(entry, 'person')} left {names.council(_p(entry, 'council'))}."


# Ballots.


@sentence("ballot.created")
def _ballot_created(entry: ShownEntry, names: Names) -> str:
    return (
        f"{entry.actor} drew up {names.ballot(_p(entry, 'ballot'))} in "
        f"{names.council(_p(entry, 'council'))}."
    )


@sentence("ballot.opened")
def _ballot_opened(entry: ShownEntry, names: Names) -> str:
    electors = int(_p(entry, "electors", 0))
    weight = _p(entry, "electorate", None)
    weighed = f", {weight} votes in all" if weight not in (None, electors) else ""
    return (
        f"{names.ballot(_p(entry, 'ballot'))} opened for voting: the electorate is fixed at "
        f"{electors:,} elector{'s' if electors != 1 else ''}{weighed}."
    )


def _outcome(result: Any) -> str:
    total = result.get("total", {}) if isinstance(result, dict) else {}
    if "passed" in total:
        return "passed" if total["passed"] else "not passed"
    winners = total.get("winners") or []
    return f"elected or chosen: {', '.join(map(str, winners))}" if winners else "nobody chosen"


@sentence("ballot.closed")
def _ballot_closed(entry: ShownEntry, names: Names) -> str:
    result = _p(entry, "result", {})
    turnout = ""
    if isinstance(result, dict) and "voters" in result:
        turnout = f" {int(result['voters']):,} of {int(result.get('electors', 0)):,} voted;"
    return (
        f"{names.ballot(_p(entry, 'ballot'))} closed and was counted:{turnout} {_outcome(result)}."
    )


@sentence("ballot.declared")
def _ballot_declared(entry: ShownEntry, names: Names) -> str:
    passed = _p(entry, "passed", None)
    winners = _p(entry, "winners", []) or []
    if passed is not None:
        what = "passed" if passed else "not passed"
    else:
        what = ", ".join(map(str, winners)) or "nobody chosen"
    return f"{entry.actor} declared the result of {names.ballot(_p(entry, 'ballot'))}: {what}."


@sentence("ballot.cancelled")
def _ballot_cancelled(entry: ShownEntry, names: Names) -> str:
    return (
        f"{entry.actor} cancelled {names.ballot(_p(entry, 'ballot'))}. "
        f"Reason: {_p(entry, 'reason', '')}"
    )


# Seats, recalls, motions and elections.


@sentence("seat.holders_set")
def _holders_set(entry: ShownEntry, names: Names) -> str:
    return (
        f"Seat {_p(entry, 'seat', '?')} of {names.council(_p(entry, 'council'))} has a new "
        f"delegate list (set by {entry.actor})."
    )


@sentence("recall.opened")
def _recall_opened(entry: ShownEntry, names: Names) -> str:
    return (
        f"A petition to recall {_p(entry, 'delegate')} from seat {_p(entry, 'seat', '?')} of "
        f"{names.council(_p(entry, 'council'))} was opened."
    )


@sentence("recall.signed")
def _recall_signed(entry: ShownEntry, names: Names) -> str:
    return (
        f"The petition to recall {_p(entry, 'delegate')} in "
        f"{names.council(_p(entry, 'council'))} was signed."
    )


@sentence("motion.drafted")
def _motion_drafted(entry: ShownEntry, names: Names) -> str:
    return (
        f"{entry.actor} drafted the motion “{_p(entry, 'title')}” in "
        f"{names.council(_p(entry, 'council'))}."
    )


@sentence("election.called")
def _election_called(entry: ShownEntry, names: Names) -> str:
    seats = ", ".join(map(str, _p(entry, "seats", [])))
    return (
        f"{entry.actor} called an election for seat(s) {seats} of "
        f"{names.council(_p(entry, 'council'))}."
    )


@sentence("bulletin.posted")
def _bulletin_posted(entry: ShownEntry, names: Names) -> str:
    council = names.council(_p(entry, "council"))
    scope = "" if _p(entry, "public", True) else " for its members only"
    return f"{entry.actor} published the bulletin “{_p(entry, 'title', '')}” of {council}{scope}."


@sentence("bulletin.relayed")
def _bulletin_relayed(entry: ShownEntry, names: Names) -> str:
    council = names.council(_p(entry, "council"))
    origin = _p(entry, "origin_council", None)
    origin_name = f" of {names.council(origin)}" if origin is not None else ""
    return f"{entry.actor} relayed bulletin {_p(entry, 'origin')}{origin_name} for {council}."
