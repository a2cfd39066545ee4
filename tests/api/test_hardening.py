"""Password guessing on the token endpoint, Swagger UI without a CDN, and the log lines an
operator relies on: refused actions and server errors."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import include, path
from rest_framework.test import APIClient

from tests.budapest import Budapest

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
PASSWORD = "forradalom-1956"


def token(username: str, password: str, address: str = "192.0.2.20") -> Any:
    client = APIClient(REMOTE_ADDR=address)
    return client.post(TOKEN, {"username": username, "password": password}, format="json")


def test_after_repeated_wrong_passwords_no_token_even_for_the_right_one(
    budapest: Budapest,
) -> None:
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert token("izzo-1", "guess-1956").status_code == 400
    refused = token("izzo-1", PASSWORD, address="198.51.100.20")
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_attempts"
    assert "Too many wrong passwords" in refused.json()["message"]
    assert "token" not in refused.json()


def test_one_address_cannot_guess_across_accounts(budapest: Budapest) -> None:
    for number in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        assert token(f"nobody-{number}", "guess-1956").status_code == 400
    assert token("izzo-2", PASSWORD).status_code == 429
    assert token("izzo-2", PASSWORD, address="198.51.100.21").status_code == 200


def test_failures_on_the_page_count_for_the_api_too(budapest: Budapest) -> None:
    page = Client(REMOTE_ADDR="192.0.2.22")
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        page.post("/login/", {"username": "izzo-1", "password": "guess-1956"})
    assert token("izzo-1", PASSWORD, address="198.51.100.22").status_code == 429


def test_swagger_ui_loads_nothing_from_another_host(client: Client) -> None:
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
    assert urls, "the page names its script and styles"
    assert [u for u in urls if re.match(r"(?:[a-z]+:)?//", u)] == []
    assert "cdn" not in html.lower()
    # The page's own script (the split view serves it as a file) names no other host either.
    script = next(u for u in urls if "script" in u)
    js = client.get(script).content.decode()
    assert re.findall(r"https?://[^\s'\"]+", js) == []
    bundle = next(u for u in urls if u.endswith("swagger-ui-bundle.js"))
    assert client.get(bundle).status_code == 200


def test_a_refused_action_is_logged_with_its_code_and_actor(
    budapest: Budapest, as_: Any, caplog: pytest.LogCaptureFixture
) -> None:
    member = budapest.members["izzo-1"]
    caplog.set_level(logging.INFO, logger="tanacs.refused")
    response = as_(member).post(f"/api/v1/councils/{budapest.izzo.pk}/apply/")
    assert response.status_code == 409
    [record] = [r for r in caplog.records if r.name == "tanacs.refused"]
    assert record.levelno == logging.INFO
    assert record.code == response.json()["code"]  # type: ignore[attr-defined]
    assert record.actor_id == member.pk  # type: ignore[attr-defined]
    line = record.getMessage()
    assert f"actor={member.pk}" in line and "via api POST /api/v1/councils/" in line
    assert response.json()["message"] not in line  # the message may quote what was sent


def test_a_forbidden_action_is_logged_as_a_warning(
    budapest: Budapest, as_: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tanacs.refused")
    outsider = budapest.members["csepel-1"]
    url = f"/api/v1/councils/{budapest.izzo.pk}/vouches-needed/"
    response = as_(outsider).put(url, {"vouches_needed": 3}, format="json")
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "tanacs.refused"]
    assert record.levelno == logging.WARNING
    assert f"actor={outsider.pk}" in record.getMessage()


def _boom(request: Any) -> None:
    raise RuntimeError("the disk is on fire")


urlpatterns = [path("boom/", _boom), path("", include("tanacs.config.urls"))]


@pytest.mark.urls(__name__)
def test_a_server_error_is_logged_with_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="django.request")
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    assert "/boom/" in record.getMessage()


def test_a_slow_request_is_logged(
    budapest: Budapest, caplog: pytest.LogCaptureFixture, settings: Any
) -> None:
    settings.SLOW_REQUEST_SECONDS = 1e-9  # every request is "slow"
    caplog.set_level(logging.WARNING, logger="tanacs.slow")
    response = APIClient().get("/api/v1/federations/?receipt=secret-code")
    [record] = [r for r in caplog.records if r.name == "tanacs.slow"]
    assert "GET /api/v1/federations/ took" in record.getMessage()
    assert f"(status {response.status_code})" in record.getMessage()
    assert "secret-code" not in record.getMessage()
