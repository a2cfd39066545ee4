"""Where the pages meet the actions: domain errors become page messages with the same words."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from tanacs.core.errors import Forbidden, TanacsError
from tanacs.core.refusals import log_refusal

View = TypeVar("View", bound=Callable[..., HttpResponse])


def next_url(request: HttpRequest, fallback: str) -> str:
    """The ``next`` a form or link names, if it stays on this site; else ``fallback``.

    ``//evil.example/x`` starts with a slash yet leaves the site, so a prefix check is not
    enough: Django's own test decides, as its sign-in view does.
    """
    target = str(request.POST.get("next") or request.GET.get("next") or "").strip()
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def error_page(request: HttpRequest, error: TanacsError) -> HttpResponse:
    """403 and 404 get their own page; a person who is not signed in is sent to sign in."""
    refused(request, error)
    if isinstance(error, Forbidden) and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "web/error.html", {"error": error}, status=error.http_status)


def pages(view: View) -> View:
    """Turn a ``TanacsError`` raised while fetching or changing objects into a page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except TanacsError as error:
            return error_page(request, error)

    return wrapper  # type: ignore[return-value]


def act(
    request: HttpRequest,
    action: Callable[[], object],
    *,
    done: str | Callable[[Any], str],
    back: str,
) -> HttpResponse:
    """Run one action from a button; say what happened, or why nothing did, on the page."""
    try:
        result = action()
    except TanacsError as error:
        if error.http_status in (403, 404):
            return error_page(request, error)
        refused(request, error)
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, done if isinstance(done, str) else done(result))
    return redirect(back)


def refused(request: HttpRequest, error: TanacsError) -> None:
    """Log a refused action (code and actor, never the message); every page's catch calls it."""
    log_refusal(error, actor=request.user, via="web", where=f"{request.method} {request.path}")


def field_errors(error: TanacsError) -> dict[str, str]:
    """For forms: the message keyed by the field the action named, if any."""
    field = error.details.get("field")
    return {str(field): error.message} if field else {}
