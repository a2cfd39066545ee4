"""Domain errors become JSON bodies with a stable ``code`` and a ``message``.

A body that fails validation answers ``{"code": "invalid", "message": ..., "fields": {...}}``
where ``fields`` maps each bad field to its messages; a domain error that names a field
carries ``field`` and the same ``fields`` map, so clients read both alike.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from tanacs.api.parsers import too_large_message
from tanacs.core.errors import ErrorCode, TanacsError
from tanacs.core.refusals import log_refusal


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TanacsError):
        request = context.get("request")
        if request is not None:
            where = f"{request.method} {request.path}"
            log_refusal(exc, actor=request.user, via="api", where=where)
        body: dict[str, Any] = {"code": exc.code, "message": exc.message, **exc.details}
        field = exc.details.get("field")
        if isinstance(field, str):
            body.setdefault("fields", {field: [exc.message]})
        return Response(body, status=exc.http_status)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"code": ErrorCode.TOO_LARGE, "message": too_large_message()},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, SuspiciousOperation):  # too many fields, a malformed multipart body
        return Response(
            {"code": ErrorCode.BAD_REQUEST, "message": f"{exc} Nothing was changed."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        fields = _flatten(exc.detail)
        response.data = {
            "code": ErrorCode.INVALID,
            "message": _summary(fields),
            "fields": fields,
        }
    elif isinstance(response.data, dict) and "code" not in response.data:
        detail = response.data.get("detail")
        code = ErrorCode.of(getattr(detail, "code", ErrorCode.ERROR))
        response.data = {"code": code, "message": str(detail)}
    if response.status_code == status.HTTP_403_FORBIDDEN and "code" not in response.data:
        response.data["code"] = ErrorCode.FORBIDDEN
    return response


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"field" or "field.0.sub": [messages]}``."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "body" if key == api_settings.NON_FIELD_ERRORS_KEY else str(key)
            out.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return out
    if isinstance(detail, list) and any(isinstance(d, dict | list) for d in detail):
        out = {}
        for index, value in enumerate(detail):
            out.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return out
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "body": [str(m) for m in messages]}


def _summary(fields: dict[str, list[str]]) -> str:
    parts = [f"{name}: {messages[0]}" for name, messages in fields.items() if messages]
    shown = "; ".join(parts[:5])
    more = f" (and {len(parts) - 5} more)" if len(parts) > 5 else ""
    return f"The request is not valid, nothing was changed. {shown}{more}"
