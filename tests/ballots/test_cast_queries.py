"""How many statements a vote over the API costs: casting is the busiest request, and every
statement is a round trip to the database server. These tests fail when one is added; if it
is needed, change the count here and say why in the commit.

Counted: what the request sends, less transaction control (BEGIN, COMMIT, savepoints). The
statements themselves are listed in the failure message.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tanacs.ballots.models import Ballot, Choice, QueuedChoice
from tanacs.journal.models import Head
from tests.ballots.helpers import open_ballot

pytestmark = pytest.mark.django_db

CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")

# PostgreSQL: the token, the ballot's shared lock, the elector row with everything the cast
# reads (ballot, membership, journal head), and the choice queued with the elector marked in
# one statement. SQLite takes no lock and writes the two rows in two statements.
FIRST_VOTE = {"postgresql": 4, "sqlite": 4}
# Changing a secret vote: the same reads, then one statement that queues the new choice only
# if the earlier one is stored or still queued.
CHANGED_VOTE = {"postgresql": 4, "sqlite": 3}


def _statements(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(CONTROL)]


def _vote(api: APIClient, ballot: Ballot, **body: Any) -> tuple[dict[str, Any], list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = api.post(f"/api/v1/ballots/{ballot.pk}/vote/", body, format="json")
    assert response.status_code == 200, response.content
    return response.json(), _statements(captured)


def _voter(budapest: Any) -> APIClient:
    api = APIClient()
    token = Token.objects.create(user=budapest.members["izzo-1"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_a_first_and_a_changed_secret_vote_cost_a_fixed_number_of_statements(budapest):
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
    api = _voter(budapest)
    first, statements = _vote(api, ballot, choice="yes")
    assert len(statements) == FIRST_VOTE[connection.vendor], "\n".join(statements)
    head = Head.objects.get(chain=budapest.federation.chain)
    assert first["journal_head"] == f"{head.chain}:{head.seq}:{head.hash}"
    changed, statements = _vote(api, ballot, choice="no", receipt=first["receipt"])
    assert len(statements) == CHANGED_VOTE[connection.vendor], "\n".join(statements)
    assert changed["changed"] and changed["receipt_hash"] == first["receipt_hash"]
    queued = QueuedChoice.objects.filter(ballot=ballot).order_by("id")
    assert [(q.marks, q.replaces) for q in queued] == [("yes", False), ("no", True)]


def test_a_change_with_no_earlier_vote_found_queues_nothing(budapest):
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
    api = _voter(budapest)
    first, _ = _vote(api, ballot, choice="yes")
    QueuedChoice.objects.filter(ballot=ballot).delete()  # lost outside tanacs
    response = api.post(
        f"/api/v1/ballots/{ballot.pk}/vote/", {"choice": "no", "receipt": first["receipt"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 409
    assert "could not be found" in response.json()["message"]
    assert not QueuedChoice.objects.filter(ballot=ballot).exists()
    assert not Choice.objects.filter(ballot=ballot).exists()


def test_a_chain_without_a_head_row_names_the_genesis_head(budapest):
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
    Head.objects.filter(chain=budapest.federation.chain).delete()
    first, _ = _vote(_voter(budapest), ballot, choice="yes")
    assert first["journal_head"] == f"{budapest.federation.chain}:0:{'0' * 64}"
