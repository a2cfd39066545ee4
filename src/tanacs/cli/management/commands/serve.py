from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from tanacs.cli.base import TanacsCommand
from tanacs.cli.serving import serve


class Command(TanacsCommand):
    help = "Serve tanacs with gunicorn (static files through whitenoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--no-scheduler", action="store_true",
            help="do not run the mixer and due closes beside the server (Celery runs them)",
        )  # fmt: skip

    def run(self, **options: Any) -> None:
        serve(
            host=options["host"], port=options["port"], workers=options["workers"],
            scheduler=not options["no_scheduler"],
        )  # fmt: skip
