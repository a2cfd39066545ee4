"""Starting the web server: static files collected once, the scheduler beside it (unless told
not to), then gunicorn in this process.

The scheduler is ``tanacs scheduler``: the mixer of secret ballots and the closing of due
ballots, run without Celery or Redis, in a child process that stops when the server stops. A
deployment runs Celery's worker and beat instead and serves with ``--no-scheduler`` (or
gunicorn directly); see docs/deploy.md."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

__all__ = ["check_port", "serve"]


def check_port(port: int, workers: int = 1) -> None:
    if not 1 <= port <= 65535:
        raise CommandError(f"--port must be between 1 and 65535; got {port}.")
    if not 1 <= workers <= 64:
        raise CommandError(f"--workers must be between 1 and 64; got {workers}.")


def start_scheduler() -> subprocess.Popen[bytes]:
    """``tanacs scheduler`` as a child of this process; it stops when its parent has ended
    (gunicorn replaces this process and keeps its id)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tanacs.cli.main", "scheduler", "--parent", str(os.getpid())],
        env={**os.environ, "TANACS_HOME": str(settings.TANACS_HOME)},
        stdin=subprocess.DEVNULL,
    )


def serve(*, host: str, port: int, workers: int, scheduler: bool = True) -> None:
    check_port(port, workers)
    call_command("collectstatic", interactive=False, verbosity=0)
    if scheduler:
        start_scheduler()
    argv = [
        sys.executable, "-m", "gunicorn", "tanacs.config.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers),
        "--log-level", "warning",
    ]  # fmt: skip
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanacs.config.settings")
    os.environ["TANACS_HOME"] = str(settings.TANACS_HOME)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, argv)
