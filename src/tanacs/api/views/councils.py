from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.serializers import (
    CouncilCreateSerializer,
    CouncilDetailSerializer,
    CouncilSerializer,
    MemberSerializer,
    MembershipSerializer,
    MoveSerializer,
    PersonSerializer,
    VouchesNeededSerializer,
)
from tanacs.api.views.base import ApiView, errors, int_param
from tanacs.core.actors import signed_in
from tanacs.core.errors import InvalidInput, NotFound
from tanacs.delegation.selectors import list_seats
from tanacs.federation.access import access_council_for, access_federation_for
from tanacs.federation.actions import (
    do_appoint_officer,
    do_create_council,
    do_move_council,
    do_remove_officer,
    do_set_vouches_needed,
)
from tanacs.federation.models import Council
from tanacs.federation.tree import children_of, filter_councils, officer_names
from tanacs.membership.actions import do_apply
from tanacs.membership.models import Status
from tanacs.membership.selectors import list_applicants, list_members
from tanacs.membership.visibility import access_members_of, find_person

TAGS = ["councils"]


def council_in_body(user: Any, council_id: int | None, *, field: str) -> Council | None:
    """A council named in a request body: a missing one is bad input (400), not a 404."""
    if council_id is None:
        return None
    try:
        return access_council_for(user, council_id)
    except NotFound as exc:
        raise InvalidInput(exc.message, field=field) from None


def _detail(council: Council) -> Council:
    extra: Any = council
    extra.officer_names = officer_names(council)
    extra.child_rows = list(children_of(council))
    extra.seat_rows = list_seats(council)
    extra.applicant_count = list_members(council, Status.APPLIED).count()
    return council


class CouncilListView(ApiView):
    @extend_schema(
        operation_id="councils_list",
        parameters=[
            OpenApiParameter("level", int, description="Only councils at this level."),
            OpenApiParameter("parent", int, description="Only the children of this council."),
        ],
        responses={200: CouncilSerializer(many=True), **errors(400, 404)},
        tags=TAGS,
    )
    def get(self, request: Request, slug: str) -> Response:
        federation = access_federation_for(request.user, slug)
        level = int_param(request.query_params.get("level"), "level")
        parent = int_param(request.query_params.get("parent"), "parent")
        page = self.paginate_queryset(filter_councils(federation, level=level, parent=parent))
        return self.get_paginated_response(CouncilSerializer(page, many=True).data)

    @extend_schema(
        operation_id="councils_create",
        request=CouncilCreateSerializer,
        responses={201: CouncilDetailSerializer, **errors(400, 403, 404, 409)},
        tags=TAGS,
        description=(
            "Officers of the parent add councils under it; stewards add top-level councils. "
            "The creator becomes an officer of the new council."
        ),
    )
    def post(self, request: Request, slug: str) -> Response:
        federation = access_federation_for(request.user, slug)
        body = self.body(CouncilCreateSerializer)
        body["parent"] = council_in_body(request.user, body["parent"], field="parent")
        council = do_create_council(federation, by=signed_in(request.user), **body)
        data = CouncilDetailSerializer(_detail(council)).data
        return Response(data, status=status.HTTP_201_CREATED)


class CouncilDetailView(ApiView):
    @extend_schema(
        operation_id="councils_detail",
        responses={200: CouncilDetailSerializer, **errors(404)},
        tags=TAGS,
    )
    def get(self, request: Request, council_id: int) -> Response:
        council = access_council_for(request.user, council_id)
        return Response(CouncilDetailSerializer(_detail(council)).data)


class MoveView(ApiView):
    @extend_schema(
        operation_id="councils_move",
        request=MoveSerializer,
        responses={200: CouncilSerializer, **errors(400, 403, 404)},
        tags=TAGS,
        description="Stewards only: give the council a new parent at the level above.",
    )
    def post(self, request: Request, council_id: int) -> Response:
        council = access_council_for(request.user, council_id)
        body = self.body(MoveSerializer)
        parent = council_in_body(request.user, body["parent"], field="parent")
        council = do_move_council(council, parent=parent, by=signed_in(request.user))
        return Response(CouncilSerializer(council).data)


class VouchesNeededView(ApiView):
    @extend_schema(
        operation_id="councils_vouches_needed_set",
        request=VouchesNeededSerializer,
        responses={200: CouncilSerializer, **errors(400, 403, 404)},
        tags=TAGS,
        description="Officers only: how many vouches from active members admit an applicant.",
    )
    def put(self, request: Request, council_id: int) -> Response:
        council = access_council_for(request.user, council_id, change=True)
        body = self.body(VouchesNeededSerializer)
        council = do_set_vouches_needed(council, by=signed_in(request.user), **body)
        return Response(CouncilSerializer(council).data)


class OfficerListView(ApiView):
    @extend_schema(
        operation_id="councils_officers_list",
        responses={200: PersonSerializer(many=True), **errors(404)},
        tags=TAGS,
    )
    def get(self, request: Request, council_id: int) -> Response:
        council = access_council_for(request.user, council_id)
        page = self.paginate_queryset(officer_names(council))
        data = PersonSerializer([{"username": n} for n in page or []], many=True).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="councils_officers_appoint",
        request=PersonSerializer,
        responses={201: PersonSerializer, **errors(400, 403, 404, 409)},
        tags=TAGS,
    )
    def post(self, request: Request, council_id: int) -> Response:
        council = access_council_for(request.user, council_id, change=True)
        person = find_person(self.body(PersonSerializer)["username"])
        do_appoint_officer(council, person, by=signed_in(request.user))
        return Response({"username": person.get_username()}, status=status.HTTP_201_CREATED)


class OfficerView(ApiView):
    @extend_schema(
        operation_id="councils_officers_remove",
        request=None,
        responses={204: None, **errors(400, 403, 404, 409)},
        tags=TAGS,
    )
    def delete(self, request: Request, council_id: int, username: str) -> Response:
        council = access_council_for(request.user, council_id, change=True)
        do_remove_officer(council, find_person(username), by=signed_in(request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberListView(ApiView):
    @extend_schema(
        operation_id="councils_members_list",
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=[s.value for s in Status],
                description="Members with this status (default active); applicants show vouches.",
            )
        ],
        responses={200: MemberSerializer(many=True), **errors(400, 403, 404)},
        tags=TAGS,
        description=(
            "Names are shown only to active members, officers and stewards of the federation."
        ),
    )
    def get(self, request: Request, council_id: int) -> Response:
        council = access_members_of(request.user, council_id)
        wanted = request.query_params.get("status") or Status.ACTIVE
        if wanted not in Status.values:
            raise InvalidInput(f"status must be one of {', '.join(Status.values)}.", field="status")
        members = (
            list_applicants(council) if wanted == Status.APPLIED else list_members(council, wanted)
        )
        page = self.paginate_queryset(members)
        return self.get_paginated_response(MemberSerializer(page, many=True).data)


class ApplyView(ApiView):
    @extend_schema(
        operation_id="councils_apply",
        request=None,
        responses={201: MembershipSerializer, **errors(400, 404, 409)},
        tags=TAGS,
        description="Apply to join this base council; active members vouch or an officer admits.",
    )
    def post(self, request: Request, council_id: int) -> Response:
        council = access_council_for(request.user, council_id)
        membership = do_apply(council, person=request.user)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)
