"""Password guessing: failed sign-ins counted per account and per address.

Threat: someone guesses passwords, for one account from many addresses or for many accounts
from one address, through the sign-in page or the token endpoint (both go through
:class:`ThrottledModelBackend`). After ``LOGIN_FAILURES_PER_ACCOUNT`` wrong passwords for an
account, or ``LOGIN_FAILURES_PER_ADDRESS`` from one address, within ``LOGIN_LOCKOUT_SECONDS`` of
the first, every attempt for that account or from that address, right password or wrong, is
refused until the window ends, and the page and the API say so.

What it does not do: the counts live in Django's cache, so with the default local-memory cache
each server process counts on its own (N processes allow N times the attempts); a deployment
with several processes or servers points ``TANACS_CACHE_URL`` at a shared cache (Redis). Anyone
can lock an account for one window by failing on purpose: the price of stopping a guesser who
changes addresses. Server-side code that calls ``authenticate()`` without a request (the CLI,
the test client's ``login``) has no address and is not counted.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from tanacs.core.errors import ErrorCode, TanacsError

__all__ = ["ThrottledModelBackend", "TooManyAttempts", "check_sign_in_allowed", "client_address"]

log = logging.getLogger("tanacs.signin")


class TooManyAttempts(TanacsError):
    code = ErrorCode.TOO_MANY_ATTEMPTS
    http_status = 429


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the last hop a trusted proxy appended."""
    header = settings.CLIENT_ADDRESS_HEADER
    if header:
        hops = [hop.strip() for hop in str(request.META.get(header, "")).split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def _keys(request: HttpRequest, username: str | None) -> list[tuple[str, int]]:
    """(cache key, limit) for the account and the address of one attempt."""
    keys = []
    if username:
        digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        keys.append((f"signin:account:{digest}", settings.LOGIN_FAILURES_PER_ACCOUNT))
    address = client_address(request)
    if address:
        digest = hashlib.sha256(address.encode()).hexdigest()
        keys.append((f"signin:address:{digest}", settings.LOGIN_FAILURES_PER_ADDRESS))
    return keys


def check_sign_in_allowed(request: HttpRequest, username: str | None) -> None:
    """Raise :class:`TooManyAttempts` while this account or this address is locked out."""
    for key, limit in _keys(request, username):
        if (cache.get(key) or 0) >= limit:
            minutes = max(1, round(settings.LOGIN_LOCKOUT_SECONDS / 60))
            raise TooManyAttempts(
                "Too many wrong passwords for this account or from this address: signing in "
                f"is refused for up to {minutes} minutes. Try again later.",
                field="password",
            )


def _record_failure(request: HttpRequest, username: str | None) -> None:
    for key, limit in _keys(request, username):
        # add + incr: atomic in local memory and Redis, so parallel guesses all count.
        if cache.add(key, 1, settings.LOGIN_LOCKOUT_SECONDS):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)
                count = 1
        if count == limit:
            log.warning("sign-in locked out: %s reached %d failures", key.split(":")[1], limit)


class ThrottledModelBackend(ModelBackend):
    """Django's backend, refusing locked accounts and addresses and counting failures."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return super().authenticate(request, username=username, password=password, **kwargs)
        try:
            check_sign_in_allowed(request, username)
        except TooManyAttempts:
            raise PermissionDenied from None  # authenticate() then tries no other backend
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            _record_failure(request, username)
        elif username:
            cache.delete(_keys(request, username)[0][0])  # the account's count, not the address's
        return user
