"""The negotiation of the Central Workers' Council with the government on 16 November 1956,
as the demo federation shows it.

The sources: "On November 16, Kadar was forced to start talks with delegates from the
Councils. They demanded that a National Worker's Council be set up, which Kadar rejected,
saying there was already a 'workers government.' However, he was forced to agree to the
recognition of individual councils and the setting up of a factory militia. Kadar said that
if work resumed, he would negotiate for a withdrawal of the Russian Army. The delegates
asked that he put this in writing, which he refused."

PLAUSIBLE, not in the sources: that the demands were handed over as one written document on
16 November by the Central Workers' Council of Greater Budapest (the demo's city council);
who sat on the delegation (the council's officer); the place (the Parliament building); the
exact wording of the demands and answers; the answer on the troops recorded as a partial
concession (a promise to negotiate, refused in writing).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tanacs.decisions.actions import record_motion_decided_elsewhere
from tanacs.federation.models import Federation, Officer
from tanacs.negotiations.actions import (
    do_add_demands,
    do_open_negotiation,
    do_record_answer,
    do_record_session,
    do_send,
    do_set_delegation,
)
from tanacs.negotiations.models import Negotiation

__all__ = ["load_negotiations"]

ON = date(1956, 11, 16)
# (motion title, its text, the status the answer gave it, the answer)
DEMANDS: list[tuple[str, str, str, str]] = [
    ("A National Workers' Council",
     "A National Workers' Council is set up, elected by the workers' councils of the country.",
     "refused", "Rejected: there is already a workers' government."),
    ("Recognition of the workers' councils",
     "The workers' councils of the factories and districts are recognised.",
     "conceded", "The individual councils are recognised."),
    ("A factory militia",
     "The workers set up a militia in the factories.",
     "conceded", "A factory militia may be set up."),
    ("Withdrawal of the Soviet troops",
     "The Soviet army leaves Hungary.",
     "partly-conceded",
     "If work resumes, the government will negotiate a withdrawal of the Russian army; "
     "asked to put this in writing, it refused."),
]  # fmt: skip


def load_negotiations(federation: Federation, steward: Any) -> Negotiation | None:
    """Called by the demo loader after the strikes."""
    city = federation.councils.select_related("federation").filter(slug="greater-budapest").first()
    if city is None:
        return None
    row = Officer.objects.filter(council=city).select_related("person").order_by("pk").first()
    officer = row.person if row is not None else steward
    motions = []
    for title, text, _, _ in DEMANDS:
        motions.append(record_motion_decided_elsewhere(city, title=title, text=text,
                                                       carried=True, by=officer))  # fmt: skip
    negotiation = do_open_negotiation(
        city, by=officer, counterpart="The Kádár government",
        title="Talks with the government, 16 November 1956",
    )  # fmt: skip
    do_set_delegation(negotiation, by=officer, people=[officer])
    do_add_demands(negotiation, by=officer, motions=motions)
    do_send(negotiation, by=officer)
    do_record_session(negotiation, by=officer, held_on=ON, place="The Parliament building",
                      attendees="The delegates of the Central Workers' Council; János Kádár",
                      notes="The delegates asked for the answers in writing; refused.")  # fmt: skip
    for number, (_, _, status, answer) in enumerate(DEMANDS, start=1):
        do_record_answer(negotiation, number, by=officer, text=answer, status=status,
                         answered_on=ON)  # fmt: skip
    return negotiation
