"""Decision pages: a council's motions, programmes, elections and recall petitions; a motion
with its origin chain, amendments, ballots and mandates; co-signing, amending, petitioning.
Every change goes through ``tanacs.decisions.actions``; objects come through its access."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tanacs.ballots.access import access_ballot_for
from tanacs.ballots.actions import do_close_and_declare, do_resume_after_cancel
from tanacs.ballots.selectors import ballots_for
from tanacs.core.actors import signed_in
from tanacs.core.errors import InvalidInput, NotFound
from tanacs.core.storage import whole_number
from tanacs.decisions import actions
from tanacs.decisions.access import (
    access_amendment_for,
    access_decisions_of,
    access_election_for,
    access_motion_for,
    access_petition_for,
    access_point_for,
    access_programme_for,
    takes_part,
)
from tanacs.decisions.models import MandatePosition, MotionStatus
from tanacs.decisions.selectors import (
    cosigners_needed,
    delegates_on_mandates,
    list_elections,
    list_motions,
    list_petitions,
    list_points,
    mandate_report,
    mandates_bind,
    origin_chain,
    programme_points,
    recall_electorate,
    recall_share_percent,
)
from tanacs.delegation.selectors import list_seats
from tanacs.federation.access import access_council_for, can_change_council, is_steward
from tanacs.membership.visibility import find_person
from tanacs.web.views.edge import act, next_url, pages


@pages
def council_decisions(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_decisions_of(request.user, council_id)
    user = request.user
    context = {
        "council": council,
        "motions": list(list_motions(council)[:100]),
        "programmes": list(council.programmes.all()),
        "elections": list(list_elections(council)[:20]),
        "petitions": list(list_petitions(council)[:20]),
        "seats": list_seats(council),
        "delegate_votes": delegates_on_mandates(council) if council.parent_id else [],
        "officer": can_change_council(user, council),
        "takes_part": takes_part(user, council),
        "elects": user.pk in recall_electorate(council),
        "needed": cosigners_needed(council),
        "points": list_points(council.federation)[:300],
        "share": recall_share_percent(council),
        "bind": mandates_bind(council.federation),
        "steward": is_steward(user, council.federation),
    }
    return render(request, "web/decisions/council.html", context)


def _optional_int(request: HttpRequest, name: str) -> int | None:
    return _int(request, name) if _post(request, name) else None


@require_POST
@pages
def rules(request: HttpRequest, council_id: int) -> HttpResponse:
    """Officers set their council's numbers; stewards the federation's, and binding."""
    council = access_decisions_of(request.user, council_id)
    by = signed_in(request.user)
    back = reverse("web:decisions", args=[council.pk])
    cosigners, share = _optional_int(request, "cosigners"), _optional_int(request, "share")
    if request.POST.get("scope") == "federation":
        bind = request.POST.get("bind") == "on"
        return act(request, lambda: actions.do_set_federation_rules(
            council.federation, by=by, cosigners_needed=cosigners,
            recall_share_percent=share, mandates_bind=bind),
            done="The federation's rules are set.", back=back)  # fmt: skip
    return act(request, lambda: actions.do_set_council_rules(
        council, by=by, cosigners_needed=cosigners, recall_share_percent=share),
        done=f"{council.name} decides by its own numbers now.", back=back)  # fmt: skip


def _post(request: HttpRequest, name: str) -> str:
    return str(request.POST.get(name, "")).strip()


@require_POST
@pages
def motion_new(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_decisions_of(request.user, council_id)
    back = reverse("web:decisions", args=[council.pk])
    programme = (
        access_programme_for(request.user, _int(request, "programme"))
        if _post(request, "programme")
        else None
    )
    point = None
    if _post(request, "point"):
        point = access_point_for(request.user, _int(request, "point"))
    return act(
        request,
        lambda: actions.do_create_motion(council, title=_post(request, "title"),
                                         text=_post(request, "text"), by=signed_in(request.user),
                                         programme=programme, point=point),
        done=lambda m: f"Motion tabled: {m.title}.",
        back=back,
    )  # fmt: skip


@require_POST
@pages
def programme_new(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_decisions_of(request.user, council_id)
    return act(
        request,
        lambda: actions.do_create_programme(council, title=_post(request, "title"),
                                            by=signed_in(request.user)),
        done="Programme started.", back=reverse("web:decisions", args=[council.pk]),
    )  # fmt: skip


@require_POST
@pages
def election_new(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_decisions_of(request.user, council_id)
    return act(request, lambda: actions.do_call_election(council, by=signed_in(request.user)),
               done="Election called: candidates may stand now.",
               back=reverse("web:decisions", args=[council.pk]))  # fmt: skip


def _int(request: HttpRequest, name: str) -> int:
    number = whole_number(_post(request, name))
    if number is None:
        raise InvalidInput(f"{name} must be a whole number.", field=name)
    return number


@require_POST
@pages
def recall_new(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_decisions_of(request.user, council_id)
    seat = _int(request, "seat")
    return act(
        request,
        lambda: actions.do_open_recall(council, seat, reason=_post(request, "reason"),
                                       by=signed_in(request.user)),
        done="Recall petition opened and signed.",
        back=reverse("web:decisions", args=[council.pk]),
    )  # fmt: skip


@pages
def motion(request: HttpRequest, motion_id: int) -> HttpResponse:
    m = access_motion_for(request.user, motion_id)
    user = request.user
    council = m.council
    amendments = list(m.amendments.select_related("author"))
    for a in amendments:
        a.ballots = ballots_for(a)  # type: ignore[attr-defined]
    children = list(council.children.all()) if not council.is_base else []
    context = {
        "motion": m,
        "council": council,
        "origin": origin_chain(m),
        "sent_up": list(m.sent_up.select_related("council")),
        "cosigners": [c.person for c in m.cosignatures.select_related("person").order_by("pk")],
        "needed": cosigners_needed(council),
        "amendments": amendments,
        "ballots": ballots_for(m),
        "officer": can_change_council(user, council),
        "takes_part": takes_part(user, council),
        "is_author": m.author_id == user.pk,
        "can_send_up": m.status == MotionStatus.CARRIED and council.parent_id is not None,
        "mandates": mandate_report(m) if children else [],
        "mandate_councils": [c for c in children if can_change_council(user, c)],
        "positions": MandatePosition.values,
        "mandate_open": m.status in (MotionStatus.TABLED, MotionStatus.ADMITTED),
    }
    return render(request, "web/decisions/motion.html", context)


@pages
def mandates(request: HttpRequest, motion_id: int) -> HttpResponse:
    m = access_motion_for(request.user, motion_id)
    ballots = ballots_for(m)
    context = {"motion": m, "rows": mandate_report(m), "ballot": ballots[0] if ballots else None}
    return render(request, "web/decisions/mandates.html", context)


def _motion_action(request: HttpRequest, m: Any, move: str) -> Any:
    by = signed_in(request.user)
    if move == "cosign":
        return lambda: actions.do_cosign_motion(m, by=by), "You co-signed the motion."
    if move == "withdraw":
        return lambda: actions.do_withdraw_motion(m, by=by), "The motion is withdrawn."
    if move == "table":
        return lambda: actions.do_table_motion(m, by=by), "The motion is tabled."
    if move == "amend":
        return (lambda: actions.do_propose_amendment(m, text=_post(request, "text"),
                                                     reason=_post(request, "reason"), by=by),
                "Amendment proposed.")  # fmt: skip
    if move == "vote":
        return lambda: actions.do_open_motion_vote(m, by=by), "The vote on the motion is open."
    if move == "send-up":
        return (lambda: actions.do_send_up(m, by=by),
                f"Sent up to {m.council.parent} as this council's proposal.")  # fmt: skip
    if move in ("mandate", "mandate-vote"):
        council = access_council_for(by, _int(request, "council"))
        if move == "mandate":
            return (lambda: actions.do_set_mandate(m, council, position=_post(request, "position"),
                                                   by=by), "Mandate recorded.")  # fmt: skip
        return (lambda: actions.do_open_mandate_vote(m, council, by=by),
                f"{council.name} votes on its mandate now.")  # fmt: skip
    raise NotFound(f"There is no action {move!r} on motions.")


@require_POST
@pages
def motion_move(request: HttpRequest, motion_id: int, move: str) -> HttpResponse:
    m = access_motion_for(request.user, motion_id)
    action, done = _motion_action(request, m, move)
    return act(request, action, done=done, back=reverse("web:motion", args=[m.pk]))


@require_POST
@pages
def amendment_move(request: HttpRequest, amendment_id: int, move: str) -> HttpResponse:
    amendment = access_amendment_for(request.user, amendment_id)
    m = amendment.motion
    if move == "vote":
        action: Any = lambda: actions.do_open_amendment_vote(amendment, by=signed_in(request.user))  # noqa: E731
        done = f"Amendment {amendment.number} is put to the vote."
    elif move == "withdraw":
        action = lambda: actions.do_withdraw_amendment(amendment, by=signed_in(request.user))  # noqa: E731
        done = f"Amendment {amendment.number} is withdrawn."
    else:
        raise NotFound(f"There is no action {move!r} on amendments.")
    return act(request, action, done=done, back=reverse("web:motion", args=[m.pk]))


@pages
def programme(request: HttpRequest, programme_id: int) -> HttpResponse:
    p = access_programme_for(request.user, programme_id)
    user = request.user
    officer_of = [
        c for c in p.council.federation.councils.all().order_by("level", "name")
        if can_change_council(user, c)
    ]  # fmt: skip
    context = {
        "programme": p,
        "points": programme_points(p),
        "officer": can_change_council(user, p.council),
        "officer_of": officer_of,
        "others": p.council.federation.councils.exclude(pk=p.council_id)
        .filter(programmes__isnull=False)
        .distinct(),
    }
    return render(request, "web/decisions/programme.html", context)


@require_POST
@pages
def programme_move(request: HttpRequest, programme_id: int, move: str) -> HttpResponse:
    p = access_programme_for(request.user, programme_id)
    by = signed_in(request.user)
    back = reverse("web:programme", args=[p.pk])
    if move == "point":
        return act(request, lambda: actions.do_add_point(p, text=_post(request, "text"), by=by),
                   done="Point added.", back=back)  # fmt: skip
    if move == "merge":
        source = access_programme_for(by, _int(request, "source"))
        return act(request, lambda: actions.do_merge_programme(source, p, by=by),
                   done=f"Merged {source.title}.", back=back)  # fmt: skip
    if move == "endorse":
        point = access_point_for(by, _int(request, "point"), programme=p)
        council = access_council_for(by, _int(request, "council"))
        return act(request, lambda: actions.do_endorse_point(point, council, by=by,
                                                             note=_post(request, "note")),
                   done=f"{council.name} endorses point {point.number}.", back=back)  # fmt: skip
    raise NotFound(f"There is no action {move!r} on programmes.")


@pages
def election(request: HttpRequest, election_id: int) -> HttpResponse:
    e = access_election_for(request.user, election_id)
    context = {
        "election": e,
        "council": e.council,
        "candidates": [c.person for c in e.candidates.select_related("person")],
        "ballots": ballots_for(e),
        "officer": can_change_council(request.user, e.council),
        "eligible": takes_part(request.user, e.council),
        "seats": [s for s in list_seats(e.council) if s.number in e.seats],
    }
    return render(request, "web/decisions/election.html", context)


@require_POST
@pages
def election_move(request: HttpRequest, election_id: int, move: str) -> HttpResponse:
    e = access_election_for(request.user, election_id)
    by = signed_in(request.user)
    back = reverse("web:election", args=[e.pk])
    if move == "stand":
        name = _post(request, "username")
        person = find_person(name) if name else None
        return act(request, lambda: actions.do_stand(e, by=by, person=person),
                   done="Standing for election.", back=back)  # fmt: skip
    if move == "withdraw":
        return act(request, lambda: actions.do_withdraw_candidacy(e, by=by),
                   done="Candidacy withdrawn.", back=back)  # fmt: skip
    if move == "open":
        return act(request, lambda: actions.do_open_election(e, by=by),
                   done=lambda b: "The ballot is open." if b else "Elected unopposed.",
                   back=back)  # fmt: skip
    if move == "cancel":
        return act(request, lambda: actions.do_cancel_election(e, by=by),
                   done="Election cancelled.", back=back)  # fmt: skip
    raise NotFound(f"There is no action {move!r} on elections.")


@pages
def recall(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = access_petition_for(request.user, petition_id)
    council = petition.seat.council
    signers = [s.person for s in petition.signatures.select_related("person").order_by("pk")]
    seat = next((s for s in list_seats(council) if s.number == petition.seat.number), None)
    context = {
        "petition": petition,
        "council": council,
        "signers": signers,
        "signed": request.user in signers,
        "count": len(signers),
        "elects": request.user.pk in recall_electorate(council),
        "ballots": ballots_for(petition),
        "seat": seat,
        "officer": can_change_council(request.user, council),
    }
    return render(request, "web/decisions/recall.html", context)


@require_POST
@pages
def recall_sign(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = access_petition_for(request.user, petition_id)
    return act(
        request, lambda: actions.do_sign_recall(petition, by=signed_in(request.user)),
        done=lambda p: "Signed. The threshold is reached: the recall ballot is open."
        if p.status == "ballot" else "Signed.",
        back=reverse("web:recall", args=[petition.pk]),
    )  # fmt: skip


@require_POST
@pages
def close_ballot(request: HttpRequest, ballot_id: int) -> HttpResponse:
    ballot = access_ballot_for(request.user, ballot_id)
    back = next_url(request, reverse("web:ballot", args=[ballot.pk]))
    return act(request, lambda: do_close_and_declare(ballot, by=signed_in(request.user)),
               done="The ballot is closed and its result declared.", back=back)  # fmt: skip


@require_POST
@pages
def resume_ballot(request: HttpRequest, ballot_id: int) -> HttpResponse:
    ballot = access_ballot_for(request.user, ballot_id)
    back = next_url(request, reverse("web:ballot", args=[ballot.pk]))
    return act(request, lambda: do_resume_after_cancel(ballot, by=signed_in(request.user)),
               done="It can be put to the vote again.", back=back)  # fmt: skip
