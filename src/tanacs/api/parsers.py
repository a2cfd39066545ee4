"""The API's parsers: whatever arrives, a 4xx with a message, never a server error.

Python's decoder raises ``RecursionError`` on deeply nested arrays, and takes integers of
any size that no database column holds; a body larger than Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused before it is read whole.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import QueryDict
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import FormParser as DrfFormParser
from rest_framework.parsers import JSONParser as DrfJSONParser

from tanacs.core.errors import ErrorCode
from tanacs.core.storage import check_value

__all__ = ["BodyTooLarge", "FormParser", "JSONParser", "too_large_message"]


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = ErrorCode.TOO_LARGE
    default_detail = "The request body is too large; nothing was changed."


def _read(stream: Any) -> bytes:
    """The whole body, or 413 once it passes Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    limit: int | None = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    raw: bytes = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(raw) > limit:
        raise BodyTooLarge(too_large_message())
    return raw


def too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return f"The request body is larger than {limit:,} bytes, the most tanacs reads; " + (
        "nothing was changed."
    )


def _encoding(parser_context: Any) -> str:
    encoding: str = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
    return encoding


class JSONParser(DrfJSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = _read(stream)
        try:
            text = raw.decode(_encoding(parser_context))
            data = json.loads(text, parse_constant=_no_constant)
        except RecursionError:
            raise ParseError("The JSON body nests too deeply; nothing was changed.") from None
        except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError included
            raise ParseError(f"The body is not valid JSON ({exc}); nothing was changed.") from None
        check_value(data)
        return data


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


class FormParser(DrfFormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return QueryDict(_read(stream), encoding=_encoding(parser_context))
