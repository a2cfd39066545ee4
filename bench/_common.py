"""Helpers the benchmarks share: running ``tanacs`` in a child process and measuring it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
TANACS = [sys.executable, "-m", "tanacs.cli.main"]
PG_SERVER = os.environ.get("TANACS_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


LAST_CPU = [0.0]


def pg_url(name: str) -> str:
    return f"{PG_SERVER}/{name}"


def fresh_pg(name: str) -> str:
    with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_url(name)


def env_for(*, home: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ, TANACS_HOME=str(home), TANACS_FAST_HASHER="1")
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_measured(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak resident MB, stdout) of one child process; its CPU seconds
    (user + system, not counting a database server) are kept in :data:`LAST_CPU`."""
    started = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{out}")
    return wall, usage.ru_maxrss / 1024, out


def tanacs(*args: str, env: dict[str, str]) -> tuple[float, float, str]:
    return run_measured([*TANACS, *args], env)


def machine_note() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} cores; load average at start {load[0]:.1f} (other work shares it)"
