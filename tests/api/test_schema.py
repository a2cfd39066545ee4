from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tanacs.api import urls as api_urls

pytestmark = pytest.mark.django_db


def _schema(tmp_path: Path) -> dict[str, object]:
    target = tmp_path / "schema.yml"
    # --fail-on-warn turns any endpoint without a documented request or response into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema: dict[str, object] = yaml.safe_load(target.read_text())
    return schema


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _documented_paths() -> set[str]:
    """Every versioned API route, written the way the schema writes paths."""
    return {
        # drf-spectacular names a ``pk`` parameter ``id`` (SCHEMA_COERCE_PATH_PK).
        "/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).replace("{pk}", "{id}")
        for route in _routes(api_urls.urlpatterns)
        if route.startswith("v1/")
    }


def test_the_schema_is_valid_and_lists_every_endpoint(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    paths = schema["paths"]
    assert isinstance(paths, dict)
    assert _documented_paths() == set(paths)
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert operation["responses"], (path, method)
            assert "401" in operation["responses"] or path == "/api/v1/auth/token/"
            if method in ("put",):
                assert "requestBody" in operation, (path, method)
            success = [code for code in operation["responses"] if code.startswith("2")]
            assert success, (path, method)


def test_the_schema_and_docs_are_served() -> None:
    client = APIClient()
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/federations/" in schema.json()["paths"]
    assert client.get("/api/docs/").status_code == 200


def test_every_api_route_resolves() -> None:
    resolver = get_resolver()
    assert resolver.resolve("/api/v1/federations/hungary-1956/journal/12/").url_name == "entry"


@pytest.mark.parametrize("url", ["/api/v1/nothing/", "/api/v1/federations", "/api/v1/councils/-1/"])
def test_unknown_api_urls_answer_in_json(url: str) -> None:
    for method in ("get", "post"):
        response = getattr(APIClient(), method)(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
