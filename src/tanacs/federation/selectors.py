from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

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
