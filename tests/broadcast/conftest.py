"""The browser fixtures of the page tests, shared with the broadcast pages."""

from tests.web.conftest import chromium, open_page  # noqa: F401
