"""Negotiations in ``tanacs verify``: the rules that replay negotiation entries, and the
comparison with the tables (registered with :func:`tanacs.journal.replay.register_extension`
in ``NegotiationsConfig.ready``).

Compared: each negotiation's status and the SHA-256 of the document sent (the stored hash
and the hash of the stored text, both against the journal's); each demand's number, status
and text hash; each answer's demand, status, date and text hash; sessions; the delegation;
offers. A text or row changed behind the actions' back is named.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from tanacs.federation.models import Federation
from tanacs.journal.replay import Differences, Replayed, Rule, register_extension
from tanacs.negotiations.models import Answer, Delegate, Demand, Negotiation, Offer, Session

__all__ = ["NegotiationState", "register_replay"]

NAME = "negotiations"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else ""


@dataclass
class NegotiationState:
    # pk -> (council, status, document_sha256, sha256 of the document)
    negotiations: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    demands: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # (neg, n, status, sha)
    numbered: dict[tuple[int, int], int] = field(default_factory=dict)  # (neg, n) -> demand
    answers: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # (demand, status, day, sha)
    sessions: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # (neg, day, place)
    delegations: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # neg -> (logins,)
    offers: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # (neg, state)


def _of(state: Replayed) -> NegotiationState:
    found: NegotiationState = state.extra[NAME]
    return found


def _opened(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    _of(state).negotiations[p["negotiation"]] = (p["council"], p["status"], "", "")


def _delegation(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    _of(state).delegations[p["negotiation"]] = (tuple(sorted(p["delegates"])),)


def _demands(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    found = _of(state)
    for d in p["demands"]:
        found.demands[d["demand"]] = (p["negotiation"], d["number"], "pending", d["sha256"])
        found.numbered[(p["negotiation"], d["number"])] = d["demand"]


def _sent(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    found = _of(state)
    council, *_ = found.negotiations[p["negotiation"]]
    found.negotiations[p["negotiation"]] = (council, p["status"], p["sha256"], p["sha256"])


def _status(found: NegotiationState, demand: int, status: str) -> None:
    negotiation, number, _, sha = found.demands[demand]
    found.demands[demand] = (negotiation, number, status, sha)


def _answered(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    found = _of(state)
    _status(found, p["demand"], p["status"])
    found.answers[p["answer"]] = (p["demand"], p["status"], p["answered_on"], p["sha256"])


def _status_set(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    _status(_of(state), p["demand"], p["status"])


def _session(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    _of(state).sessions[p["session"]] = (p["negotiation"], p["held_on"], p["place"])


def _offer_put(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    _of(state).offers[p["offer"]] = (p["negotiation"], "pending")


def _offer_decided(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    found = _of(state)
    negotiation = p["negotiation"]
    found.offers[p["offer"]] = (negotiation, p["state"])
    for number, status in p["applied"].items():
        _status(found, found.numbered[(negotiation, int(number))], status)
    council, _, sha, text_sha = found.negotiations[negotiation]
    found.negotiations[negotiation] = (council, p["status"], sha, text_sha)


RULES: dict[str, Rule] = {
    "negotiation.opened": _opened,
    "negotiation.delegation_set": _delegation,
    "negotiation.demands_added": _demands,
    "negotiation.sent": _sent,
    "negotiation.answered": _answered,
    "negotiation.status_set": _status_set,
    "negotiation.session": _session,
    "negotiation.offer_put": _offer_put,
    "negotiation.offer_decided": _offer_decided,
}


def _compare(differences: Differences, federation: Federation, state: NegotiationState) -> None:
    rows = Negotiation.objects.filter(federation=federation).values_list(
        "pk", "council_id", "status", "document_sha256", "document"
    )
    differences.keyed("negotiation", ("council", "status", "document_sha256", "document text"),
                      state.negotiations,
                      {pk: (c, s, sha, _sha(doc)) for pk, c, s, sha, doc in rows})  # fmt: skip
    demands = Demand.objects.filter(negotiation__federation=federation).values_list(
        "pk", "negotiation_id", "number", "status", "text"
    )
    differences.keyed("negotiation demand", ("negotiation", "number", "status", "text"),
                      state.demands,
                      {pk: (n, num, s, _sha(t)) for pk, n, num, s, t in demands})  # fmt: skip
    answers = Answer.objects.filter(demand__negotiation__federation=federation).values_list(
        "pk", "demand_id", "status", "answered_on", "text"
    )
    differences.keyed("negotiation answer", ("demand", "status", "answered_on", "text"),
                      state.answers,
                      {pk: (d, s, day.isoformat(), _sha(t))
                       for pk, d, s, day, t in answers})  # fmt: skip
    sessions = Session.objects.filter(negotiation__federation=federation).values_list(
        "pk", "negotiation_id", "held_on", "place"
    )
    differences.keyed("negotiation session", ("negotiation", "held_on", "place"), state.sessions,
                      {pk: (n, day.isoformat(), place)
                       for pk, n, day, place in sessions})  # fmt: skip
    delegations: dict[int, list[str]] = {}
    for negotiation, login in Delegate.objects.filter(
        negotiation__federation=federation
    ).values_list("negotiation_id", "person__username"):
        delegations.setdefault(negotiation, []).append(login)
    differences.keyed("negotiation delegation", ("delegates",), state.delegations,
                      {n: (tuple(sorted(people)),)
                       for n, people in delegations.items()})  # fmt: skip
    offers = Offer.objects.filter(negotiation__federation=federation).values_list(
        "pk", "negotiation_id", "state"
    )
    differences.keyed("negotiation offer", ("negotiation", "state"), state.offers,
                      {pk: (n, s) for pk, n, s in offers})  # fmt: skip


def register_replay() -> None:
    register_extension(NAME, rules=RULES, start=NegotiationState, compare=_compare)
