"""Ballot pages. Every change goes through ``tanacs.ballots.actions``; reads through its
selectors and ``access_ballot_for``. Voting is a plain form: it works without JavaScript."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tanacs.ballots.access import (
    access_ballot_for,
    access_ballots_of,
    access_published_list_for,
    can_run_ballot,
)
from tanacs.ballots.actions import (
    do_cancel_ballot,
    do_cast_vote,
    do_close_ballot,
    do_create_ballot,
    do_declare_ballot,
    do_open_ballot,
)
from tanacs.ballots.export import (
    councils_top_down,
    list_csv,
    list_json,
    redraw_command,
    tally_csv,
)
from tanacs.ballots.models import RANKED_METHODS, Ballot, Electorate, Method, State
from tanacs.ballots.rules import THRESHOLDS
from tanacs.ballots.selectors import (
    find_receipt,
    get_elector,
    get_published_result,
    get_result,
    list_ballots,
    turnout,
)
from tanacs.core.actors import signed_in
from tanacs.core.errors import Conflict, NotFound, TanacsError
from tanacs.decisions.selectors import option_names
from tanacs.federation.access import access_council_for, can_change_council
from tanacs.web.views.edge import act, error_page, field_errors, pages, refused

RECEIPT_COOKIE_DAYS = 90
COUNCILS_SHOWN = 300  # beyond this, the result page lists workplaces only when asked


def _cookie(ballot: Ballot) -> str:
    return f"receipt-{ballot.pk}"


@pages
def council_ballots(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_ballots_of(request.user, council_id)
    above: list[Ballot] = []
    node = council.parent
    while node is not None:
        above.extend(
            b for b in list_ballots(node) if b.is_referendum and b.state != State.CANCELLED
        )
        node = node.parent
    context = {
        "council": council,
        "ballots": list(list_ballots(council)),
        "above": above,
        "officer": can_change_council(request.user, council),
    }
    return render(request, "web/ballots/list.html", context)


class BallotForm(forms.Form):
    title = forms.CharField(max_length=200)
    question = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    method = forms.ChoiceField(choices=Method.choices)
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="One option or candidate per line (none for yes/no).",
    )
    seats = forms.IntegerField(min_value=1, initial=1, help_text="Seats to fill (STV only).")
    electorate = forms.ChoiceField(choices=Electorate.choices)
    secret = forms.TypedChoiceField(
        choices=[
            ("", "Secret for members, recorded for delegates"),
            ("on", "Secret: nobody can see who chose what"),
            ("off", "Recorded: each vote is shown with its voter"),
        ],
        coerce={"on": True, "off": False}.__getitem__,
        empty_value=None,
        required=False,
        label="Ballot",
        help_text="Delegates answer to the members who sent them: their votes are recorded.",
    )
    quorum = forms.CharField(required=False, help_text="Turnout needed, e.g. 50% (optional).")
    threshold = forms.ChoiceField(choices=list(THRESHOLDS.items()))
    threshold_share = forms.CharField(required=False, help_text="For 'a given share', e.g. 3/5.")
    council_turnout = forms.CharField(
        required=False,
        help_text="Referendums: binds a workplace only at this turnout, e.g. 50%.",
    )
    min_reported = forms.IntegerField(
        min_value=0, initial=10, help_text="Councils with fewer voters have figures withheld."
    )
    closes_at = forms.DateTimeField(
        required=False,
        label="Closes at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Date and time (UTC), e.g. 2026-12-24 18:00; voting stops then and the ballot "
        "is counted. Leave empty to close it by hand.",
    )
    open_now = forms.BooleanField(required=False, initial=True, label="Open for voting now")


@pages
def ballot_new(request: HttpRequest, council_id: int) -> HttpResponse:
    council = access_council_for(request.user, council_id, change=True)
    initial = {"electorate": Electorate.MEMBERS if council.is_base else Electorate.REFERENDUM}
    form = BallotForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        open_now = data.pop("open_now")
        data["options"] = [line for line in data["options"].splitlines() if line.strip()]
        try:
            ballot = do_create_ballot(council, by=signed_in(request.user), **data)
            if open_now:
                ballot = do_open_ballot(ballot, by=signed_in(request.user))
        except TanacsError as error:
            if error.http_status in (403, 404):
                return error_page(request, error)
            refused(request, error)
            named = field_errors(error)
            if not named:
                form.add_error(None, error.message)
            for name, message in named.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            return redirect("web:ballot", ballot.pk)
    return render(request, "web/ballots/new.html", {"council": council, "form": form})


def _ranked_choice(request: HttpRequest, ballot: Ballot) -> list[list[int]]:
    ranks: dict[int, list[int]] = {}
    for index in range(len(ballot.options)):
        value = request.POST.get(f"rank-{index}", "").strip()
        if value:
            try:
                ranks.setdefault(int(value), []).append(index)
            except ValueError:
                continue
    return [ranks[r] for r in sorted(ranks)]


def _choice_from(request: HttpRequest, ballot: Ballot) -> Any:
    if ballot.method == Method.APPROVAL:
        return request.POST.getlist("choice")
    if ballot.method in RANKED_METHODS:
        return _ranked_choice(request, ballot)
    return request.POST.get("choice")


def _labels(ballot: Ballot) -> list[str]:
    """The options as people read them: candidates by name, not login."""
    names = option_names(ballot)
    return [names.get(str(option), str(option)) for option in ballot.options]


def _named_summary(summary: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    named = dict(summary)
    for key in ("votes", "approvals", "first_preferences"):
        if isinstance(summary.get(key), dict):
            named[key] = {names.get(k, k): v for k, v in summary[key].items()}
    for key in ("winners", "substitutes"):
        if isinstance(summary.get(key), list):
            named[key] = [names.get(w, w) for w in summary[key]]
    return named


def _named_result(data: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The result as shown: each option by the name people read (the JSON keeps logins)."""
    if not names:
        return data
    return {
        **data,
        "options": [names.get(o, o) for o in data["options"]],
        "total": _named_summary(data["total"], names),
        "councils": [
            {**c, "summary": _named_summary(c["summary"], names) if c.get("summary") else None}
            for c in data.get("councils", [])
        ],
    }


def _passed_by_level(ballot: Ballot, data: dict[str, Any]) -> list[tuple[str, Any]] | None:
    """How many councils of each level passed it, each level by the federation's name."""
    passed = data.get("passed_councils")
    if passed is None:
        return None
    levels = list(ballot.council.federation.levels)
    return [
        (levels[int(level)] if 0 <= int(level) < len(levels) else f"level {level}", n)
        for level, n in passed.items()
    ]


def _ballot_context(request: HttpRequest, ballot: Ballot, **extra: Any) -> dict[str, Any]:
    elector = get_elector(ballot, request.user)
    rows = turnout(ballot) if ballot.state != State.DRAFT else []
    total = rows[0] if rows else None
    return {
        "ballot": ballot,
        "elector": elector,
        "officer": can_run_ballot(request.user, ballot),
        "total": total,
        "positions": range(1, len(ballot.options) + 1),
        "option_labels": _labels(ballot),
        "ranked": ballot.method in RANKED_METHODS,
        "saved_receipt": request.COOKIES.get(_cookie(ballot), ""),
        "threshold_name": THRESHOLDS.get(ballot.threshold, ballot.threshold),
        **extra,
    }


@pages
def ballot(request: HttpRequest, ballot_id: int) -> HttpResponse:
    found = access_ballot_for(request.user, ballot_id)
    return render(request, "web/ballots/ballot.html", _ballot_context(request, found))


@require_POST
@pages
def vote(request: HttpRequest, ballot_id: int) -> HttpResponse:
    found = access_ballot_for(request.user, ballot_id)
    code = request.POST.get("receipt", "")
    try:
        receipt = do_cast_vote(
            found, by=signed_in(request.user), choice=_choice_from(request, found), receipt=code
        )
    except TanacsError as error:
        if error.http_status == 404:
            return error_page(request, error)
        refused(request, error)
        context = _ballot_context(request, found, error=error.message)
        return render(request, "web/ballots/ballot.html", context, status=error.http_status)
    response = render(request, "web/ballots/voted.html", {"ballot": found, "receipt": receipt})
    if receipt.code:
        # Kept only in this browser, never on the server: it lets the voter change their vote.
        response.set_cookie(
            _cookie(found), receipt.code, max_age=RECEIPT_COOKIE_DAYS * 86400,
            path=f"/b/{found.pk}/", httponly=True, samesite="Lax", secure=request.is_secure(),
        )  # fmt: skip
    return response


@pages
def receipt(request: HttpRequest, ballot_id: int) -> HttpResponse:
    found = access_ballot_for(request.user, ballot_id)
    code = request.POST.get("receipt", "").strip() if request.method == "POST" else ""
    entry = find_receipt(found, code) if code else None
    if entry is not None and "choice" in entry:
        entry["shown"] = _describe(entry["choice"])
    context = {
        "ballot": found,
        "code": code or request.COOKIES.get(_cookie(found), ""),
        "checked": bool(code),
        "entry": entry,
    }
    return render(request, "web/ballots/receipt.html", context)


@pages
def turnout_page(request: HttpRequest, ballot_id: int) -> HttpResponse:
    found = access_ballot_for(request.user, ballot_id)
    if found.state == State.DRAFT:
        raise Conflict("Turnout is shown once the ballot opens.")
    rows = turnout(found)
    top = max((r.level for r in rows), default=0)
    shown = councils_top_down(
        [{**r.__dict__, "percent": r.percent, "indent": min(3, top - r.level)} for r in rows]
    )
    folded = len(shown) > COUNCILS_SHOWN and not request.GET.get("all")
    if folded:
        shown = [row for row in shown if row["level"] > 0]
    context = {"ballot": found, "rows": shown, "folded": folded}
    return render(request, "web/ballots/turnout.html", context)


def _describe(choice: Any) -> str:
    if isinstance(choice, str):
        return choice
    return " > ".join(" = ".join(c) if isinstance(c, list) else str(c) for c in choice) or "none"


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    return float(Fraction(str(value)))


def _percent(part: Any, whole: Any) -> float:
    whole_f = _number(whole)
    return round(100 * _number(part) / whole_f, 1) if whole_f else 0.0


def _bars(ballot: Ballot, summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Bar rows (label, figure, percent) for yes/no/abstain, choose-one and approval."""
    if ballot.method == Method.YESNO:
        pairs = [(k.capitalize(), summary.get(k, 0)) for k in ("yes", "no", "abstain")]
    elif ballot.method == Method.CHOOSE_ONE:
        pairs = list(summary.get("votes", {}).items())
    elif ballot.method == Method.APPROVAL:
        pairs = list(summary.get("approvals", {}).items())
    else:
        pairs = list(summary.get("first_preferences", {}).items())
    base = summary.get("turnout", 0)
    return [{"label": k, "value": v, "percent": _percent(v, base)} for k, v in pairs]


def _pairwise(result: dict[str, Any]) -> list[dict[str, Any]] | None:
    engine = result.get("engine") or {}
    matrix = engine.get("pairwise")
    if not matrix:
        return None
    names = result["options"]
    rows = []
    for i, name in enumerate(names):
        cells = []
        for j in range(len(names)):
            if i == j:
                cells.append({"value": "—", "win": False})
            else:
                value = matrix[i][j]
                cells.append({"value": value, "win": _number(value) > _number(matrix[j][i])})
        rows.append({"name": name, "cells": cells})
    return rows


def _rounds(result: dict[str, Any]) -> list[dict[str, Any]] | None:
    engine = result.get("engine") or {}
    names = result["options"]
    if "stages" in engine:
        return [
            {
                "label": f"{s['number']}: {s['action']}"
                + (f" of {names[s['candidate']]}" if s.get("candidate") is not None else ""),
                "totals": s["totals"],
                "changes": s["transfers"],
                "note": ", ".join(f"{names[c]} elected" for c in s.get("elected", [])),
                "exhausted": s["exhausted"],
            }
            for s in engine["stages"]
        ]
    if "rounds" in engine:
        return [
            {
                "label": str(r["number"]),
                "totals": r["totals"],
                "changes": None,
                "note": "; ".join(
                    [f"{names[c]} elected" for c in r.get("elected", [])]
                    + [f"{names[c]} excluded" for c in r.get("excluded", [])]
                ),
                "exhausted": r["exhausted"],
            }
            for r in engine["rounds"]
        ]
    return None


def _council_rows(ballot: Ballot, result: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for c in councils_top_down(result.get("councils", [])):
        summary = c["summary"]
        rows.append(
            {
                **c,
                "indent": min(3, result["councils"][-1]["level"] - c["level"]),
                "turnout_percent": _percent(c["voters"], c["electors"]),
                "bars": _bars(ballot, summary) if summary else [],
                "winners": ", ".join(summary.get("winners", [])) if summary else "",
            }
        )
    return rows


@pages
def result(request: HttpRequest, ballot_id: int) -> HttpResponse:
    found = access_ballot_for(request.user, ballot_id)
    raw = get_published_result(found)
    data = _named_result(raw, option_names(found))
    councils = _council_rows(found, data) if found.is_referendum else []
    folded = len(councils) > COUNCILS_SHOWN and not request.GET.get("all")
    if folded:  # a federation of thousands of workplaces: councils above them first
        councils = [c for c in councils if c["level"] > 0]
    context = {
        "ballot": found,
        "result": data,
        "total": data["total"],
        "bars": _bars(found, data["total"]),
        "pairwise": _pairwise(data),
        "rounds": _rounds(data),
        "councils": councils,
        "folded": folded,
        "turnout_percent": _percent(data["voters"], data["electors"]),
        "options": data["options"],
        "passed_by_level": _passed_by_level(found, data),
        "result_json": json.dumps(raw, ensure_ascii=False),
        "redraw": redraw_command(found, data["seed"]) if "seed" in data else "",
    }
    return render(request, "web/ballots/result.html", context)


@pages
def export_csv(request: HttpRequest, ballot_id: int) -> HttpResponse:
    found = access_published_list_for(request.user, ballot_id)
    response = StreamingHttpResponse(list_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ballot-{found.pk}.csv"'
    return response  # type: ignore[return-value]


@pages
def export_tally(request: HttpRequest, ballot_id: int) -> HttpResponse:
    found = access_published_list_for(request.user, ballot_id)
    response = StreamingHttpResponse(tally_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ballot-{found.pk}-tally.csv"'
    return response  # type: ignore[return-value]


@pages
def export_json(request: HttpRequest, ballot_id: int) -> HttpResponse:
    found = access_published_list_for(request.user, ballot_id)
    data = {**list_json(found), "result": get_result(found)}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


MOVES = {
    "open": (do_open_ballot, "The ballot is open: the electorate is fixed."),
    "close": (do_close_ballot, "The ballot is closed and counted; the result is published."),
    "declare": (do_declare_ballot, "The result is declared."),
}


@require_POST
@pages
def move(request: HttpRequest, ballot_id: int, move: str) -> HttpResponse:
    found = access_ballot_for(request.user, ballot_id)
    back = reverse("web:ballot", args=[found.pk])
    if move == "cancel":
        reason = request.POST.get("reason", "")
        return act(
            request,
            lambda: do_cancel_ballot(found, by=signed_in(request.user), reason=reason),
            done="The ballot is cancelled.",
            back=back,
        )
    if move not in MOVES:
        raise NotFound(f"A ballot cannot {move}.")
    action, done = MOVES[move]
    return act(request, lambda: action(found, by=signed_in(request.user)), done=done, back=back)
