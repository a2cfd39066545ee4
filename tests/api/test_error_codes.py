"""Every error code a client can meet is one member of ``ErrorCode``, and the schema says so."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tanacs.core.errors import ErrorCode, TanacsError
from tanacs.core.signin import TooManyAttempts


def _error_classes(cls: type[TanacsError]) -> list[type[TanacsError]]:
    found = [cls]
    for sub in cls.__subclasses__():
        found += _error_classes(sub)
    return found


def test_every_error_class_carries_a_member_of_the_enum() -> None:
    classes = _error_classes(TanacsError)
    assert TooManyAttempts in classes
    for cls in classes:
        assert isinstance(cls.code, ErrorCode), cls


def test_a_code_from_elsewhere_is_answered_as_error() -> None:
    assert ErrorCode.of("not_authenticated") is ErrorCode.NOT_AUTHENTICATED
    assert ErrorCode.of("something_new") is ErrorCode.ERROR


@pytest.mark.django_db
def test_the_schema_documents_the_error_body_with_the_code_enum() -> None:
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    components = schema.json()["components"]["schemas"]
    assert components["ErrorCode"]["enum"] == [code.value for code in ErrorCode]
    code = components["Error"]["properties"]["code"]
    assert {"$ref": "#/components/schemas/ErrorCode"} in code["allOf"]
    responses = schema.json()["paths"]["/api/v1/motions/{id}/"]["get"]["responses"]
    for status in ("401", "403", "404"):
        body = responses[status]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/Error"}
