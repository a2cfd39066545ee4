from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.parsers import FormParser, JSONParser
from tanacs.api.serializers import (
    ImportReportSerializer,
    ImportTextSerializer,
    MembershipSerializer,
    MeSerializer,
    ReasonSerializer,
)
from tanacs.api.views.base import ApiView, errors
from tanacs.core.actors import signed_in
from tanacs.core.errors import InvalidInput
from tanacs.delegation.models import HolderStatus
from tanacs.delegation.selectors import holdings_of
from tanacs.federation.access import access_council_for, access_federation_for
from tanacs.federation.selectors import list_offices_of, list_stewarded
from tanacs.membership.access import access_membership_for
from tanacs.membership.actions import do_admit, do_leave, do_reinstate, do_suspend, do_vouch
from tanacs.membership.importing import do_import_members
from tanacs.membership.journal_view import reads_reasons_of
from tanacs.membership.models import Membership
from tanacs.membership.selectors import list_memberships_of

TAGS = ["memberships"]
GONE = [HolderStatus.RESIGNED, HolderStatus.RECALLED]


def _membership(request: Request, council_id: int, membership_id: int) -> Membership:
    council = access_council_for(request.user, council_id)
    return access_membership_for(request.user, membership_id, council=council)


class MeView(ApiView):
    @extend_schema(
        operation_id="me",
        responses={200: MeSerializer, **errors()},
        tags=TAGS,
        description="'My councils': memberships, offices, stewarded federations and seats.",
    )
    def get(self, request: Request) -> Response:
        me = request.user
        data = {
            "username": me.get_username(),
            "memberships": list_memberships_of(me).order_by("pk"),
            "offices": [office.council for office in list_offices_of(me)],
            "stewarded": [federation.slug for federation in list_stewarded(me)],
            "seats": holdings_of(me).exclude(status__in=GONE).order_by("pk"),
        }
        return Response(MeSerializer(data).data)


class MyMembershipsView(ApiView):
    @extend_schema(
        operation_id="me_memberships",
        responses={200: MembershipSerializer(many=True), **errors(404)},
        tags=TAGS,
        description="Every live membership of the signed-in person, one per federation.",
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(list_memberships_of(request.user).order_by("pk"))
        return self.get_paginated_response(MembershipSerializer(page, many=True).data)


class MembershipView(ApiView):
    @extend_schema(
        operation_id="memberships_detail",
        responses={200: MembershipSerializer, **errors(403, 404)},
        tags=TAGS,
        description="The person themself and people who belong to the federation may see it.",
    )
    def get(self, request: Request, council_id: int, membership_id: int) -> Response:
        membership = _membership(request, council_id, membership_id)
        data = MembershipSerializer(membership).data
        if membership.person_id != request.user.pk and not reads_reasons_of(
            request.user, membership.council
        ):
            data["reason"] = ""  # a suspension's reason is for the council's own members
        return Response(data)


def membership_action(
    name: str, action: Callable[[Membership, Any], Membership], description: str
) -> type[ApiView]:
    """One small view per membership transition, all shaped alike."""

    class View(ApiView):
        @extend_schema(
            operation_id=f"memberships_{name}",
            request=None,
            responses={200: MembershipSerializer, **errors(400, 403, 404, 409)},
            tags=TAGS,
            description=description,
        )
        def post(self, request: Request, council_id: int, membership_id: int) -> Response:
            membership = _membership(request, council_id, membership_id)
            membership = action(membership, request.user)
            return Response(MembershipSerializer(membership).data)

    View.__name__ = View.__qualname__ = f"{name.capitalize()}View"
    return View


VouchView = membership_action(
    "vouch",
    lambda m, by: do_vouch(m, by=by),
    "Active members of the council vouch for an applicant; enough vouches admit them.",
)
AdmitView = membership_action(
    "admit", lambda m, by: do_admit(m, by=by), "Officers admit an applicant at once."
)
ReinstateView = membership_action(
    "reinstate", lambda m, by: do_reinstate(m, by=by), "Officers reinstate a suspended member."
)
LeaveView = membership_action(
    "leave",
    lambda m, by: do_leave(m, by=by),
    "The member leaves; any seat they hold passes to the next substitute.",
)


class SuspendView(ApiView):
    @extend_schema(
        operation_id="memberships_suspend",
        request=ReasonSerializer,
        responses={200: MembershipSerializer, **errors(400, 403, 404, 409)},
        tags=TAGS,
        description="Officers suspend a member with a stated reason.",
    )
    def post(self, request: Request, council_id: int, membership_id: int) -> Response:
        membership = _membership(request, council_id, membership_id)
        reason = self.body(ReasonSerializer)["reason"]
        membership = do_suspend(membership, by=signed_in(request.user), reason=reason)
        return Response(MembershipSerializer(membership).data)


class CsvParser(BaseParser):
    """A CSV file sent as the whole request body."""

    media_type = "text/csv"

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        return {"csv": _decode(stream.read())}


class PlainTextParser(CsvParser):
    media_type = "text/plain"


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("The CSV must be UTF-8 text.", field="csv") from None


class ImportView(ApiView):
    parser_classes = [CsvParser, PlainTextParser, JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="members_import",
        request={
            "text/csv": {"type": "string"},
            "application/json": ImportTextSerializer,
            "multipart/form-data": ImportTextSerializer,
        },
        responses={201: ImportReportSerializer, **errors(400, 403, 404)},
        tags=TAGS,
        description=(
            "Import a membership list: CSV with the header `name,email,council` (council is a "
            "base council's short name). Every bad line is reported with its number and nothing "
            "is imported unless every line is good."
        ),
    )
    def post(self, request: Request, slug: str) -> Response:
        federation = access_federation_for(request.user, slug)
        body = self.body(ImportTextSerializer)
        upload = body.get("file")
        text = _decode(upload.read()) if upload is not None else body.get("csv")
        if not text:
            raise InvalidInput("Send the CSV as the body, a 'csv' field or a 'file' upload.")
        report = do_import_members(federation, text, by=signed_in(request.user))
        data = ImportReportSerializer(report).data
        return Response(data, status=201)
