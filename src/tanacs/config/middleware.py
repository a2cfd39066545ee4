"""Refuse a NUL character anywhere in a request's path, query or form, before any view runs.

No text tanacs keeps or looks up can hold one: PostgreSQL refuses it in every text value,
even in a lookup, so ``/api/v1/councils/5/officers/a%00b/`` was a server error there and a
harmless miss on SQLite. One check here serves every page and endpoint alike; JSON bodies
are checked by the API's parser, uploaded files by what reads them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.html import escape

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
            return JsonResponse({"code": "invalid", "message": message}, status=400)
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
