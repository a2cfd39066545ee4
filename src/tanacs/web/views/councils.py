"""The council page and the buttons on it: apply, vouch, admit, suspend, seats, officers."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tanacs.core.actors import get_person, signed_in
from tanacs.core.errors import Forbidden, InvalidInput, NotFound
from tanacs.delegation.actions import do_mark_available, do_mark_unavailable, do_set_seat_holders
from tanacs.delegation.selectors import list_seats
from tanacs.federation.access import (
    access_council_for,
    access_council_in,
    is_officer,
    is_steward,
)
from tanacs.federation.actions import do_appoint_officer, do_move_council
from tanacs.federation.models import Council
from tanacs.federation.selectors import count_children, list_children_page, list_officers
from tanacs.membership.access import access_membership_for
from tanacs.membership.actions import (
    do_admit,
    do_apply,
    do_leave,
    do_reinstate,
    do_suspend,
    do_vouch,
)
from tanacs.membership.journal_view import reads_reasons_of
from tanacs.membership.models import Membership, Status
from tanacs.membership.selectors import (
    belongs_to,
    get_membership,
    list_applicants,
    list_members,
    list_members_after,
    reads_member_lists,
    vouched_for_by,
)
from tanacs.web.tree import CHILDREN_SHOWN
from tanacs.web.views.edge import act, pages

MEMBERS_PER_PAGE = 50


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


APPLICANTS_SHOWN = 50


@pages
def council(request: HttpRequest, council_id: int) -> HttpResponse:
    c = access_council_for(request.user, council_id)
    fed = c.federation
    user = request.user
    # Each answer is asked once: this page is on the hot path of every member.
    steward = is_steward(user, fed)
    officer = steward or is_officer(user, c)
    mine = get_membership(user, fed)
    active = mine is not None and mine.status == Status.ACTIVE
    sees_members = steward or officer or active or reads_member_lists(user, fed)
    sees_decisions = sees_members or mine is not None or belongs_to(user, fed)
    seats = list_seats(c)
    children = [] if c.is_base else list_children_page(c.pk, CHILDREN_SHOWN)
    child_count = len(children)
    if child_count == CHILDREN_SHOWN:
        child_count = count_children([c.pk]).get(c.pk, 0)
    base = reverse("web:council", args=[c.pk])
    context = {
        # Row links are built from these prefixes: a reverse() per row is measurably slow.
        "base": base,
        "councils": base.removesuffix(f"{c.pk}/"),
        "council": c,
        "federation": fed,
        "seats": seats,
        "reads_reasons": any(h.reason for s in seats for h in s.holders)
        and reads_reasons_of(user, c),
        "officers": list_officers(c),
        "children": children,
        "child_count": child_count,
        "sees_members": sees_members,
        "sees_decisions": sees_decisions,
        "officer": officer,
        "steward": steward,
        "membership": mine,
        "can_apply": c.is_base and mine is None,
        "can_vouch": mine is not None and mine.council_id == c.pk and mine.status == Status.ACTIVE,
        "members": None,
        "applicants": [],
        "suspended": [],
    }
    if c.is_base and sees_members:
        after = _int(request.GET.get("after")) or 0
        members = list_members_after(c, after=after, limit=MEMBERS_PER_PAGE + 1)
        context["members"] = members[:MEMBERS_PER_PAGE]
        context["members_after"] = after
        context["members_next"] = (
            members[MEMBERS_PER_PAGE - 1].pk if len(members) > MEMBERS_PER_PAGE else None
        )
        applicants = list(list_applicants(c)[:APPLICANTS_SHOWN])
        context["applicants"] = applicants
        context["vouched"] = vouched_for_by(user, [a.pk for a in applicants])
        if officer:
            context["suspended"] = list(list_members(c, Status.SUSPENDED)[:APPLICANTS_SHOWN])
    return render(request, "web/council.html", context)


def _back(c: Council, anchor: str = "") -> str:
    url = reverse("web:council", args=[c.pk])
    return f"{url}#{anchor}" if anchor else url


def _on_membership(
    request: HttpRequest,
    council_id: int,
    membership_id: int,
    action: Callable[[Membership], Membership],
    done: str,
) -> HttpResponse:
    c = access_council_for(request.user, council_id)
    membership = access_membership_for(request.user, membership_id, council=c)
    name = membership.person.get_username()

    def said(after: Membership) -> str:
        text = done.format(name=name)
        if after.status == Status.ACTIVE and membership.status == Status.APPLIED:
            text += f" {name} is now an active member."
        return text

    return act(request, lambda: action(membership), done=said, back=_back(c, "members"))


@require_POST
@pages
def apply(request: HttpRequest, council_id: int) -> HttpResponse:
    c = access_council_for(request.user, council_id)
    return act(
        request,
        lambda: do_apply(c, person=request.user),
        done=f"You applied to {c.name}. Members vouch for you, or an officer admits you.",
        back=_back(c),
    )


@require_POST
@pages
def vouch(request: HttpRequest, council_id: int, membership_id: int) -> HttpResponse:
    return _on_membership(
        request,
        council_id,
        membership_id,
        lambda m: do_vouch(m, by=signed_in(request.user)),
        "You vouched for {name}.",
    )


@require_POST
@pages
def admit(request: HttpRequest, council_id: int, membership_id: int) -> HttpResponse:
    return _on_membership(
        request,
        council_id,
        membership_id,
        lambda m: do_admit(m, by=signed_in(request.user)),
        "You admitted {name}.",
    )


@require_POST
@pages
def suspend(request: HttpRequest, council_id: int, membership_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _on_membership(
        request,
        council_id,
        membership_id,
        lambda m: do_suspend(m, by=signed_in(request.user), reason=reason),
        "{name} is suspended.",
    )


@require_POST
@pages
def reinstate(request: HttpRequest, council_id: int, membership_id: int) -> HttpResponse:
    return _on_membership(
        request,
        council_id,
        membership_id,
        lambda m: do_reinstate(m, by=signed_in(request.user)),
        "{name} is reinstated.",
    )


@require_POST
@pages
def leave(request: HttpRequest, council_id: int) -> HttpResponse:
    c = access_council_for(request.user, council_id)
    mine = get_membership(request.user, c.federation)
    if mine is None or mine.council_id != c.pk:
        raise Forbidden(f"You are not a member of {c.name}.")
    return act(
        request,
        lambda: do_leave(mine, by=signed_in(request.user)),
        done=f"You left {c.name}.",
        back=_back(c),
    )


@require_POST
@pages
def appoint_officer(request: HttpRequest, council_id: int) -> HttpResponse:
    c = access_council_for(request.user, council_id)
    username = request.POST.get("username", "")
    return act(
        request,
        lambda: do_appoint_officer(
            c, get_person(username, field="username"), by=signed_in(request.user)
        ),
        done=f"{username.strip()} is now an officer of {c.name}.",
        back=_back(c, "officers"),
    )


def _usernames(text: str) -> list[str]:
    return [name for name in re.split(r"[\s,]+", text) if name]


@require_POST
@pages
def set_seat(request: HttpRequest, council_id: int, number: int) -> HttpResponse:
    """Appoint a seat's delegate and its substitutes in order (one list replaces the last)."""
    c = access_council_for(request.user, council_id)
    delegate = request.POST.get("delegate", "")
    substitutes = _usernames(request.POST.get("substitutes", ""))

    def action() -> object:
        person = get_person(delegate, field="delegate")
        subs = [get_person(name, field="substitutes") for name in substitutes]
        return do_set_seat_holders(
            c, number, delegate=person, substitutes=subs, by=signed_in(request.user)
        )

    return act(
        request, action, done=f"Seat {number} has a new list of holders.", back=_back(c, "seats")
    )


@require_POST
@pages
def mark_unavailable(request: HttpRequest, council_id: int, number: int) -> HttpResponse:
    c = access_council_for(request.user, council_id)
    username = request.POST.get("username", "")
    reason = request.POST.get("reason", "")

    def action() -> object:
        person = get_person(username, field="username")
        return do_mark_unavailable(c, number, person, reason=reason, by=signed_in(request.user))

    return act(
        request,
        action,
        done=f"{username.strip()} is marked unavailable; the next available holder sits.",
        back=_back(c, "seats"),
    )


@require_POST
@pages
def mark_available(request: HttpRequest, council_id: int, number: int) -> HttpResponse:
    c = access_council_for(request.user, council_id)
    username = request.POST.get("username", "")

    def action() -> object:
        person = get_person(username, field="username")
        return do_mark_available(c, number, person, by=signed_in(request.user))

    return act(
        request,
        action,
        done=f"{username.strip()} is available again.",
        back=_back(c, "seats"),
    )


@require_POST
@pages
def move(request: HttpRequest, council_id: int) -> HttpResponse:
    c = access_council_for(request.user, council_id)
    slug = request.POST.get("parent", "").strip()

    def action() -> object:
        parent = None
        if slug:
            try:
                parent = access_council_in(request.user, c.federation, slug)
            except NotFound as error:
                raise InvalidInput(str(error), field="parent") from None
        return do_move_council(c, parent=parent, by=signed_in(request.user))

    return act(request, action, done=f"{c.name} is moved.", back=_back(c))
