"""Reads: the rules in force, motions and their origin chain, programmes with endorsing
councils, elections, recall petitions and mandates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from tanacs.ballots.models import Ballot, Choice, Elector
from tanacs.ballots.selectors import ballot_for
from tanacs.ballots.subjects import kind_of
from tanacs.core.actors import names_for_logins
from tanacs.decisions.models import (
    LIVE_PETITION,
    CouncilRules,
    DecisionRules,
    Election,
    Endorsement,
    Mandate,
    Motion,
    PetitionStatus,
    Programme,
    ProgrammePoint,
    RecallPetition,
)
from tanacs.delegation.models import HolderStatus
from tanacs.delegation.selectors import holdings_of, seated_delegates
from tanacs.federation.models import Council, Federation
from tanacs.membership.models import Membership, Status

__all__ = [
    "DelegateVote",
    "MandateRow",
    "PointView",
    "cosigners_needed",
    "delegates_on_mandates",
    "federation_rules",
    "list_elections",
    "list_motions",
    "list_petitions",
    "list_petitions_to_sign",
    "list_points",
    "live_petition_for",
    "mandate_report",
    "mandates_bind",
    "mandates_of",
    "option_names",
    "origin_chain",
    "programme_points",
    "recall_electorate",
    "recall_share_percent",
]


def federation_rules(federation: Federation) -> DecisionRules:
    rules = DecisionRules.objects.filter(federation=federation).first()
    return rules if rules is not None else DecisionRules(federation=federation)


def _council_rules(council: Council) -> CouncilRules | None:
    return CouncilRules.objects.filter(council=council).first()


def cosigners_needed(council: Council) -> int:
    own = _council_rules(council)
    if own is not None and own.cosigners_needed is not None:
        return own.cosigners_needed
    return federation_rules(council.federation).cosigners_needed


def recall_share_percent(council: Council) -> int:
    own = _council_rules(council)
    if own is not None and own.recall_share_percent is not None:
        return own.recall_share_percent
    return federation_rules(council.federation).recall_share_percent


def mandates_bind(federation: Federation) -> bool:
    return federation_rules(federation).mandates_bind


def list_motions(council: Council, *, status: str | None = None) -> QuerySet[Motion]:
    motions = Motion.objects.filter(council=council).select_related("author", "origin__council")
    return motions.filter(status=status) if status else motions


def origin_chain(motion: Motion) -> list[Motion]:
    """The motions this one came from, nearest first, down to the base council's."""
    chain: list[Motion] = []
    current = motion.origin
    while current is not None:
        chain.append(current)
        current = (
            Motion.objects.select_related("council", "origin").filter(pk=current.origin_id).first()
            if current.origin_id
            else None
        )
    return chain


@dataclass(frozen=True)
class PointView:
    point: ProgrammePoint
    # Endorsing councils, lowest level first; each with the motion that carried it, if any.
    endorsements: tuple[Endorsement, ...]

    @property
    def councils(self) -> tuple[Council, ...]:
        return tuple(e.council for e in self.endorsements)


def _source_closure(points: list[ProgrammePoint]) -> dict[int, set[int]]:
    """For each point, itself and every point merged into it, however far down."""
    edges: dict[int, set[int]] = {}
    frontier = {p.pk for p in points}
    while frontier:
        rows = ProgrammePoint.sources.through.objects.filter(from_programmepoint_id__in=frontier)
        found: set[int] = set()
        for row in rows.values_list("from_programmepoint_id", "to_programmepoint_id"):
            edges.setdefault(row[0], set()).add(row[1])
            found.add(row[1])
        frontier = found - set(edges) - {p.pk for p in points}
    closure: dict[int, set[int]] = {}
    for point in points:
        seen, stack = {point.pk}, [point.pk]
        while stack:
            for nxt in edges.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        closure[point.pk] = seen
    return closure


def programme_points(programme: Programme) -> list[PointView]:
    """Every point with the councils that endorse it, directly or through merged points.

    A council that endorsed both the point and one merged into it is listed once, by its
    endorsement of the point nearest to this programme.
    """
    points = list(programme.points.all())
    closure = _source_closure(points)
    every = set().union(*closure.values()) if closure else set()
    by_point: dict[int, list[Endorsement]] = {}
    rows = Endorsement.objects.filter(point_id__in=every).select_related("council", "motion")
    for endorsement in rows:
        by_point.setdefault(endorsement.point_id, []).append(endorsement)
    views = []
    for point in points:
        chosen: dict[int, Endorsement] = {}
        for pk in [point.pk, *sorted(closure[point.pk] - {point.pk})]:
            for endorsement in by_point.get(pk, ()):
                chosen.setdefault(endorsement.council_id, endorsement)
        ordered = sorted(chosen.values(), key=lambda e: (e.council.level, e.council.name))
        views.append(PointView(point, tuple(ordered)))
    return views


def mandates_of(motion: Motion) -> dict[int, Mandate]:
    """Council id -> its mandate for its delegates on ``motion``."""
    return {m.council_id: m for m in Mandate.objects.filter(motion=motion)}


def recall_electorate(council: Council) -> set[int]:
    """Who elects the seats of ``council``, and so may petition to recall them."""
    if council.is_base:
        return set(
            Membership.objects.filter(council=council, status=Status.ACTIVE).values_list(
                "person_id", flat=True
            )
        )
    return set(seated_delegates(council))


def live_petition_for(holder_id: int) -> RecallPetition | None:
    return RecallPetition.objects.filter(LIVE_PETITION, holder_id=holder_id).first()


def list_petitions(council: Council) -> QuerySet[RecallPetition]:
    return RecallPetition.objects.filter(seat__council=council).select_related(
        "seat", "holder", "holder__person"
    )


def list_elections(council: Council) -> QuerySet[Election]:
    return Election.objects.filter(council=council)


def list_points(federation: Federation) -> QuerySet[ProgrammePoint]:
    """Every programme point in the federation: what a new motion may carry out."""
    return ProgrammePoint.objects.filter(programme__council__federation=federation).select_related(
        "programme", "programme__council"
    )


def users_by_id(ids: list[int]) -> dict[int, Any]:
    from django.contrib.auth import get_user_model

    return {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)}


# What each mandate asks of a yes/no vote.
MANDATE_MARKS = {"for": "yes", "against": "no", "abstain": "abstain"}


@dataclass(frozen=True)
class MandateRow:
    council: Council
    seat: int
    delegate: Any | None
    weight: int
    mandate: str | None  # for, against, abstain, free, or None (no mandate)
    vote: str | None  # yes, no, abstain; None: not voted, or a secret ballot
    secret: bool

    @property
    def broke(self) -> bool:
        """The delegate voted, openly, other than the mandate said."""
        wanted = MANDATE_MARKS.get(self.mandate or "")
        return wanted is not None and self.vote is not None and self.vote != wanted


def mandate_report(motion: Motion) -> list[MandateRow]:
    """Every seat in the motion's council: its council's mandate, and how its delegate voted.

    Once the ballot opened, the seats are those on its electorate; in an open ballot the vote
    is the delegate's counted choice. A secret ballot shows mandates only: who chose what is
    not stored, so neither is whether a delegate kept the mandate.
    """
    mandates = mandates_of(motion)
    ballot = ballot_for(motion)
    rows: list[MandateRow] = []
    if ballot is None or not ballot.electors_count:
        for view in sorted(seated_delegates(motion.council).values(),
                           key=lambda v: (v.council.name, v.number)):  # fmt: skip
            mandate = mandates.get(view.council.pk)
            rows.append(MandateRow(view.council, view.number, view.delegate.person if view.delegate
                                   else None, view.weight, mandate.position if mandate else None,
                                   None, False))  # fmt: skip
        return rows
    votes: dict[int, str] = {}
    if not ballot.secret:
        votes = dict(
            Choice.objects.filter(ballot=ballot, voter__isnull=False).values_list(
                "voter_id", "marks"
            )
        )
    electors = Elector.objects.filter(ballot=ballot).select_related("council", "person")
    for elector in sorted(electors, key=lambda e: (e.council.name, e.seat_number or 0)):
        mandate = mandates.get(elector.council_id)
        rows.append(
            MandateRow(
                elector.council, elector.seat_number or 0, elector.person, elector.weight,
                mandate.position if mandate else None, votes.get(elector.person_id),
                ballot.secret,
            )
        )  # fmt: skip
    return rows


@dataclass(frozen=True)
class DelegateVote:
    motion: Motion
    row: MandateRow


def delegates_on_mandates(council: Council, *, limit: int = 20) -> list[DelegateVote]:
    """How this council's delegates voted on the latest motions it mandated them on, so its
    members see at once where a delegate broke the mandate."""
    motions = (
        Motion.objects.filter(mandates__council=council)
        .select_related("council")
        .order_by("-pk")[:limit]
    )
    found: list[DelegateVote] = []
    for motion in motions:
        for row in mandate_report(motion):
            if row.council.pk == council.pk:
                found.append(DelegateVote(motion, row))
    return found


def list_petitions_to_sign(person: Any) -> list[RecallPetition]:
    """Open recall petitions ``person`` may sign and has not: those on the seats of the base
    councils they are an active member of, and of the councils whose delegates sit beside them.

    A few queries whatever the size of the federation: one for the councils a person sits in
    (a query more per council they hold a seat of, which is one or two), one for the petitions.
    """
    if not person.is_authenticated:
        return []
    base = Membership.objects.filter(person_id=person.pk, status=Status.ACTIVE).values("council_id")
    upper = {
        holder.seat.council.parent
        for holder in holdings_of(person).filter(status=HolderStatus.AVAILABLE)
        if holder.seat.council.parent is not None
    }
    seated_in = [council.pk for council in upper if person.pk in seated_delegates(council)]
    petitions = (
        RecallPetition.objects.filter(status=PetitionStatus.OPEN)
        .filter(Q(seat__council_id__in=base) | Q(seat__council__parent_id__in=seated_in))
        .exclude(person_id=person.pk)
        .exclude(signatures__person_id=person.pk)
        .select_related("seat", "seat__council", "seat__council__federation", "person")
        .order_by("created_at", "pk")
    )
    return list(petitions)


def option_names(ballot: Ballot) -> dict[str, str]:
    """What pages show for a ballot's options: an election's candidates are stored by login
    (stable, what the count's result names); people read their names."""
    if kind_of(ballot) != "election":
        return {}
    return names_for_logins([str(option) for option in ballot.options])
