"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Without /usr/bin/chromium the browser tests skip, except under CI (``CI=true``), where a
missing browser is a failure. Set ``TANACS_SCREENSHOTS=<dir>`` to keep screenshots.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
PASSWORD = "forradalom-1956"


# One Playwright and one browser for the whole run: other test packages import the fixtures
# below into their own conftest, which gives each package its own copy of a session fixture,
# and Playwright's sync API cannot be started twice on one thread.
_BROWSER: dict[str, Any] = {}


def _shared_browser() -> Any:
    if "browser" not in _BROWSER:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _BROWSER["playwright"] = playwright
        _BROWSER["browser"] = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    return _BROWSER["browser"]


def _close_shared_browser() -> None:
    browser, playwright = _BROWSER.pop("browser", None), _BROWSER.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; under CI the browser tests must run.")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests.")
    # Playwright's sync API keeps an event loop on this thread; the test's own database
    # calls are still plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield _shared_browser()
    _close_shared_browser()


@pytest.fixture
def open_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """``open_page(username=None, phone=False)``: a fresh browser context, signed in if asked."""
    contexts = []

    def make(username: str | None = None, *, phone: bool = False) -> Any:
        options: dict[str, Any] = {"base_url": live_server.url}
        if phone:
            options.update(viewport=PHONE, is_mobile=True, has_touch=True)
        context = chromium.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if username is not None:
            page.goto("/login/")
            page.get_by_label("User name").fill(username)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(live_server.url + "/")
        return page

    yield make
    for context in contexts:
        context.close()


def screenshot(page: Any, name: str) -> None:
    folder = os.environ.get("TANACS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
