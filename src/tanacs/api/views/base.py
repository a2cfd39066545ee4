from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.serializers import Serializer

from tanacs.api.serializers import ErrorSerializer
from tanacs.core.errors import InvalidInput


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class ApiView(GenericAPIView[Any]):
    # Token first: an anonymous request then gets 401 with a WWW-Authenticate header.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    pagination_class = Pages

    def body(self, serializer_class: type[Serializer[Any]]) -> dict[str, Any]:
        """The validated request body; a bad one raises a 400 with per-field messages."""
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        return data


def errors(*statuses: int) -> dict[int, type[ErrorSerializer]]:
    """Error responses for the schema; every one has the same body shape."""
    return dict.fromkeys((401, *statuses), ErrorSerializer)


def int_param(value: str | None, name: str, *, default: int | None = None) -> int | None:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"{name} must be a whole number, not {value!r}.", field=name) from None


@csrf_exempt  # it changes nothing, whatever the method
def no_such_endpoint(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown API URLs answer in JSON like every other API error, not with an HTML page."""
    hint = "" if request.path.endswith("/") else " API paths end with a slash."
    return JsonResponse(
        {"code": "not_found", "message": f"There is no API endpoint at {request.path}.{hint}"},
        status=404,
    )
