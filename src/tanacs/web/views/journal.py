"""A federation's journal, readable by anyone: newest first, paged by sequence number.

The chain may hold a million entries, so pages are cut by ``seq`` (keyset), never by OFFSET.
Ordinary members are shown as the reader may see them: ``tanacs.membership.journal_view``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tanacs.ballots.selectors import list_ballots
from tanacs.core.errors import InvalidInput
from tanacs.federation.access import access_public_federation
from tanacs.federation.models import Council, Federation
from tanacs.journal.selectors import filter_entries, list_public_entries
from tanacs.journal.witness import check_extends, parse_head, published_head
from tanacs.membership.journal_view import journal_reader, show_entries
from tanacs.web.journal_summaries import SENTENCES, names_for, summarise
from tanacs.web.views.edge import pages

PAGE = 50
COUNCILS_LISTED = 500  # a larger federation filters by a council's link, not from a list
FAMILIES = ["federation", "council", "member", "seat", "ballot", "recall", "election",
            "motion", "amendment", "mandate", "programme", "decisions"]  # fmt: skip


def _seq(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@pages
def journal(request: HttpRequest, slug: str) -> HttpResponse:
    fed = access_public_federation(slug)
    kind, council = _kind(request.GET.get("kind", "")), _council(fed, request.GET.get("council"))
    entries = filter_entries(
        list_public_entries(fed.chain), kind=kind,
        council=council.pk if council else None,
        subjects=[f"ballot:{pk}" for pk in list_ballots(council).values_list("id", flat=True)]
        if council else None,
    )  # fmt: skip
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
    shown = show_entries(rows, journal_reader(request.user, fed), fed)
    names = names_for(shown)
    query = "&".join(
        f"{k}={v}" for k, v in (("kind", kind), ("council", council.pk if council else "")) if v
    )
    context = {
        "federation": fed,
        "entries": shown,
        "rows": [(entry, summarise(entry, names)) for entry in shown],
        "kind": kind,
        "council": council,
        "kinds": _kinds(kind),
        "councils": _councils(fed),
        "query": f"&{query}" if query else "",
        "head": published_head(fed.chain),
        "older": rows[-1].seq if older and rows else None,
        "newer": rows[0].seq if newer and rows else None,
    }
    return render(request, "web/journal.html", context)


def _kind(value: str) -> str:
    value = value.strip()
    return value if value.replace(".", "").replace("_", "").isalnum() else ""


def _council(federation: Federation, value: str | None) -> Council | None:
    pk = _seq(value)
    return federation.councils.filter(pk=pk).first() if pk is not None else None


def _kinds(current: str) -> list[tuple[str, str]]:
    """The kinds offered in the filter: each family, then each kind with its own sentence."""
    kinds = [(f, f"all {f} entries") for f in FAMILIES]
    kinds += [(k, k) for k in sorted(SENTENCES)]
    if current and current not in dict(kinds):
        kinds.append((current, current))
    return kinds


def _councils(federation: Federation) -> list[Council]:
    councils = federation.councils.order_by("-level", "name").only("id", "name", "level")
    return list(councils[: COUNCILS_LISTED + 1])


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
