"""Password guessing on the sign-in page, weak passwords at sign-up, and the security headers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

import tanacs.web

pytestmark = pytest.mark.django_db

PASSWORD = "forradalom-1956"
LOCKED = "Too many wrong passwords for this account or from this address"


def sign_in(username: str, password: str, *, address: str = "192.0.2.10") -> Any:
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def test_after_repeated_wrong_passwords_the_right_one_is_refused(budapest: Any) -> None:
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert sign_in("izzo-1", "guess-1956").status_code == 200  # the form again, an error
    # The right password, even from another address, is refused while the account is locked.
    refused = sign_in("izzo-1", PASSWORD, address="198.51.100.7")
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert "_auth_user_id" not in refused.wsgi_request.session
    # Another account from the first address is not locked by these few failures.
    assert sign_in("izzo-2", PASSWORD).status_code == 302


def test_one_address_guessing_many_accounts_is_locked_out(budapest: Any) -> None:
    for number in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        assert sign_in(f"nobody-{number}", "guess-1956").status_code == 200
    refused = sign_in("izzo-2", PASSWORD)
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    # The account itself is fine from elsewhere.
    assert sign_in("izzo-2", PASSWORD, address="198.51.100.8").status_code == 302


def test_a_right_password_clears_the_account_count(budapest: Any) -> None:
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        sign_in("izzo-1", "guess-1956")
    assert sign_in("izzo-1", PASSWORD).status_code == 302
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        sign_in("izzo-1", "guess-1956", address="198.51.100.9")
    assert sign_in("izzo-1", PASSWORD, address="198.51.100.9").status_code == 302


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("12345678", "This password is too common."),
        ("password", "This password is too common."),
        ("84736251094", "This password is entirely numeric."),
        ("k7-q", "This password is too short."),
        ("nagy-imre-1", "The password is too similar to the username."),
    ],
)
def test_sign_up_refuses_weak_passwords(client: Client, password: str, says: str) -> None:
    response = client.post(
        "/signup/", {"username": "nagy-imre-1", "password1": password, "password2": password}
    )
    assert response.status_code == 400
    assert says in response.content.decode().replace("&#x27;", "'")
    assert not get_user_model().objects.filter(username="nagy-imre-1").exists()


def test_pages_send_a_content_security_policy(budapest: Any) -> None:
    response = Client().get("/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_templates_carry_no_inline_script_or_style() -> None:
    """The policy allows no inline script or style: a template that used one would break."""
    inline = re.compile(r"<style|\sstyle=|<script(?![^>]*\ssrc=)|\son[a-z]+=", re.IGNORECASE)
    templates = Path(tanacs.web.__file__).parent / "templates"
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if inline.search(path.read_text())
    ]
    assert offenders == []
