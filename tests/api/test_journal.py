from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from tanacs.journal.chain import append, entry_hash, verify_chain
from tests.api.state import snapshot
from tests.budapest import Budapest

pytestmark = pytest.mark.django_db

Client = Callable[[Any], APIClient]
JOURNAL = "/api/v1/federations/hungary-1956/journal/"


def test_the_journal_shows_public_entries_and_the_head(budapest: Budapest, as_: Client) -> None:
    report = verify_chain(budapest.federation.chain)
    body = as_(budapest.members["csepel-1"]).get(JOURNAL).json()  # reads Csepel in full
    assert body["count"] == report.entries
    assert body["head"] == {"seq": report.entries, "hash": report.head}
    seqs = [e["seq"] for e in body["entries"]]
    assert seqs == sorted(seqs, reverse=True)
    assert seqs[0] == report.entries
    newest = body["entries"][0]
    assert newest["hash"] == report.head
    assert newest["payload"]["status"] == "active"
    assert newest["hash"] == entry_hash(
        chain=body["chain"], seq=newest["seq"], at=_parse(newest["at"]), kind=newest["kind"],
        actor=newest["actor"], subject=newest["subject"], private=False,
        payload=newest["payload_json"], prev_hash=newest["prev_hash"],
    )  # fmt: skip


def test_anyone_may_read_the_public_journal(budapest: Budapest, as_: Client) -> None:
    anonymous = as_(None)
    body = anonymous.get(JOURNAL).json()
    assert body["head"]["hash"] == verify_chain(budapest.federation.chain).head
    assert anonymous.get(f"{JOURNAL}1/").json()["kind"] == "federation.created"
    assert anonymous.delete(f"{JOURNAL}1/").status_code == 405
    assert anonymous.get("/api/v1/federations/nowhere/journal/").status_code == 404


def _parse(at: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(at.replace("Z", "+00:00"))


def test_keyset_pages_by_seq(budapest: Budapest, as_: Client) -> None:
    client = as_(budapest.steward)
    total = client.get(JOURNAL).json()["count"]
    seen: list[int] = []
    url = f"{JOURNAL}?after=0&limit=4"
    while True:
        page = client.get(url).json()
        seen += [e["seq"] for e in page["entries"]]
        if page["next_after"] is None:
            break
        url = f"{JOURNAL}?after={page['next_after']}&limit=4"
    assert seen == list(range(1, total + 1))
    older = client.get(f"{JOURNAL}?before=5&limit=2").json()
    assert [e["seq"] for e in older["entries"]] == [4, 3]
    assert older["next_before"] == 3
    assert client.get(f"{JOURNAL}?before=2&after=1").status_code == 400
    assert client.get(f"{JOURNAL}?limit=0").json()["field"] == "limit"
    assert client.get(f"{JOURNAL}?after=x").json()["field"] == "after"


def test_private_entries_are_not_shown(budapest: Budapest, as_: Client) -> None:
    with transaction.atomic():
        secret = append(
            budapest.federation.chain, "test.private", actor="system", payload={}, private=True
        )
    client = as_(budapest.steward)
    body = client.get(JOURNAL).json()
    assert body["head"]["seq"] == secret.seq
    assert secret.seq not in [e["seq"] for e in body["entries"]]
    assert client.get(f"{JOURNAL}{secret.seq}/").status_code == 404
    assert client.get(f"{JOURNAL}1/").json()["kind"] == "federation.created"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["", "1/"])
def test_nobody_can_write_change_or_delete_the_journal(
    budapest: Budapest, as_: Client, method: str, path: str
) -> None:
    before = snapshot()
    client = as_(budapest.steward)  # a steward of the federation, and still no
    response = getattr(client, method)(f"{JOURNAL}{path}", {"kind": "forged"}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert snapshot() == before
    assert verify_chain(budapest.federation.chain).ok
