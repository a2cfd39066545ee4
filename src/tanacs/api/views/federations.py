from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.serializers import (
    FederationCreateSerializer,
    FederationDetailSerializer,
    FederationSerializer,
    SeatRuleSerializer,
    TreeNodeSerializer,
)
from tanacs.api.views.base import ApiView, errors, int_param
from tanacs.core.actors import signed_in
from tanacs.core.errors import InvalidInput
from tanacs.federation.access import access_council_for, access_federation_for
from tanacs.federation.actions import do_create_federation, do_set_seat_rule
from tanacs.federation.models import Federation
from tanacs.federation.selectors import list_federations
from tanacs.federation.tree import (
    MAX_DEPTH,
    level_counts,
    list_subtree,
    member_total,
    steward_names,
    with_child_counts,
)

TAGS = ["federations"]


def _detail(federation: Federation) -> Federation:
    levels = level_counts(federation)
    extra: Any = federation
    extra.level_rows = levels
    extra.council_total = sum(level.councils for level in levels)
    extra.member_total = member_total(federation)
    extra.steward_names = steward_names(federation)
    return federation


class FederationListView(ApiView):
    @extend_schema(
        operation_id="federations_list",
        responses={200: FederationSerializer(many=True), **errors(404)},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(list_federations())
        return self.get_paginated_response(FederationSerializer(page, many=True).data)

    @extend_schema(
        operation_id="federations_create",
        request=FederationCreateSerializer,
        responses={201: FederationDetailSerializer, **errors(400, 409)},
        tags=TAGS,
        description="Found a federation; the founder becomes its first steward.",
    )
    def post(self, request: Request) -> Response:
        federation = do_create_federation(
            by=signed_in(request.user), **self.body(FederationCreateSerializer)
        )
        data = FederationDetailSerializer(_detail(federation)).data
        return Response(data, status=status.HTTP_201_CREATED)


class FederationDetailView(ApiView):
    @extend_schema(
        operation_id="federations_detail",
        responses={200: FederationDetailSerializer, **errors(404)},
        tags=TAGS,
    )
    def get(self, request: Request, slug: str) -> Response:
        federation = access_federation_for(request.user, slug)
        return Response(FederationDetailSerializer(_detail(federation)).data)


class SeatRuleView(ApiView):
    @extend_schema(
        operation_id="federations_seat_rule_get",
        responses={200: SeatRuleSerializer, **errors(404)},
        tags=TAGS,
    )
    def get(self, request: Request, slug: str) -> Response:
        federation = access_federation_for(request.user, slug)
        return Response(SeatRuleSerializer(federation).data)

    @extend_schema(
        operation_id="federations_seat_rule_set",
        request=SeatRuleSerializer,
        responses={200: SeatRuleSerializer, **errors(400, 403, 404)},
        tags=TAGS,
        description="Stewards only: one seat per N members, clamped to [seats_min, seats_max].",
    )
    def put(self, request: Request, slug: str) -> Response:
        federation = access_federation_for(request.user, slug)
        body = self.body(SeatRuleSerializer)
        federation = do_set_seat_rule(federation, by=signed_in(request.user), **body)
        return Response(SeatRuleSerializer(federation).data)


class TreeView(ApiView):
    @extend_schema(
        operation_id="federations_tree",
        parameters=[
            OpenApiParameter(
                "root", int, description="Start below this council (default: the top)."
            ),
            OpenApiParameter(
                "depth", int, description=f"Levels below the start, 0 to {MAX_DEPTH} (default 2)."
            ),
        ],
        responses={200: TreeNodeSerializer(many=True), **errors(400, 404)},
        tags=TAGS,
        description=(
            "A flat, paged list of councils, top level first; nest them by `parent`. "
            "`child_count` says which councils have more below the depth shown."
        ),
    )
    def get(self, request: Request, slug: str) -> Response:
        federation = access_federation_for(request.user, slug)
        root_id = int_param(request.query_params.get("root"), "root")
        depth = int_param(request.query_params.get("depth"), "depth", default=2)
        assert depth is not None
        if not 0 <= depth <= MAX_DEPTH:
            raise InvalidInput(f"depth must be between 0 and {MAX_DEPTH}.", field="depth")
        root = None
        if root_id is not None:
            root = access_council_for(request.user, root_id)
            if root.federation_id != federation.pk:
                raise InvalidInput(f"Council {root_id} is not in {federation.name}.", field="root")
        page = self.paginate_queryset(list_subtree(federation, root=root, depth=depth))
        page = with_child_counts(list(page or []))
        return self.get_paginated_response(TreeNodeSerializer(page, many=True).data)
