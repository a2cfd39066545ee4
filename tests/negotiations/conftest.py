"""The browser fixtures of the page tests, shared with the negotiation pages."""

from tests.web.conftest import chromium, open_page  # noqa: F401
