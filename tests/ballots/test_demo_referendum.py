"""The demo's general-strike referendum: declared with results per council, and a changed
stored ballot is caught by the recount."""

from __future__ import annotations

import pytest

from tanacs.ballots.models import Choice, State
from tanacs.ballots.recount import recount_ballot
from tanacs.ballots.selectors import get_result
from tanacs.demo.referendum import load_referendums
from tests.ballots.helpers import admit

pytestmark = pytest.mark.django_db


def test_the_general_strike_referendum(budapest):
    for i in range(30):
        admit(budapest.csepel, f"steel-{i}", budapest.steward)
        admit(budapest.izzo, f"lamp-{i}", budapest.steward)
    closed, extend = load_referendums(budapest.federation, budapest.steward)
    assert closed.state == State.DECLARED and extend.state == State.OPEN
    result = get_result(closed)
    councils = {c["council"]: c for c in result["councils"]}
    assert councils[budapest.csepel.pk]["voters"] > 10
    assert not councils[budapest.csepel.pk]["withheld"]
    assert result["total"]["turnout"] == result["voters"] > 0
    changed = Choice.objects.filter(ballot=closed, marks="yes").first()
    Choice.objects.filter(pk=changed.pk).update(marks="no")
    report = recount_ballot(closed)
    assert report.problem == "recounting the stored ballots gives a different result"
