"""Decisions in ``tanacs verify``: the rules that replay motion, amendment, programme, mandate,
election and recall entries, and the comparison of what they describe with the decisions
tables (registered with :func:`tanacs.journal.replay.register_extension` in
``DecisionsConfig.ready``).

Replayed and compared: each motion's council, title, text and status, and how many co-signed
it; each amendment's text and status; each programme's council and title, each point's text
and every endorsement; each council's mandate on a motion; each election's council, seats,
status and outcome, and who stands in it; each recall petition's council, seat, status,
threshold and signatures; the federation's and each council's decision rules. A motion
marked carried, a point reworded or a threshold lowered behind the actions' back is named by
its row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from tanacs.decisions.models import (
    Amendment,
    Candidate,
    CouncilRules,
    DecisionRules,
    Election,
    Endorsement,
    Mandate,
    Motion,
    MotionStatus,
    Programme,
    ProgrammePoint,
    RecallPetition,
)
from tanacs.federation.models import Federation
from tanacs.journal.replay import Differences, Replayed, Rule, register_extension

__all__ = ["DecisionState", "register_replay"]

NAME = "decisions"


@dataclass
class DecisionState:
    motions: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # (council, title, text,
    cosigners: dict[int, tuple[int]] = field(default_factory=dict)  #     status); (count,)
    amendments: dict[tuple[int, int], tuple[Any, ...]] = field(default_factory=dict)
    programmes: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # (council, title)
    points: dict[tuple[int, int], tuple[str]] = field(default_factory=dict)  # -> (text,)
    endorsements: dict[tuple[int, int], tuple[Any]] = field(default_factory=dict)  # -> (motion,)
    mandates: dict[tuple[int, int], tuple[str]] = field(default_factory=dict)  # -> (position,)
    elections: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # (council, seats, ...)
    candidates: dict[tuple[int, str], tuple[()]] = field(default_factory=dict)  # (election, login)
    recalls: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # (council, seat, ...)
    signatures: dict[int, tuple[int]] = field(default_factory=dict)  # -> (count,)
    federation_rules: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    council_rules: dict[int, tuple[Any, ...]] = field(default_factory=dict)


def _of(state: Replayed) -> DecisionState:
    found: DecisionState = state.extra[NAME]
    return found


def _pk(subject: str, prefix: str) -> int:
    head, _, tail = subject.partition(":")
    if head != prefix or not tail.isdigit():
        raise ValueError(f"its subject is not {prefix}:<id>")
    return int(tail)


def _motion_drafted(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    """``motion.drafted``, and ``motion.sent_up`` (the parent's copy, a draft until moved)."""
    decisions = _of(state)
    pk = _pk(subject, "motion")
    decisions.motions[pk] = (p["council"], p["title"], p["text"], MotionStatus.DRAFT.value)
    decisions.cosigners[pk] = (0,)


def _motion_moved(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    decisions = _of(state)
    pk = _pk(subject, "motion")
    council, title, text, _ = decisions.motions[pk]
    status = _kind_tail(p["_kind"])
    decisions.motions[pk] = (council, title, p.get("text", text), status)


def _motion_amended(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    decisions = _of(state)
    pk = _pk(subject, "motion")
    council, title, _, status = decisions.motions[pk]
    decisions.motions[pk] = (council, title, p["text"], status)


def _motion_cosigned(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    decisions = _of(state)
    pk = _pk(subject, "motion")
    if pk not in decisions.motions:
        raise KeyError(f"motion {pk}")
    decisions.cosigners[pk] = (p["cosigners"],)


def _amendment_proposed(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    """A new amendment, or one put back to proposed when its ballot was cancelled (that entry
    has no text: the amendment keeps the text it had)."""
    decisions = _of(state)
    key = (_pk(subject, "motion"), p["amendment"])
    text = p["text"] if "text" in p else decisions.amendments[key][0]
    decisions.amendments[key] = (text, "proposed")


def _amendment_moved(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    decisions = _of(state)
    key = (_pk(subject, "motion"), p["amendment"])
    text, _ = decisions.amendments[key]
    decisions.amendments[key] = (text, _kind_tail(p["_kind"]))


def _programme_created(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    _of(state).programmes[_pk(subject, "programme")] = (p["council"], p["title"])


def _point_added(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    decisions = _of(state)
    pk = _pk(subject, "programme")
    if pk not in decisions.programmes:
        raise KeyError(f"programme {pk}")
    decisions.points[(pk, p["number"])] = (p["text"],)


def _endorsed(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    _of(state).endorsements[(p["point_id"], p["council"])] = (p["motion"],)


def _mandate_set(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    _of(state).mandates[(p["motion"], p["council"])] = (p["position"],)


def _election_called(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    pk = _pk(subject, "election")
    _of(state).elections[pk] = (p["council"], p["seats"], "nominating", {})


def _election_moved(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    decisions = _of(state)
    pk = _pk(subject, "election")
    council, seats, _, outcome = decisions.elections[pk]
    to = _kind_tail(p["_kind"])
    if to == "declared":
        outcome = {key: p[key] for key in ("elected", "substitutes", "ballot")}
    decisions.elections[pk] = (council, p.get("seats", seats), to, outcome)


def _candidate(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    decisions = _of(state)
    pk = _pk(subject, "election")
    if pk not in decisions.elections:
        raise KeyError(f"election {pk}")
    if p["_kind"] == "election.candidate":
        decisions.candidates[(pk, p["candidate"])] = ()
    else:
        decisions.candidates.pop((pk, p["candidate"]), None)


def _recall_opened(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    decisions = _of(state)
    pk = _pk(subject, "recall")
    decisions.recalls[pk] = (p["council"], p["seat"], "open", p["threshold"], p["electorate"])
    decisions.signatures[pk] = (1,)  # the opener signs


def _recall_signed(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    decisions = _of(state)
    pk = _pk(subject, "recall")
    if pk not in decisions.recalls:
        raise KeyError(f"recall {pk}")
    decisions.signatures[pk] = (p["signatures"],)


def _recall_moved(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    decisions = _of(state)
    pk = _pk(subject, "recall")
    council, seat, _, threshold, electorate = decisions.recalls[pk]
    decisions.recalls[pk] = (council, seat, _kind_tail(p["_kind"]), threshold, electorate)


def _federation_rules(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    _of(state).federation_rules[_pk(subject, "federation")] = (
        p["cosigners_needed"],
        p["recall_share_percent"],
        p["mandates_bind"],
    )


def _council_rules(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    _of(state).council_rules[_pk(subject, "council")] = (
        p["cosigners_needed"],
        p["recall_share_percent"],
    )


def _kind_tail(kind: str) -> str:
    return kind.rpartition(".")[2]


def _knowing_kind(kind: str, rule: Rule) -> Rule:
    """The rules above that serve several kinds read which one from ``p["_kind"]``; the
    payload itself is a fresh dictionary per entry, so adding the key changes nothing else."""

    def rule_for_kind(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
        p["_kind"] = kind
        rule(state, seq, subject, p)

    return rule_for_kind


MOTION_MOVES = [s.value for s in MotionStatus if s != MotionStatus.DRAFT]
RULES: dict[str, Rule] = {
    "motion.drafted": _motion_drafted,
    "motion.sent_up": _motion_drafted,
    **{f"motion.{to}": _knowing_kind(f"motion.{to}", _motion_moved) for to in MOTION_MOVES},
    "motion.amended": _motion_amended,
    "motion.cosigned": _motion_cosigned,
    "amendment.proposed": _amendment_proposed,
    **{
        f"amendment.{to}": _knowing_kind(f"amendment.{to}", _amendment_moved)
        for to in ("voting", "adopted", "rejected", "withdrawn")
    },
    "programme.created": _programme_created,
    "programme.point_added": _point_added,
    "programme.endorsed": _endorsed,
    "mandate.set": _mandate_set,
    "election.called": _election_called,
    **{
        f"election.{to}": _knowing_kind(f"election.{to}", _election_moved)
        for to in ("nominating", "voting", "declared", "cancelled")
    },
    "election.candidate": _knowing_kind("election.candidate", _candidate),
    "election.withdrawn_candidate": _knowing_kind("election.withdrawn_candidate", _candidate),
    "recall.opened": _recall_opened,
    "recall.signed": _recall_signed,
    **{
        f"recall.{to}": _knowing_kind(f"recall.{to}", _recall_moved)
        for to in ("ballot", "recalled", "kept", "withdrawn")
    },
    "decisions.rules": _federation_rules,
    "decisions.council_rules": _council_rules,
}


# What each table is compared by: its name in the report, the state's dictionary, the
# queryset's path to the federation, the key fields and the compared fields.
TABLES: list[tuple[str, str, Any, str, tuple[str, ...], tuple[str, ...]]] = [
    ("motion", "motions", Motion, "council", ("pk",),
     ("council_id", "title", "text", "status")),
    ("motion co-signers", "cosigners", Motion, "council", ("pk",), ("n_cosignatures",)),
    ("amendment (motion, number)", "amendments", Amendment, "motion__council",
     ("motion_id", "number"), ("text", "status")),
    ("programme", "programmes", Programme, "council", ("pk",), ("council_id", "title")),
    ("programme point (programme, number)", "points", ProgrammePoint, "programme__council",
     ("programme_id", "number"), ("text",)),
    ("endorsement (point, council)", "endorsements", Endorsement, "council",
     ("point_id", "council_id"), ("motion_id",)),
    ("mandate (motion, council)", "mandates", Mandate, "council", ("motion_id", "council_id"),
     ("position",)),
    ("election", "elections", Election, "council", ("pk",),
     ("council_id", "seats", "status", "outcome")),
    ("candidate (election, login)", "candidates", Candidate, "election__council",
     ("election_id", "person__username"), ()),
    ("recall petition", "recalls", RecallPetition, "seat__council", ("pk",),
     ("seat__council_id", "seat__number", "status", "threshold", "electorate")),
    ("recall signatures", "signatures", RecallPetition, "seat__council", ("pk",),
     ("n_signatures",)),
    ("decision rules", "federation_rules", DecisionRules, "", ("federation_id",),
     ("cosigners_needed", "recall_share_percent", "mandates_bind")),
    ("council decision rules", "council_rules", CouncilRules, "council", ("council_id",),
     ("cosigners_needed", "recall_share_percent")),
]  # fmt: skip


def _compare(differences: Differences, federation: Federation, state: DecisionState) -> None:
    for table, attribute, model, path, key, fields in TABLES:
        rows = model.objects.filter(**{f"{path}__federation" if path else "federation": federation})
        counts = {f: Count(f.removeprefix("n_")) for f in fields if f.startswith("n_")}
        if counts:
            rows = rows.annotate(**counts)
        width = len(key)
        stored = {
            (row[0] if width == 1 else row[:width]): row[width:]
            for row in rows.values_list(*key, *fields).iterator(10_000)
        }
        columns = tuple("count" if f.startswith("n_") else
                        f.removesuffix("_id").rpartition("__")[2] for f in fields)  # fmt: skip
        differences.keyed(table, columns, getattr(state, attribute), stored)


def register_replay() -> None:
    register_extension(NAME, rules=RULES, start=DecisionState, compare=_compare)
