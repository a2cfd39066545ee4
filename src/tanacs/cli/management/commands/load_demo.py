from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandParser

from tanacs.cli.base import TanacsCommand
from tanacs.demo import DEFAULT_MEMBERS, load_demo


class Command(TanacsCommand):
    help = (
        "Load the 1956 demo federation, with N generated members spread over the councils by "
        "the sizes the sources give (up to 1,000,000), and generated councils up to --councils."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=DEFAULT_MEMBERS, metavar="N")
        parser.add_argument("--councils", type=int, default=None, metavar="N")

    def run(self, **options: Any) -> None:
        started = time.perf_counter()
        report = load_demo(members=options["members"], councils=options["councils"])
        self.say(
            f"Loaded {report.federation.name} ({report.federation.slug}): {report.councils:,} "
            f"councils, {report.members:,} active members, {report.entries:,} journal entries "
            f"in {time.perf_counter() - started:.1f} s."
        )
