from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Federation(models.Model):
    """A tree of councils with its own level names, seat rule and journal chain."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Level names from the base upwards, e.g. ["workplace", "district", "city", "national"].
    levels = models.JSONField(default=list)
    # Seat rule: one seat in the parent per this many members, clamped to [seats_min, seats_max].
    members_per_seat = models.PositiveIntegerField(default=100)
    seats_min = models.PositiveIntegerField(default=1)
    seats_max = models.PositiveIntegerField(default=5)
    stewards = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="stewarded", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @property
    def chain(self) -> str:
        return f"federation:{self.uid}"

    @property
    def top_level(self) -> int:
        return len(self.levels) - 1

    def level_name(self, level: int) -> str:
        return str(self.levels[level])


class Council(models.Model):
    """A council at one level of the tree; base councils hold members, others hold delegates."""

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="councils")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    place = models.CharField(max_length=120, blank=True)
    description = models.TextField(blank=True)
    level = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    vouches_needed = models.PositiveSmallIntegerField(default=2)
    # Kept by the membership actions in the same transaction as each change:
    # active members of this council, and of every base council below it.
    member_count = models.PositiveIntegerField(default=0)
    represented_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "slug"], name="council_slug_unique"),
        ]
        indexes = [models.Index(fields=["federation", "level"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_base(self) -> bool:
        return self.level == 0

    @property
    def level_name(self) -> str:
        return self.federation.level_name(self.level)


class Officer(models.Model):
    """A person who may change one council's records (admit, suspend, appoint delegates)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="officers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offices"
    )
    appointed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "person"], name="officer_unique"),
        ]
