"""Bulletins in the 1956 demo: news the councils of Miskolc, Győr and Pécs sent out, and
relays of it up and down the tree ("Local councils sent news", shared/seeds).

Each text says what the sources give; wording and details they do not give are marked
*plausible* in the bulletin itself, so a reader of the demo never takes them for history.
Everything goes through the ordinary actions: each bulletin is journaled as an officer
writing it would be.
"""

from __future__ import annotations

from typing import Any

from tanacs.broadcast.actions import do_post_bulletin, do_relay_bulletin
from tanacs.broadcast.models import Bulletin
from tanacs.federation.models import Council, Federation, Officer

__all__ = ["BULLETINS", "RELAYS", "load_bulletins"]

PLAUSIBLE = "\n\n(Plausible: the sources do not give this wording{}.)"

# (council slug, key, title, body, public)
BULLETINS: list[tuple[str, str, str, str, bool]] = [
    (
        "pecs",
        "pecs-committee",
        "The first revolutionary committee is formed in Pécs",
        "By 25 October the workers of Pécs have established the first revolutionary "
        "committee. Revolutionary committees and councils are being set up throughout "
        "Hungary: send us word of yours." + PLAUSIBLE.format(" nor the call for word"),
        True,
    ),
    (
        "miskolc",
        "miskolc-council",
        "A workers' council is set up in the Miskolc factory",
        "A workers' council was set up in the Miskolc factory on 25 October. That same "
        "afternoon the workers formulated their demands and submitted them to the "
        "government. Prisoners have been released from the jails and labour camps."
        + PLAUSIBLE.format(", only the events"),
        True,
    ),
    (
        "miskolc",
        "miskolc-arms",
        "Do not surrender your arms",
        "Do not be fooled by the Government into surrendering your arms. The general strike "
        "spreads from Budapest to Miskolc, Győr, Szolnok, Pécs and Debrecen."
        + PLAUSIBLE.format(
            "; they say radio stations 'in some towns' broadcast this, not "
            "that Miskolc's council did"
        ),
        True,
    ),
    (
        "gyor",
        "gyor-demands",
        "Council delegates at Győr reaffirm their demands to Nagy",
        "A meeting of council delegates at Győr reaffirmed their demands to Imre Nagy. The "
        "strike throughout industry will not end until the troops are withdrawn."
        + PLAUSIBLE.format(", nor that Győr said the strike would go on"),
        True,
    ),
    (
        "mecsek-mines",
        "mecsek-pumps",
        "Pumps and ventilation stay manned during the strike",
        "The pits are out, but the pumps and ventilation are manned in shifts so the mines "
        "are not flooded. Shift lists are at the council office."
        + PLAUSIBLE.format(
            " nor these essential services; the sources say essential "
            "services were kept going by the workers during the general strike"
        ),
        False,
    ),
]

# (relaying council slug, key of the bulletin relayed)
RELAYS: list[tuple[str, str]] = [
    ("mecsek", "pecs-committee"),  # below relays the news from above
    ("diosgyor", "miskolc-council"),
    ("national", "gyor-demands"),  # above relays the news from below
]


def _officer(council: Council) -> Any | None:
    office = Officer.objects.filter(council=council).select_related("person").order_by("pk")
    first = office.first()
    return first.person if first is not None else None


def load_bulletins(federation: Federation) -> int:
    """Post the demo's bulletins and relays; a council without an officer is left out."""
    councils = {c.slug: c for c in Council.objects.filter(federation=federation)}
    posted: dict[str, Bulletin] = {}
    for slug, key, title, body, public in BULLETINS:
        council = councils.get(slug)
        officer = _officer(council) if council is not None else None
        if council is None or officer is None:
            continue
        posted[key] = do_post_bulletin(council, title=title, body=body, public=public,
                                       by=officer)  # fmt: skip
    for slug, key in RELAYS:
        council = councils.get(slug)
        officer = _officer(council) if council is not None else None
        if council is None or officer is None or key not in posted:
            continue
        do_relay_bulletin(council, posted[key], by=officer)
    return len(posted)
