"""Bulletins: news a council writes, public or for its members only, and relays of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tanacs.federation.models import Council, Federation


class Bulletin(models.Model):
    """A council's news. A relay is a row of the relaying council whose ``origin`` is the
    bulletin it carries: its title and body are the origin's, never copied."""

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="+")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="bulletins")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    origin = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="relays"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    # The journal entry that records it (its hash is read from the journal, not kept here).
    journal_seq = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "origin"],
                condition=models.Q(origin__isnull=False),
                name="relay_once",
            ),
        ]
        # The public pages and feeds read newest first, by keyset: a federation's public
        # bulletins (not relays) and one council's. Partial indexes: the query's condition
        # on ``public`` is then the index's own, on SQLite as on PostgreSQL.
        indexes = [
            models.Index(
                fields=["federation", "-at", "-id"],
                condition=models.Q(public=True, origin__isnull=True),
                name="bulletin_fed_feed",
            ),
            models.Index(
                fields=["council", "-at", "-id"],
                condition=models.Q(public=True),
                name="bulletin_council_feed",
            ),
            models.Index(fields=["council", "-at", "-id"], name="bulletin_council_all"),
        ]

    def __str__(self) -> str:
        return self.shown.title

    @property
    def shown(self) -> Bulletin:
        """The bulletin whose text this row shows: itself, or what it relays."""
        return self.origin if self.origin_id is not None and self.origin else self
