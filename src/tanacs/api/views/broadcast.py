"""Bulletins (list, read, write, relay) and the public items of federations and councils.

Reading is open to anyone, signed in or not, as on the public pages: members-only bulletins
are listed only to the council's own people. Writing and relaying need a council's officer.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.views.base import ApiView, errors, int_param
from tanacs.broadcast.access import (
    access_bulletin_for,
    access_public_council,
    access_public_federation,
)
from tanacs.broadcast.actions import BODY_LIMIT, TITLE_LIMIT, do_post_bulletin, do_relay_bulletin
from tanacs.broadcast.models import Bulletin
from tanacs.broadcast.selectors import list_bulletins
from tanacs.core.actors import signed_in
from tanacs.core.errors import InvalidInput, NotFound
from tanacs.core.publication import collect, parse_cursor
from tanacs.federation.models import Council, Federation

TAGS = ["broadcast"]
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BulletinSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    council = serializers.IntegerField(source="council_id")
    council_name = serializers.CharField(source="council.name")
    title = serializers.CharField(source="shown.title")
    body = serializers.CharField(source="shown.body")
    public = serializers.BooleanField()
    at = serializers.DateTimeField()
    origin = serializers.IntegerField(
        source="origin_id", allow_null=True, help_text="A relay: the bulletin it carries."
    )
    origin_council = serializers.CharField(
        source="shown.council.name", help_text="The council that wrote it."
    )
    journal_seq = serializers.IntegerField()


class BulletinCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=TITLE_LIMIT)
    body = serializers.CharField(max_length=BODY_LIMIT)
    public = serializers.BooleanField(
        help_text="False: only the council's members, delegates and officers read it."
    )


class RelaySerializer(serializers.Serializer[Any]):
    bulletin = serializers.IntegerField(help_text="The bulletin of a council above or below.")


class PublicItemSerializer(serializers.Serializer[Any]):
    section = serializers.CharField()
    id = serializers.IntegerField(source="pk")
    at = serializers.DateTimeField()
    title = serializers.CharField()
    summary = serializers.CharField()
    link = serializers.CharField()
    council = serializers.CharField()
    origin = serializers.CharField()
    entry_seq = serializers.IntegerField(allow_null=True)
    entry_hash = serializers.CharField()


class PublicPageSerializer(serializers.Serializer[Any]):
    items = PublicItemSerializer(many=True)
    next = serializers.CharField(
        allow_null=True, help_text="Pass as `before` for the next, older page; null on the last."
    )


class _ReadOpen(BasePermission):
    """GET for anyone; anything else needs a signed-in person."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return IsAuthenticated().has_permission(request, view)


class CouncilBulletinsView(ApiView):
    permission_classes = [_ReadOpen]

    @extend_schema(
        operation_id="bulletins_list",
        responses={200: BulletinSerializer(many=True), **errors(404)},
        tags=TAGS,
        description=(
            "The council's bulletins and relays, newest first. Members-only bulletins are "
            "listed to the council's members, delegates and officers and its federation's "
            "stewards only."
        ),
    )
    def get(self, request: Request, council_id: int) -> Response:
        council = access_public_council(council_id)
        page = self.paginate_queryset(list_bulletins(council, request.user, limit=1000))
        return self.get_paginated_response(BulletinSerializer(page, many=True).data)

    @extend_schema(
        operation_id="bulletins_create",
        request=BulletinCreateSerializer,
        responses={201: BulletinSerializer, **errors(400, 403, 404)},
        tags=TAGS,
        description="An officer of the council writes a bulletin; it is journaled at once.",
    )
    def post(self, request: Request, council_id: int) -> Response:
        council = access_public_council(council_id)
        body = self.body(BulletinCreateSerializer)
        made = do_post_bulletin(council, by=signed_in(request.user), **body)
        return Response(BulletinSerializer(made).data, status=status.HTTP_201_CREATED)


class RelayView(ApiView):
    @extend_schema(
        operation_id="bulletins_relay",
        request=RelaySerializer,
        responses={201: BulletinSerializer, **errors(400, 403, 404, 409)},
        tags=TAGS,
        description=(
            "An officer of the council relays a public bulletin of a council above or below "
            "it; the council's feed then carries it with its origin."
        ),
    )
    def post(self, request: Request, council_id: int) -> Response:
        council = access_public_council(council_id)
        body = self.body(RelaySerializer)
        try:
            bulletin = access_bulletin_for(request.user, body["bulletin"])
        except NotFound as error:
            raise InvalidInput(error.message, field="bulletin") from None
        made = do_relay_bulletin(council, bulletin, by=signed_in(request.user))
        return Response(BulletinSerializer(made).data, status=status.HTTP_201_CREATED)


class BulletinView(ApiView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="bulletins_read",
        responses={200: BulletinSerializer, **errors(404)},
        tags=TAGS,
    )
    def get(self, request: Request, id: int) -> Response:  # {id}, as the other paths
        bulletin: Bulletin = access_bulletin_for(request.user, id)
        return Response(BulletinSerializer(bulletin).data)


PAGE_PARAMETERS = [
    OpenApiParameter("before", str, description="The `next` of the page before."),
    OpenApiParameter("limit", int, description=f"At most this many (1-{MAX_LIMIT})."),
]


def _page(request: Request, federation: Federation, council: Council | None) -> Response:
    params = request.query_params
    limit = int_param(params.get("limit"), "limit", default=DEFAULT_LIMIT)
    if limit is None or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}.", field="limit")
    raw = params.get("before")
    before = parse_cursor(raw)
    if raw and before is None:
        raise InvalidInput("before is not a cursor this API gave out.", field="before")
    items = collect(federation, council, before, limit + 1)
    more = len(items) > limit
    items = items[:limit]
    data = {"items": items, "next": items[-1].cursor.token() if more and items else None}
    return Response(PublicPageSerializer(data).data)


class FederationPublicView(ApiView):
    permission_classes = [AllowAny]
    pagination_class = None  # type: ignore[assignment]  # keyset: `next`, not page numbers

    @extend_schema(
        operation_id="federation_public",
        parameters=PAGE_PARAMETERS,
        responses={200: PublicPageSerializer, **errors(400, 404)},
        tags=TAGS,
        description=(
            "What the federation publishes, newest first: every registered section (bulletins, "
            "adopted decisions, programmes, ballot results, ...), each item with its journal "
            "entry's seq and hash. Paged by keyset."
        ),
    )
    def get(self, request: Request, slug: str) -> Response:
        return _page(request, access_public_federation(slug), None)


class CouncilPublicView(ApiView):
    permission_classes = [AllowAny]
    pagination_class = None  # type: ignore[assignment]

    @extend_schema(
        operation_id="council_public",
        parameters=PAGE_PARAMETERS,
        responses={200: PublicPageSerializer, **errors(400, 404)},
        tags=TAGS,
        description="What one council publishes, as for the federation.",
    )
    def get(self, request: Request, council_id: int) -> Response:
        council = access_public_council(council_id)
        return _page(request, council.federation, council)
