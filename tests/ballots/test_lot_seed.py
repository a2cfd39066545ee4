"""A tie broken by lot: the seed is fixed only at close (the journal head before the closing
entry, with the ballot's uid), published with the result, and redraws the same lot."""

from __future__ import annotations

import hashlib
import io
import json
from contextlib import redirect_stdout

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from tanacs.ballots.actions import do_cast_vote, do_close_ballot
from tanacs.ballots.counting import lot_seed
from tanacs.ballots.recount import recount_ballot
from tanacs.cli.tally import main as tally_main
from tanacs.journal.models import Entry, Head
from tests.ballots.helpers import open_ballot

pytestmark = pytest.mark.django_db

OPTIONS = ["Nagy", "Maléter", "Kádár"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def tied_ballot(budapest, method: str = "choose-one"):
    """Two voters, two different first choices: only a lot can decide."""
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer, method=method, options=OPTIONS,
                         seats=2 if method == "stv" else 1)  # fmt: skip
    first = "Nagy" if method != "irv" else ["Nagy", "Kádár"]
    second = "Kádár" if method != "irv" else ["Kádár", "Nagy"]
    do_cast_vote(ballot, by=budapest.izzo_officer, choice=first)
    do_cast_vote(ballot, by=budapest.members["izzo-1"], choice=second)
    return ballot


def closing_entry(ballot) -> Entry:
    return Entry.objects.get(kind="ballot.closed", subject=ballot.subject)


def test_the_seed_is_fixed_at_close_by_the_journal_head(budapest):
    ballot = tied_ballot(budapest)
    chain = budapest.federation.chain
    head_while_open = Head.objects.get(chain=chain).hash
    budapest.add_member(budapest.csepel, "csepel-late")  # the journal moves on before close
    head_at_close = Head.objects.get(chain=chain).hash
    ballot = do_close_ballot(ballot, by=budapest.izzo_officer)
    result = json.loads(ballot.result)
    entry = closing_entry(ballot)
    seed = result["seed"]
    assert entry.prev_hash == head_at_close
    assert seed == lot_seed(str(ballot.uid), head_at_close) == json.loads(entry.payload)["seed"]
    uid = str(ballot.uid)
    knowable_before = {uid, hashlib.sha256(uid.encode()).hexdigest(),
                       lot_seed(uid, head_while_open)}  # fmt: skip
    assert seed not in knowable_before
    assert result["engine"]["decided_by_lot"]
    assert {lot["seed"] for lot in result["engine"]["lots"]} == {seed}


def test_the_same_ballot_closed_after_another_action_draws_from_another_seed(budapest):
    ballot = tied_ballot(budapest)
    seeds = []
    for extra in (False, True):
        with transaction.atomic():
            if extra:
                budapest.add_member(budapest.csepel, "csepel-late")
            closed = do_close_ballot(ballot, by=budapest.izzo_officer)
            seeds.append(json.loads(closed.result)["seed"])
            transaction.set_rollback(True)
        ballot.refresh_from_db()
    assert seeds[0] != seeds[1]


@pytest.mark.parametrize("method", ["choose-one", "approval", "irv", "stv", "schulze"])
def test_recount_and_tanacs_tally_redraw_the_published_lot(budapest, method, tmp_path):
    ballot = do_close_ballot(tied_ballot(budapest, method), by=budapest.izzo_officer)
    result = json.loads(ballot.result)
    shown = json.loads(run("ballots", "show", str(ballot.pk), "--json"))
    assert shown["lot_seed"] == result["seed"]
    tally_file = tmp_path / f"ballot-{ballot.pk}-tally.csv"
    tally_file.write_text(run("ballots", "export", str(ballot.pk), "--format", "tally"))
    argv = shown["redraw"].split()[3:]  # after "tanacs tally FILE"
    assert argv[argv.index("--seed") + 1] == result["seed"]
    out = io.StringIO()
    with redirect_stdout(out):
        assert tally_main([str(tally_file), *argv, "--json"]) == 0
    redrawn = json.loads(out.getvalue())
    assert redrawn["winners"] == result["winners"]
    lots = "ties" if method == "stv" else "lots"  # STV records each tie, with its lot
    assert redrawn["result"][lots] == result["engine"][lots]
    drawn = [t for t in result["engine"][lots] if lots == "lots" or t.get("lot")]
    assert drawn  # a lot was drawn, so redrawing it is a real check


def test_a_forged_seed_fails_the_recount(budapest):
    ballot = do_close_ballot(tied_ballot(budapest), by=budapest.izzo_officer)
    result = json.loads(ballot.result)
    uid_seeded = lot_seed(str(ballot.uid), "0" * 64)
    forged = json.dumps({**result, "seed": uid_seeded})
    type(ballot).objects.filter(pk=ballot.pk).update(result=forged)
    assert not recount_ballot(ballot).ok


def test_the_seed_is_shown_with_the_result_and_how_to_redraw(budapest):
    ballot = do_close_ballot(tied_ballot(budapest), by=budapest.izzo_officer)
    seed = json.loads(ballot.result)["seed"]
    member = Client()
    member.force_login(budapest.members["izzo-1"])
    page = member.get(f"/b/{ballot.pk}/result/").content.decode()
    assert f'id="lot-seed">{seed}<' in page
    assert f"--method plurality --seed {seed}" in page
    tally = b"".join(member.get(f"/b/{ballot.pk}/tally.csv").streaming_content).decode()
    assert tally.splitlines() == ["weight,Nagy,Maléter,Kádár", "1,1,,", "1,,,1"]
    api = APIClient()
    api.force_authenticate(budapest.members["izzo-1"])
    assert api.get(f"/api/v1/ballots/{ballot.pk}/").json()["lot_seed"] == seed
    assert api.get(f"/api/v1/ballots/{ballot.pk}/result/").json()["seed"] == seed
    api_tally = api.get(f"/api/v1/ballots/{ballot.pk}/list/?export=tally")
    assert b"".join(api_tally.streaming_content).decode() == tally
    assert f"lot seed (fixed at close by the journal head): {seed}" in run(
        "ballots", "show", str(ballot.pk)
    )
