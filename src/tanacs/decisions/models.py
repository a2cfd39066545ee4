"""Motions and amendments, programmes and their endorsements, delegate elections, recall
petitions and mandates.

Ballots themselves live in ``tanacs.ballots``; a ballot that decides one of these rows
points at it (``Ballot.decides``), and :mod:`tanacs.decisions.subjects` applies its result.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tanacs.delegation.models import Seat, SeatHolder
from tanacs.federation.models import Council, Federation


class DecisionRules(models.Model):
    """A federation's rules for deciding; a council may override some of them."""

    federation = models.OneToOneField(
        Federation, on_delete=models.CASCADE, related_name="decision_rules"
    )
    cosigners_needed = models.PositiveSmallIntegerField(default=2)
    recall_share_percent = models.PositiveSmallIntegerField(default=20)
    mandates_bind = models.BooleanField(default=False)


class CouncilRules(models.Model):
    """One council's own numbers; ``None`` falls back to the federation's."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="decision_rules")
    cosigners_needed = models.PositiveSmallIntegerField(null=True, blank=True)
    recall_share_percent = models.PositiveSmallIntegerField(null=True, blank=True)


class MotionStatus(models.TextChoices):
    DRAFT = "draft"
    TABLED = "tabled"
    ADMITTED = "admitted"
    VOTING = "voting"
    CARRIED = "carried"
    LOST = "lost"
    WITHDRAWN = "withdrawn"


class Programme(models.Model):
    """A numbered list of demands of one council."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="programmes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgrammePoint(models.Model):
    """Point ``number`` of a programme. ``sources`` are the points of other councils'
    programmes merged into it; their endorsements count as this point's too."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    sources = models.ManyToManyField("self", symmetrical=False, related_name="merged_into")

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="point_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.number}"


class Motion(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="motions")
    title = models.CharField(max_length=200)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="motions"
    )
    status = models.CharField(
        max_length=12, choices=MotionStatus.choices, default=MotionStatus.DRAFT
    )
    # The motion of a child council this one was sent up from.
    origin = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="sent_up"
    )
    # Carried, the motion adds its text as the next point of ``programme``, or, when
    # ``point`` is set, makes its council endorse that existing point.
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="motions"
    )
    point = models.ForeignKey(
        ProgrammePoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="motions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self) -> str:
        return self.title


class Cosignature(models.Model):
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="cosignatures")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cosignatures"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="cosign_once"),
        ]


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed"
    VOTING = "voting"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Amendment(models.Model):
    """A proposed new wording of the whole motion; adopted, it replaces the motion's text."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="amendments"
    )
    text = models.TextField()
    reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=AmendmentStatus.choices, default=AmendmentStatus.PROPOSED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["motion", "number"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "number"], name="amendment_number_unique"),
        ]


class Endorsement(models.Model):
    """``council`` endorses ``point``: by a carried ``motion``, or recorded by an officer."""

    point = models.ForeignKey(ProgrammePoint, on_delete=models.CASCADE, related_name="endorsements")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="endorsements")
    motion = models.ForeignKey(
        Motion, null=True, blank=True, on_delete=models.SET_NULL, related_name="endorsements"
    )
    recorded_by = models.CharField(max_length=150)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["point", "council__level", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["point", "council"], name="endorse_once"),
        ]


class MandatePosition(models.TextChoices):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    FREE = "free"


class Mandate(models.Model):
    """What ``council`` instructs its delegates to vote on ``motion`` of its parent."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="mandates")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="mandates")
    position = models.CharField(max_length=8, choices=MandatePosition.choices)
    set_by = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "council"], name="one_mandate_per_council"),
        ]


class MandateQuestion(models.Model):
    """``council`` puts its mandate on ``motion`` to its own vote: what a mandate ballot
    decides. One per council and motion; a ballot cancelled and held again asks it again."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="+")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "council"], name="one_mandate_question"),
        ]


class ElectionStatus(models.TextChoices):
    NOMINATING = "nominating"
    VOTING = "voting"
    DECLARED = "declared"
    CANCELLED = "cancelled"


class Election(models.Model):
    """``council`` elects delegates for some of its seats in the parent council."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="elections")
    seats = models.JSONField(default=list)  # seat numbers, e.g. [1, 2]
    status = models.CharField(
        max_length=12, choices=ElectionStatus.choices, default=ElectionStatus.NOMINATING
    )
    called_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    # Declared: {"elected": [...usernames], "substitutes": [...usernames]}
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-pk"]


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidacies"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["election", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="stand_once"),
        ]


class PetitionStatus(models.TextChoices):
    OPEN = "open"
    BALLOT = "ballot"
    RECALLED = "recalled"
    KEPT = "kept"
    WITHDRAWN = "withdrawn"


LIVE_PETITION = Q(status__in=[PetitionStatus.OPEN, PetitionStatus.BALLOT])


class RecallPetition(models.Model):
    """Members who elect ``seat`` ask to recall ``holder``, the delegate sitting in it."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="recall_petitions")
    # The holder row goes when an election replaces the seat's list; the person stays.
    holder = models.ForeignKey(
        SeatHolder, null=True, on_delete=models.SET_NULL, related_name="recall_petitions"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recall_petitions"
    )
    reason = models.TextField()
    status = models.CharField(
        max_length=12, choices=PetitionStatus.choices, default=PetitionStatus.OPEN
    )
    # Fixed when the petition opens: the electorate of the seat and the signatures needed.
    electorate = models.PositiveIntegerField()
    threshold = models.PositiveIntegerField()
    opened_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder"], condition=LIVE_PETITION, name="one_live_petition_per_holder"
            ),
        ]


class RecallSignature(models.Model):
    petition = models.ForeignKey(
        RecallPetition, on_delete=models.CASCADE, related_name="signatures"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recall_signatures"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "person"], name="sign_recall_once"),
        ]
