"""A negotiation in writing: a council's demands to a counterpart (an employer, a ministry,
a government), the delegation that negotiates, the text as sent (its SHA-256 journaled),
the sessions held, the counterpart's answers, and offers put to the members by ballot.

Rows change only through :mod:`tanacs.negotiations.actions`, which journals each change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tanacs.ballots.models import Ballot
from tanacs.decisions.models import Election, Motion, ProgrammePoint
from tanacs.federation.models import Council, Federation


class NegotiationStatus(models.TextChoices):
    DRAFT = "draft", "Being drafted"
    SENT = "sent", "Demands sent in writing"
    SETTLED = "settled", "Settled (an offer accepted)"
    CLOSED = "closed", "Closed"


class DemandStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    CONCEDED = "conceded", "Conceded"
    PARTLY_CONCEDED = "partly-conceded", "Partly conceded"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class OfferState(models.TextChoices):
    PENDING = "pending"  # put to a ballot, not yet declared
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Negotiation(models.Model):
    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="negotiations"
    )
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="negotiations")
    counterpart = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=8, choices=NegotiationStatus.choices, default=NegotiationStatus.DRAFT
    )
    # Fixed by the send: the plain-text document and its SHA-256 (also in the journal).
    document = models.TextField(blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> str:
        return f"negotiation:{self.pk}"


class Delegate(models.Model):
    """A member of the negotiating delegation: appointed by the officers, or a winner of a
    declared election of the council (``election`` set)."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="delegates")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["negotiation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "person"], name="delegate_once"),
        ]


class Demand(models.Model):
    """Demand ``number``: a programme point or a motion of the council, its text copied."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="demands")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    point = models.ForeignKey(
        ProgrammePoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    motion = models.ForeignKey(
        Motion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=DemandStatus.choices, default=DemandStatus.PENDING
    )

    class Meta:
        ordering = ["negotiation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "number"], name="demand_number_unique"),
        ]


class Answer(models.Model):
    """The counterpart's answer to a demand, recorded by a member of the delegation."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField()
    answered_on = models.DateField()
    status = models.CharField(max_length=16, choices=DemandStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["demand", "answered_on", "pk"]


class Session(models.Model):
    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    place = models.CharField(max_length=200)
    attendees = models.TextField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["negotiation", "held_on", "pk"]


class Offer(models.Model):
    """The counterpart's offer, put to the members as a ballot (accept or reject). Accepted,
    its ``terms`` ({demand number: status}) apply to the demands and bind the delegation."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="offers")
    text = models.TextField()
    terms = models.JSONField(default=dict)
    state = models.CharField(max_length=8, choices=OfferState.choices, default=OfferState.PENDING)
    ballot = models.ForeignKey(
        Ballot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["negotiation", "pk"]
