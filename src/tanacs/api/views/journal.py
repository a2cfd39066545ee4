from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.serializers import EntrySerializer, JournalPageSerializer
from tanacs.api.views.base import ApiView, errors, int_param
from tanacs.core.errors import InvalidInput, NotFound
from tanacs.federation.access import access_public_federation
from tanacs.journal.chain import GENESIS
from tanacs.journal.selectors import get_head, get_public_entry, list_public_entries
from tanacs.journal.witness import PublishedHead, check_extends, parse_head, published_head
from tanacs.membership.journal_view import journal_reader, show_entries

TAGS = ["journal"]
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class JournalView(ApiView):
    """Read-only by design: the journal has no write, change or delete endpoint at all.

    Public entries are public: anyone may read and check them, signed in or not. Ordinary
    members are shown as the reader may see them (``tanacs.membership.journal_view``).
    """

    permission_classes = [AllowAny]
    pagination_class = None  # type: ignore[assignment]  # one bounded list, no pages

    @extend_schema(
        operation_id="journal_list",
        parameters=[
            OpenApiParameter("after", int, description="Entries after this seq, oldest first."),
            OpenApiParameter(
                "before", int, description="Entries before this seq, newest first (default)."
            ),
            OpenApiParameter("limit", int, description=f"At most this many (1-{MAX_LIMIT})."),
        ],
        responses={200: JournalPageSerializer, **errors(400, 404)},
        tags=TAGS,
        description=(
            "The federation's public journal entries, paged by `seq`, with the head of the "
            "hash chain. Without `after` or `before` the newest entries come first. People "
            "acting in office are named; ordinary members appear as pseudonyms, and reasons "
            "and signers are withheld, except to the council's members, officers and "
            "delegates and the federation's stewards. A redacted entry lists the fields "
            "replaced and has no `payload_json`."
        ),
    )
    def get(self, request: Request, slug: str) -> Response:
        federation = access_public_federation(slug)
        params = request.query_params
        after = int_param(params.get("after"), "after")
        before = int_param(params.get("before"), "before")
        limit = int_param(params.get("limit"), "limit", default=DEFAULT_LIMIT)
        assert limit is not None
        if after is not None and before is not None:
            raise InvalidInput("Give either after or before, not both.", field="after")
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}.", field="limit")
        entries = list_public_entries(federation.chain)
        if after is not None:
            page = list(entries.filter(seq__gt=after).order_by("seq")[:limit])
        else:
            if before is not None:
                entries = entries.filter(seq__lt=before)
            page = list(entries[:limit])
        head = get_head(federation.chain)
        count = head.seq if head else 0
        seqs = [entry.seq for entry in page]
        data = {
            "chain": federation.chain,
            "count": count,
            "head": {"seq": count, "hash": head.hash if head else GENESIS},
            "entries": show_entries(page, journal_reader(request.user, federation), federation),
            "next_before": min(seqs) if seqs and min(seqs) > 1 else None,
            "next_after": max(seqs) if seqs and max(seqs) < count else None,
        }
        return Response(JournalPageSerializer(data).data)


class EntryView(ApiView):
    """Read-only by design: PUT, PATCH and DELETE answer 405."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="journal_entry",
        responses={200: EntrySerializer, **errors(404)},
        tags=TAGS,
    )
    def get(self, request: Request, slug: str, seq: int) -> Response:
        federation = access_public_federation(slug)
        entry = get_public_entry(federation.chain, seq)
        if entry is None:
            raise NotFound(f"{federation.name} has no public journal entry {seq}.")
        reader = journal_reader(request.user, federation)
        (shown,) = show_entries([entry], reader, federation)
        return Response(EntrySerializer(shown).data)


class PublishedHeadSerializer(serializers.Serializer[Any]):
    chain = serializers.CharField()
    seq = serializers.IntegerField(help_text="Entries in the chain, private ones included.")
    hash = serializers.CharField()
    at = serializers.DateTimeField(allow_null=True, help_text="When the head entry was written.")
    head = serializers.CharField(
        source="token", help_text="chain:seq:hash, the form to keep and check later."
    )


class ExtendsSerializer(serializers.Serializer[Any]):
    kept = serializers.CharField(help_text="The head that was checked, as chain:seq:hash.")
    extends = serializers.BooleanField(
        help_text="True when the present chain verifies and extends the kept head."
    )
    seq = serializers.IntegerField(
        allow_null=True, help_text="Where the kept hash stands in the present chain."
    )
    problem = serializers.CharField(allow_null=True, help_text="What broke, when it does not.")
    message = serializers.CharField()
    head = PublishedHeadSerializer(allow_null=True, help_text="The present head.")


def _head(head: PublishedHead) -> dict[str, Any]:
    return dict(PublishedHeadSerializer(head).data)


class HeadView(ApiView):
    """The head of a federation's chain, for anyone to keep: a later rewrite of any entry up
    to it is caught by the check below, by ``tanacs verify --since`` or by the journal page."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="journal_head",
        responses={200: PublishedHeadSerializer, **errors(404)},
        tags=TAGS,
    )
    def get(self, request: Request, slug: str) -> Response:
        federation = access_public_federation(slug)
        return Response(_head(published_head(federation.chain)))


class ExtendsView(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="journal_check_head",
        parameters=[
            OpenApiParameter(
                "head", str, required=True, description="A head kept earlier: chain:seq:hash."
            )
        ],
        responses={200: ExtendsSerializer, **errors(400, 404)},
        tags=TAGS,
        description=(
            "Does the federation's chain, as it is now, verify from its first entry and extend "
            "a head kept earlier (from a page, this API or a voter's receipt)? `extends` is "
            "false, with the `problem`, when history up to that head was rewritten."
        ),
    )
    def get(self, request: Request, slug: str) -> Response:
        federation = access_public_federation(slug)
        raw = request.query_params.get("head", "")
        if not raw.strip():
            raise InvalidInput("Give the head you kept as ?head=chain:seq:hash.", field="head")
        report = check_extends(parse_head(raw), chain=federation.chain)
        data = {
            "kept": report.kept.token,
            "extends": report.ok,
            "seq": report.seq,
            "problem": report.problem,
            "message": report.message,
            "head": report.head,
        }
        return Response(ExtendsSerializer(data).data)
