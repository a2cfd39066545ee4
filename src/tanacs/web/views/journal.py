"""A federation's journal, readable by anyone: newest first, paged by sequence number.

The chain may hold a million entries, so pages are cut by ``seq`` (keyset), never by OFFSET.
Ordinary members are shown as the reader may see them: ``tanacs.membership.journal_view``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tanacs.core.errors import InvalidInput
from tanacs.federation.access import access_public_federation
from tanacs.journal.selectors import list_public_entries
from tanacs.journal.witness import check_extends, parse_head, published_head
from tanacs.membership.journal_view import journal_reader, show_entries
from tanacs.web.views.edge import pages

PAGE = 50


def _seq(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@pages
def journal(request: HttpRequest, slug: str) -> HttpResponse:
    fed = access_public_federation(slug)
    entries = list_public_entries(fed.chain)
    before, after = _seq(request.GET.get("before")), _seq(request.GET.get("after"))
    if after is not None:
        # Going back towards newer entries: take the PAGE just above ``after``.
        rows = list(entries.filter(seq__gt=after).order_by("seq")[: PAGE + 1])
        newer = len(rows) > PAGE
        rows = rows[:PAGE][::-1]
        older = True
    else:
        if before is not None:
            entries = entries.filter(seq__lt=before)
        rows = list(entries[: PAGE + 1])
        older = len(rows) > PAGE
        rows = rows[:PAGE]
        newer = before is not None
    context = {
        "federation": fed,
        "entries": show_entries(rows, journal_reader(request.user, fed), fed),
        "head": published_head(fed.chain),
        "older": rows[-1].seq if older and rows else None,
        "newer": rows[0].seq if newer and rows else None,
    }
    return render(request, "web/journal.html", context)


@pages
def journal_check(request: HttpRequest, slug: str) -> HttpResponse:
    """Paste a head kept earlier; the answer says whether the present chain extends it."""
    fed = access_public_federation(slug)
    raw = request.GET.get("head", "")
    context = {"federation": fed, "kept": raw, "report": None, "error": None}
    if raw.strip():
        try:
            context["report"] = check_extends(parse_head(raw), chain=fed.chain)
        except InvalidInput as error:
            context["error"] = error.message
    status = 400 if context["error"] else 200
    return render(request, "web/journal_check.html", context, status=status)
