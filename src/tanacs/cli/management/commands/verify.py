from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from tanacs.cli.base import TanacsCommand
from tanacs.cli.verification import check_kept_head, run_checks
from tanacs.journal.witness import parse_head


class Command(TanacsCommand):
    help = "Recompute every journal chain (and every other check); exit 1 on the first fault."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since",
            action="append",
            default=[],
            metavar="HEAD",
            help="a journal head kept earlier (chain:seq:hash, or its hash, from a page or a "
            "receipt): also prove the present chain extends it; may be given more than once",
        )

    def run(self, **options: Any) -> None:
        kept = [parse_head(text) for text in options["since"]]  # bad input stops us first
        results = run_checks() + [check_kept_head(head) for head in kept]
        failed = []
        for result in results:
            for line in result.lines:
                self.say(line)
            if not result.ok:
                failed.append(result)
        if failed:
            first = failed[0]
            bad = next(line for line in first.lines if "FAILED" in line)
            raise CommandError(f"verify failed: {bad}")
        self.say("verify: everything holds")
