"""Swagger UI at /api/docs/, from drf-spectacular-sidecar (no CDN), under the site's policy."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.request import Request
from rest_framework.response import Response


class SwaggerView(SpectacularSwaggerSplitView):
    """The split view loads its script as a file, so no inline script is needed; Swagger UI
    does set inline styles as it draws, so this one page allows them (styles only)."""

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response: Response = super().get(request, *args, **kwargs)  # type: ignore[no-untyped-call]
        if settings.CONTENT_SECURITY_POLICY:
            policy = f"{settings.CONTENT_SECURITY_POLICY}; style-src 'self' 'unsafe-inline'"
            response["Content-Security-Policy"] = policy
        return response
