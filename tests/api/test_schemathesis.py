"""Property tests generated from the OpenAPI schema itself, run in-process (no network).

For every operation in the schema, schemathesis sends valid and invalid requests built from
it; none may crash the server, and every answer must match what the schema documents (status
codes and body shapes). Half the requests name objects that exist (a motion, a programme, an
election, an open ballot, a recall petition, ...), so the answers are not all 404s, and they
are sent as the steward, as an officer and as someone outside the federation, so the
actions are reached as well as the refusals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tanacs.ballots.actions import do_create_ballot, do_open_ballot
from tanacs.broadcast.actions import do_post_bulletin
from tanacs.config.wsgi import application
from tanacs.decisions import actions
from tanacs.delegation.actions import do_set_seat_holders
from tanacs.membership.models import Membership
from tanacs.negotiations.actions import do_add_demands, do_open_negotiation, do_set_delegation
from tests.budapest import Budapest
from tests.strikes.helpers import call_city_strike, city_officer

pytestmark = pytest.mark.django_db

# Loading the schema renders /api/schema/ through the app: no database, no network.
SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/", application)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    # The raw WSGI handler closes old connections at the end of each request; the test's
    # connection holds the test transaction, so keep it open as Django's test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def existing(budapest: Budapest) -> dict[str, Any]:
    """One of each object the API names in its paths, so requests can reach real ones."""
    izzo, officer, m = budapest.izzo, budapest.izzo_officer, budapest.members
    motion = actions.do_create_motion(izzo, title="Free elections", text="By secret ballot.",
                                      by=m["izzo-1"])  # fmt: skip
    for signer in (m["izzo-2"], officer):
        actions.do_cosign_motion(motion, by=signer)
    actions.do_propose_amendment(motion, text="By secret ballot, every year.", reason="Often.",
                                 by=m["izzo-2"])  # fmt: skip
    programme = actions.do_create_programme(izzo, title="The 10 points", by=officer)
    point = actions.do_add_point(programme, text="The factories belong to the workers.",
                                 by=officer)  # fmt: skip
    do_set_seat_holders(izzo, 1, delegate=m["izzo-1"], substitutes=[m["izzo-2"]], by=officer)
    petition = actions.do_open_recall(izzo, 1, reason="Went back to work.", by=officer)
    election = actions.do_call_election(budapest.csepel, by=budapest.csepel_officer)
    ballot = do_create_ballot(budapest.national, by=budapest.steward, title="Strike?",
                              electorate="referendum", min_reported=0)  # fmt: skip
    ballot = do_open_ballot(ballot, by=budapest.steward)
    talks = do_open_negotiation(izzo, by=officer, counterpart="The ministry")
    do_set_delegation(talks, by=officer, people=[m["izzo-1"]])
    do_add_demands(talks, by=officer, points=[point])
    strike = call_city_strike(budapest, city_officer(budapest))
    bulletin = do_post_bulletin(izzo, title="Strike", body="From six.", public=True, by=officer)
    ids = {"councils": izzo.pk, "motions": motion.pk, "programmes": programme.pk,
           "points": point.pk, "recalls": petition.pk, "elections": election.pk,
           "ballots": ballot.pk, "amendments": motion.amendments.get().pk,
           "strikes": strike.pk, "bulletins": bulletin.pk, "negotiations": talks.pk}  # fmt: skip
    return {
        "ids": ids,
        "ballot_id": ballot.pk,
        "council_id": izzo.pk,
        "membership_id": Membership.objects.get(council=izzo, person=m["izzo-1"]).pk,
        "number": 1,
        "username": "izzo-1",
        "slug": budapest.federation.slug,
        "seq": 1,
    }


def real_parameters(path: str, existing: dict[str, Any]) -> dict[str, Any]:
    """The path's parameters naming objects that exist; ``{id}`` by the word before it."""
    found = {}
    for match in re.finditer(r"(?:/([a-z-]+))?/\{(\w+)\}", path):
        word, name = match.groups()
        found[name] = existing["ids"][word] if name == "id" else existing[name]
    return found


@pytest.mark.parametrize("who", ["steward", "izzo-officer", "outsider"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_every_operation_keeps_to_the_schema(
    operation: Any, who: str, budapest: Budapest, existing: dict[str, Any]
) -> None:
    # The steward and an officer reach the actions; someone outside meets the refusals.
    token, _ = Token.objects.get_or_create(user=budapest.person(who))
    real = real_parameters(operation.path, existing)
    checks = [
        not_a_server_error,
        content_type_conformance,
        status_code_conformance,
        response_schema_conformance,
    ]

    @settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(case=operation.as_strategy(), name_real_objects=st.booleans())
    def check(case: Any, name_real_objects: bool) -> None:
        if name_real_objects:
            case.path_parameters = {**(case.path_parameters or {}), **real}
        case.call_and_validate(headers={"Authorization": f"Token {token.key}"}, checks=checks)

    check()


def test_every_path_parameter_can_name_a_real_object(existing: dict[str, Any]) -> None:
    for operation in OPERATIONS:
        names = set(re.findall(r"\{(\w+)\}", operation.path))
        assert set(real_parameters(operation.path, existing)) == names, operation.label


def test_the_schema_names_every_kind_of_operation() -> None:
    labels = {operation.label for operation in OPERATIONS}
    assert any("/ballots/" in label for label in labels)
    assert any("/motions/" in label for label in labels)


EVERY_OPERATION = [
    result.ok()
    for result in schemathesis.openapi.from_wsgi("/api/schema/", application).get_all_operations()
]


@pytest.mark.parametrize("who", ["izzo-officer", None])
@pytest.mark.parametrize("operation", EVERY_OPERATION, ids=lambda op: op.label)
def test_options_answers_every_path(operation: Any, who: str | None, budapest: Budapest) -> None:
    # OPTIONS is not in the schema, so schemathesis only reaches it when asked: ask it for
    # every path of the API, as an officer and as nobody.
    headers = {}
    if who is not None:
        token, _ = Token.objects.get_or_create(user=budapest.person(who))
        headers["Authorization"] = f"Token {token.key}"

    @settings(
        max_examples=2,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        case.method = "OPTIONS"
        case.body = NOT_SET
        response = case.call(headers=headers)
        assert response.status_code < 500, (case.formatted_path, response.text)
        assert response.json()["code" if response.status_code >= 400 else "name"]

    check()
