"""Shared test setup: which database the suite runs on, and a unique test database name.

``./run test`` runs the suite twice, on SQLite and on PostgreSQL (``DATABASE_URL``).
"""

from __future__ import annotations

import os

import pytest


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("DATABASE_URL", "")
    return f"tanacs database: {'PostgreSQL' if url.startswith('postgres') else 'SQLite'}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> None:
    # Several suites may run at once on one PostgreSQL server: give each its own database.
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "postgresql" in str(db["ENGINE"]):
        db.setdefault("TEST", {})["NAME"] = f"test_tanacs_{os.getpid()}"


@pytest.fixture
def budapest(db: None) -> object:
    from tests.budapest import build_budapest

    return build_budapest()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Failed sign-ins are counted in the cache (local memory): each test starts from zero.
    from django.core.cache import cache

    cache.clear()
