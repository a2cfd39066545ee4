from __future__ import annotations

from typing import Any

from django.db import models


class Entry(models.Model):
    """One link of a hash chain. Rows are only ever inserted, never updated or deleted."""

    chain = models.CharField(max_length=64)
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    kind = models.CharField(max_length=64)
    actor = models.CharField(max_length=150)
    subject = models.CharField(max_length=100, blank=True)
    private = models.BooleanField(default=False)
    payload = models.TextField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="journal_entry_chain_seq"),
        ]
        indexes = [models.Index(fields=["chain", "kind"]), models.Index(fields=["subject"])]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("journal entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("journal entries are never deleted")


class Head(models.Model):
    """The last entry of each chain: the row appends lock, and what catches a cut-off tail."""

    chain = models.CharField(max_length=64, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
