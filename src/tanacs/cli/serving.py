"""Starting the web server: static files collected once, then gunicorn in this process."""

from __future__ import annotations

import os
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


def serve(*, host: str, port: int, workers: int) -> None:
    check_port(port, workers)
    call_command("collectstatic", interactive=False, verbosity=0)
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
