from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from tanacs.cli.base import TanacsCommand


class Command(TanacsCommand):
    help = "Run a Celery worker for tanacs's tasks (Redis at TANACS_REDIS_URL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--beat", action="store_true",
            help="also send the scheduled tasks (run exactly one worker or beat with it)",
        )  # fmt: skip
        parser.add_argument("--concurrency", type=int, default=2)
        parser.add_argument("--loglevel", default="INFO")

    def run(self, **options: Any) -> None:
        from tanacs.config.celery import app

        argv = ["worker", f"--concurrency={options['concurrency']}",
                f"--loglevel={options['loglevel']}"]  # fmt: skip
        if options["beat"]:
            settings.TANACS_HOME.mkdir(parents=True, exist_ok=True)  # beat's schedule file
            argv.append("--beat")
        app.worker_main(argv)
