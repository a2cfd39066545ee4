from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.serializers import HolderStatusSerializer, SeatHoldersSerializer, SeatSerializer
from tanacs.api.views.base import ApiView, errors
from tanacs.core.actors import signed_in
from tanacs.core.errors import NotFound
from tanacs.delegation.actions import (
    do_mark_available,
    do_mark_unavailable,
    do_resign_seat,
    do_set_seat_holders,
)
from tanacs.delegation.selectors import SeatView, list_seats
from tanacs.federation.access import access_council_for
from tanacs.federation.models import Council
from tanacs.membership.visibility import find_person

TAGS = ["seats"]


def seat_view(council: Council, number: int) -> SeatView:
    for seat in list_seats(council):
        if seat.number == number:
            return seat
    raise NotFound(f"{council.name} has no seat {number}.")


def _response(council: Council, number: int) -> Response:
    return Response(SeatSerializer(seat_view(council, number)).data)


class SeatListView(ApiView):
    pagination_class = None  # type: ignore[assignment]  # one bounded list, no pages

    @extend_schema(
        operation_id="seats_list",
        responses={200: SeatSerializer(many=True), **errors(404)},
        tags=TAGS,
        description=(
            "The council's seats in its parent: weight (members represented), who sits, and "
            "the ranked substitutes with their status."
        ),
    )
    def get(self, request: Request, council_id: int) -> Response:
        council = access_council_for(request.user, council_id)
        return Response(SeatSerializer(list_seats(council), many=True).data)


class SeatDetailView(ApiView):
    @extend_schema(
        operation_id="seats_detail",
        responses={200: SeatSerializer, **errors(404)},
        tags=TAGS,
    )
    def get(self, request: Request, council_id: int, number: int) -> Response:
        council = access_council_for(request.user, council_id)
        return _response(council, number)

    @extend_schema(
        operation_id="seats_set_holders",
        request=SeatHoldersSerializer,
        responses={200: SeatSerializer, **errors(400, 403, 404, 409)},
        tags=TAGS,
        description="Officers appoint the delegate and the ordered substitutes of a seat.",
    )
    def put(self, request: Request, council_id: int, number: int) -> Response:
        council = access_council_for(request.user, council_id, change=True)
        body = self.body(SeatHoldersSerializer)
        delegate = find_person(body["delegate"], field="delegate")
        substitutes = [find_person(name, field="substitutes") for name in body["substitutes"]]
        do_set_seat_holders(
            council, number, delegate=delegate, substitutes=substitutes, by=signed_in(request.user)
        )
        return _response(council, number)


class UnavailableView(ApiView):
    @extend_schema(
        operation_id="seats_mark_unavailable",
        request=HolderStatusSerializer,
        responses={200: SeatSerializer, **errors(400, 403, 404, 409)},
        tags=TAGS,
        description=(
            "Officers mark a holder unavailable (arrested, ill, away) with a reason; the first "
            "available substitute takes the seat at once."
        ),
    )
    def post(self, request: Request, council_id: int, number: int) -> Response:
        council = access_council_for(request.user, council_id, change=True)
        body = self.body(HolderStatusSerializer)
        person = find_person(body["username"])
        do_mark_unavailable(
            council, number, person, reason=body["reason"], by=signed_in(request.user)
        )
        return _response(council, number)


class AvailableView(ApiView):
    @extend_schema(
        operation_id="seats_mark_available",
        request=HolderStatusSerializer,
        responses={200: SeatSerializer, **errors(400, 403, 404, 409)},
        tags=TAGS,
        description="Officers mark a holder available again; by their place they may sit again.",
    )
    def post(self, request: Request, council_id: int, number: int) -> Response:
        council = access_council_for(request.user, council_id, change=True)
        person: Any = find_person(self.body(HolderStatusSerializer)["username"])
        do_mark_available(council, number, person, by=signed_in(request.user))
        return _response(council, number)


class ResignView(ApiView):
    @extend_schema(
        operation_id="seats_resign",
        request=None,
        responses={200: SeatSerializer, **errors(400, 404, 409)},
        tags=TAGS,
        description="The signed-in holder resigns their place on the seat.",
    )
    def post(self, request: Request, council_id: int, number: int) -> Response:
        council = access_council_for(request.user, council_id)
        do_resign_seat(council, number, by=signed_in(request.user))
        return _response(council, number)
