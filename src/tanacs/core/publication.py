"""What councils publish: the registry the public pages and feeds are collected from.

Each subject that publishes something (bulletins, adopted decisions, ballot results, strikes,
negotiations) registers one :class:`Section` from its app's ``ready()``. A section's
selector returns that subject's public items for a federation or one council, newest first,
below a :class:`Cursor`: the public page and the Atom feed merge the sections by date and
never read a row twice or skip one (keyset paging, no OFFSET), however many items there are.

The registry lives in ``core`` so any subject can register without importing the broadcast
app, and the broadcast app needs no edit when a new subject starts publishing.

Privacy is the section's own promise: a selector returns only what may be read by anyone,
signed in or not, and names people only where they act in office.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q

# A federation and a council (``tanacs.federation.models``): core sits below them.
Federation = Any
Council = Any

__all__ = [
    "Cursor",
    "PublicItem",
    "Section",
    "collect",
    "keyset",
    "parse_cursor",
    "register_section",
    "sections",
]


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: items strictly older than (at, section, pk) come next."""

    at: datetime
    section: str
    pk: int

    def token(self) -> str:
        """Safe in a URL as it is: UTC written with ``Z``, no ``+`` to be read as a space."""
        at = self.at.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return f"{at}~{self.section}~{self.pk}"


@dataclass(frozen=True)
class PublicItem:
    """One published thing, as every public page and feed shows it."""

    section: str  # the registering section's name, e.g. "bulletins"
    pk: int  # unique within the section; orders items published at the same instant
    at: datetime
    title: str
    summary: str
    link: str  # the item's own page (a path on this site)
    council: str  # the council that published it
    entry_seq: int | None = None  # the journal entry recording it, if any
    entry_hash: str = ""
    origin: str = ""  # a relayed item: the council it came from

    @property
    def key(self) -> tuple[datetime, str, int]:
        return (self.at, self.section, self.pk)

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.at, self.section, self.pk)


Selector = Callable[[Federation, Council, "Cursor | None", int], list[PublicItem]]


@dataclass(frozen=True)
class Section:
    """``select(federation, council, before, limit)``: at most ``limit`` items, newest first,
    older than ``before``; ``council`` None means the whole federation."""

    name: str
    title: str
    select: Selector


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    """Register (or replace, on a second ``ready()``) the section of this name."""
    if "~" in section.name:
        raise ValueError("a section's name cannot contain '~'")
    _SECTIONS[section.name] = section


def sections() -> list[Section]:
    return [_SECTIONS[name] for name in sorted(_SECTIONS)]


def keyset(section: str, before: Cursor | None, *, at: str, pk: str = "pk") -> Q:
    """The rows of ``section`` that come after ``before`` in newest-first order."""
    if before is None:
        return Q()
    if section < before.section:
        return Q(**{f"{at}__lte": before.at})
    if section > before.section:
        return Q(**{f"{at}__lt": before.at})
    return Q(**{f"{at}__lt": before.at}) | Q(**{at: before.at, f"{pk}__lt": before.pk})


def collect(
    federation: Federation, council: Council, before: Cursor | None, limit: int
) -> list[PublicItem]:
    """The newest ``limit`` items of every section, merged, below ``before``."""
    found: list[PublicItem] = []
    for section in sections():
        found.extend(section.select(federation, council, before, limit))
    found.sort(key=lambda item: item.key, reverse=True)
    return found[:limit]


def parse_cursor(token: Any) -> Cursor | None:
    """A cursor from its token; None for a missing or unreadable one (the first page)."""
    if not isinstance(token, str) or token.count("~") != 2:
        return None
    at_text, section, pk_text = token.split("~")
    try:
        at = datetime.fromisoformat(at_text)
        pk = int(pk_text)
    except ValueError:
        return None
    if at.tzinfo is None:
        return None
    return Cursor(at, section, pk)
