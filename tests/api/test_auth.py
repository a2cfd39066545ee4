from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.budapest import Budapest

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


def test_a_token_signs_requests_in(budapest: Budapest) -> None:
    client = APIClient()
    response = client.post(TOKEN, {"username": "izzo-1", "password": "forradalom-1956"})
    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["username"] == "izzo-1"
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    mine = client.get("/api/v1/me/memberships/")
    assert mine.status_code == 200
    assert [m["council"]["slug"] for m in mine.json()["results"]] == ["egyesult-izzo"]
    # The same person gets the same token again.
    again = APIClient().post(TOKEN, {"username": "izzo-1", "password": "forradalom-1956"})
    assert again.json()["token"] == token


def test_a_wrong_password_gets_no_token(budapest: Budapest) -> None:
    response = APIClient().post(TOKEN, {"username": "izzo-1", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "password" in response.json()["message"]
    missing = APIClient().post(TOKEN, {}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()["fields"]) == {"username", "password"}


def test_a_bad_token_is_refused(budapest: Budapest) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/v1/federations/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/federations/",
        "/api/v1/federations/hungary-1956/",
        "/api/v1/federations/hungary-1956/tree/",
        "/api/v1/me/memberships/",
    ],
)
def test_anonymous_requests_get_401(budapest: Budapest, url: str) -> None:
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_session_sign_in_works_too(budapest: Budapest, as_: Callable[[Any], APIClient]) -> None:
    client = APIClient()
    assert client.login(username="steward", password="forradalom-1956")
    assert client.get("/api/v1/federations/").status_code == 200
    assert as_(budapest.steward).get("/api/v1/federations/hungary-1956/").status_code == 200


def test_session_writes_need_the_csrf_token(budapest: Budapest) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(budapest.izzo_officer)
    url = f"/api/v1/councils/{budapest.izzo.pk}/vouches-needed/"
    refused = client.put(url, {"vouches_needed": 3}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    assert "CSRF" in refused.json()["message"]
    secret = "tanacs1956" * 3 + "ok"  # a CSRF secret is 32 letters and digits
    client.cookies["csrftoken"] = secret
    accepted = client.put(url, {"vouches_needed": 3}, format="json", HTTP_X_CSRFTOKEN=secret)
    assert accepted.status_code == 200
    # A token needs no CSRF token: a browser never adds the Authorization header by itself.
    token = APIClient(enforce_csrf_checks=True)
    key = token.post(TOKEN, {"username": "izzo-officer", "password": "forradalom-1956"}).json()
    token.credentials(HTTP_AUTHORIZATION=f"Token {key['token']}")
    assert token.put(url, {"vouches_needed": 2}, format="json").status_code == 200
