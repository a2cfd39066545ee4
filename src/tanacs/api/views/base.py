from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.generics import GenericAPIView
from rest_framework.metadata import SimpleMetadata
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.serializers import Serializer
from rest_framework.viewsets import ViewSetMixin

from tanacs.api.parsers import FormParser, JSONParser
from tanacs.api.serializers import ErrorSerializer
from tanacs.core.errors import ErrorCode, InvalidInput
from tanacs.core.storage import INT_MAX, INT_MIN, check_value, whole_number


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class Metadata(SimpleMetadata):
    """OPTIONS names the endpoint and the formats it reads and writes.

    DRF's default would also describe the request body from ``serializer_class``, which our
    views do not set (each method names its own serializer); the OpenAPI schema at
    ``/api/schema/`` describes every body instead.
    """

    def determine_metadata(self, request: Request, view: Any) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "schema": "/api/schema/",
        }


class ApiView(GenericAPIView[Any]):
    # Token first: an anonymous request then gets 401 with a WWW-Authenticate header.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    pagination_class = Pages
    metadata_class = Metadata
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def body(self, serializer_class: type[Serializer[Any]]) -> dict[str, Any]:
        """The validated request body; a bad one raises a 400 with per-field messages."""
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        # A number may also arrive as text ("99999999999999999999") or from a form.
        check_value(data)
        return data


class ApiViewSet(ViewSetMixin, ApiView):
    """An ApiView whose methods are named actions, each routed by an explicit ``path``:
    one class per kind of object, one method per operation on it."""


def errors(*statuses: int) -> dict[int, type[ErrorSerializer]]:
    """Error responses for the schema; every one has the same body shape."""
    return dict.fromkeys((401, *statuses), ErrorSerializer)


def int_param(value: str | None, name: str, *, default: int | None = None) -> int | None:
    if value is None or value == "":
        return default
    number = whole_number(value)
    if number is not None:
        return number
    raise InvalidInput(
        f"{name} must be a whole number between {INT_MIN} and {INT_MAX}, not {value[:40]!r}.",
        field=name,
    )


@csrf_exempt  # it changes nothing, whatever the method
def no_such_endpoint(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown API URLs answer in JSON like every other API error, not with an HTML page."""
    hint = "" if request.path.endswith("/") else " API paths end with a slash."
    return JsonResponse(
        {
            "code": ErrorCode.NOT_FOUND,
            "message": f"There is no API endpoint at {request.path}.{hint}",
        },
        status=404,
    )
