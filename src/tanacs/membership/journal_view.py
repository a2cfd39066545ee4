"""What the public journal shows of people: the one redaction rule for pages and API.

The journal names people where they act in office (stewards, officers, delegates and
their substitutes, candidates standing for a seat) to everyone; where an entry's kind may be
an officer's act or a member's (a ballot opened by the signature that reached a threshold),
its actor is named if they hold an office in the federation now. Ordinary members are a
matter for their council: an applicant, a voucher, a member suspended, admitted or gone,
an imported member, the author or co-signer of a motion are shown to others only as a
stable pseudonym, a keyed hash of the login and the chain (``member-3f9a1c0b27de``), so
one can count and follow events without learning who they concern. Reasons (why a member
was suspended, why a delegate is unavailable, why a recall was asked) and the signers of
a recall petition or a motion are withheld from everyone else.

Who reads an entry in full: the federation's stewards, and for an entry about a council
(its payload's ``council``), that council's officers, its active members (a base council)
or the delegates and substitutes seated in it (a higher council).

This is display only: the chain keeps every entry as it was written, so ``tanacs verify``
and an export still check it. An entry shown redacted carries ``redacted`` (the fields
replaced) and no ``payload_json``: its hash cannot be recomputed from what is shown, but
its ``prev_hash`` and ``hash`` still link the chain. Unredacted entries are shown exactly
as hashed.

The key is ``SECRET_KEY``: without it nobody can test a guessed login against a
pseudonym. Rotating the key changes every pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings

from tanacs.core.actors import SYSTEM
from tanacs.delegation.models import HolderStatus, SeatHolder
from tanacs.federation.models import Federation, Officer
from tanacs.journal.chain import canonical
from tanacs.journal.models import Entry
from tanacs.membership.models import Membership, Status

__all__ = [
    "JournalReader",
    "ShownEntry",
    "journal_reader",
    "pseudonym",
    "reads_reasons_of",
    "show_entries",
    "show_entry",
]

OFFICE = "office"  # named to everyone: acts in an office
EITHER = "either"  # named if the person holds an office in the federation, else MEMBER
MEMBER = "member"  # an ordinary member: a pseudonym to those who do not read in full
PRIVATE = "private"  # reasons and signers: withheld from those who do not read in full
WITHHELD = "(withheld)"

# The role of the actor and of named payload fields, by entry kind. A kind not listed falls
# back on its prefix below; a prefix not listed treats its actor as an ordinary member.
RULES: dict[str, dict[str, str]] = {
    "member.applied": {"actor": MEMBER, "person": MEMBER},
    "member.vouched": {"actor": MEMBER, "person": MEMBER},
    "member.admitted": {"actor": MEMBER, "person": MEMBER},  # by an officer: _actor_role
    "member.suspended": {"actor": OFFICE, "person": MEMBER, "reason": PRIVATE},
    "member.reinstated": {"actor": OFFICE, "person": MEMBER},
    "member.left": {"actor": MEMBER, "person": MEMBER},
    "member.imported": {"actor": OFFICE, "person": MEMBER},
    "seat.holder_status": {"actor": EITHER, "reason": PRIVATE},
    "recall.opened": {"actor": PRIVATE, "reason": PRIVATE},
    "recall.signed": {"actor": PRIVATE},
    "motion.cosigned": {"actor": PRIVATE},
}
PREFIX_RULES: dict[str, dict[str, str]] = {
    "federation": {"actor": OFFICE},
    "council": {"actor": OFFICE},
    # An officer, or the member whose vote, vouch or signature set a ballot's effect going.
    "seat": {"actor": EITHER},
    "ballot": {"actor": EITHER},
    "mandate": {"actor": EITHER},
    "election": {"actor": OFFICE},  # officers call them; candidates stand for a seat
    "decisions": {"actor": OFFICE},
    "programme": {"actor": OFFICE},
    "bulletin": {"actor": OFFICE},  # officers write and relay a council's bulletins
    "member": {"actor": MEMBER, "person": MEMBER},
    "recall": {"actor": MEMBER, "reason": PRIVATE},
    "motion": {"actor": MEMBER},
    "amendment": {"actor": MEMBER},
    "strike": {"actor": OFFICE},  # officers call strikes; officers and delegates report
}
DEFAULT_RULE = {"actor": MEMBER}
# Ids that name the same people as these fields follow their role.
ALIASES = {"person": ("person_id",), "actor": ("actor_id", "by_id")}


# A recall ballot's question quotes the petition's reason.
KIND_RULES: dict[str, dict[str, str]] = {"recall": {"question": PRIVATE}}


def _decides_kind(payload: dict[str, Any]) -> str:
    """What a ballot entry's ballot decides; entries written before ballots held a relation
    name it ``purpose``."""
    decides = payload.get("decides")
    return str(decides.get("kind") if isinstance(decides, dict) else payload.get("purpose"))


def rule_for(kind: str, payload: dict[str, Any] | None = None) -> dict[str, str]:
    rule = RULES.get(kind) or PREFIX_RULES.get(kind.split(".", 1)[0]) or DEFAULT_RULE
    expanded = dict(rule)
    if kind.startswith("ballot.") and payload is not None:
        expanded.update(KIND_RULES.get(_decides_kind(payload), {}))
    for name, aliases in ALIASES.items():
        if name in rule:
            expanded.update(dict.fromkeys(aliases, rule[name]))
    return expanded


def pseudonym(chain: str, value: Any) -> str:
    """A stable stand-in for one person in one chain; without the key it cannot be matched."""
    message = f"journal-pseudonym\0{chain}\0{value}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f"member-{digest[:12]}"


@dataclass(frozen=True)
class JournalReader:
    """Whose names, reasons and signers one person reads in one federation's journal."""

    steward: bool = False
    councils: frozenset[int] = field(default_factory=frozenset)

    def reads_in_full(self, council: Any) -> bool:
        return self.steward or (isinstance(council, int) and council in self.councils)


def journal_reader(user: Any, federation: Federation) -> JournalReader:
    """The councils ``user`` reads in full: a few small queries, once per page."""
    if user is None or not user.is_authenticated:
        return JournalReader()
    if federation.stewards.filter(pk=user.pk).exists():
        return JournalReader(steward=True)
    councils = set(
        Membership.objects.filter(
            federation=federation, person_id=user.pk, status=Status.ACTIVE
        ).values_list("council_id", flat=True)
    )
    councils |= set(
        Officer.objects.filter(council__federation=federation, person_id=user.pk).values_list(
            "council_id", flat=True
        )
    )
    councils |= {
        parent
        for parent in SeatHolder.objects.filter(
            seat__council__federation=federation, person_id=user.pk,
            status=HolderStatus.AVAILABLE,
        ).values_list("seat__council__parent_id", flat=True)
        if parent is not None
    }  # fmt: skip
    return JournalReader(councils=frozenset(councils))


def reads_reasons_of(user: Any, council: Any) -> bool:
    """Whether ``user`` reads reasons about ``council``'s people, here and on other pages."""
    return journal_reader(user, council.federation).reads_in_full(council.pk)


@dataclass(frozen=True)
class ShownEntry:
    """One journal entry as one reader sees it."""

    seq: int
    at: datetime
    kind: str
    actor: str
    subject: str
    payload: dict[str, Any]
    payload_json: str | None  # exactly as hashed; None when redacted
    prev_hash: str
    hash: str
    redacted: tuple[str, ...] = ()

    @property
    def payload_text(self) -> str:
        return self.payload_json if self.payload_json is not None else canonical(self.payload)


def _hide(chain: str, role: str, value: Any) -> Any:
    if value is None or value == "" or value == SYSTEM:
        return value
    if role == PRIVATE:
        return WITHHELD
    if isinstance(value, list):
        return [pseudonym(chain, v) for v in value]
    return pseudonym(chain, value)


def _actor_role(
    rule: dict[str, str], payload: dict[str, Any], actor: str, in_office: Container[str]
) -> str:
    if payload.get("by_officer") is True:  # an officer admitted the member
        return OFFICE
    role = rule.get("actor", MEMBER)
    if role == EITHER:
        return OFFICE if actor in in_office else MEMBER
    return role


def office_holders(federation: Federation, logins: set[str]) -> set[str]:
    """Which of ``logins`` hold an office in ``federation`` now (three small queries)."""
    if not logins:
        return set()
    found = set(federation.stewards.filter(username__in=logins).values_list("username", flat=True))
    found |= set(
        Officer.objects.filter(
            council__federation=federation, person__username__in=logins
        ).values_list("person__username", flat=True)
    )
    found |= set(
        SeatHolder.objects.filter(seat__council__federation=federation, person__username__in=logins)
        .exclude(status__in=[HolderStatus.RESIGNED, HolderStatus.RECALLED])
        .values_list("person__username", flat=True)
    )
    return found


def show_entry(
    entry: Entry, reader: JournalReader, in_office: Container[str] = frozenset()
) -> ShownEntry:
    payload: dict[str, Any] = json.loads(entry.payload)
    shown = ShownEntry(
        entry.seq, entry.at, entry.kind, entry.actor, entry.subject, payload, entry.payload,
        entry.prev_hash, entry.hash,
    )  # fmt: skip
    if reader.reads_in_full(payload.get("council") if isinstance(payload, dict) else None):
        return shown
    rule = rule_for(entry.kind, payload)
    redacted: list[str] = []
    actor = entry.actor
    role = _actor_role(rule, payload, actor, in_office)
    if role != OFFICE and actor != SYSTEM:
        actor = _hide(entry.chain, role, actor)
        redacted.append("actor")
    hidden = dict(payload)
    for key, value in payload.items():
        role = rule.get(key, OFFICE)
        if role != OFFICE and value not in (None, "", SYSTEM):
            hidden[key] = _hide(entry.chain, role, value)
            redacted.append(key)
    if not redacted:
        return shown
    return ShownEntry(
        entry.seq, entry.at, entry.kind, actor, entry.subject, hidden, None, entry.prev_hash,
        entry.hash, tuple(redacted),
    )  # fmt: skip


def show_entries(
    entries: Iterable[Entry], reader: JournalReader, federation: Federation
) -> list[ShownEntry]:
    """Entries of ``federation``'s chain as ``reader`` may see them."""
    rows = list(entries)
    either = {e.actor for e in rows if rule_for(e.kind).get("actor") == EITHER}
    in_office = office_holders(federation, either - {SYSTEM})
    return [show_entry(entry, reader, in_office) for entry in rows]
