"""Run the scheduled tasks in this process, without Celery or Redis.

The schedule is Celery beat's (``settings.CELERY_BEAT_SCHEDULE``); each task runs here as a
plain function call. The local demo and ``tanacs serve`` start this beside the web server; a
deployment runs ``tanacs worker`` and ``tanacs beat`` instead (docs/deploy.md). Two schedulers
at once do no harm: the mixer runs one batch at a time, and a ballot closes once.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string

from tanacs.cli.base import TanacsCommand

logger = logging.getLogger(__name__)


def _tasks() -> list[tuple[str, Any, float]]:
    schedule: dict[str, dict[str, Any]] = settings.CELERY_BEAT_SCHEDULE
    return [
        (name, import_string(entry["task"]), float(entry["schedule"]))
        for name, entry in schedule.items()
    ]


def run_due(tasks: list[tuple[str, Any, float]], last: dict[str, float], now: float) -> None:
    for name, task, every in tasks:
        if now - last.get(name, -every) < every:
            continue
        last[name] = now
        try:
            task()
        except Exception:  # a failed run is logged; the next one tries again
            logger.exception("Scheduled task %s failed", name)
        finally:
            connection.close()


class Command(TanacsCommand):
    help = "Run the mixer and close due ballots on their schedule, in this process (no Celery)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every task once, then stop")
        parser.add_argument(
            "--parent", type=int, default=0, metavar="PID",
            help="stop when the process PID has ended (used by tanacs serve)",
        )  # fmt: skip

    def run(self, **options: Any) -> None:
        tasks, last = _tasks(), dict[str, float]()
        if options["once"]:
            run_due(tasks, last, time.monotonic())
            return
        tick = min(every for _, _, every in tasks)
        try:
            while not options["parent"] or os.getppid() == options["parent"]:
                close_old_connections()
                run_due(tasks, last, time.monotonic())
                time.sleep(min(tick, 1.0))
        except KeyboardInterrupt:  # Ctrl-C reaches the server and this process alike
            return
