"""A strike, the decisions that call, extend, suspend and end it, the councils it calls out
with each one's reported status and its history, and its conditions.

``StrikeCouncil`` holds each council's latest status (what the roll-up reads);
``StatusReport`` keeps every report ever made, so the history and the timeline are the
reports in order. Both change only through :mod:`tanacs.strikes.actions`, which journals them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tanacs.ballots.models import Ballot
from tanacs.decisions.models import Motion, ProgrammePoint
from tanacs.federation.models import Council, Federation


class StrikeKind(models.TextChoices):
    GENERAL = "general", "General strike"
    SIT_DOWN = "sit-down", "Sit-down strike"
    PROTEST = "protest", "Protest strike"
    SOLIDARITY = "solidarity", "Solidarity strike"


class StrikeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed (put to a ballot)"
    CALLED = "called", "Called"
    SUSPENDED = "suspended", "Suspended"
    ENDED = "ended", "Call ended"
    REJECTED = "rejected", "Not called"


class DecisionAction(models.TextChoices):
    CALL = "call"
    EXTEND = "extend"
    SUSPEND = "suspend"
    RESUME = "resume"
    END = "end"


class DecisionState(models.TextChoices):
    PENDING = "pending"  # put to a ballot, not yet declared
    APPLIED = "applied"
    REJECTED = "rejected"


class CouncilStatus(models.TextChoices):
    CALLED = "called", "Called out"
    ON_STRIKE = "on-strike", "On strike"
    PARTLY_OUT = "partly-out", "Partly out"
    WORKING = "working", "Working"
    ESSENTIAL = "essential-services", "On strike, essential services kept"


# The statuses in which a council counts as out in the roll-up.
OUT_STATUSES = frozenset(
    {CouncilStatus.ON_STRIKE, CouncilStatus.PARTLY_OUT, CouncilStatus.ESSENTIAL}
)


class ConditionStatus(models.TextChoices):
    """Set by :func:`tanacs.strikes.actions.do_set_condition_status`, the hook a negotiation
    calls when a demand that is a strike condition is conceded (met), partly conceded, or
    dropped; every condition starts open."""

    OPEN = "open"
    MET = "met"
    PARTLY_MET = "partly-met"
    DROPPED = "dropped"


class Strike(models.Model):
    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="strikes")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="strikes_called")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=StrikeKind.choices)
    status = models.CharField(
        max_length=10, choices=StrikeStatus.choices, default=StrikeStatus.PROPOSED
    )
    starts_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["federation", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> str:
        return f"strike:{self.pk}"


class StrikeDecision(models.Model):
    """One decision on a strike: the carried motion or passed ballot that called, extended,
    suspended, resumed or ended it. A decision put to a ballot waits as ``pending`` (the
    ballot decides it, see :mod:`tanacs.strikes.subjects`)."""

    strike = models.ForeignKey(Strike, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(max_length=8, choices=DecisionAction.choices)
    state = models.CharField(
        max_length=8, choices=DecisionState.choices, default=DecisionState.APPLIED
    )
    motion = models.ForeignKey(
        Motion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ballot = models.ForeignKey(
        Ballot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(null=True, blank=True)  # a call's or extension's date
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["strike", "pk"]


class StrikeCouncil(models.Model):
    """A council the strike calls out (fixed at the call) and its latest reported status."""

    strike = models.ForeignKey(Strike, on_delete=models.CASCADE, related_name="councils")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=20, choices=CouncilStatus.choices, default=CouncilStatus.CALLED
    )
    members_out = models.PositiveIntegerField(default=0)
    # [[service, members assigned], ...] while essential services are kept
    services = models.JSONField(default=list, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["strike", "council"]
        constraints = [
            models.UniqueConstraint(fields=["strike", "council"], name="strike_council_unique"),
        ]


class StatusReport(models.Model):
    """One report of a council's status, kept for ever: the strike's history."""

    strike = models.ForeignKey(Strike, on_delete=models.CASCADE, related_name="reports")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=CouncilStatus.choices)
    members_out = models.PositiveIntegerField(default=0)
    services = models.JSONField(default=list, blank=True)
    reported_at = models.DateTimeField()
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["strike", "reported_at", "pk"]
        indexes = [models.Index(fields=["strike", "council", "reported_at"])]


class StrikeCondition(models.Model):
    """A point that must be won before returning to work: a programme point or a motion."""

    strike = models.ForeignKey(Strike, on_delete=models.CASCADE, related_name="conditions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    point = models.ForeignKey(
        ProgrammePoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    motion = models.ForeignKey(
        Motion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ConditionStatus.choices, default=ConditionStatus.OPEN
    )

    class Meta:
        ordering = ["strike", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strike", "number"], name="condition_number_unique"),
        ]
