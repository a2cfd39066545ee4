"""A client signed in as a person by session (``as_(person)``), or anonymous (``as_(None)``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def as_() -> Callable[[Any], APIClient]:
    def client_for(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return client_for
