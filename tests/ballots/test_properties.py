"""Hypothesis properties of ballots: sums at every level, recounts, one member one vote."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tanacs.ballots.actions import do_cast_vote, do_close_ballot
from tanacs.ballots.mixing import do_mix_choices
from tanacs.ballots.models import Choice, Elector
from tanacs.ballots.selectors import get_result, turnout
from tanacs.core.errors import Conflict, Forbidden
from tests.ballots.helpers import build_tree, open_ballot
from tests.budapest import make_person

pytestmark = pytest.mark.django_db
_tags = itertools.count()

# The ``db`` fixture is set up once for all of a test's examples; that is safe here because
# each example runs in its own transaction and rolls it back (``_in_rollback``).
PROPERTY = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
shapes = st.lists(st.lists(st.integers(0, 4), min_size=1, max_size=3), min_size=1, max_size=3)
votes = st.lists(st.sampled_from(["yes", "no", "abstain", None]), min_size=40, max_size=40)


class Rollback(Exception):
    pass


def _in_rollback(body):
    try:
        with transaction.atomic():
            body()
            raise Rollback
    except Rollback:
        pass


@PROPERTY
@given(shape=shapes, choices=votes, least=st.sampled_from([0, 2, 10]))
def test_referendum_totals_are_the_sums_of_council_results(db, shape, choices, least):
    def body():
        tag = f"p{next(_tags)}"
        _, national, _, members = build_tree(tag, shape, steward_name=f"{tag}-steward")
        assume(any(members.values()))
        ballot = open_ballot(
            national, make_person(f"{tag}-steward"), electorate="referendum", min_reported=least
        )
        people = [p for group in members.values() for p in group]
        for person, choice in zip(people, choices, strict=False):
            if choice is not None:
                do_cast_vote(ballot, by=person, choice=choice)
        live = {row.council: row.voters for row in turnout(ballot)}
        ballot = do_close_ballot(ballot, by=make_person(f"{tag}-steward"))
        result = get_result(ballot)
        councils = {c["council"]: c for c in result["councils"]}
        for entry in councils.values():
            # A council withheld from the result is withheld from the live turnout too.
            assert entry["withheld"] == (entry["council"] not in live)
            assert entry["withheld"] or entry["voters"] == live[entry["council"]]
            children = [c for c in councils.values() if c["parent"] == entry["council"]]
            if children:
                for key in ("voters", "electors", "electorate"):
                    assert entry[key] == sum(c[key] for c in children)
            if least == 0 and children:
                for key in ("yes", "no", "abstain", "turnout"):
                    assert entry["summary"][key] == sum(c["summary"][key] for c in children)
            if entry["withheld"]:
                assert entry["summary"] is None
            elif entry["parent"] is not None and least:
                assert entry["voters"] >= least or any(
                    c["withheld"] for c in councils.values() if c["parent"] == entry["parent"]
                )
        root = councils[national.pk]
        assert root["summary"] == result["total"]
        assert Counter(c for c in choices[: len(people)] if c)["yes"] == result["total"]["yes"]

    _in_rollback(body)


casts = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from(["yes", "no", "abstain"]), st.booleans()),
    min_size=1,
    max_size=25,
)


@PROPERTY
@given(sequence=casts)
def test_one_member_one_counted_vote_the_latest(budapest, sequence):
    def body():
        voters = [budapest.izzo_officer, *(budapest.members[f"izzo-{i}"] for i in (1, 2))]
        voters.append(budapest.members["csepel-1"])  # not on the electorate
        ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
        receipts: dict[int, str] = {}
        latest: dict[int, str] = {}
        for who, choice, with_receipt in sequence:
            code = receipts.get(who, "") if with_receipt else ""
            try:
                receipt = do_cast_vote(ballot, by=voters[who], choice=choice, receipt=code)
            except (Conflict, Forbidden):
                assert who == 3 or (who in receipts and not with_receipt)
                continue
            receipts.setdefault(who, receipt.code)
            latest[who] = choice
        do_mix_choices()
        stored = sorted(Choice.objects.filter(ballot=ballot).values_list("marks", flat=True))
        assert stored == sorted(latest.values())
        assert Elector.objects.filter(ballot=ballot, voted=True).count() == len(latest)
        ballot = do_close_ballot(ballot, by=budapest.izzo_officer)
        total = get_result(ballot)["total"]
        assert total["turnout"] == len(latest)
        assert total["yes"] == list(latest.values()).count("yes")

    _in_rollback(body)
