"""``tanacs load-demo --members 1000000`` into SQLite and PostgreSQL: wall time, peak memory.

Peer: the database's own bulk path for the same rows, with nothing computed: the loaded
tables copied into a fresh, migrated database (``INSERT ... SELECT`` from an attached file
on SQLite, ``COPY`` out and ``COPY`` in on PostgreSQL). tanacs does the same writes plus
generating the people and hashing a million journal entries, so the ratio shows what
that work costs over the raw engine.

    .venv/bin/python bench/load_demo.py [--members 1000000] [--councils 10000]
"""

from __future__ import annotations

import argparse
import io
import sqlite3
import tempfile
import time
from pathlib import Path

import psycopg
from _common import LAST_CPU, env_for, fresh_pg, machine_note, tanacs

TABLES = [
    "auth_user", "federation_federation", "federation_federation_stewards",
    "federation_council", "federation_officer", "membership_membership", "membership_vouch",
    "delegation_seat", "delegation_seatholder", "journal_entry", "journal_head",
]  # fmt: skip


def sqlite_peer(loaded: Path, home: Path, env_home: dict[str, str]) -> float:
    tanacs("migrate", "--verbosity", "0", env=env_home)
    conn = sqlite3.connect(home / "tanacs.sqlite3", isolation_level=None)
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute(f"ATTACH DATABASE '{loaded}' AS loaded")
    started = time.perf_counter()
    conn.execute("BEGIN")
    for table in TABLES:
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM loaded.{table}")
    conn.execute("COMMIT")
    return time.perf_counter() - started


def pg_peer(loaded_url: str, fresh_url: str, env: dict[str, str]) -> float:
    tanacs("migrate", "--verbosity", "0", env=env)
    dumps: dict[str, bytes] = {}
    with psycopg.connect(loaded_url) as source:
        for table in TABLES:
            buffer = io.BytesIO()
            with source.cursor().copy(f"COPY {table} TO STDOUT") as copy:
                for block in copy:
                    buffer.write(block)
            dumps[table] = buffer.getvalue()
    with psycopg.connect(fresh_url) as target:
        started = time.perf_counter()
        with target.transaction():
            target.execute("SET session_replication_role = replica")
            for table in TABLES:
                with target.cursor().copy(f"COPY {table} FROM STDIN") as copy:
                    copy.write(dumps[table])
        return time.perf_counter() - started


def report(name: str, wall: float, cpu: float, peak: float, peer: float) -> None:
    print(f"{name:<11}{wall:>9.1f}s{cpu:>8.1f}s{peak:>9.0f}{peer:>8.1f}s{wall / peer:>7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--councils", type=int, default=10_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    print(f"load-demo --members {args.members:,} --councils {args.councils:,}; {machine_note()}")
    print(f"{'database':<11}{'tanacs':>10}{'its CPU':>9}{'peak MB':>9}{'peer':>9}{'ratio':>8}")
    work = Path(tempfile.mkdtemp(prefix="tanacs-bench-"))
    load = ["load-demo", "--members", str(args.members), "--councils", str(args.councils)]
    if args.only in (None, "sqlite"):
        env = env_for(home=work / "sqlite", database_url=None)
        tanacs("migrate", "--verbosity", "0", env=env)
        wall, peak, _ = tanacs(*load, env=env)
        cpu = LAST_CPU[0]
        peer_home = work / "sqlite-peer"
        peer = sqlite_peer(work / "sqlite" / "tanacs.sqlite3", peer_home,
                           env_for(home=peer_home, database_url=None))  # fmt: skip
        report("SQLite", wall, cpu, peak, peer)
    if args.only in (None, "postgres"):
        url = fresh_pg("tanacs_bench_load")
        env = env_for(home=work / "pg", database_url=url)
        tanacs("migrate", "--verbosity", "0", env=env)
        wall, peak, _ = tanacs(*load, env=env)
        cpu = LAST_CPU[0]
        peer_url = fresh_pg("tanacs_bench_peer")
        peer = pg_peer(url, peer_url, env_for(home=work / "pg", database_url=peer_url))
        report("PostgreSQL", wall, cpu, peak, peer)
    print("targets: under 60 s and 2,048 MB; ratio = tanacs / the engine copying the same rows")
    print("its CPU: the tanacs process alone (user + system), without the PostgreSQL server")
    print(
        f"(the SQLite database stays in {work / 'sqlite'}: "
        "pass it as --home to bench/verify.py and bench/pages.py)"
    )


if __name__ == "__main__":
    main()
