"""Strikes in ``tanacs verify``: the rules that replay strike entries, and the comparison of
what they describe with the strike tables (registered with
:func:`tanacs.journal.replay.register_extension` in ``StrikesConfig.ready``).

Replayed and compared: each strike's council, kind and status; each council's latest status,
members out and services; every status report; every condition's status. A status row
changed behind the actions' back is named by its strike and council.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tanacs.federation.models import Federation
from tanacs.journal.replay import Differences, Replayed, Rule, register_extension
from tanacs.strikes.models import StatusReport, Strike, StrikeCondition, StrikeCouncil

__all__ = ["StrikeState", "register_replay"]

NAME = "strikes"


@dataclass
class StrikeState:
    strikes: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # (council, kind, status)
    # (strike, council) -> (status, members out, services)
    councils: dict[tuple[int, int], tuple[Any, ...]] = field(default_factory=dict)
    latest: dict[tuple[int, int], str] = field(default_factory=dict)  # -> reported_at
    reports: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # (strike, council, ...)
    conditions: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # (strike, n, status)


def _of(state: Replayed) -> StrikeState:
    found: StrikeState = state.extra[NAME]
    return found


def _created(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    strikes = _of(state)
    pk = p["strike"]
    if "scope" not in p:  # a proposed strike called by its ballot
        council, kind, _ = strikes.strikes[pk]
        strikes.strikes[pk] = (council, kind, p["status"])
        return
    strikes.strikes[pk] = (p["council"], p["kind"], p["status"])
    for council in p["scope"]:
        strikes.councils[(pk, council)] = ("called", 0, [])
    for condition in p["conditions"]:
        strikes.conditions[condition["condition"]] = (pk, condition["number"], "open")


def _moved(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    strikes = _of(state)
    council, kind, _ = strikes.strikes[p["strike"]]
    strikes.strikes[p["strike"]] = (council, kind, p["status"])


def _reported(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    strikes = _of(state)
    key = (p["strike"], p["council"])
    if key not in strikes.councils:
        raise KeyError(f"council {p['council']} in strike {p['strike']}")
    row = (p["status"], p["members_out"], p["services"])
    strikes.reports[p["report"]] = (p["strike"], p["council"], *row)
    when = p["reported_at"]
    if key not in strikes.latest or when >= strikes.latest[key]:
        strikes.latest[key] = when
        strikes.councils[key] = row


def _condition(state: Replayed, seq: int, subject: str, p: dict[str, Any]) -> None:
    strikes = _of(state)
    strike, number, _ = strikes.conditions[p["condition"]]
    strikes.conditions[p["condition"]] = (strike, number, p["status"])


RULES: dict[str, Rule] = {
    "strike.proposed": _created,
    "strike.called": _created,
    **{
        f"strike.{what}": _moved
        for what in ("extended", "suspended", "resumed", "ended", "decision_rejected")
    },
    "strike.reported": _reported,
    "strike.condition_set": _condition,
}


def _compare(differences: Differences, federation: Federation, state: StrikeState) -> None:
    strikes = Strike.objects.filter(federation=federation).values_list(
        "pk", "council_id", "kind", "status"
    )
    differences.keyed("strike", ("council", "kind", "status"), state.strikes,
                      {pk: tuple(rest) for pk, *rest in strikes})  # fmt: skip
    rows = StrikeCouncil.objects.filter(strike__federation=federation).values_list(
        "strike_id", "council_id", "status", "members_out", "services"
    )
    differences.keyed("strike council (strike, council)", ("status", "members_out", "services"),
                      state.councils,
                      {(s, c): tuple(rest) for s, c, *rest in rows.iterator(10_000)})  # fmt: skip
    reports = StatusReport.objects.filter(strike__federation=federation).values_list(
        "pk", "strike_id", "council_id", "status", "members_out", "services"
    )
    differences.keyed("strike report", ("strike", "council", "status", "members_out",
                      "services"), state.reports,
                      {pk: tuple(rest) for pk, *rest in reports.iterator(10_000)})  # fmt: skip
    conditions = StrikeCondition.objects.filter(strike__federation=federation).values_list(
        "pk", "strike_id", "number", "status"
    )
    differences.keyed("strike condition", ("strike", "number", "status"), state.conditions,
                      {pk: tuple(rest) for pk, *rest in conditions})  # fmt: skip


def register_replay() -> None:
    register_extension(NAME, rules=RULES, start=StrikeState, compare=_compare)
