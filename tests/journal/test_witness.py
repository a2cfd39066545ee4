"""Witnessed history: a head kept outside the database catches a rewrite of the journal that
recomputes every later hash and the head row, which ``tanacs verify`` alone cannot see."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from tanacs.journal.chain import canonical, entry_hash
from tanacs.journal.models import Entry, Head
from tanacs.journal.witness import check_extends, parse_head
from tests.ballots.helpers import open_ballot

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def kept_head(chain: str) -> str:
    head = Head.objects.get(chain=chain)
    return f"{chain}:{head.seq}:{head.hash}"


def rewrite(chain: str, seq: int, payload: dict[str, object]) -> None:
    """The attack: add ``payload`` to entry ``seq`` and recompute every later hash and the head
    row, so the rewritten chain is consistent from its first entry to its last and the state
    it replays to is unchanged (words added to a record, a reason changed)."""
    table = Entry._meta.db_table
    entries = list(Entry.objects.filter(chain=chain, seq__gte=seq).order_by("seq"))
    prev = entries[0].prev_hash
    with connection.cursor() as cursor:
        for entry in entries:
            text = entry.payload
            if entry.seq == seq:
                text = canonical({**json.loads(entry.payload), **payload})
            digest = entry_hash(
                chain=chain, seq=entry.seq, at=entry.at, kind=entry.kind, actor=entry.actor,
                subject=entry.subject, private=entry.private, payload=text, prev_hash=prev,
            )  # fmt: skip
            cursor.execute(
                f"UPDATE {table} SET payload = %s, prev_hash = %s, hash = %s "
                "WHERE chain = %s AND seq = %s",
                [text, prev, digest, chain, entry.seq],
            )
            prev = digest
        cursor.execute(
            f"UPDATE {Head._meta.db_table} SET hash = %s WHERE chain = %s", [prev, chain]
        )


def check_api(slug: str, head: str) -> dict[str, object]:
    response = APIClient().get(f"/api/v1/federations/{slug}/journal/check/", {"head": head})
    assert response.status_code == 200, response.content
    return response.json()


def check_page(slug: str, head: str) -> str:
    response = Client().get(f"/f/{slug}/journal/check/", {"head": head})
    assert response.status_code == 200
    return response.content.decode()


def test_a_kept_head_catches_a_rewrite_that_plain_verify_misses(budapest):
    fed = budapest.federation
    chain, slug = fed.chain, fed.slug
    kept = kept_head(chain)
    kept_seq = int(kept.split(":")[-2])
    budapest.add_member(budapest.izzo, "izzo-late")  # the chain goes on after the head was kept
    assert "the present chain extends the kept head" in run("verify", "--since", kept)
    assert check_api(slug, kept)["extends"] is True
    assert "Holds." in check_page(slug, kept)
    bare = kept.rsplit(":", 1)[1]
    assert check_api(slug, bare)["seq"] == kept_seq

    rewrite(chain, 2, {"forged": "the council was never founded this way"})

    assert "verify: everything holds" in run("verify")  # the attack: the chain is consistent
    with pytest.raises(CommandError, match=f"verify failed: since .*entry {kept_seq} now has"):
        run("verify", "--since", kept)
    answer = check_api(slug, kept)
    assert answer["extends"] is False and "was rewritten" in answer["problem"]
    assert answer["head"]["seq"] == kept_seq + 2  # the applicant and the admission
    page = check_page(slug, kept)
    assert "FAILED." in page and f"entry {kept_seq} now has the hash" in page
    assert check_api(slug, bare)["extends"] is False  # a bare hash is nowhere in the chain now


@pytest.mark.parametrize("where", ["before", "at", "after"])
def test_only_a_rewrite_after_the_kept_head_is_beyond_it(budapest, where):
    chain = budapest.federation.chain
    kept = parse_head(kept_head(chain))
    assert kept.seq is not None
    budapest.add_member(budapest.izzo, "izzo-late")
    target = {"before": 1, "at": kept.seq, "after": kept.seq + 1}[where]
    rewrite(chain, target, {"forged": True})
    assert check_extends(kept).ok is (where == "after")


def test_a_cut_off_tail_with_its_head_recomputed_is_caught(budapest):
    chain = budapest.federation.chain
    budapest.add_member(budapest.izzo, "izzo-late")
    kept = kept_head(chain)
    last = Head.objects.get(chain=chain).seq
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Entry._meta.db_table} WHERE chain = %s AND seq = %s", [chain, last]
        )
        previous = Entry.objects.get(chain=chain, seq=last - 1).hash
        cursor.execute(
            f"UPDATE {Head._meta.db_table} SET seq = %s, hash = %s WHERE chain = %s",
            [last - 1, previous, chain],
        )
    # The lost admission leaves a membership the replayed journal does not know as active.
    with pytest.raises(CommandError, match="replayed journal"):
        run("verify")
    report = check_extends(parse_head(kept))
    assert not report.ok and "fewer than the kept head's" in report.message


def test_the_head_is_published_on_pages_and_the_api(budapest):
    fed = budapest.federation
    token = kept_head(fed.chain)
    head = APIClient().get(f"/api/v1/federations/{fed.slug}/journal/head/")
    assert head.status_code == 200  # public: no one signed in
    body = head.json()
    stored = Head.objects.get(chain=fed.chain)
    assert (body["seq"], body["hash"], body["head"]) == (stored.seq, stored.hash, token)
    written = Entry.objects.get(chain=fed.chain, seq=stored.seq).at
    assert body["at"].startswith(written.strftime("%Y-%m-%dT%H:%M:%S"))
    member = Client()
    member.force_login(budapest.members["izzo-1"])
    for url in (f"/f/{fed.slug}/", f"/c/{budapest.izzo.pk}/", f"/f/{fed.slug}/journal/"):
        page = member.get(url).content.decode()
        assert token in page, url
        assert f"entry {stored.seq}" in page or f">{stored.seq}<" in page, url
    assert token in Client().get(f"/f/{fed.slug}/journal/").content.decode()


def test_every_receipt_names_the_journal_head_of_its_moment(budapest):
    chain = budapest.federation.chain
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
    before = kept_head(chain)
    api = APIClient()
    api.force_authenticate(budapest.members["izzo-1"])
    vote = api.post(f"/api/v1/ballots/{ballot.pk}/vote/", {"choice": "yes"}, format="json")
    assert vote.json()["journal_head"] == before
    budapest.add_member(budapest.izzo, "izzo-late")
    now = kept_head(chain)
    assert now != before
    out = run("ballots", "vote", str(ballot.pk), "no", "--as", "izzo-2")
    assert f"journal head when you voted (keep it; tanacs verify --since checks it): {now}" in out
    page = Client()
    page.force_login(budapest.izzo_officer)
    voted = page.post(f"/b/{ballot.pk}/vote/", {"choice": "yes"}).content.decode()
    assert re.search(rf'id="receipt-head">{re.escape(now)}<', voted)
    assert "the present chain extends" in run("verify", "--since", before)


def test_a_malformed_or_foreign_head_is_refused_with_a_reason(budapest):
    slug = budapest.federation.slug
    with pytest.raises(CommandError, match="is not a journal head: give the 64 hexadecimal"):
        run("verify", "--since", "not-a-head")
    with pytest.raises(CommandError, match="is not a sequence number"):
        run("verify", "--since", f"x:{'a' * 64}")
    bad = APIClient().get(f"/api/v1/federations/{slug}/journal/check/", {"head": "zz"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    missing = APIClient().get(f"/api/v1/federations/{slug}/journal/check/")
    assert missing.status_code == 400
    foreign = f"federation:elsewhere:3:{'b' * 64}"
    other = APIClient().get(f"/api/v1/federations/{slug}/journal/check/", {"head": foreign})
    assert other.status_code == 400 and "not of this federation's" in other.json()["message"]
    page = Client().get(f"/f/{slug}/journal/check/", {"head": "zz"})
    assert page.status_code == 400 and "is not a journal head" in page.content.decode()
    unknown = json.loads(json.dumps(check_api(slug, "c" * 64)))
    assert unknown["extends"] is False and "no entry of" in unknown["problem"]
