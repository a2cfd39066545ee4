"""Middleware of the whole site: the Content-Security-Policy header and slow-request logging."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

__all__ = ["ContentSecurityPolicyMiddleware", "SlowRequestMiddleware"]

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
