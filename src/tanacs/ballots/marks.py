"""A choice in one compact canonical string, the same for storage, the list and the recount.

- yes/no: ``yes``, ``no`` or ``abstain``;
- choose one: the option's index, e.g. ``2``;
- approval: the approved indices in order, joined by ``+``, e.g. ``0+2`` (empty: approves none);
- ranked: indices best first, ``>`` between ranks and ``=`` inside an equal rank, e.g. ``2>0=1>3``.

People and the API name options by name or index; :func:`parse_choice` turns what they gave
into marks or raises :class:`~tanacs.core.errors.InvalidInput` saying what is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tanacs.ballots.models import RANKED_METHODS, Method
from tanacs.core.errors import InvalidInput
from tanacs.core.storage import whole_number

__all__ = ["YESNO", "describe_marks", "parse_choice", "ranked_groups"]

YESNO = ("yes", "no", "abstain")


def _index(options: Sequence[str], value: Any) -> int:
    if isinstance(value, bool):
        raise InvalidInput(f"{value!r} is not one of the options.", field="choice")
    index = value if isinstance(value, int) else None
    if isinstance(value, str):
        index = whole_number(value)
    if index is not None and 0 <= index < len(options):
        return index
    if isinstance(value, str) and value in options:
        return options.index(value)
    raise InvalidInput(
        f"{value!r} is not one of the options ({', '.join(options)}).", field="choice"
    )


def _groups(options: Sequence[str], raw: Any) -> list[list[int]]:
    """A ranking given as a list best first, each entry one option or a list of equals."""
    if isinstance(raw, str):
        raw = [part.split("=") for part in raw.split(">")] if raw else []
    if not isinstance(raw, list | tuple) or not raw:
        raise InvalidInput("Rank at least one candidate, best first.", field="choice")
    groups: list[list[int]] = []
    seen: set[int] = set()
    for entry in raw:
        members = entry if isinstance(entry, list | tuple) else [entry]
        if not members:
            raise InvalidInput("A rank cannot be empty.", field="choice")
        group = []
        for value in members:
            index = _index(options, value)
            if index in seen:
                raise InvalidInput(f"{options[index]} is ranked twice.", field="choice")
            seen.add(index)
            group.append(index)
        groups.append(sorted(group))
    return groups


def parse_choice(method: str, options: Sequence[str], raw: Any) -> str:
    """Validate a choice and return its marks."""
    if method == Method.YESNO:
        value = str(raw).strip().lower() if raw is not None else ""
        if value not in YESNO:
            raise InvalidInput("Choose yes, no or abstain.", field="choice")
        return value
    if method == Method.CHOOSE_ONE:
        if raw is None or raw == "" or isinstance(raw, list | tuple | dict):
            raise InvalidInput("Choose exactly one option.", field="choice")
        return str(_index(options, raw))
    if method == Method.APPROVAL:
        values = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw])
        indices = sorted({_index(options, v) for v in values})
        if len(indices) != len(values):
            raise InvalidInput("An option is approved twice.", field="choice")
        return "+".join(str(i) for i in indices)
    if method in RANKED_METHODS:
        groups = _groups(options, raw)
        if method in (Method.IRV, Method.STV) and any(len(g) > 1 for g in groups):
            raise InvalidInput(
                "Give each candidate a different rank: this count cannot use equal ranks.",
                field="choice",
            )
        return ">".join("=".join(str(i) for i in g) for g in groups)
    raise InvalidInput(f"Unknown counting method {method!r}.", field="method")


def ranked_groups(marks: str) -> list[list[int]]:
    return [[int(i) for i in part.split("=")] for part in marks.split(">")] if marks else []


def describe_marks(method: str, options: Sequence[str], marks: str) -> Any:
    """The choice in names, as pages, exports and receipts show it."""
    if method == Method.YESNO:
        return marks
    if method == Method.CHOOSE_ONE:
        return options[int(marks)]
    if method == Method.APPROVAL:
        return [options[int(i)] for i in marks.split("+")] if marks else []
    return [[options[i] for i in group] for group in ranked_groups(marks)]
