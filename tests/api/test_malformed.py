"""Random malformed bodies to the endpoints that create or change things.

Whatever arrives, the answer is a 4xx with a ``code`` and a ``message``, never a 500, and the
database and the journal are exactly as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.api.state import snapshot
from tests.budapest import Budapest

pytestmark = pytest.mark.django_db

Client = Callable[[Any], APIClient]

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
# Values that no string, integer or list field accepts.
not_a_string = (
    st.none()
    | st.booleans()
    | st.lists(scalars, max_size=3)
    | st.dictionaries(st.text(max_size=5), scalars, max_size=3)
)
not_an_int = not_a_string | st.text().filter(lambda s: not s.strip().lstrip("+-").isdigit())
not_a_list = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text()
    | st.dictionaries(st.text(max_size=5), scalars, max_size=3)
)
WRONG = {
    "str": not_a_string,
    "int": not_an_int,
    "id": not_an_int.filter(lambda v: v is not None),  # null is a valid "no parent"
    "list": not_a_list,
}
GOOD = {
    "str": st.sampled_from(["x", "izzo-1", "new-council", "Újpest"]),
    "int": st.integers(0, 5),
    "id": st.none() | st.integers(0, 5),
    "list": st.lists(st.sampled_from(["izzo-2", "a", "b", "c"]), max_size=4, unique=True),
}

# Leaving these out is fine, so they are only ever given a wrong value.
OPTIONAL = {"parent", "seats_max", "substitutes"}

ENDPOINTS: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "federation": (
        "post", "/api/v1/federations/", "steward",
        {"name": "str", "slug": "str", "levels": "list", "seats_max": "int"},
    ),
    "council": (
        "post", "/api/v1/federations/hungary-1956/councils/", "steward",
        {"name": "str", "slug": "str", "level": "int", "parent": "id"},
    ),
    "seat": ("put", "/api/v1/councils/{izzo}/seats/1/", "izzo-officer",
             {"delegate": "str", "substitutes": "list"}),
    "seat_rule": (
        "put", "/api/v1/federations/hungary-1956/seat-rule/", "steward",
        {"members_per_seat": "int", "seats_min": "int", "seats_max": "int"},
    ),
    "officer": ("post", "/api/v1/councils/{izzo}/officers/", "izzo-officer", {"username": "str"}),
    "import": ("post", "/api/v1/federations/hungary-1956/members/import/", "steward",
               {"csv": "str"}),
}  # fmt: skip


@st.composite
def shaped_but_wrong(draw: st.DrawFn, fields: dict[str, str]) -> dict[str, Any]:
    """The right keys with plausible values, and at least one key missing or of a wrong type."""
    body = {key: draw(GOOD[kind]) for key, kind in fields.items()}
    for key in draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, unique=True)):
        if draw(st.booleans()) and key not in OPTIONAL:
            body.pop(key)
        else:
            body[key] = draw(WRONG[fields[key]])
    return body


HEADER = "name,email,council\n"


def _bodies(fields: dict[str, str]) -> st.SearchStrategy[tuple[str, str]]:
    as_json = (
        json_values.filter(lambda v: not isinstance(v, dict)) | shaped_but_wrong(fields)
    ).map(lambda v: (json.dumps(v), "application/json"))
    broken = st.text(max_size=40).filter(_not_json).map(lambda t: (t, "application/json"))
    # Only the import reads CSV; elsewhere it is an unsupported media type (415).
    csv = (st.text(max_size=60) | st.text(max_size=60).map(HEADER.__add__)).map(
        lambda t: (t, "text/csv")
    )
    return as_json | broken | csv


def _not_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return True
    return False


def _people(budapest: Budapest) -> dict[str, Any]:
    return {"steward": budapest.steward, "izzo-officer": budapest.izzo_officer}


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_malformed_bodies_never_change_anything(budapest: Budapest, as_: Client, name: str) -> None:
    method, url, who, fields = ENDPOINTS[name]
    client = as_(_people(budapest)[who])
    url = url.format(izzo=budapest.izzo.pk)
    before = snapshot()

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(_bodies(fields))
    def check(body: tuple[str, str]) -> None:
        data, content_type = body
        response = getattr(client, method)(url, data, content_type=content_type)
        assert 400 <= response.status_code < 500, (body, response.content)
        error = response.json()
        assert error["code"] and error["message"]
        assert snapshot() == before

    check()
