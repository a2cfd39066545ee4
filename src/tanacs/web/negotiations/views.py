"""Negotiation pages: a council's negotiations, one negotiation with its demands, answers
and sessions, and the text as sent (``text/plain``, printable). Every change goes through
``tanacs.negotiations.actions``; negotiations come through ``tanacs.negotiations.access``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from tanacs.core.actors import signed_in
from tanacs.core.errors import InvalidInput
from tanacs.decisions.access import access_decisions_of
from tanacs.decisions.models import Motion, ProgrammePoint
from tanacs.federation.access import can_change_council
from tanacs.negotiations import actions
from tanacs.negotiations.access import access_negotiation_for, is_negotiator, may_see
from tanacs.negotiations.models import DemandStatus, Negotiation, NegotiationStatus
from tanacs.negotiations.selectors import list_demands, list_negotiations, list_sessions
from tanacs.web.views.edge import act, pages


def _post(request: HttpRequest, name: str) -> str:
    return str(request.POST.get(name, "")).strip()


def _day(request: HttpRequest, name: str) -> date | None:
    text = _post(request, name)
    if not text:
        return None
    day = parse_date(text)
    if day is None:
        raise InvalidInput(f"{text!r} is not a date (e.g. 1956-11-16).", field=name)
    return day


def _number(request: HttpRequest) -> int:
    text = _post(request, "number")
    if not text.isdigit():
        raise InvalidInput("Choose a demand.", field="number")
    return int(text)


def _ids(request: HttpRequest, name: str) -> list[int]:
    return [int(pk) for pk in request.POST.getlist(name) if pk.isdigit()]


@pages
def council_negotiations(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_decisions_of(request.user, council_id)
    visible = [n for n in list_negotiations(council)[:100] if may_see(request.user, n)]
    context = {
        "council": council,
        "negotiations": visible,
        "officer": can_change_council(request.user, council),
    }
    return render(request, "web/negotiations/council.html", context)


@pages
def negotiation(request: HttpRequest, negotiation_id: int) -> HttpResponse:
    found = access_negotiation_for(request.user, negotiation_id)
    council = found.council
    officer = can_change_council(request.user, council)
    draft = found.status == NegotiationStatus.DRAFT
    context = {
        "negotiation": found,
        "demands": list_demands(found),
        "sessions": list(list_sessions(found)),
        "delegates": list(found.delegates.select_related("person")),
        "offers": list(found.offers.select_related("ballot")),
        "officer": officer,
        "negotiator": is_negotiator(request.user, found),
        "draft": draft,
        "sent": found.status == NegotiationStatus.SENT,
        "statuses": [s for s in DemandStatus.choices if s[0] != DemandStatus.PENDING],
        "points": list(ProgrammePoint.objects.filter(programme__council=council)[:300])
        if officer and draft
        else [],
        "motions": list(Motion.objects.filter(council=council)[:100]) if officer and draft else [],
        "elections": list(council.elections.filter(status="declared")[:20]) if officer else [],
    }
    return render(request, "web/negotiations/negotiation.html", context)


@pages
def negotiation_document(request: HttpRequest, negotiation_id: int) -> HttpResponse:
    """The text as sent, byte for byte what its SHA-256 was taken of."""
    found = access_negotiation_for(request.user, negotiation_id)
    if not found.document:
        raise Http404("Not sent yet.")
    response = HttpResponse(found.document, content_type="text/plain; charset=utf-8")
    response["X-Content-SHA256"] = found.document_sha256
    return response


@require_POST
@pages
def negotiation_open(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_decisions_of(request.user, council_id)

    def open_() -> Negotiation:
        return actions.do_open_negotiation(
            council, by=signed_in(request.user), counterpart=_post(request, "counterpart"),
            title=_post(request, "title"),
        )  # fmt: skip

    return act(request, open_, done=lambda n: f"Negotiation opened: {n.title}.",
               back=reverse("web:negotiations", args=[council.pk]))  # fmt: skip


def _steps(request: HttpRequest, found: Negotiation) -> dict[str, Callable[[], Any]]:
    by = signed_in(request.user)
    people = get_user_model().objects.filter(username__in=_post(request, "people").split())
    election = found.council.elections.filter(pk__in=_ids(request, "election")).first()
    return {
        "delegation": lambda: actions.do_set_delegation(
            found, by=by, people=None if election else list(people), election=election
        ),
        "demands": lambda: actions.do_add_demands(
            found,
            by=by,
            points=list(
                ProgrammePoint.objects.filter(
                    programme__council=found.council, pk__in=_ids(request, "points")
                )
            ),
            motions=list(
                Motion.objects.filter(council=found.council, pk__in=_ids(request, "motions"))
            ),
        ),
        "send": lambda: actions.do_send(found, by=by),
        "answer": lambda: actions.do_record_answer(
            found,
            _number(request),
            by=by,
            text=_post(request, "text"),
            status=_post(request, "status"),
            answered_on=_day(request, "answered_on"),
        ),
        "status": lambda: actions.do_set_demand_status(
            found, _number(request), _post(request, "status"), by=by, note=_post(request, "note")
        ),
        "session": lambda: actions.do_record_session(
            found,
            by=by,
            held_on=_day(request, "held_on"),
            place=_post(request, "place"),
            attendees=_post(request, "attendees"),
            notes=_post(request, "notes"),
        ),
        "offer": lambda: actions.do_put_offer(
            found,
            by=by,
            text=_post(request, "text"),
            terms={
                str(n): _post(request, f"term-{n}")
                for n in found.demands.values_list("number", flat=True)
                if _post(request, f"term-{n}")
            },
        ),
    }


@require_POST
@pages
def negotiation_step(request: HttpRequest, negotiation_id: int, step: str) -> HttpResponse:
    found = access_negotiation_for(request.user, negotiation_id)
    steps = _steps(request, found)
    if step not in steps:
        raise Http404(f"No such step: {step}.")
    return act(request, steps[step], done=f"Done: {step}.",
               back=reverse("web:negotiation", args=[found.pk]))  # fmt: skip
