"""Domain errors become JSON bodies with a stable ``code`` and a ``message``."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tanacs.core.errors import TanacsError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TanacsError):
        return Response(
            {"code": exc.code, "message": exc.message, **exc.details},
            status=exc.http_status,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "code" not in response.data:
        detail = response.data.get("detail")
        if detail is not None:
            response.data = {"code": getattr(detail, "code", "error"), "message": str(detail)}
        else:
            response.data = {
                "code": "invalid",
                "message": "The request body is not valid.",
                "fields": response.data,
            }
    elif response is None:
        return None
    if response.status_code == status.HTTP_403_FORBIDDEN and "code" not in response.data:
        response.data["code"] = "forbidden"
    return response
