from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.urls import URLPattern, get_resolver
from rest_framework.test import APIClient

from tanacs.api import urls as api_urls

pytestmark = pytest.mark.django_db


def _schema(tmp_path: Path) -> dict[str, object]:
    target = tmp_path / "schema.yml"
    # --fail-on-warn turns any endpoint without a documented request or response into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema: dict[str, object] = yaml.safe_load(target.read_text())
    return schema


def _documented_paths() -> set[str]:
    paths = set()
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if route.startswith("v1/"):
            paths.add("/api/" + route.replace("<int:", "{").replace("<slug:", "{")
                      .replace("<str:", "{").replace(">", "}"))  # fmt: skip
    return paths


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
