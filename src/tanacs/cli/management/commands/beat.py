from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from tanacs.cli.base import TanacsCommand


class Command(TanacsCommand):
    help = "Run Celery beat: sends tanacs's scheduled tasks to the workers (run exactly one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loglevel", default="INFO")

    def run(self, **options: Any) -> None:
        from tanacs.config.celery import app

        settings.TANACS_HOME.mkdir(parents=True, exist_ok=True)  # beat's schedule file
        app.start(["beat", f"--loglevel={options['loglevel']}"])
