from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tanacs.federation.models import Council, Federation


class Status(models.TextChoices):
    APPLIED = "applied"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    LEFT = "left"


class Membership(models.Model):
    """A person's place in one base council; at most one live membership per federation."""

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.APPLIED)
    reason = models.CharField(max_length=300, blank=True)
    applied_at = models.DateTimeField(auto_now_add=True)
    admitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "person"],
                condition=~Q(status="left"),
                name="one_live_membership_per_federation",
            ),
        ]
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self) -> str:
        return f"{self.person} in {self.council} ({self.status})"


class Vouch(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="vouches")
    voucher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vouches_given"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "voucher"], name="vouch_once"),
        ]
