"""Ballots, their fixed electorates, and the choices cast in them.

Who voted (:class:`Elector`) and what was chosen (:class:`Choice`) live in two tables with no
key, order or timestamp between them; see :mod:`tanacs.ballots.secrecy` for the threat model.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from tanacs.federation.models import Council


class Method(models.TextChoices):
    YESNO = "yesno", "Yes / no / abstain"
    CHOOSE_ONE = "choose-one", "Choose one"
    APPROVAL = "approval", "Approval"
    SCHULZE = "schulze", "Ranked: Schulze"
    RANKED_PAIRS = "ranked-pairs", "Ranked: ranked pairs"
    IRV = "irv", "Ranked: instant-runoff"
    STV = "stv", "Single transferable vote"


RANKED_METHODS = frozenset({Method.SCHULZE, Method.RANKED_PAIRS, Method.IRV, Method.STV})


class Electorate(models.TextChoices):
    MEMBERS = "members", "Members of this base council"
    DELEGATES = "delegates", "Seated delegates, weighted by the members they represent"
    DELEGATES_PER_SEAT = "delegates-per-seat", "Seated delegates, one vote per seat"
    REFERENDUM = "referendum", "Every active member of every base council below"


class State(models.TextChoices):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    DECLARED = "declared"
    CANCELLED = "cancelled"


class Ballot(models.Model):
    """One vote of one council: what is asked, how it is counted, and who may vote."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="ballots")
    title = models.CharField(max_length=200)
    question = models.TextField(blank=True)
    method = models.CharField(max_length=16, choices=Method.choices, default=Method.YESNO)
    # Candidates or options, in the order shown; empty for yes/no.
    options = models.JSONField(default=list, blank=True)
    seats = models.PositiveSmallIntegerField(default=1)
    electorate = models.CharField(
        max_length=20, choices=Electorate.choices, default=Electorate.MEMBERS
    )
    secret = models.BooleanField(default=True)
    # Exact shares as "p/q" strings ("" = none): quorum is turnout over the electorate.
    quorum = models.CharField(max_length=20, blank=True)
    # "simple", "absolute", "two-thirds" or "fraction" (then threshold_share, strictly more).
    threshold = models.CharField(max_length=12, default="simple")
    threshold_share = models.CharField(max_length=20, blank=True)
    # Referendums: the result binds a base council only where its turnout reaches this share.
    council_turnout = models.CharField(max_length=20, blank=True)
    # Per-council figures are withheld below this many voters and merged into the parent's.
    min_reported = models.PositiveIntegerField(default=10)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    # What the ballot decides (a motion, an election, ...), or nothing: a plain question.
    # What follows from it is up to the handler registered for its model (see subjects.py).
    decides_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decides_id = models.PositiveBigIntegerField(null=True, blank=True)
    decides = GenericForeignKey("decides_type", "decides_id")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    # Filled at open: the electorate's size (weighted) and count of electors.
    electorate_weight = models.PositiveBigIntegerField(default=0)
    electors_count = models.PositiveIntegerField(default=0)
    # council id -> [weight, electors] of the fixed electorate, so counting need not re-read it.
    electorate_by_council = models.JSONField(default=dict, blank=True)
    # Fixed at open: the councils the ballot reports on as they stood then, one
    # [id, parent, level, name] per council (sorted by id), so moving or adding councils
    # later changes neither the count at close nor a recount. Its SHA-256 is journaled.
    council_tree = models.JSONField(default=list, blank=True)
    # Filled at close: the result as canonical JSON and the hashes the journal entry holds.
    result = models.TextField(blank=True)
    result_sha256 = models.CharField(max_length=64, blank=True)
    list_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["council", "state"]),
            models.Index(fields=["decides_type", "decides_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decides_type__isnull=True, decides_id__isnull=True)
                | models.Q(decides_type__isnull=False, decides_id__isnull=False),
                name="ballot_decides_type_and_id",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_referendum(self) -> bool:
        return self.electorate == Electorate.REFERENDUM

    @property
    def subject(self) -> str:
        return f"ballot:{self.pk}"


# BALLOT_INDEXES. Electors and choices are indexed on the ballot only as the first column of
# their unique keys ((ballot, person); (ballot, receipt_hash) and (ballot, voter)), never on
# the ballot alone or with columns a cast does not know. A ballot opens after PostgreSQL last
# gathered statistics (autovacuum gathers them again only once a tenth of a table changed),
# so the planner believes the ballot holds no electors and no choices. Any index led by the
# ballot then looks like a one-row read, cheaper than the unique key, and a cast reads the
# whole ballot to find one voter: 18 ms for every vote in a referendum of 30,000 members.
# With only the unique keys to choose from, a cast reads its own rows however stale the
# statistics; reads of a whole ballot (count, turnout) use the keys' leading column.


class Elector(models.Model):
    """One person on a ballot's electorate, fixed when it opened.

    ``council`` is the voter's base council (or, for delegates, the council whose seat they
    hold); ``weight`` what their vote counts. ``voted`` and ``receipt_check`` say that they
    voted and let them, and only them, change their choice: no timestamp, no link to it.
    """

    # No index on the ballot alone: see BALLOT_INDEXES.
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="electors", db_index=False
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    weight = models.PositiveIntegerField(default=1)
    seat_number = models.PositiveSmallIntegerField(null=True, blank=True)
    voted = models.BooleanField(default=False)
    receipt_check = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "person"], name="elector_once_per_ballot"),
        ]


class Choice(models.Model):
    """What one voter chose. Random primary key, no timestamp, no voter in a secret ballot.

    ``marks`` is the choice in a compact canonical form (see :mod:`tanacs.ballots.marks`);
    ``receipt_hash`` is the SHA-256 the voter's receipt code maps to in the published list.
    In a secret ballot these rows are written only by the mixer (:mod:`tanacs.ballots.mixing`).

    On SQLite the table is ``WITHOUT ROWID`` (migration 0003), so its rows are stored in the
    order of their random keys. Django rebuilds a SQLite table without that clause when a
    migration alters it: any later migration of this model must restore it (a test checks).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index on the ballot alone: see BALLOT_INDEXES.
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="choices", db_index=False
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    weight = models.PositiveIntegerField(default=1)
    marks = models.CharField(max_length=400)
    receipt_hash = models.CharField(max_length=64)
    # Only in open (non-secret) ballots, where who chose what is public by design.
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "receipt_hash"], name="choice_receipt_unique"
            ),
            models.UniqueConstraint(
                fields=["ballot", "voter"],
                condition=models.Q(voter__isnull=False),
                name="choice_open_voter_once",
            ),
        ]


class QueuedChoice(models.Model):
    """A secret ballot's choice waiting for the mixer, written by the cast that marks its
    elector as voted (so, until mixed, it carries that cast's transaction).

    The mixer moves queued choices into :class:`Choice` in shuffled batches and deletes them
    here; ``replaces`` says that the voter changed their vote, so the choice stored under the
    same ``receipt_hash`` gives way. No foreign-key constraints: a cast should check nothing it
    has already read, and the queue is emptied every few seconds, so it needs no index either.
    """

    id = models.BigAutoField(primary_key=True)
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    weight = models.PositiveIntegerField(default=1)
    marks = models.CharField(max_length=400)
    receipt_hash = models.CharField(max_length=64)
    replaces = models.BooleanField(default=False)
