"""A federation-wide referendum of 1,000,000 members in 10,000 base councils, four levels:
the time from close to every council's result and the total being published.

For each database a child process loads the membership (``tanacs load-demo``'s bulk path),
opens a referendum over every member (the electorate snapshot), writes 80% turnout of
yes/no/abstain choices in bulk, then times ``do_close_ballot``: per-council counts by the
tally engine at every level, withholding of small councils, the published list's SHA-256
over every ballot, and the journal entry holding the result, in one transaction.

Peers, timed on the same stored choices:
- "SQL GROUP BY": Helios-style plain per-row counting in the database, one ``GROUP BY``
  query per level (base councils, districts, cities, total), counts only;
- "per-row Python": every ballot read and added to its council and each council above.

    .venv/bin/python bench/referendum.py [--members 1000000] [--councils 10000] [--db both]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

from _common import ROOT, env_for, fresh_pg, machine_note

TURNOUT_EVERY = 5  # electors with id % 5 == 0 abstain from voting: 80% turnout


def child(members: int, councils: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanacs.config.settings")
    os.environ.setdefault("TANACS_LOCAL", "1")  # a bench on this machine: no secret key needed
    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import connection, transaction

    from tanacs.ballots.actions import do_close_ballot, do_create_ballot, do_open_ballot
    from tanacs.ballots.models import Choice, Elector
    from tanacs.ballots.recount import recount_ballot
    from tanacs.core.rows import insert_rows, is_postgres
    from tanacs.demo import load_demo
    from tanacs.federation.models import Council
    from tests.budapest import make_person

    figures: dict[str, float | int | str] = {"database": connection.vendor}
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with transaction.atomic():
        report = load_demo(members=members, councils=councils)
    figures["load_s"] = time.perf_counter() - started
    federation = report.federation
    national = Council.objects.get(federation=federation, parent__isnull=True)
    figures["base_councils"] = Council.objects.filter(federation=federation, level=0).count()
    figures["councils"] = report.councils
    steward = make_person("steward")

    started = time.perf_counter()
    ballot = do_create_ballot(
        national, by=steward, title="Continue the general strike?",
        electorate="referendum", council_turnout="50%",
    )  # fmt: skip
    ballot = do_open_ballot(ballot, by=steward)
    figures["open_s"] = time.perf_counter() - started
    figures["electors"] = ballot.electors_count

    started = time.perf_counter()
    rows = Elector.objects.filter(ballot=ballot).values_list("id", "council_id")
    voters = [(pk, council) for pk, council in rows.iterator(50_000) if pk % TURNOUT_EVERY]
    rng = np.random.default_rng(1956)
    lean = {c: 0.25 + 0.6 * ((c * 7919) % 100) / 100 for c in {c for _, c in voters}}
    draws = rng.random(len(voters))
    abstain = rng.random(len(voters)) < 0.05
    hashes = os.urandom(32 * len(voters)).hex()
    pg = is_postgres()
    with transaction.atomic():
        insert_rows(
            Choice._meta.db_table,
            ["id", "ballot_id", "council_id", "weight", "marks", "receipt_hash", "voter_id"],
            (
                (uuid.uuid4() if pg else uuid.uuid4().hex, ballot.pk, council, 1,
                 "abstain" if abstain[i] else ("yes" if draws[i] < lean[council] else "no"),
                 hashes[64 * i : 64 * i + 64], None)
                for i, (_, council) in enumerate(voters)
            ),
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Elector._meta.db_table} SET voted = %s "
                f"WHERE ballot_id = %s AND id %% {TURNOUT_EVERY} <> 0",
                [True, ballot.pk],
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    figures["votes"] = len(voters)
    figures["cast_s"] = time.perf_counter() - started

    profile_to = os.environ.get("TANACS_BENCH_PROFILE")
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    ballot = do_close_ballot(ballot, by=steward)
    figures["close_s"] = time.perf_counter() - started
    if profile_to:
        profiler.disable()
        profiler.dump_stats(profile_to)
    result = json.loads(ballot.result)

    started = time.perf_counter()
    peer = sql_group_by(ballot.pk)
    figures["peer_sql_s"] = time.perf_counter() - started
    started = time.perf_counter()
    python_peer = per_row_python(ballot.pk, federation.pk)
    figures["peer_python_s"] = time.perf_counter() - started

    started = time.perf_counter()
    assert recount_ballot(ballot).ok
    figures["recount_s"] = time.perf_counter() - started

    total = result["total"]
    assert total["yes"] == peer["total"].get("yes", 0) == python_peer[national.pk]["yes"]
    assert total["no"] == peer["total"].get("no", 0) == python_peer[national.pk]["no"]
    shown = {c["council"]: c for c in result["councils"] if not c["withheld"]}
    for level in ("base", "district", "city"):
        for council, counts in peer[level].items():
            if council in shown:
                assert shown[council]["summary"]["yes"] == counts.get("yes", 0), council
    figures["total"] = f"yes {total['yes']}, no {total['no']}, abstain {total['abstain']}"
    figures["passed"] = str(total["passed"])
    figures["passed_councils"] = json.dumps(result["passed_councils"])
    figures["withheld"] = result["withheld_councils"]
    figures["bound"] = result["bound_councils"]
    print("RESULT " + json.dumps(figures), flush=True)


def sql_group_by(ballot_id: int) -> dict[str, dict]:
    """Counts per council at each level, one GROUP BY per level, in the database."""
    from django.db import connection

    choice, council = "ballots_choice", "federation_council"
    queries = {
        "base": f"SELECT ch.council_id, ch.marks, COUNT(*) FROM {choice} ch "
        "WHERE ch.ballot_id = %s GROUP BY ch.council_id, ch.marks",
        "district": f"SELECT c0.parent_id, ch.marks, COUNT(*) FROM {choice} ch "
        f"JOIN {council} c0 ON c0.id = ch.council_id WHERE ch.ballot_id = %s "
        "GROUP BY c0.parent_id, ch.marks",
        "city": f"SELECT c1.parent_id, ch.marks, COUNT(*) FROM {choice} ch "
        f"JOIN {council} c0 ON c0.id = ch.council_id JOIN {council} c1 ON c1.id = c0.parent_id "
        "WHERE ch.ballot_id = %s GROUP BY c1.parent_id, ch.marks",
        "total": f"SELECT 0, ch.marks, COUNT(*) FROM {choice} ch WHERE ch.ballot_id = %s "
        "GROUP BY ch.marks",
    }
    counts: dict[str, dict] = {}
    with connection.cursor() as cursor:
        for level, sql in queries.items():
            cursor.execute(sql, [ballot_id])
            table: dict[int, dict[str, int]] = defaultdict(dict)
            for council_id, marks, n in cursor.fetchall():
                table[council_id][marks] = n
            counts[level] = dict(table)
    counts["total"] = counts["total"].get(0, {})
    return counts


def per_row_python(ballot_id: int, federation_id: int) -> dict[int, dict[str, int]]:
    """Helios-style: every ballot read and added to its council and to each council above."""
    from tanacs.ballots.models import Choice
    from tanacs.federation.models import Council

    parent = dict(
        Council.objects.filter(federation_id=federation_id).values_list("id", "parent_id")
    )
    chains: dict[int, list[int]] = {}
    for pk in parent:
        chain, node = [], pk
        while node is not None:
            chain.append(node)
            node = parent[node]
        chains[pk] = chain
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = Choice.objects.filter(ballot_id=ballot_id).values_list("council_id", "marks")
    for council_id, marks in rows.iterator(50_000):
        for pk in chains[council_id]:
            counts[pk][marks] += 1
    return counts


def run_child(database: str, members: int, councils: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="tanacs-referendum-") as home:
        url = fresh_pg(f"tanacs_bench_referendum_{os.getpid()}") if database == "postgres" else None
        env = env_for(home=Path(home), database_url=url)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
        args = [sys.executable, __file__, "--child", "--members", str(members),
                "--councils", str(councils)]  # fmt: skip
        out = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"{database} run failed:\n{out.stdout}\n{out.stderr}")
        line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
        if url:
            import psycopg
            from _common import pg_url

            with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "tanacs_bench_referendum_{os.getpid()}" '
                             "WITH (FORCE)")  # fmt: skip
        return json.loads(line[len("RESULT ") :])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--councils", type=int, default=10_000, help="base councils wanted")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    # load-demo's --councils counts every council; districts hold 50 base councils each.
    all_councils = args.councils + args.councils // 50 + 20
    if args.child:
        child(args.members, all_councils)
        return
    print(f"referendum benchmark: {args.members:,} members, ~{args.councils:,} base councils, "
          f"four levels; {machine_note()}")  # fmt: skip
    for database in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        f = run_child(database, args.members, all_councils)
        print(f"\n== {f['database']}: {f['electors']:,} electors in {f['base_councils']:,} base "
              f"councils ({f['councils']:,} councils in all), {f['votes']:,} votes")  # fmt: skip
        print(f"  load-demo {f['load_s']:.1f} s, open (electorate snapshot) {f['open_s']:.1f} s, "
              f"bulk votes {f['cast_s']:.1f} s")  # fmt: skip
        print(f"  close -> every council's result and the total published: {f['close_s']:.2f} s "
              f"(target < 10 s)")  # fmt: skip
        print(f"  peer SQL GROUP BY per level (counts only):       {f['peer_sql_s']:.2f} s  "
              f"ratio tanacs/peer {f['close_s'] / f['peer_sql_s']:.2f}")  # fmt: skip
        print(f"  peer per-row Python counting up the tree:         {f['peer_python_s']:.2f} s  "
              f"ratio tanacs/peer {f['close_s'] / f['peer_python_s']:.2f}")  # fmt: skip
        print(f"  recount from stored ballots (tanacs verify):      {f['recount_s']:.2f} s")
        print(f"  total: {f['total']}; passed {f['passed']}; passed per level "
              f"{f['passed_councils']}; withheld councils {f['withheld']}; workplaces bound "
              f"{f['bound']}")  # fmt: skip


if __name__ == "__main__":
    main()
