"""The general-strike referendum of November 1956, as the demo federation shows it.

The sources: after weeks of repression "in most of the councils, a majority voted to return
to work. But only a fourth of the workers returned", while in the iron and steel mills of
Csepel the workers staged a sit-down strike demanding the release of their leaders. The demo
puts the question to every member of every workplace council (a federation-wide referendum of
the National Workers' Council), closes it and declares the result, so the result page shows
figures per workplace, per district, for the city and in total. The yes shares and turnouts
per council are PLAUSIBLE figures in the spirit of the sources, not records.

A second referendum, on extending the strike on 11 and 12 December, is left open for the demo
logins to vote in.

The closed referendum's ballots are written in bulk (a million members would take hours
through one cast each); nobody holds their receipt codes. Closing, counting, the published
list and the journal entries go through the ordinary actions.
"""

from __future__ import annotations

import os
import random
import uuid
from typing import Any

from django.db import connection, transaction

from tanacs.ballots.actions import do_close_and_declare, do_create_ballot, do_open_ballot
from tanacs.ballots.models import Ballot, Choice, Elector
from tanacs.core.rows import insert_rows, is_postgres
from tanacs.federation.models import Council, Federation

__all__ = ["RETURN_TO_WORK", "load_referendums"]

# council slug -> (share voting yes to returning to work, turnout); PLAUSIBLE.
RETURN_TO_WORK: dict[str, tuple[float, float]] = {
    "csepel-works": (0.31, 0.82),
    "csepel-port": (0.44, 0.71),
    "egyesult-izzo": (0.57, 0.76),
    "danube-shipyard": (0.53, 0.64),
}
DEFAULT = (0.62, 0.58)  # generated workplaces: a majority for returning, middling turnout


@transaction.atomic
def load_referendums(federation: Federation, steward: Any) -> tuple[Ballot, Ballot]:
    """The closed return-to-work referendum and the open December strike referendum."""
    national = Council.objects.get(federation=federation, parent__isnull=True)
    closed = do_create_ballot(
        national,
        by=steward,
        title="End the general strike and return to work?",
        question=(
            "The strike has held for a month under occupation. Shall we go back to work, "
            "keeping the councils in the factories? (November 1956)"
        ),
        electorate="referendum",
        council_turnout="50%",
    )
    closed = do_open_ballot(closed, by=steward)
    _bulk_votes(closed)
    do_close_and_declare(closed, by=steward)
    extend = do_create_ballot(
        national,
        by=steward,
        title="Extend the strike on 11 and 12 December?",
        question="The government outlawed the Central Workers' Council. Strike again?",
        electorate="referendum",
        council_turnout="50%",
    )
    return Ballot.objects.get(pk=closed.pk), do_open_ballot(extend, by=steward)


def _bulk_votes(ballot: Ballot) -> None:
    slugs = dict(Council.objects.filter(federation=ballot.council.federation_id)
                 .values_list("id", "slug"))  # fmt: skip
    rng = random.Random(1956)
    voted: list[int] = []
    rows: list[tuple[Any, ...]] = []
    pg = is_postgres()
    electors = Elector.objects.filter(ballot=ballot).order_by("id").values_list("id", "council_id")
    for pk, council in electors.iterator(50_000):
        yes, turnout = RETURN_TO_WORK.get(slugs[council], DEFAULT)
        if rng.random() >= turnout:
            continue
        draw = rng.random()
        marks = "abstain" if draw > 0.97 else ("yes" if draw < yes * 0.97 else "no")
        key = uuid.uuid4()
        rows.append((key if pg else key.hex, ballot.pk, council, 1, marks,
                     os.urandom(32).hex(), None))  # fmt: skip
        voted.append(pk)
    columns = ["id", "ballot_id", "council_id", "weight", "marks", "receipt_hash", "voter_id"]
    insert_rows(Choice._meta.db_table, columns, rows)
    table = Elector._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(voted), 5000):
            batch = voted[start : start + 5000]
            marks = ",".join(["%s"] * len(batch))
            cursor.execute(f"UPDATE {table} SET voted = %s WHERE id IN ({marks})", [True, *batch])
