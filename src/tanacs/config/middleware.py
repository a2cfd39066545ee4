"""Middleware of the whole site: refusing a NUL character, the Content-Security-Policy header,
and slow-request logging.

No text tanacs keeps or looks up can hold a NUL: PostgreSQL refuses it in every text value,
even in a lookup, so ``/api/v1/councils/5/officers/a%00b/`` was a server error there and a
harmless miss on SQLite. One check here serves every page and endpoint alike; JSON bodies
are checked by the API's parser, uploaded files by what reads them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.html import escape

from tanacs.core.errors import ErrorCode

__all__ = ["ContentSecurityPolicyMiddleware", "RefuseNul", "SlowRequestMiddleware"]

NUL = "\x00"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseNul:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = _nul_in(request)
        if where is None:
            return self.get_response(request)
        message = f"The {where} contains a NUL character (%00), which no text may hold. "
        message += "Nothing was changed."
        if request.path_info.startswith("/api/"):
            return JsonResponse({"code": ErrorCode.INVALID, "message": message}, status=400)
        return HttpResponseBadRequest(
            f"<!doctype html><title>Bad request</title><p>{escape(message)}</p>"
        )


def _nul_in(request: HttpRequest) -> str | None:
    if NUL in request.path_info:
        return "address"
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            return "query"
    # The API reads its own bodies (DRF's parsers); the pages' forms are read here, as the
    # CSRF check reads them anyway.
    if (
        request.method == "POST"
        and not request.path_info.startswith("/api/")
        and request.content_type in FORMS
    ):
        for key, values in request.POST.lists():
            if NUL in key or any(NUL in value for value in values):
                return f"form field {key.replace(NUL, '')!r}"
    return None


slow_log = logging.getLogger("tanacs.slow")


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CONTENT_SECURITY_POLICY`` with every response that has none yet.

    Django 5.2 has no CSP of its own; one header is all tanacs needs, because its pages
    carry no inline script or style (the Swagger UI page loads its script as a file).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class SlowRequestMiddleware:
    """Log a WARNING for a request that took longer than ``settings.SLOW_REQUEST_SECONDS``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.threshold = settings.SLOW_REQUEST_SECONDS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        elapsed = time.monotonic() - started
        if self.threshold and elapsed >= self.threshold:
            # The path only: a query string may carry a receipt code or a token.
            slow_log.warning(
                "slow request: %s %s took %.2f s (status %s)",
                request.method,
                request.path,
                elapsed,
                response.status_code,
                extra={"status_code": response.status_code, "elapsed": elapsed},
            )
        return response
