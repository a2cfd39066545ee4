"""``{% ballot_decision ballot %}``: on a ballot's page, what the ballot decides (the motion,
amendment, election, recall or mandate, linked) and, for a motion before a higher council,
every delegate's mandate and vote."""

from __future__ import annotations

from typing import Any

from django import template

from tanacs.core.storage import whole_number
from tanacs.decisions.models import Amendment, Election, Motion, RecallPetition

register = template.Library()


def _decision(ballot: Any) -> dict[str, Any]:
    from tanacs.decisions.selectors import mandate_report

    ref = str(ballot.reference)
    number = whole_number(ref)
    found: dict[str, Any] = {"purpose": ballot.purpose}
    if ballot.purpose == "motion" and number is not None:
        motion = Motion.objects.select_related("council").filter(pk=number).first()
        found["motion"] = motion
        if motion is not None and not motion.council.is_base:
            found["rows"] = mandate_report(motion)
    elif ballot.purpose == "amendment" and number is not None:
        found["amendment"] = Amendment.objects.select_related("motion").filter(pk=number).first()
    elif ballot.purpose == "election" and number is not None:
        found["election"] = Election.objects.filter(pk=number).first()
    elif ballot.purpose == "recall" and number is not None:
        found["petition"] = (
            RecallPetition.objects.select_related("person", "seat").filter(pk=number).first()
        )
    elif ballot.purpose == "mandate" and ":" in ref:
        motion_id = whole_number(ref.split(":")[0])
        found["motion"] = Motion.objects.filter(pk=motion_id).first() if motion_id else None
    return found


@register.inclusion_tag("web/decisions/_ballot_decision.html")
def ballot_decision(ballot: Any) -> dict[str, Any]:
    return _decision(ballot)
