from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser

from tanacs.archive import export_federation
from tanacs.cli.base import TanacsCommand, find_federation


class Command(TanacsCommand):
    help = "Write a whole federation (councils, people, members, seats, journal) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--federation", required=True, metavar="SLUG")
        parser.add_argument("-o", "--output", metavar="FILE", help="default: standard output")

    def run(self, **options: Any) -> None:
        federation = find_federation(options["federation"])
        data = export_federation(federation)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if not options["output"] or options["output"] == "-":
            sys.stdout.write(text + "\n")
            return
        try:
            with open(options["output"], "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as exc:
            raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from None
        rows = sum(len(t["rows"]) for t in data["tables"].values())
        self.say(f"Exported {federation.slug}: {rows:,} rows to {options['output']}.")
