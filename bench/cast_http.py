"""Casting votes over HTTP: gunicorn + PostgreSQL on loopback, an asyncio load generator.

A referendum is opened over a generated federation; every voter has an API token. The load
generator keeps ``--connections`` keep-alive connections busy posting
``/api/v1/ballots/<id>/vote/`` for ``--seconds`` or ``--requests``, whichever ends first.
Traffic: first votes, 10% of voters changing their secret vote with their receipt code, and
2% of voters submitting their first vote twice at the same moment (one must be refused).

Afterwards the database is checked: every accepted vote is stored (zero lost), no voter has
two counted ballots (zero double-counted), and each changed vote holds the last choice.

Peer: the same requests against a minimal Django view on the same gunicorn that only inserts
one row per vote (no authorisation, electorate, locks or secrecy): what the bare stack costs.

    .venv/bin/python bench/cast_http.py [--members 30000] [--seconds 30] [--connections 32]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from _common import ROOT, fresh_pg, machine_note, pg_url

DB = f"tanacs_bench_cast_{os.getpid()}"


@dataclass
class Job:
    voter: int
    token: str
    choice: str
    receipt: str = ""
    kind: str = "first"  # first, change, duplicate


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    status: dict[int, int] = field(default_factory=dict)
    accepted: dict[int, tuple[str, str]] = field(default_factory=dict)  # voter -> hash, choice
    changed: dict[int, str] = field(default_factory=dict)
    refused_duplicates: int = 0
    errors: int = 0


def setup(members: int) -> tuple[int, list[tuple[int, str]]]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from tanacs.ballots.actions import do_create_ballot, do_open_ballot
    from tanacs.ballots.models import Elector
    from tanacs.core.rows import insert_rows
    from tanacs.demo import load_demo
    from tanacs.federation.models import Council
    from tests.budapest import make_person

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_peer_vote (id bigserial PRIMARY KEY, "
                       "person_id bigint NOT NULL, choice varchar(20) NOT NULL)")  # fmt: skip
    with transaction.atomic():
        report = load_demo(members=members, councils=members // 100)
    national = Council.objects.get(federation=report.federation, parent__isnull=True)
    steward = make_person("steward")
    ballot = do_create_ballot(
        national, by=steward, title="Continue the general strike?", electorate="referendum"
    )
    ballot = do_open_ballot(ballot, by=steward)
    people = list(Elector.objects.filter(ballot=ballot).values_list("person_id", flat=True))
    tokens = [(pk, secrets.token_hex(20)) for pk in people]
    now = timezone.now()
    with transaction.atomic():
        insert_rows("authtoken_token", ["key", "user_id", "created"],
                    [(key, pk, now) for pk, key in tokens])  # fmt: skip
    return ballot.pk, tokens


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    args = [str(ROOT / ".venv/bin/gunicorn"), "peer_wsgi:application", "-b", f"127.0.0.1:{port}",
            "-w", str(workers), "-k", "gthread", "--threads", str(threads),
            "--keep-alive", "30", "--log-level", "warning", "--preload"]  # fmt: skip
    server = subprocess.Popen(args, env=env, cwd=ROOT)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


async def request(reader, writer, path: str, token: str, body: bytes) -> tuple[int, bytes]:
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")  # fmt: skip
    writer.write(head.encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
    return status, await reader.readexactly(length)


async def load(port: int, path: str, jobs: list[Job], *, connections: int, seconds: float,
               max_requests: int, follow_up: bool) -> tuple[Stats, float]:  # fmt: skip
    queue = collections.deque(jobs)  # one event loop: no locking needed
    stats = Stats()
    sent = 0
    started = time.perf_counter()
    stop_at = started + seconds
    rng = random.Random(56)

    async def worker() -> None:
        nonlocal sent
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < stop_at and sent < max_requests:
            if not queue:
                return
            job = queue.popleft()
            sent += 1
            body = json.dumps({"choice": job.choice, "receipt": job.receipt}).encode()
            t0 = time.perf_counter()
            try:
                status, payload = await request(reader, writer, path, job.token, body)
            except (ConnectionError, asyncio.IncompleteReadError):
                stats.errors += 1
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            stats.latencies.append(time.perf_counter() - t0)
            stats.status[status] = stats.status.get(status, 0) + 1
            if status == 200:
                data = json.loads(payload)
                if job.kind == "change":
                    stats.changed[job.voter] = job.choice
                elif follow_up or job.kind == "first":
                    stats.accepted[job.voter] = (data.get("receipt_hash", ""), job.choice)
                if follow_up and job.kind != "change" and rng.random() < 0.10:
                    new = rng.choice(["yes", "no", "abstain"])
                    change = Job(job.voter, job.token, new, data["receipt"], "change")
                    queue.insert(min(len(queue), 500), change)  # a little later, not at the end
            elif job.kind == "duplicate" and status == 409:
                stats.refused_duplicates += 1
        writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return stats, time.perf_counter() - started


def jobs_for(tokens: list[tuple[int, str]]) -> list[Job]:
    rng = random.Random(1956)
    jobs: list[Job] = []
    for voter, token in tokens:
        choice = rng.choice(["yes", "yes", "no", "abstain"])
        jobs.append(Job(voter, token, choice))
        if rng.random() < 0.02:  # the same first vote again, at once, from another browser
            jobs.append(Job(voter, token, choice, kind="duplicate"))
    return jobs


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def check(ballot_id: int, stats: Stats) -> list[str]:
    from tanacs.ballots.mixing import do_mix_choices
    from tanacs.ballots.models import Choice, Elector

    while do_mix_choices():  # what the scheduler had not mixed yet
        pass
    problems = []
    stored = dict(Choice.objects.filter(ballot_id=ballot_id).values_list("receipt_hash", "marks"))
    voted = Elector.objects.filter(ballot_id=ballot_id, voted=True).count()
    lost = [v for v, (h, _) in stats.accepted.items() if h not in stored]
    if lost:
        problems.append(f"{len(lost)} accepted votes are missing")
    if len(stored) != voted or voted != len(stats.accepted):
        problems.append(f"{len(stored)} ballots stored, {voted} electors voted, "
                        f"{len(stats.accepted)} votes accepted")  # fmt: skip
    wrong = [v for v, choice in stats.changed.items() if stored.get(stats.accepted[v][0]) != choice]
    if wrong:
        problems.append(f"{len(wrong)} changed votes do not hold the last choice")
    return problems


def report(name: str, stats: Stats, elapsed: float) -> float:
    ok = stats.status.get(200, 0)
    rate = ok / elapsed
    p50, p99 = percentile(stats.latencies, 0.50), percentile(stats.latencies, 0.99)
    statuses = dict(sorted(stats.status.items()))
    print(f"  {name}: {sum(stats.status.values()):,} requests in {elapsed:.1f} s; "
          f"{ok:,} accepted = {rate:,.0f} votes/s; p50 {p50:.1f} ms, p99 {p99:.1f} ms; "
          f"statuses {statuses}; connection errors {stats.errors}")  # fmt: skip
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=30_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--requests", type=int, default=40_000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=6)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="tanacs-cast-")
    url = fresh_pg(DB)
    env = dict(os.environ, TANACS_HOME=home, DATABASE_URL=url, TANACS_FAST_HASHER="1",
               DJANGO_SETTINGS_MODULE="tanacs.config.settings", TANACS_LOCAL="1")  # fmt: skip
    os.environ.update(env)
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    print(f"casting benchmark: gunicorn ({args.workers} workers x {args.threads} threads) + "
          f"PostgreSQL on loopback, {args.connections} connections; {machine_note()}")  # fmt: skip
    ballot_id, tokens = setup(args.members)
    # Refused duplicate votes are expected here; logging each one would cost the run itself.
    env.setdefault("TANACS_APP_LOG_LEVEL", "WARNING")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), str(ROOT / "bench")])
    port = free_port()
    server = start_gunicorn(env, port, args.workers, args.threads)
    # The mixer runs beside the server as in a deployment, moving secret choices every few
    # seconds (here without Celery: the same schedule in one process).
    mixer = subprocess.Popen([str(ROOT / ".venv/bin/tanacs"), "scheduler"], env=env, cwd=ROOT)
    try:
        warm = [Job(v, t, "yes") for v, t in tokens[: 20 * args.connections]]
        asyncio.run(load(port, "/bench/peer-vote/", warm, connections=args.connections,
                         seconds=30, max_requests=len(warm), follow_up=False))  # fmt: skip
        # The vote path too (a malformed choice is refused before anything is stored).
        warm = [Job(v, t, "maybe") for v, t in tokens[: 4 * args.connections]]
        asyncio.run(load(port, f"/api/v1/ballots/{ballot_id}/vote/", warm,
                         connections=args.connections, seconds=30, max_requests=len(warm),
                         follow_up=False))  # fmt: skip
        jobs = jobs_for(tokens)
        stats, elapsed = asyncio.run(load(
            port, f"/api/v1/ballots/{ballot_id}/vote/", jobs, connections=args.connections,
            seconds=args.seconds, max_requests=args.requests, follow_up=True,
        ))  # fmt: skip
        ours = report("tanacs", stats, elapsed)
        dupes = sum(1 for j in jobs if j.kind == "duplicate")
        print(
            f"  duplicate first votes sent at once: {dupes}, refused with 409 in the run: "
            f"{stats.refused_duplicates}; votes changed with a receipt: {len(stats.changed)}"
        )
        problems = check(ballot_id, stats)
        print("  check: " + ("zero lost, zero double-counted ballots; changed votes hold the "
                             "last choice" if not problems else "; ".join(problems)))  # fmt: skip
        peer_jobs = [Job(v, t, "yes") for v, t in tokens]
        peer, peer_elapsed = asyncio.run(load(
            port, "/bench/peer-vote/", peer_jobs, connections=args.connections,
            seconds=args.seconds, max_requests=args.requests, follow_up=False,
        ))  # fmt: skip
        bare = report("peer (bare insert view)", peer, peer_elapsed)
        print(f"  ratio tanacs/peer votes per second: {ours / bare:.2f}; target >= 500 votes/s "
              "with p99 < 250 ms")  # fmt: skip
        if problems:
            raise SystemExit(1)
    finally:
        mixer.terminate()
        mixer.wait(timeout=30)
        server.terminate()
        server.wait(timeout=30)
        import psycopg
        from django.db import connections

        connections.close_all()
        with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
