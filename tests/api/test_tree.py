"""The tree endpoint returns exactly the councils within ``depth`` levels of where it starts."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tanacs.federation.actions import do_create_federation
from tanacs.federation.models import Council
from tests.budapest import make_person

pytestmark = pytest.mark.django_db

Client = Callable[[Any], APIClient]
LEVELS = ["workplace", "district", "city", "national"]
numbers = itertools.count()


@st.composite
def trees(draw: st.DrawFn) -> list[tuple[int, int | None]]:
    """(level, index of parent or None) per council, parents one level up; some orphans."""
    nodes: list[tuple[int, int | None]] = []
    for level in range(3, -1, -1):
        above = [i for i, (lv, _) in enumerate(nodes) if lv == level + 1]
        for _ in range(draw(st.integers(1 if level == 3 else 0, 4))):
            parent = draw(st.none() | st.sampled_from(above)) if above else None
            nodes.append((level, parent))
    return nodes


def _expected(nodes: list[tuple[int, int | None]], start: int | None, depth: int) -> set[int]:
    frontier = {i for i, (_, p) in enumerate(nodes) if p is None} if start is None else {start}
    found = set(frontier)
    for _ in range(depth):
        frontier = {i for i, (_, p) in enumerate(nodes) if p in frontier}
        found |= frontier
    return found


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(nodes=trees(), depth=st.integers(0, 4), data=st.data())
def test_the_tree_holds_exactly_the_councils_within_depth(
    as_: Client, nodes: list[tuple[int, int | None]], depth: int, data: st.DataObject
) -> None:
    steward = make_person("steward")
    slug = f"tree-{next(numbers)}"
    federation = do_create_federation(name=slug, slug=slug, levels=LEVELS, by=steward)
    made: list[Council] = []
    for i, (level, parent) in enumerate(nodes):
        made.append(
            Council.objects.create(
                federation=federation, slug=f"c{i}", name=f"C{i}", level=level,
                parent=made[parent] if parent is not None else None,
            )
        )  # fmt: skip
    start = data.draw(st.none() | st.integers(0, len(nodes) - 1))
    url = f"/api/v1/federations/{slug}/tree/?depth={depth}&page_size=500"
    if start is not None:
        url += f"&root={made[start].pk}"
    body = as_(steward).get(url).json()
    got = {node["id"] for node in body["results"]}
    assert got == {made[i].pk for i in _expected(nodes, start, depth)}
    for node in body["results"]:
        index = next(i for i, c in enumerate(made) if c.pk == node["id"])
        assert node["child_count"] == sum(1 for _, p in nodes if p == index)
