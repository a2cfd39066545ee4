"""Property tests generated from the OpenAPI schema itself, run in-process (no network).

For every operation of the council federation, schemathesis sends valid and invalid requests
built from the schema; none may crash the server, and every answer must match what the schema
documents (status codes and body shapes).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tanacs.config.wsgi import application
from tests.budapest import Budapest

pytestmark = pytest.mark.django_db

TAGS = r"^(auth|federations|councils|memberships|seats|journal)$"

# Loading the schema renders /api/schema/ through the app: no database, no network.
SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/", application).include(tag_regex=TAGS)
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


@pytest.mark.parametrize("who", ["izzo-officer", "outsider"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_every_operation_keeps_to_the_schema(operation: Any, who: str, budapest: Budapest) -> None:
    # An officer reaches the actions; someone outside the federation meets the refusals.
    token, _ = Token.objects.get_or_create(user=budapest.person(who))

    @settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        case.call_and_validate(
            headers={"Authorization": f"Token {token.key}"},
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
        )

    check()


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
