from __future__ import annotations

from django.conf import settings
from django.db import models

from tanacs.federation.models import Council


class Seat(models.Model):
    """Seat ``number`` of ``council`` in its parent council.

    Who sits is not stored: it is the first available holder in order, so a substitute takes
    the seat the moment the delegate before them is marked unavailable or recalled, and no
    sequence of actions can give one seat two sitting holders.
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="seats")
    number = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["council", "number"]
        constraints = [
            models.UniqueConstraint(fields=["council", "number"], name="seat_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.council} seat {self.number}"


class HolderStatus(models.TextChoices):
    AVAILABLE = "available"
    UNAVAILABLE = "unavailable"  # arrested, ill, away: may come back
    RESIGNED = "resigned"
    RECALLED = "recalled"


class SeatHolder(models.Model):
    """A delegate (position 0) or ranked substitute (1, 2, ...) of a seat."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="holders")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seat_holdings"
    )
    position = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=12, choices=HolderStatus.choices, default=HolderStatus.AVAILABLE
    )
    reason = models.CharField(max_length=300, blank=True)
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seat", "position"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "position"], name="holder_position_unique"),
            models.UniqueConstraint(fields=["seat", "person"], name="holder_person_unique"),
        ]
