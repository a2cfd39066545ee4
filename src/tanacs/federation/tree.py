"""Reading a federation's shape: its tree a few levels at a time, counts, officers."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count, Q, QuerySet, Sum

from tanacs.federation.models import Council, Federation, Officer
from tanacs.federation.selectors import count_children

__all__ = [
    "MAX_DEPTH",
    "LevelCount",
    "children_of",
    "filter_councils",
    "level_counts",
    "list_subtree",
    "member_total",
    "officer_names",
    "steward_names",
    "with_child_counts",
]

MAX_DEPTH = 4


def list_subtree(
    federation: Federation, *, root: Council | None = None, depth: int = 2
) -> QuerySet[Council]:
    """Councils down to ``depth`` levels below ``root`` (or below the roots), top first.

    One query with a join per level, so a page of a 10,000-council tree stays cheap; each
    council of a page gets ``child_count`` from ``with_child_counts``, so a client can open the
    next levels on demand.
    """
    depth = max(0, min(depth, MAX_DEPTH))
    steps = []
    for k in range(depth + 1):
        path = "__".join(["parent"] * k)
        if root is not None:
            steps.append(Q(pk=root.pk) if k == 0 else Q(**{path: root.pk}))
        elif k == 0:
            steps.append(Q(parent__isnull=True))
        else:
            steps.append(Q(**{f"{path}__isnull": False, f"{path}__parent__isnull": True}))
    query = federation.councils.filter(reduce(operator.or_, steps))
    return query.order_by("-level", "name", "pk")


def with_child_counts(councils: list[Council]) -> list[Council]:
    """Set ``child_count`` on each council (one query for the lot, e.g. one page)."""
    counts = count_children([c.pk for c in councils])
    for council in councils:
        council.child_count = counts.get(council.pk, 0)  # type: ignore[attr-defined]
    return councils


@dataclass(frozen=True)
class LevelCount:
    level: int
    name: str
    councils: int


def level_counts(federation: Federation) -> list[LevelCount]:
    counts = dict(federation.councils.order_by().values_list("level").annotate(n=Count("pk")))
    return [LevelCount(i, name, counts.get(i, 0)) for i, name in enumerate(federation.levels)]


def member_total(federation: Federation) -> int:
    """Active members of the federation: each is represented once, at the top of their tree."""
    roots = federation.councils.filter(parent__isnull=True)
    return int(roots.aggregate(n=Sum("represented_count"))["n"] or 0)


def steward_names(federation: Federation) -> list[str]:
    return sorted(federation.stewards.values_list("username", flat=True))


def officer_names(council: Council) -> list[str]:
    return sorted(
        Officer.objects.filter(council=council).values_list("person__username", flat=True)
    )


def children_of(council: Council) -> list[Council]:
    return with_child_counts(list(council.children.order_by("name", "pk")))


def filter_councils(
    federation: Federation, *, level: int | None = None, parent: int | None = None
) -> QuerySet[Council]:
    """Councils of a federation, optionally at one level and/or under one parent."""
    query = federation.councils.select_related("federation")
    if level is not None:
        query = query.filter(level=level)
    if parent is not None:
        query = query.filter(parent_id=parent)
    return query.order_by("level", "name", "pk")
