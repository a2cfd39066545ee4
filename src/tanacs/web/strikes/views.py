"""Strike pages: a federation's strikes seen from a council, one strike with its roll-up,
conditions, timeline and history; calling, reporting and deciding. Every change goes through
``tanacs.strikes.actions``; strikes come through ``tanacs.strikes.access``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from tanacs.core.actors import signed_in
from tanacs.core.errors import InvalidInput
from tanacs.decisions.access import access_decisions_of, access_motion_for
from tanacs.decisions.models import Motion, MotionStatus
from tanacs.decisions.selectors import list_points
from tanacs.federation.access import access_council_for, can_change_council
from tanacs.negotiations.selectors import demands_for_conditions
from tanacs.strikes import actions
from tanacs.strikes.access import access_strike_for, may_report
from tanacs.strikes.models import CouncilStatus, DecisionAction, StrikeKind
from tanacs.strikes.selectors import (
    conditions_met,
    list_conditions,
    list_reports,
    list_strikes,
    roll_up,
    timeline,
)
from tanacs.web.strikes.chart import step_chart
from tanacs.web.views.edge import act, pages

FOLD_ABOVE = 300  # councils in scope


def _by(request: HttpRequest) -> User:
    """The person acting (an anonymous visitor is refused before any action runs)."""
    return signed_in(request.user)


def _post(request: HttpRequest, name: str) -> str:
    return str(request.POST.get(name, "")).strip()


def _when(request: HttpRequest, name: str) -> datetime | None:
    text = _post(request, name)
    if not text:
        return None
    when = parse_datetime(text)
    if when is None:
        raise InvalidInput(f"{text!r} is not a date and time (e.g. 1956-10-26T08:00).", field=name)
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def _int_or_none(request: HttpRequest, name: str) -> int | None:
    text = _post(request, name)
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput(f"{name.replace('_', ' ').capitalize()} must be a whole number.",
                           field=name)  # fmt: skip
    return int(text)


def _motion(request: HttpRequest) -> Motion | None:
    pk = _int_or_none(request, "motion")
    return access_motion_for(request.user, pk) if pk is not None else None


@pages
def council_strikes(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_decisions_of(request.user, council_id)
    officer = can_change_council(request.user, council)
    carried = Motion.objects.filter(council=council, status=MotionStatus.CARRIED)
    context = {
        "council": council,
        "strikes": list(list_strikes(council.federation)[:50]),
        "officer": officer,
        "kinds": StrikeKind.choices,
        "carried": list(carried[:50]) if officer else [],
        "points": list(list_points(council.federation)[:300]) if officer else [],
        "children": list(council.children.order_by("name")[:200]) if officer else [],
    }
    return render(request, "web/strikes/council.html", context)


@pages
def strike(request: HttpRequest, strike_id: int) -> HttpResponse:
    found = access_strike_for(request.user, strike_id)
    rolled = roll_up(found)
    conditions = list_conditions(found)
    negotiated = demands_for_conditions(conditions, request.user)
    for condition in conditions:
        condition.demands = negotiated.get(condition.pk, [])  # type: ignore[attr-defined]
    reportable = [
        c for c in found.councils.select_related("council__federation").order_by("council__name")
        if may_report(request.user, c.council)
    ][:200]  # fmt: skip
    context = {
        "strike": found,
        "rolled": rolled,
        # Like the referendum results: a big tree folds its workplaces away unless asked.
        "show_base": rolled.councils <= FOLD_ABOVE or request.GET.get("all") == "1",
        "conditions": conditions,
        "met": conditions_met(conditions),
        "chart": step_chart(timeline(found), until=found.ended_at or timezone.now()),
        "reports": list(list_reports(found)[:100]),
        "decisions": list(found.decisions.select_related("motion", "ballot")),
        "reportable": [row.council for row in reportable],
        "statuses": CouncilStatus.choices,
        "officer": can_change_council(request.user, found.council),
        "actions": [a for a in DecisionAction.values if a != DecisionAction.CALL],
        "carried": list(
            Motion.objects.filter(council=found.council, status=MotionStatus.CARRIED)[:50]
        ),
    }
    return render(request, "web/strikes/strike.html", context)


@require_POST
@pages
def strike_call(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_decisions_of(request.user, council_id)
    back = reverse("web:strikes", args=[council.pk])
    scope = [access_council_for(request.user, int(pk)) for pk in request.POST.getlist("scope")
             if pk.isdigit()]  # fmt: skip
    chosen = [int(pk) for pk in request.POST.getlist("points") if pk.isdigit()]
    points = list(list_points(council.federation).filter(pk__in=chosen))
    return act(
        request,
        lambda: actions.do_call_strike(
            council, by=_by(request), title=_post(request, "title"),
            kind=_post(request, "kind"), starts_at=_when(request, "starts_at"),
            scope=scope, points=points, motion=_motion(request),
        ),
        done=lambda s: f"Strike called: {s.title}.",
        back=back,
    )  # fmt: skip


def _services(request: HttpRequest) -> list[Any]:
    """``service`` lines: "power station: 4", one per line."""
    services = []
    for line in _post(request, "services").splitlines():
        if line.strip():
            name, _, members = line.rpartition(":")
            services.append([name.strip() or line.strip(), members.strip() or "0"])
    return services


@require_POST
@pages
def strike_report(request: HttpRequest, strike_id: int) -> HttpResponse:
    found = access_strike_for(request.user, strike_id)
    back = reverse("web:strike", args=[found.pk])
    council_pk = _int_or_none(request, "council") or 0
    council = access_council_for(request.user, council_pk)
    return act(
        request,
        lambda: actions.do_report_status(
            found, council, _post(request, "status"), by=_by(request),
            members_out=_int_or_none(request, "members_out"), services=_services(request),
            reported_at=_when(request, "reported_at"), note=_post(request, "note"),
        ),
        done=f"Status of {council.name} reported.",
        back=back,
    )  # fmt: skip


@require_POST
@pages
def strike_decide(request: HttpRequest, strike_id: int) -> HttpResponse:
    found = access_strike_for(request.user, strike_id)
    action = _post(request, "action")
    return act(
        request,
        lambda: actions.do_decide_strike(
            found, action, by=_by(request),
            starts_at=_when(request, "starts_at"), motion=_motion(request),
        ),
        done=f"Decision recorded: {action}.",
        back=reverse("web:strike", args=[found.pk]),
    )  # fmt: skip


@require_POST
@pages
def strike_ballot(request: HttpRequest, strike_id: int) -> HttpResponse:
    """Officers put a decision on the call to a ballot of its council (a return to work)."""
    found = access_strike_for(request.user, strike_id)
    action = _post(request, "action")

    def put() -> Any:
        return actions.do_ballot_on_decision(found, action, by=_by(request),
                                             starts_at=_when(request, "starts_at"))  # fmt: skip

    return act(request, put, done=lambda b: f"Ballot {b.pk} is open: {b.title}",
               back=reverse("web:strike", args=[found.pk]))  # fmt: skip
