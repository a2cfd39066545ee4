from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet

from tanacs.federation.models import Council, Federation, Officer


def list_federations() -> QuerySet[Federation]:
    return Federation.objects.order_by("name")


def list_roots(federation: Federation) -> QuerySet[Council]:
    return federation.councils.filter(parent__isnull=True).order_by("-level", "name")


def list_children(council: Council) -> QuerySet[Council]:
    return council.children.select_related("federation").order_by("name")


def list_councils(federation: Federation, *, level: int | None = None) -> QuerySet[Council]:
    query = federation.councils.select_related("parent")
    if level is not None:
        query = query.filter(level=level)
    return query.order_by("level", "name")


def get_council_by_slug(federation: Federation, slug: str) -> Council | None:
    return federation.councils.filter(slug=slug).select_related("parent").first()


def list_offices_of(person: Any) -> QuerySet[Officer]:
    """The councils a person is an officer of, with their federations."""
    return (
        Officer.objects.filter(person_id=person.pk)
        .select_related("council", "council__federation")
        .order_by("council__federation__name", "council__name")
    )


def list_stewarded(person: Any) -> QuerySet[Federation]:
    return Federation.objects.filter(stewards__pk=person.pk).order_by("name")


def list_officers(council: Council) -> QuerySet[Officer]:
    return council.officers.select_related("person").order_by("person__username")


def count_children(parent_ids: list[int]) -> dict[int, int]:
    """How many child councils each of these councils has, in one query."""
    rows = (
        Council.objects.filter(parent_id__in=parent_ids)
        .values("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    return dict(rows)


def list_children_page(council_id: int, limit: int) -> list[Council]:
    """The first ``limit`` child councils of one council, by name."""
    return list(
        Council.objects.filter(parent_id=council_id)
        .select_related("federation", "parent")
        .order_by("name")[:limit]
    )


def list_roots_page(federation: Federation, limit: int) -> list[Council]:
    """The councils without a parent (the top, and any not yet placed), found by the parent
    index: ``federation_id + 0`` keeps the planner from scanning all the federation's councils.
    """
    return list(
        Council.objects.filter(parent__isnull=True)
        .alias(fed=F("federation_id") + 0)
        .filter(fed=federation.pk)
        .order_by("-level", "name")[:limit]
    )


def path_to(council: Council) -> list[Council]:
    """The councils from the top of the tree down to ``council``, in one query."""
    if council.parent_id is None:
        return [council]
    depth = max(1, council.federation.top_level - council.level)
    node: Council | None = Council.objects.select_related("__".join(["parent"] * depth)).get(
        pk=council.pk
    )
    path: list[Council] = []
    while node is not None:
        path.insert(0, node)
        node = node.parent
    return path
