"""What both databases can store, checked before anything is written.

PostgreSQL refuses a text with a NUL character, a string longer than its column and an
integer beyond 64 bits; SQLite stores all three without a word. Left alone, the same request
is a server error on PostgreSQL and silently kept on SQLite, where an export later carries it
to PostgreSQL. So every value is checked against what PostgreSQL would accept, on both
databases, before it reaches either: request bodies in the API (:func:`check_value`), and every
model row saved (:func:`check_storable`, connected to ``pre_save`` for every model). These are
limits of storage, not rules of tanacs: the rules stay in the actions.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from tanacs.core.errors import InvalidInput

__all__ = ["INT_MAX", "INT_MIN", "MAX_DEPTH", "check_storable", "check_value", "whole_number"]

INT_MIN, INT_MAX = BaseDatabaseOperations.integer_field_ranges["BigIntegerField"]
# Nothing tanacs reads nests deeper than a ranked choice (a list of lists) inside a body.
MAX_DEPTH = 20


_WHOLE = re.compile(r"[+-]?[0-9]{1,19}")


def whole_number(text: str) -> int | None:
    """``text`` as an integer a column can hold, or None.

    Only ASCII digits: ``str.isdigit`` also accepts ``"²"``, which ``int`` refuses.
    """
    text = text.strip()
    if not _WHOLE.fullmatch(text):
        return None
    number = int(text)
    return number if INT_MIN <= number <= INT_MAX else None


def check_value(
    value: Any, *, where: str = "body", depth: int = 0, max_depth: int | None = MAX_DEPTH
) -> None:
    """Refuse a decoded request value that no column of PostgreSQL would take."""
    if max_depth is not None and depth > max_depth:
        raise InvalidInput(
            f"{where}: the data nests more than {MAX_DEPTH} levels deep.", field=where
        )
    if isinstance(value, str):
        _check_text(value, where)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        _check_int(value, INT_MIN, INT_MAX, where)
    elif isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"{where}: {value} is not a finite number.", field=where)
    elif isinstance(value, dict):
        for key, item in value.items():
            name = str(key)
            _check_text(name, where)
            inner = name if where == "body" else f"{where}.{name}"
            check_value(item, where=inner, depth=depth + 1, max_depth=max_depth)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_value(item, where=f"{where}.{index}", depth=depth + 1, max_depth=max_depth)


def _check_text(text: str, where: str) -> None:
    if "\x00" in text:
        raise InvalidInput(
            f"{where}: the text contains a NUL character (\\u0000), which cannot be stored.",
            field=where,
        )
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate such as "\ud800" from JSON
            raise InvalidInput(
                f"{where}: the text holds {text[exc.start]!r}, half of a UTF-16 pair and no "
                "character, which cannot be stored.",
                field=where,
            ) from None


def _check_int(number: int, low: int | None, high: int | None, where: str) -> None:
    if (low is not None and number < low) or (high is not None and number > high):
        raise InvalidInput(
            f"{where}: {_short(number)} is out of range; numbers here lie between "
            f"{low} and {high}.",
            field=where,
        )


def _short(number: int) -> str:
    # str() of a number of more than 4,300 digits raises; its length is all that matters then.
    if number.bit_length() > 100:
        return f"a number of about {round(number.bit_length() * math.log10(2))} digits"
    return str(number)


def check_storable(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """``pre_save``: each field's value as PostgreSQL's column would take it, on every database.

    Fixtures loaded raw are checked by the database itself.
    """
    if kwargs.get("raw"):
        return
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if value is None:
            continue
        where = field.name
        if isinstance(value, str):
            _check_text(value, where)
            if field.max_length is not None and len(value) > field.max_length:
                raise InvalidInput(
                    f"{str(field.verbose_name).capitalize()} is {len(value)} characters long; "
                    f"at most {field.max_length} fit.",
                    field=where,
                )
        elif isinstance(value, int) and not isinstance(value, bool):
            kind = field.get_internal_type()
            if kind in BaseDatabaseOperations.integer_field_ranges:
                low, high = BaseDatabaseOperations.integer_field_ranges[kind]
                _check_int(value, low, high, where)
        elif isinstance(field, models.JSONField):
            check_value(value, where=where, max_depth=None)
