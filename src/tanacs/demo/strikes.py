"""The strikes of October to December 1956, as the demo federation shows them.

The sources: a general strike from 26 October "spread through the whole of Budapest and out
into the main industrial towns - Miskolc, Gyor, Szolnoc, Pecs, Debrecen"; "the workers are
nevertheless taking it upon themselves to keep essential services going"; after a month
"in most of the councils, a majority voted to return to work. But only a fourth of the
workers returned"; "they extended their strikes on December 11 and 12"; "in the iron and
steel mills of Csepel, workers staged a sit-down strike. They demanded the release of their
leaders."

PLAUSIBLE, not in the sources: that the demo's National Workers' Council called the general
strike (in 1956 the call came from the Revolutionary Council of Workers and Students and the
factory councils); which councils kept which services (power, coal for the power stations and
hospitals, trams for the hospitals) with how many members; every date and share of members
out below other than 26 October and 11-12 December; the date of the Csepel sit-down strike.

Reports are made for the named workplaces only, so the demo loads as fast at a million
members as at its default size; generated workplaces stay "called".
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from tanacs.ballots.models import Ballot
from tanacs.decisions.actions import record_motion_decided_elsewhere
from tanacs.decisions.models import Motion, Programme
from tanacs.federation.models import Council, Federation, Officer
from tanacs.strikes.actions import do_call_strike, do_decide_strike, do_report_status
from tanacs.strikes.models import Strike

__all__ = ["load_strikes"]

BUDAPEST = timezone(timedelta(hours=1))


def _at(month: int, day: int, hour: int = 8) -> datetime:
    return datetime(1956, month, day, hour, tzinfo=BUDAPEST)


# slug -> [(when, status, share of members out, [(service, share of members assigned)])]
GENERAL: dict[str, list[tuple[datetime, str, float, list[tuple[str, float]]]]] = {
    "egyesult-izzo": [(_at(10, 26), "on-strike", 1.0, []),
                      (_at(11, 21), "partly-out", 0.75, [])],
    "ujpest-spinning": [(_at(10, 26), "on-strike", 1.0, []),
                        (_at(11, 21), "partly-out", 0.7, [])],
    "csepel-works": [(_at(10, 26), "essential-services", 0.97,
                      [("the works' power station", 0.02), ("blast furnaces kept warm", 0.01)])],
    "csepel-port": [(_at(10, 27), "on-strike", 1.0, []), (_at(11, 22), "partly-out", 0.6, [])],
    "danube-shipyard": [(_at(10, 26), "on-strike", 1.0, []),
                        (_at(11, 22), "partly-out", 0.8, [])],
    "technical-university": [(_at(10, 26), "on-strike", 1.0, [])],
    "diosgyor-works": [(_at(10, 27), "essential-services", 0.96,
                        [("power station", 0.03), ("hospital supplies", 0.01)])],
    "raba-works": [(_at(10, 27), "on-strike", 1.0, []), (_at(11, 23), "partly-out", 0.7, [])],
    "mecsek-mines": [(_at(10, 28), "essential-services", 0.9,
                      [("coal for power stations and hospitals", 0.1)])],
    "debrecen-railway": [(_at(10, 28), "essential-services", 0.95,
                          [("trains for food and the wounded", 0.05)])],
    "szolnok-railway": [(_at(10, 28), "on-strike", 1.0, []),
                        (_at(11, 24), "partly-out", 0.75, [])],
}  # fmt: skip
DECEMBER = ["egyesult-izzo", "ujpest-spinning", "csepel-works", "csepel-port", "danube-shipyard"]


def _officer(council: Council, steward: Any) -> Any:
    row = Officer.objects.filter(council=council).select_related("person").order_by("pk").first()
    return row.person if row is not None else steward


def _carried(council: Council, by: Any, title: str, text: str) -> Motion:
    return record_motion_decided_elsewhere(council, title=title, text=text, carried=True, by=by)


def _report(strike: Strike, council: Council, steward: Any, when: datetime, status: str,
            share: float, services: list[tuple[str, float]]) -> None:  # fmt: skip
    size = council.member_count
    kept: list[list[Any]] = [[name, max(1, int(size * part))] for name, part in services if size]
    assigned = sum(n for _, n in kept)
    out = max(0, min(size - assigned, int(size * share)))
    do_report_status(strike, council, status, by=_officer(council, steward), reported_at=when,
                     members_out=out if status != "working" else None,
                     services=kept)  # fmt: skip


def load_strikes(federation: Federation, steward: Any, return_to_work: Ballot | None) -> None:
    """Called by the demo loader after the decisions and the referendums."""
    named = {c.slug: c for c in federation.councils.select_related("federation", "parent")
             .filter(slug__in=[*GENERAL, "national", "greater-budapest"])}  # fmt: skip
    general = _general_strike(federation, named, steward, return_to_work)
    _december(named, steward, general)
    _csepel_sit_down(named, steward)


def _general_strike(
    federation: Federation, named: dict[str, Council], steward: Any, ballot: Ballot | None
) -> Strike:
    national = named["national"]
    officer = _officer(national, steward)
    csepel = Programme.objects.filter(council__slug="csepel-works",
                                      council__federation=federation).first()  # fmt: skip
    strike = do_call_strike(
        national, by=officer, title="General strike", kind="general", starts_at=_at(10, 26, 6),
        points=list(csepel.points.order_by("number")) if csepel else [],
        motion=_carried(national, officer, "General strike until our demands are won",
                        "Every council calls its members out from 26 October until the "
                        "conditions are met; essential services are kept by the workers."),
    )  # fmt: skip
    for slug, reports in GENERAL.items():
        if slug in named:
            for when, status, share, services in reports:
                _report(strike, named[slug], steward, when, status, share, services)
    if ballot is not None and ballot.state == "declared" and json.loads(ballot.result)["passed"]:
        do_decide_strike(strike, "end", by=officer, ballot=ballot, starts_at=_at(11, 21, 6))
    else:
        do_decide_strike(strike, "end", by=officer, starts_at=_at(11, 21, 6),
                         motion=_carried(national, officer, "Return to work",
                                         "The general strike call ends."))  # fmt: skip
    return strike


def _december(named: dict[str, Council], steward: Any, general: Strike) -> None:
    city = named["greater-budapest"]
    officer = _officer(city, steward)
    strike = do_call_strike(
        city, by=officer, title="Strike of 11 and 12 December", kind="protest",
        starts_at=_at(12, 11, 0),
        motion=_carried(city, officer, "Strike on 11 and 12 December",
                        "Against the ban on the Central Workers' Council and the arrests."),
    )  # fmt: skip
    for slug in DECEMBER:
        if slug in named:
            _report(strike, named[slug], steward, _at(12, 11, 7), "on-strike", 1.0, [])
            _report(strike, named[slug], steward, _at(12, 13, 7), "working", 0.0, [])
    do_decide_strike(strike, "end", by=officer, starts_at=_at(12, 13, 6),
                     motion=_carried(city, officer, "Back on 13 December",
                                     "The two-day strike ends."))  # fmt: skip


def _csepel_sit_down(named: dict[str, Council], steward: Any) -> None:
    csepel = named.get("csepel-works")
    if csepel is None:
        return
    officer = _officer(csepel, steward)
    leaders = _carried(csepel, officer, "Release our leaders",
                       "The arrested members of our workers' council are released.")  # fmt: skip
    strike = do_call_strike(
        csepel, by=officer, title="Csepel sit-down strike", kind="sit-down",
        starts_at=_at(12, 14, 6), motions=[leaders],
        motion=_carried(csepel, officer, "Sit-down strike",
                        "We come to the factory and stay together until our leaders are "
                        "released."),
    )  # fmt: skip
    _report(strike, csepel, steward, _at(12, 14, 8), "on-strike", 0.9, [])
    _report(strike, csepel, steward, _at(12, 20, 8), "partly-out", 0.5, [])
