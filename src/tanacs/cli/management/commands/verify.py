from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from tanacs.cli.base import TanacsCommand
from tanacs.cli.verification import run_checks


class Command(TanacsCommand):
    help = "Recompute every journal chain (and every other check); exit 1 on the first fault."

    def run(self, **options: Any) -> None:
        failed = []
        for result in run_checks():
            for line in result.lines:
                self.say(line)
            if not result.ok:
                failed.append(result)
        if failed:
            first = failed[0]
            bad = next(line for line in first.lines if "FAILED" in line)
            raise CommandError(f"verify failed: {bad}")
        self.say("verify: everything holds")
