"""A negotiation of the Egyesült Izzó council in the Budapest federation: izzo-1 on its
delegation, izzo-2 a member, csepel-1 another council's member."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from tanacs.decisions.actions import do_add_point, do_create_programme
from tanacs.decisions.models import ProgrammePoint
from tanacs.negotiations.actions import (
    do_add_demands,
    do_open_negotiation,
    do_send,
    do_set_delegation,
)
from tanacs.negotiations.models import Negotiation
from tests.budapest import Budapest

ROLES = ("officer", "delegation", "member", "other council's member", "anonymous")


def person(budapest: Budapest, role: str) -> Any:
    return {
        "officer": lambda: budapest.izzo_officer,
        "delegation": lambda: budapest.members["izzo-1"],
        "member": lambda: budapest.members["izzo-2"],
        "other council's member": lambda: budapest.members["csepel-1"],
        "anonymous": AnonymousUser,
    }[role]()


def points(budapest: Budapest) -> list[ProgrammePoint]:
    officer = budapest.izzo_officer
    programme = do_create_programme(budapest.izzo, title="Demands", by=officer)
    return [
        do_add_point(programme, text="Release the arrested delegates.", by=officer),
        do_add_point(programme, text="Withdraw the troops from the works.", by=officer),
    ]


def drafted(budapest: Budapest, demands: list[ProgrammePoint] | None = None) -> Negotiation:
    officer = budapest.izzo_officer
    negotiation = do_open_negotiation(budapest.izzo, by=officer, counterpart="The government")
    do_set_delegation(negotiation, by=officer, people=[budapest.members["izzo-1"]])
    do_add_demands(negotiation, by=officer, points=demands or points(budapest))
    return negotiation


def sent(budapest: Budapest, demands: list[ProgrammePoint] | None = None) -> Negotiation:
    return do_send(drafted(budapest, demands), by=budapest.izzo_officer)
