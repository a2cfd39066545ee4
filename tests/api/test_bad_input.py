"""Input no endpoint should ever take: each answer is a 4xx with ``code`` and ``message``, never
a server error, and nothing changes, on PostgreSQL and on SQLite alike."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tanacs.ballots.models import Ballot, Choice, Elector, Method
from tanacs.decisions.actions import do_add_point, do_create_programme
from tanacs.decisions.models import Programme, ProgrammePoint
from tests.api.state import snapshot
from tests.ballots.helpers import open_ballot
from tests.budapest import Budapest

pytestmark = pytest.mark.django_db

Client = Callable[[Any], APIClient]
BIG = 2**63  # one past the largest integer PostgreSQL's bigint holds


def everything() -> dict[str, Any]:
    """What any of these calls could change: the federation state, ballots, people."""
    return {
        **snapshot(),
        "ballots": list(Ballot.objects.order_by("pk").values_list("pk", "state", "min_reported")),
        "electors voted": Elector.objects.filter(voted=True).count(),
        "choices": Choice.objects.count(),
        "programmes": Programme.objects.count(),
        "points": list(ProgrammePoint.objects.order_by("pk").values_list("pk", "programme_id")),
        "people": get_user_model().objects.count(),
    }


def refused(response: Any, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    assert body["code"] and body["message"]
    return body


def test_options_on_an_endpoint_names_it(budapest: Budapest, as_: Client) -> None:
    client = as_(budapest.izzo_officer)
    response = client.options(f"/api/v1/councils/{budapest.izzo.pk}/seats/1/")
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Seat Detail"
    assert refused(as_(None).options("/api/v1/federations/"), 401)["code"]


def test_a_superscript_digit_is_not_an_option(budapest: Budapest, as_: Client) -> None:
    # str.isdigit("²") is true, but int("²") raises: it used to be a server error.
    ballot = open_ballot(
        budapest.izzo, budapest.izzo_officer, method=Method.CHOOSE_ONE, options=["a", "b", "c"]
    )
    before = everything()
    for choice in ["²", "١٢", "9" * 5000, str(BIG)]:
        response = as_(budapest.members["izzo-1"]).post(
            f"/api/v1/ballots/{ballot.pk}/vote/", {"choice": choice}, format="json"
        )
        assert "is not one of the options" in refused(response)["message"]
    assert everything() == before


@pytest.mark.parametrize("number", [BIG, -BIG - 1, str(BIG), 10**40])
def test_a_number_beyond_64_bits_in_a_body(budapest: Budapest, as_: Client, number: Any) -> None:
    before = everything()
    response = as_(budapest.izzo_officer).post(
        f"/api/v1/councils/{budapest.izzo.pk}/ballots/",
        {"title": "Strike?", "min_reported": number},
        format="json",
    )
    body = refused(response)
    assert body["fields"] == {"min_reported": [body["message"]]}
    assert "min_reported" in body["message"] and "out of range" in body["message"]
    assert everything() == before


def test_a_number_beyond_64_bits_in_a_list(budapest: Budapest, as_: Client) -> None:
    before = everything()
    response = as_(budapest.izzo_officer).post(
        f"/api/v1/councils/{budapest.izzo.pk}/elections/", {"seats": [1, BIG]}, format="json"
    )
    assert refused(response)["field"] == "seats.1"
    assert everything() == before


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/councils/99999999999999999999/",
        "/api/v1/councils/{izzo}/seats/99999999999999999999/",
        "/api/v1/ballots/99999999999999999999/",
        "/api/v1/federations/hungary-1956/journal/99999999999999999999/",
        "/api/v1/councils/" + "9" * 5000 + "/",
    ],
)
def test_a_number_beyond_64_bits_in_a_path_is_not_found(
    budapest: Budapest, as_: Client, url: str
) -> None:
    before = everything()
    refused(as_(budapest.steward).get(url.format(izzo=budapest.izzo.pk)), 404)
    assert as_(budapest.steward).options(url.format(izzo=budapest.izzo.pk)).status_code < 500
    assert everything() == before


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "-9" * 30])
def test_a_number_beyond_64_bits_in_a_query(budapest: Budapest, as_: Client, value: str) -> None:
    for url in [
        "/api/v1/federations/hungary-1956/councils/?level=",
        "/api/v1/federations/hungary-1956/tree/?root=",
        "/api/v1/federations/hungary-1956/journal/?before=",
    ]:
        body = refused(as_(budapest.steward).get(url + value))
        assert "must be a whole number" in body["message"]


def test_same_as_with_a_key_that_is_not_a_point_number(budapest: Budapest, as_: Client) -> None:
    source = do_create_programme(budapest.izzo, title="10 points", by=budapest.izzo_officer)
    do_add_point(source, text="Troops leave.", by=budapest.izzo_officer)
    joint = do_create_programme(budapest.city, title="Joint", by=budapest.steward)
    before = everything()
    for key in ["x", "²", str(BIG), ""]:
        response = as_(budapest.steward).post(
            f"/api/v1/programmes/{joint.pk}/merge/",
            {"source": source.pk, "same_as": {key: 1}},
            format="json",
        )
        body = refused(response)
        assert "is not a point number" in body["message"], body
        assert "same_as" in body["fields"]
    assert everything() == before


@pytest.mark.parametrize("depth", [25, 5000, 100_000])
def test_deeply_nested_json(budapest: Budapest, as_: Client, depth: int) -> None:
    before = everything()
    for nested in ["[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth]:
        response = as_(budapest.izzo_officer).post(
            f"/api/v1/councils/{budapest.izzo.pk}/move/", nested, content_type="application/json"
        )
        assert "nests" in refused(response)["message"]
    assert everything() == before


def test_a_nul_character_anywhere(budapest: Budapest, as_: Client) -> None:
    client = as_(budapest.izzo_officer)
    izzo = budapest.izzo.pk
    before = everything()
    # In a path: PostgreSQL refuses NUL even in a lookup, so this was a server error there.
    body = refused(client.delete(f"/api/v1/councils/{izzo}/officers/izzo-1%00/"))
    assert "NUL" in body["message"]
    refused(client.get(f"/api/v1/councils/{izzo}/members/?status=active%00"))
    # In a JSON body, as a value and as a key.
    for data in [{"username": "izzo-1\u0000"}, {"username\u0000": "izzo-1"}]:
        response = client.post(f"/api/v1/councils/{izzo}/officers/", json.dumps(data),
                               content_type="application/json")  # fmt: skip
        assert "NUL" in refused(response)["message"] or "username" in response.json()["fields"]
    response = client.post(
        f"/api/v1/councils/{izzo}/ballots/",
        {"title": "Strike", "options": ["a\x00"]},
        format="json",
    )
    assert "NUL" in refused(response)["message"]
    assert everything() == before


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("Anna," + "a" * 150 + "@example.org,egyesult-izzo", "the email address is 162 characters"),
        ("A" * 151 + ",anna@example.org,egyesult-izzo", "the name is 151 characters"),
        ("Anna\x00,anna@example.org,egyesult-izzo", "NUL"),
        ("Anna,anna@example.org,egyesult-izzo\x00", "NUL"),
        ("Anna\rX,anna@example.org,egyesult-izzo", "expected 3 fields"),
    ],
)
def test_an_import_line_no_database_takes(
    budapest: Budapest, as_: Client, line: str, says: str
) -> None:
    before = everything()
    url = "/api/v1/federations/hungary-1956/members/import/"
    text = "name,email,council\nBéla,bela@example.org,egyesult-izzo\n" + line + "\n"
    # As the whole body: the JSON field refuses a NUL itself, so send CSV.
    response = as_(budapest.steward).post(url, text.encode(), content_type="text/csv")
    body = refused(response)
    if says == "NUL":  # the API's text fields refuse it before the import reads a line
        assert "null character" in body["message"].lower(), body
    else:
        assert "line 3" in body["message"] and says in body["message"], body
    assert everything() == before


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_an_oversized_body_is_413_in_json(budapest: Budapest, as_: Client) -> None:
    before = everything()
    client = as_(budapest.izzo_officer)
    url = f"/api/v1/councils/{budapest.izzo.pk}/ballots/"
    big = {"title": "Strike", "question": "x" * 20_000}
    for response in [
        client.post(url, big, format="json"),
        client.post(url, big),  # a form
        client.post(url, json.dumps(big), content_type="application/json; charset=utf-8"),
    ]:
        body = refused(response, 413)
        assert body["code"] == "too_large" and "10,000 bytes" in body["message"]
    assert everything() == before


def _nested(depth: int) -> str:
    """JSON text nested ``depth`` levels deep (built as text: json.dumps would recurse)."""
    opening = "".join('{"a":' if level % 2 else "[" for level in range(depth))
    return opening + "1" + "".join("}" if level % 2 else "]" for level in reversed(range(depth)))


# Numbers of any size, text of any code point (lone surrogates and NUL included), and
# nesting from none to thousands of levels.
wild_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**200), max_value=2**200)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec=None), max_size=30)
    | st.sampled_from(["²", "١٢", "\x00", "\ud800", "9" * 5000, "yes", "1", "izzo-1"])
)
wild = st.recursive(
    wild_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
deep = st.integers(min_value=20, max_value=3000).map(_nested)

WRITES: dict[str, tuple[str, str, list[str]]] = {
    "ballot": ("{izzo}/ballots/", "izzo-officer",
               ["title", "method", "options", "seats", "min_reported", "quorum"]),
    "vote": ("/api/v1/ballots/{ballot}/vote/", "izzo-1", ["choice", "receipt"]),
    "motion": ("{izzo}/motions/", "izzo-1", ["title", "text", "programme", "point"]),
    "merge": ("/api/v1/programmes/{joint}/merge/", "steward", ["source", "same_as"]),
    "move": ("{izzo}/move/", "steward", ["parent"]),
    "rules": ("{izzo}/decision-rules/", "izzo-officer",
              ["cosigners_needed", "recall_share_percent"]),
    "officer": ("{izzo}/officers/", "izzo-officer", ["username"]),
    "import": ("/api/v1/federations/hungary-1956/members/import/", "steward", ["csv"]),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(WRITES))
def test_random_json_never_breaks_a_write(budapest: Budapest, as_: Client, name: str) -> None:
    url, who, fields = WRITES[name]
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer, method=Method.CHOOSE_ONE,
                         options=["a", "b"])  # fmt: skip
    joint = do_create_programme(budapest.city, title="Joint", by=budapest.steward)
    url = url.replace("{izzo}/", f"/api/v1/councils/{budapest.izzo.pk}/").format(
        ballot=ballot.pk, joint=joint.pk
    )
    client = as_(budapest.person(who))
    method = client.put if name == "rules" else client.post

    shallow = st.dictionaries(st.sampled_from(fields), wild, min_size=1) | wild
    texts = (
        shallow.map(json.dumps)
        | deep
        | st.tuples(st.sampled_from(fields), deep).map(lambda fd: f'{{"{fd[0]}": {fd[1]}}}')
    )

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(texts)
    def check(body: str) -> None:
        before = everything()
        response = method(url, body, content_type="application/json")
        assert response.status_code < 500, (body, response.content)
        if response.status_code >= 400:
            assert response.json()["code"] and response.json()["message"]
            assert everything() == before

    check()
