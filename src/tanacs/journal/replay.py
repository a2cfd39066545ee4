"""Replaying a federation's journal: the state its entries describe, rebuilt from them alone.

Each entry kind that sets state has one rule in :data:`RULES`; a rule reads the entry's
payload (and subject) and changes plain dictionaries and sets, never the database. Kinds
without a rule set nothing that is replayed. ``tanacs verify``
and ``tanacs import`` compare the result with the tables (see
:mod:`tanacs.archive.audit`); docs/journal.md states the same rules for anyone who checks
an export without tanacs.

Apps above the journal add their own kinds with :func:`register_extension`: their rules keep
their state in ``Replayed.extra[name]``, and their comparison with the tables runs in the
same audit (decisions, bulletins, strikes and negotiations use it).

A rule that cannot apply its entry (a membership that was never applied for, a payload
without a field it needs) records a problem instead of guessing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from json.scanner import make_scanner
from typing import Any, Protocol

from tanacs.journal.chain import ChainReport, verify_chain

__all__ = [
    "EXTENSIONS",
    "RULES",
    "Differences",
    "Extension",
    "Replayed",
    "register_extension",
    "replay_chain",
]


@dataclass
class Replayed:
    """The state one federation's journal describes, as plain values keyed by row id."""

    # federation id -> (slug, name, levels, members_per_seat, seats_min, seats_max)
    federations: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    stewards: set[tuple[int, int]] = field(default_factory=set)  # (federation, person)
    # council id -> (slug, name, level, parent, vouches_needed)
    councils: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    officers: set[tuple[int, int]] = field(default_factory=set)  # (council, person)
    # membership id -> (council, person, status, reason)
    memberships: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    vouches: set[tuple[int, int]] = field(default_factory=set)  # (membership, voucher)
    seats: dict[int, tuple[int, int]] = field(default_factory=dict)  # seat id -> (council, n)
    # seat id -> its list in order of position: (person, status, reason)
    holders: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    # ballot id -> (council, state)
    ballots: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # the first few, with their count
    problem_count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)  # extension name -> its own state

    def member_counts(self) -> tuple[dict[int, int], dict[int, int]]:
        """Active members per council, and per council with every base council below it."""
        members: dict[int, int] = dict.fromkeys(self.councils, 0)
        for council, _, status, _ in self.memberships.values():
            if status == "active" and council in members:
                members[council] += 1
        represented = dict.fromkeys(self.councils, 0)
        for pk, count in members.items():
            node: int | None = pk
            seen = 0
            while node is not None and node in represented and seen <= len(represented):
                represented[node] += count
                node = self.councils[node][3]
                seen += 1
        return members, represented


Rule = Callable[[Replayed, int, str, dict[str, Any]], None]


class Missing(Exception):
    """The payload lacks what its rule needs."""


def _get(payload: dict[str, Any], key: str) -> Any:
    if key not in payload:
        raise Missing(key)
    return payload[key]


def _id_of(subject: str, prefix: str) -> int:
    head, _, tail = subject.partition(":")
    if head != prefix or not tail.isdigit():
        raise Missing(f"subject {prefix}:<id>")
    return int(tail)


def _federation_created(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    pk = _id_of(subject, "federation")
    per_seat, least, most = _get(p, "seat_rule")
    state.federations[pk] = (_get(p, "slug"), _get(p, "name"), _get(p, "levels"), per_seat,
                             least, most)  # fmt: skip
    state.stewards.update((pk, person) for person in _get(p, "steward_ids"))


def _seat_rule_set(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    pk = _id_of(subject, "federation")
    slug, name, levels, *_ = state.federations[pk]
    state.federations[pk] = (slug, name, levels, *_get(p, "seat_rule"))


def _council_created(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    pk = _get(p, "council")
    state.councils[pk] = (_get(p, "slug"), _get(p, "name"), _get(p, "level"),
                          _get(p, "parent"), _get(p, "vouches_needed"))  # fmt: skip
    state.officers.update((pk, person) for person in p.get("officer_ids", ()))


def _council_moved(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    pk = _get(p, "council")
    slug, name, level, _, vouches = state.councils[pk]
    state.councils[pk] = (slug, name, level, _get(p, "to"), vouches)


def _vouches_needed_set(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    pk = _get(p, "council")
    slug, name, level, parent, _ = state.councils[pk]
    state.councils[pk] = (slug, name, level, parent, _get(p, "vouches_needed"))


def _officer_appointed(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    state.officers.add((_get(p, "council"), _get(p, "officer_id")))


def _officer_removed(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    state.officers.discard((_get(p, "council"), _get(p, "officer_id")))


def _member(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    """Every member.* entry names the membership's council, person and status afterwards.

    The hottest rule (a million ``member.imported`` entries): plain indexing, no helpers."""
    pk = p["membership"]
    status = p["status"]
    earlier = state.memberships.get(pk)
    if "reason" in p:  # member.suspended states the reason
        reason = p["reason"]
    elif earlier is None or (earlier[2] == "suspended" and status == "active"):
        reason = ""  # new, or reinstated: no reason
    else:
        reason = earlier[3]
    state.memberships[pk] = (p["council"], p["person_id"], status, reason)
    if "voucher_id" in p:
        state.vouches.add((pk, p["voucher_id"]))


def _holders_set(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    pk = _id_of(subject, "seat")
    state.seats[pk] = (_get(p, "council"), _get(p, "seat"))
    state.holders[pk] = [(person, "available", "") for person in _get(p, "holder_ids")]


def _holder_status(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    pk = _id_of(subject, "seat")
    person = _get(p, "person_id")
    holders = state.holders[pk]
    for position, (who, _, _) in enumerate(holders):
        if who == person:
            holders[position] = (person, _get(p, "status"), _get(p, "reason"))
            return
    raise Missing(f"person {person} on seat {pk}'s list")


def _ballot(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    pk = _id_of(subject, "ballot")
    council = p["council"] if "council" in p else state.ballots[pk][0]
    state.ballots[pk] = (council, _get(p, "state"))


MEMBER_KINDS = ("applied", "vouched", "admitted", "suspended", "reinstated", "left", "imported")
RULES: dict[str, Rule] = {
    "federation.created": _federation_created,
    "federation.seat_rule_set": _seat_rule_set,
    "council.created": _council_created,
    "council.moved": _council_moved,
    "council.vouches_needed_set": _vouches_needed_set,
    "council.officer_appointed": _officer_appointed,
    "council.officer_removed": _officer_removed,
    **{f"member.{what}": _member for what in MEMBER_KINDS},
    "seat.holders_set": _holders_set,
    "seat.holder_status": _holder_status,
    **{
        f"ballot.{what}": _ballot
        for what in ("created", "opened", "closed", "declared", "cancelled")
    },
}


class Differences(Protocol):
    """What an extension's comparison reports to (the audit's report)."""

    def keyed(
        self,
        table: str,
        columns: tuple[str, ...],
        journal: dict[Any, tuple[Any, ...]],
        stored: dict[Any, tuple[Any, ...]],
    ) -> None:
        """Name every row of ``table`` whose ``columns`` differ between journal and table."""


@dataclass(frozen=True)
class Extension:
    """An app's replay: its entry kinds' rules, a fresh state for them, and the comparison of
    that state with its tables: ``compare(differences, federation, state)``."""

    rules: dict[str, Rule]
    start: Callable[[], Any]
    compare: Callable[[Differences, Any, Any], None]


EXTENSIONS: dict[str, Extension] = {}


def register_extension(
    name: str,
    *,
    rules: dict[str, Rule],
    start: Callable[[], Any],
    compare: Callable[[Differences, Any, Any], None],
) -> None:
    """Replay ``rules`` too (their state: ``Replayed.extra[name]``, made by ``start``), and
    have the audit run ``compare``; called from an app's ``AppConfig.ready``."""
    taken = set(RULES).intersection(rules)
    for other, known in EXTENSIONS.items():
        if other != name:
            taken |= set(known.rules).intersection(rules)
    if taken:
        raise ValueError(f"Entry kinds already replayed elsewhere: {', '.join(sorted(taken))}.")
    EXTENSIONS[name] = Extension(rules=dict(rules), start=start, compare=compare)


def replay_chain(chain: str) -> tuple[ChainReport, Replayed]:
    """Verify one chain and replay it in the same pass; the state is complete only when the
    chain held."""
    state = Replayed(extra={name: ext.start() for name, ext in EXTENSIONS.items()})
    rules = RULES
    if EXTENSIONS:
        rules = {**RULES}
        for ext in EXTENSIONS.values():
            rules.update(ext.rules)
    scan = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # json.loads, less its layers

    def visit(seq: int, kind: str, subject: str, payload: str) -> None:
        rule = rules.get(kind)
        if rule is None:
            return
        try:
            value, end = scan(payload, 0)
            if end != len(payload) or type(value) is not dict:
                raise ValueError("its payload is not one JSON object")
            rule(state, seq, subject, value)
        except (Missing, KeyError, TypeError, ValueError, StopIteration) as exc:
            state.problem_count += 1
            if len(state.problems) < 20:
                state.problems.append(f"entry {seq} ({kind}) cannot be replayed: {_why(exc)}")

    return verify_chain(chain, visit), state


def _why(exc: Exception) -> str:
    if isinstance(exc, Missing):
        return f"its payload lacks {exc.args[0]}"
    if isinstance(exc, StopIteration):
        return "its payload is not JSON"
    if isinstance(exc, KeyError):
        return f"its payload lacks {exc.args[0]!r}, or it names a row no earlier entry created"
    return str(exc)
